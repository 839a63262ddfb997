"""Word-list matchers built from a profile: verb forms, noun plurals and phrase searches.

The rules look at key-result text the way a coach reads it: which verb leads the line, which nouns name a
quantity, which words are vague. Word lists are data (``coach/rules/words/*.txt``); this module only adds
grammar: every verb is matched in all its forms (launch, launches, launched, launching; build, built),
every noun in singular and plural, hyphens and spaces alike ("roll-out" / "roll out").

A :class:`Lexicon` is built once per profile (cached) and is cheap to use: lookups are dict and set hits,
phrase searches are one precompiled alternation per list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from coach.rules.profiles import Profile

_VOWELS = set("aeiou")
#: Irregular past forms of verbs that appear in the word lists (grammar, not vocabulary).
_IRREGULAR = {
    "build": ("built",), "rebuild": ("rebuilt",), "write": ("wrote", "written"), "rewrite": ("rewrote", "rewritten"),
    "hold": ("held",), "run": ("ran",), "make": ("made",), "get": ("got", "gotten"), "send": ("sent",),
    "go": ("went", "gone", "goes"), "do": ("did", "done", "does"), "give": ("gave", "given"), "begin": ("began", "begun"),
    "win": ("won",), "keep": ("kept",), "sell": ("sold",), "grow": ("grew", "grown"), "bring": ("brought",),
    "drive": ("drove", "driven"), "shrink": ("shrank", "shrunk"), "stand": ("stood",), "spin": ("spun",),
    "take": ("took", "taken"), "speak": ("spoke", "spoken"), "teach": ("taught",), "buy": ("bought",),
    "meet": ("met",), "pay": ("paid",), "set": ("set",), "put": ("put",), "cut": ("cut",), "hit": ("hit",),
    "lead": ("led",), "find": ("found",), "draw": ("drew", "drawn"), "undertake": ("undertook", "undertaken"),
}
_SHORT_DOUBLING_RE = re.compile(r"^[^aeiou]*[^aeiou][aeiou][bdgklmnprt]$")


def verb_forms(base: str) -> set[str]:
    """All the forms of a one-word verb: 'ship' -> ship, ships, shipped, shipping."""
    forms = {base, base + "s", base + "ed", base + "ing"}
    forms.update(_IRREGULAR.get(base, ()))
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(base + "es")
    if base.endswith("e"):
        forms.update({base + "d", base[:-1] + "ing"})
        forms.discard(base + "ed")
    if base.endswith("y") and len(base) > 2 and base[-2] not in _VOWELS:
        forms.update({base[:-1] + "ies", base[:-1] + "ied"})
    if len(base) <= 4 and _SHORT_DOUBLING_RE.match(base):
        forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    return forms


def noun_forms(noun: str) -> set[str]:
    """Singular and plural of a (possibly multi-word) noun: 'case study' -> case study, case studies."""
    head, _, last = noun.rpartition(" ")
    lead = head + " " if head else ""
    forms = {noun, lead + last + "s"}
    if last.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(lead + last + "es")
    if last.endswith("y") and len(last) > 2 and last[-2] not in _VOWELS:
        forms.add(lead + last[:-1] + "ies")
    return forms


_TOKEN_RE = re.compile(r"[a-z0-9$€£%]+(?:['’.\-/:][a-z0-9%]+)*")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; hyphenated words stay whole ('go-live', 'right-size', 'trial-to-paid')."""
    return _TOKEN_RE.findall(text.lower().replace("’", "'"))


