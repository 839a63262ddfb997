"""One typed reading of a key result or objective, computed once per check and shared by every rule.

A :class:`Reading` holds the tokens with their word classes and base forms (from the LemmInflect extract in
:mod:`coach.reading.words`), where the line's lead word is, what the lead word can be, and the measure the
number grammar found (``coach.parse.extract_measure``). Rules ask questions of the reading ("does the
line lead with a verb in its base form?") instead of re-tokenising the text with their own patterns.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from coach import regex_cache
from coach.reading.words import UNKNOWN, WordClass, word_class

_TOKEN_RE = regex_cache.compile(r"[a-z0-9$€£%]+(?:['’.\-/:][a-z0-9%]+)*")


@lru_cache(maxsize=4096)
def words_of(text: str) -> tuple[str, ...]:
    """The lower-cased word tokens of a line; hyphenated words stay whole ('go-live', 'trial-to-paid').

    The one tokenisation of a line: the reading below, the phrase grammar (``coach.rules.lexicon.tokens``)
    and kr-duplicate read these, so a key result is split into words once per check.
    """
    return tuple(_TOKEN_RE.findall(text.lower().replace("’", "'")))
_NUMBER_RE = regex_cache.compile(r"^[$€£]?\d")
#: Words that may stand before the lead word without changing what the line says.
_FILLERS = frozenset("successfully fully finally also then first we i you they team will we'll must should shall "
                     "to please and our continue ensure always".split())
#: Closed-class words the lexicon lists as verbs or nouns too ('can', 'will', 'may', 'no'...).
_FUNCTION_WORDS = frozenset(
    "a an the our their its this that these those all every each some any no not more fewer less most least "
    "new by for with in on of at from to through via across into onto over under within without about as than "
    "per and or but so if is are was were be been being has have had do does did can could will would may might "
    "shall should must up down out off".split())


class Token(NamedTuple):
    text: str  # lower-case
    kind: WordClass

    @property
    def is_number(self) -> bool:
        return bool(_NUMBER_RE.match(self.text))

    @property
    def is_function_word(self) -> bool:
        return self.text in _FUNCTION_WORDS

    @property
    def verb(self) -> str | None:
        """The verb's base form when the token can be a verb (and is not a function word)."""
        return None if self.is_function_word else self.kind.verb

    @property
    def is_base_verb(self) -> bool:
        """An imperative or infinitive form: 'ship', 'document' (not 'shipped', 'documents')."""
        return self.verb is not None and self.verb == self.text

    @property
    def is_participle(self) -> bool:
        """A past form of a verb that is not also its base: 'shipped', 'written', 'set up' is not read here."""
        return self.verb is not None and self.verb != self.text and not self.text.endswith(("ing", "s"))

    @property
    def can_be_noun(self) -> bool:
        return self.kind.can_be("N") or not self.kind.known


class Reading(NamedTuple):
    text: str
    tokens: tuple[Token, ...]
    lead: int  # index of the first token after fillers and -ly adverbs

    @property
    def lead_token(self) -> Token | None:
        return self.tokens[self.lead] if self.lead < len(self.tokens) else None

    @property
    def leads_with_base_verb(self) -> bool:
        """The line opens with a verb in its base form followed by more words: an order, 'Document the API'."""
        tok = self.lead_token
        return tok is not None and tok.is_base_verb and self.lead + 1 < len(self.tokens)

    @property
    def ends_with_participle(self) -> bool:
        """'Contributor guide published', 'API documented': a state reached, after a noun phrase."""
        return len(self.tokens) - self.lead >= 2 and self.tokens[-1].is_participle \
            and not self.tokens[-2].is_function_word

    def after_lead(self, n: int = 3) -> tuple[Token, ...]:
        return self.tokens[self.lead + 1:self.lead + 1 + n]


#: Prefixes that keep the class of the word they join: 'self-reviews', 're-run', 'on-boarded'. Other
#: compounds ('industry-leading', 'world-class') are adjectives or nouns whatever their last part is.
_PREFIXES = frozenset("self re co pre post on off up down over under out mis non de un cross auto".split())


def _class_of(word: str) -> WordClass:
    """A word's class; a prefixed compound the lexicon lacks takes its head's ('self-reviews' is a verb
    like 'reviews', 'on-boarded' a participle like 'boarded')."""
    if not (word.isalpha() or "-" in word):
        return UNKNOWN
    kind = word_class(word)
    if kind.known:
        return kind
    prefix, _, head = word.rpartition("-")
    if prefix in _PREFIXES and head.isalpha():
        inner = word_class(head)
        return WordClass(inner.classes, inner.verb and f"{prefix}-{inner.verb}", inner.noun and f"{prefix}-{inner.noun}")
    for ending, base in _VERB_PARTICIPLE_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return WordClass("V", word[:-len(ending)] + base, None)  # 'remediated', 'containerized'
    return kind


#: Endings that only a verb's past form has, for words the lexicon lacks: 'remediated' (remediate),
#: 'containerized' (containerize), 'productionised', 'gamified' (gamify).
_VERB_PARTICIPLE_ENDINGS = (("ated", "ate"), ("ized", "ize"), ("ised", "ise"), ("ified", "ify"))


@lru_cache(maxsize=8192)
def _token(word: str) -> Token:
    """A word's token, built once per word like its class (tokens are immutable, so lines share them)."""
    return Token(word, _class_of(word))


_SLASHED_LEAD_RE = regex_cache.compile(r"\s*([A-Za-z]{2,}(?:/[A-Za-z]{2,})+)(?![\w/])")


def split_alternatives(text: str) -> str:
    """'Patch/Mitigate/Document all systems' -> 'Patch or Mitigate or Document all systems': verbs joined by
    slashes at the head of a line are alternatives, each read with its own class. Only at the head: inside
    a line a slash mostly makes a compound ('cost/benefit analysis', 'leaders/organizers'), and paths, units
    and codes ('data/raw', 'km/h', 'CI/CD') stay as written unless every part is a known verb."""
    match = _SLASHED_LEAD_RE.match(text) if "/" in text[:60] else None
    if match is None:
        return text
    parts = match.group(1).split("/")
    if not all(word_class(p.lower()).verb == p.lower() for p in parts):
        return text
    return text[:match.start(1)] + " or ".join(parts) + text[match.end(1):]


@lru_cache(maxsize=4096)
def read(text: str) -> Reading:
    """The reading of one line of draft text."""
    toks = tuple(map(_token, words_of(text)))
    lead = 0
    while lead < len(toks) and lead < 4:
        word = toks[lead].text
        if word in _FILLERS or (toks[lead].kind.classes == "R" and word.endswith("ly")):
            lead += 1
            continue
        break
    return Reading(text, toks, lead)