def spaced(text: str) -> str:
    """Lower-case text with hyphens and slashes between words turned into spaces, for phrase searches."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"(?<=[a-z0-9])[-–/](?=[a-z0-9])", " ", text)
    return " ".join(text.split())


def lowered(text: str) -> str:
    """Lower-case text with single spaces, hyphens kept: for lists whose entries are exact spellings."""
    return " ".join(text.lower().replace("’", "'").split())


def _phrase_regex(phrases: set[str], *, keep_hyphens: bool = False) -> re.Pattern[str] | None:
    if not phrases:
        return None
    norm = lowered if keep_hyphens else spaced
    alternatives = sorted((re.escape(norm(p)) for p in phrases), key=len, reverse=True)
    edge = r"a-z0-9\-" if keep_hyphens else r"a-z0-9"
    return re.compile(rf"(?<![{edge}])(?:" + "|".join(alternatives) + rf")(?![{edge}])")


@dataclass(frozen=True)
class VerbMatch:
    base: str  # the word-list entry, e.g. 'roll out'
    words: str  # the words as written, e.g. 'rolled out'
    length: int  # tokens consumed


class VerbTable:
    """Finds a word-list verb (any form, multi-word entries included) at a token position."""

    def __init__(self, entries: tuple[str, ...]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for entry in entries:
            words = entry.split()
            for form in verb_forms(words[0]):
                self._by_first.setdefault(form, []).append((tuple(words[1:]), entry))
        for options in self._by_first.values():
            options.sort(key=lambda o: len(o[0]), reverse=True)

    def match(self, toks: list[str], at: int) -> VerbMatch | None:
        if at >= len(toks):
            return None
        for rest, entry in self._by_first.get(toks[at], ()):
            if tuple(toks[at + 1:at + 1 + len(rest)]) == rest:
                return VerbMatch(entry, " ".join(toks[at:at + 1 + len(rest)]), 1 + len(rest))
        return None

    def __contains__(self, token: str) -> bool:
        return token in self._by_first


class PhraseList:
    """Whole-word search of a list of phrases in :func:`spaced` text (nouns also in the plural)."""

    def __init__(self, entries: tuple[str, ...], *, plurals: bool = False, keep_hyphens: bool = False) -> None:
        forms: set[str] = set()
        for entry in entries:
            forms.update(noun_forms(entry) if plurals else {entry})
        norm = lowered if keep_hyphens else spaced
        self.forms = frozenset(norm(f) for f in forms)
        self._regex = _phrase_regex(set(forms), keep_hyphens=keep_hyphens)

    def search(self, text_spaced: str) -> re.Match[str] | None:
        return self._regex.search(text_spaced) if self._regex else None

    def finditer(self, text_spaced: str):
        return self._regex.finditer(text_spaced) if self._regex else iter(())

    def findall(self, text_spaced: str) -> list[str]:
        return [m.group(0) for m in self._regex.finditer(text_spaced)] if self._regex else []

    def __contains__(self, phrase: str) -> bool:
        return phrase in self.forms


class Lexicon:
    """Every matcher the rules need, built from one profile's word lists."""

    def __init__(self, profile: Profile) -> None:
        w = profile.words
        self.activity_verbs = VerbTable(w["activity_verbs"])
        self.output_verbs = VerbTable(w["output_verbs"])
        self.change_verbs = VerbTable(w["change_verbs"])
        self.result_verbs = VerbTable(w["result_verbs"])
        self.maintain_verbs = VerbTable(w["maintain_verbs"])
        self.milestone_verbs = VerbTable(w["milestone_verbs"])
        self.output_nouns = PhraseList(w["output_nouns"], plurals=True)
        self.deliverable_nouns = PhraseList(w["deliverable_nouns"], plurals=True)
        self.metric_nouns = PhraseList(w["metric_nouns"], plurals=True)
        self.count_nouns = PhraseList(w["count_nouns"], plurals=True)
        self.milestone_states = PhraseList(w["milestone_states"])
        # Exact spellings: 'significant' must not match inside 'significant-severity incidents'.
        self.vague_words = PhraseList(w["vague_words"], keep_hyphens=True)
        self.fog_phrases = PhraseList(w["fog_phrases"], keep_hyphens=True)
        self.purpose_markers = PhraseList(w["purpose_markers"])


@lru_cache(maxsize=32)
def lexicon_for(profile: Profile) -> Lexicon:
    """The (cached) lexicon of a profile. Profiles hash by identity and are themselves cached."""
    return Lexicon(profile)
