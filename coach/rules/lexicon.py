"""Word-list matchers built from a profile: verb forms, noun plurals and phrase searches.

The rules look at key-result text the way a coach reads it: which verb leads the line, which nouns name a
quantity, which words are vague. Word lists are data (``coach/rules/words/*.txt``); this module only adds
grammar: every verb is matched in all its forms (launch, launches, launched, launching; build, built),
every noun in singular and plural, hyphens and spaces alike ("roll-out" / "roll out").

A :class:`Lexicon` is built once per profile (cached) and is cheap to use: lookups are dict and set hits,
phrase searches are one precompiled alternation per list.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from coach import disk_cache, regex_cache
from coach.reading import words_of
from coach.rules.profiles import Profile

#: A hyphen, dash or slash between two letters or digits. The dash comes first and the look back checks the
#: character before it, so the search skips to dashes in C (led by the look back, it tried every character).
_JOINED_WORDS_RE = regex_cache.compile(r"[-–/](?<=[a-z0-9][-–/])(?=[a-z0-9])")


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
_SHORT_DOUBLING_RE = regex_cache.compile(r"^[^aeiou]*[^aeiou][aeiou][bdgklmnprt]$")


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


def past_participles(entry: str) -> set[str]:
    """'launch' -> launched; 'roll out' -> rolled out; 'write' -> written, wrote: the 'done' forms."""
    first, _, rest = entry.partition(" ")
    tail = " " + rest if rest else ""
    forms = {f for f in verb_forms(first) if f.endswith("ed") or f in _IRREGULAR.get(first, ())}
    forms.discard(first)
    return {f + tail for f in forms}


_SPELLINGS = (("isation", "ization"), ("ise", "ize"), ("iour", "ior"), ("lour", "lor"), ("bour", "bor"),
              ("vour", "vor"), ("nour", "nor"), ("tre", "ter"), ("ence", "ense"), ("lled", "led"),
              ("lling", "ling"), ("ogue", "og"))


_SPELLING_HINT_RE = regex_cache.compile(r"is|iz|our|or|tre|ter|en[cs]e|ll|led|ling|og|enrol")


def spelling_variants(phrase: str) -> set[str]:
    """British and American spellings of a list entry: utilisation/utilization, behaviour/behavior,
    centre/center, licence/license, enrolment/enrollment. Extra forms only ever widen a list."""
    if not _SPELLING_HINT_RE.search(phrase):
        return {phrase}
    out = {phrase}
    for uk, us in _SPELLINGS:
        for form in list(out):
            if uk in form:
                out.add(form.replace(uk, us))
            if us in form:
                out.add(form.replace(us, uk))
    if "enrol" in phrase and "enroll" not in phrase:
        out.add(phrase.replace("enrol", "enroll"))
    return out


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


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; hyphenated words stay whole ('go-live', 'right-size', 'trial-to-paid').

    The reading's tokens (:func:`coach.reading.words_of`, one tokenisation per line), as a list the caller
    may change.
    """
    return list(words_of(text))


def spaced(text: str) -> str:
    """Lower-case text with hyphens and slashes between words turned into spaces, for phrase searches."""
    text = text.lower().replace("’", "'")
    text = _JOINED_WORDS_RE.sub(" ", text)
    return " ".join(text.split())


def lowered(text: str) -> str:
    """Lower-case text with single spaces, hyphens kept: for lists whose entries are exact spellings."""
    return " ".join(text.lower().replace("’", "'").split())


_WORD_RE = regex_cache.compile(r"[a-z0-9$€£%'°]+")
_PLAIN_RE = regex_cache.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*$")  # already normalised: no need to re-tokenise
_HYPHEN_WORD_RE = regex_cache.compile(r"[a-z0-9$€£%'°]+(?:-[a-z0-9$€£%'°]+)*")


@lru_cache(maxsize=4096)
def _words(text: str, keep_hyphens: bool) -> tuple[str, ...]:
    """The words of ``text`` (cached: every list searches the same few strings)."""
    return tuple((_HYPHEN_WORD_RE if keep_hyphens else _WORD_RE).findall(text))


@lru_cache(maxsize=4096)
def _word_spans(text: str, keep_hyphens: bool) -> tuple[tuple[int, int], ...]:
    """Where each of :func:`_words` is (only read for a text with a hit; cached: several lists may hit it)."""
    return tuple([m.span() for m in (_HYPHEN_WORD_RE if keep_hyphens else _WORD_RE).finditer(text)])


def _span(text: str, keep_hyphens: bool, first: int, last: int) -> tuple[int, int]:
    """Character span of words ``first`` to ``last``."""
    spans = _word_spans(text, keep_hyphens)
    return spans[first][0], spans[last][1]


class PhraseHit(NamedTuple):
    """Where a phrase of a list was found (the same accessors as a regex match)."""

    text: str
    begin: int
    finish: int

    def group(self, index: int = 0) -> str:
        return self.text

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


class VerbMatch(NamedTuple):
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
            if not rest:  # a one-word entry (most are, and they sort last)
                return VerbMatch(entry, toks[at], 1)
            if tuple(toks[at + 1:at + 1 + len(rest)]) == rest:
                return VerbMatch(entry, " ".join(toks[at:at + 1 + len(rest)]), 1 + len(rest))
        return None

    def __contains__(self, token: str) -> bool:
        return token in self._by_first

    @property
    def first_words(self) -> frozenset[str]:
        return frozenset(self._by_first)

    def state(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """Plain data that :meth:`from_state` turns back into the same table (for the start-up cache)."""
        return self._by_first

    @classmethod
    def from_state(cls, by_first: dict[str, list[tuple[tuple[str, ...], str]]]) -> VerbTable:
        table = cls.__new__(cls)
        table._by_first = by_first
        return table


class PhraseList:
    """Whole-word search of a list of phrases (nouns also in the plural).

    Matching looks up word n-grams in a set instead of compiling one large regex: no start-up cost, and
    linear in the length of the text. With ``keep_hyphens`` a hyphenated word is one word, so
    'significant' does not match inside 'significant-severity'; otherwise text and entries are compared
    after :func:`spaced` ('world-class' = 'world class').
    """

    def __init__(self, entries: tuple[str, ...], *, plurals: bool = False, keep_hyphens: bool = False) -> None:
        self._norm = lowered if keep_hyphens else spaced
        self._word_re = _HYPHEN_WORD_RE if keep_hyphens else _WORD_RE
        forms: set[str] = set()
        for entry in entries:
            for variant in spelling_variants(entry):
                forms.update(noun_forms(variant) if plurals else {variant})
        self.forms = frozenset(f if _PLAIN_RE.match(f) else " ".join(self._word_re.findall(self._norm(f)))
                               for f in forms) - {""}
        # Phrase lengths by first word: most words start no phrase and cost one dict lookup.
        starts: dict[str, set[int]] = {}
        for form in self.forms:
            words = form.split(" ")
            starts.setdefault(words[0], set()).add(len(words))
        self._starts = {w: tuple(sorted(n, reverse=True)) for w, n in starts.items()}
        self._hyphens = keep_hyphens

    def finditer(self, text: str):
        """Non-overlapping hits, left to right, longest phrase first at each position."""
        words = _words(text, self._hyphens)
        starts = self._starts
        if starts.keys().isdisjoint(words):
            return  # most lists start no phrase anywhere in the text: one pass in C says so
        i, count, forms = 0, len(words), self.forms
        while i < count:
            lengths = starts.get(words[i])
            if lengths:
                for n in lengths:
                    if i + n > count:
                        continue
                    phrase = words[i] if n == 1 else " ".join(words[i:i + n])
                    if phrase in forms:
                        begin, finish = _span(text, self._hyphens, i, i + n - 1)
                        yield PhraseHit(text[begin:finish], begin, finish)
                        i += n
                        break
                else:
                    i += 1
            else:
                i += 1

    def search(self, text: str) -> PhraseHit | None:
        if self._starts.keys().isdisjoint(_words(text, self._hyphens)):
            return None  # what finditer finds first, said without starting it (most searches find nothing)
        return next(self.finditer(text), None)

    def findall(self, text: str) -> list[str]:
        if self._starts.keys().isdisjoint(_words(text, self._hyphens)):
            return []  # as in search
        return [hit.group(0) for hit in self.finditer(text)]

    def __contains__(self, phrase: str) -> bool:
        return phrase in self.forms

    def state(self) -> tuple[frozenset[str], dict[str, tuple[int, ...]], bool]:
        """Plain data that :meth:`from_state` turns back into the same list (for the start-up cache)."""
        return self.forms, self._starts, self._hyphens

    @classmethod
    def from_state(cls, state: tuple[frozenset[str], dict[str, tuple[int, ...]], bool]) -> PhraseList:
        forms, starts, keep_hyphens = state
        phrases = cls.__new__(cls)
        phrases._norm = lowered if keep_hyphens else spaced
        phrases._word_re = _HYPHEN_WORD_RE if keep_hyphens else _WORD_RE
        phrases.forms, phrases._starts, phrases._hyphens = frozenset(forms), dict(starts), bool(keep_hyphens)
        return phrases


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
        self.task_verbs_unless_metric = VerbTable(w["task_verbs_unless_metric"])
        self.perception_verbs = VerbTable(w["perception_verbs"])
        self.aspiration_verbs = VerbTable(w["aspiration_verbs"])
        self.quality_words = frozenset(w["quality_words"])
        self.output_nouns = PhraseList(w["output_nouns"], plurals=True)
        self.role_nouns = PhraseList(w["role_nouns"], plurals=True)
        self.steady_states = PhraseList(w["steady_states"])
        self.period_words = PhraseList(w["period_words"], plurals=True)
        self.deliverable_nouns = PhraseList(w["deliverable_nouns"], plurals=True)
        self.metric_nouns = PhraseList(w["metric_nouns"], plurals=True)
        self.count_nouns = PhraseList(w["count_nouns"], plurals=True)
        self.people_nouns = PhraseList(w["people_nouns"], plurals=True)
        # A work verb in its 'done' form states a milestone: 'Runbooks written', 'Acme team trained'.
        done = {form for verb in w["activity_verbs"] + w["milestone_verbs"] for form in past_participles(verb)}
        self.milestone_states = PhraseList(tuple(w["milestone_states"]) + tuple(sorted(done)))
        #: Last words of the milestone states: a cheap first test for 'the line ends in a state'.
        self.state_last_words = frozenset(form.rsplit(" ", 1)[-1] for form in self.milestone_states.forms)
        #: Every word that can lead as a verb: only such a lead can also be read as a noun.
        self.verb_leads = frozenset().union(*(t.first_words for t in (
            self.activity_verbs, self.output_verbs, self.change_verbs, self.result_verbs, self.maintain_verbs,
            self.milestone_verbs, self.task_verbs_unless_metric)))
        # Exact spellings: 'significant' must not match inside 'significant-severity incidents'.
        self.vague_words = PhraseList(w["vague_words"], keep_hyphens=True)
        self.fog_phrases = PhraseList(w["fog_phrases"], keep_hyphens=True)
        self.purpose_markers = PhraseList(w["purpose_markers"])

    _VERB_TABLES = ("activity_verbs", "output_verbs", "change_verbs", "result_verbs", "maintain_verbs",
                    "milestone_verbs", "task_verbs_unless_metric", "perception_verbs", "aspiration_verbs")
    _PHRASE_LISTS = ("output_nouns", "role_nouns", "steady_states", "period_words", "deliverable_nouns",
                     "metric_nouns", "count_nouns", "people_nouns", "milestone_states", "vague_words", "fog_phrases",
                     "purpose_markers")

    def state(self) -> dict:
        """Every matcher as plain data (marshal-able), for the start-up cache."""
        return {"verbs": {name: getattr(self, name).state() for name in self._VERB_TABLES},
                "phrases": {name: getattr(self, name).state() for name in self._PHRASE_LISTS},
                "state_last_words": self.state_last_words, "verb_leads": self.verb_leads,
                "quality_words": self.quality_words}

    @classmethod
    def from_state(cls, state: dict) -> Lexicon:
        lexicon = cls.__new__(cls)
        for name in cls._VERB_TABLES:
            setattr(lexicon, name, VerbTable.from_state(state["verbs"][name]))
        for name in cls._PHRASE_LISTS:
            setattr(lexicon, name, PhraseList.from_state(state["phrases"][name]))
        lexicon.state_last_words = frozenset(state["state_last_words"])
        lexicon.verb_leads = frozenset(state["verb_leads"])
        lexicon.quality_words = frozenset(state["quality_words"])
        return lexicon


@lru_cache(maxsize=32)
def lexicon_for(profile: Profile) -> Lexicon:
    """The (cached) lexicon of a profile. Profiles hash by identity and are themselves cached.

    Expanding the word lists (every verb form, plural and spelling) takes ~10 ms, a fifth of what a cold
    ``okr-coach check`` spends in our own code, so the result is also kept in the start-up cache
    (:mod:`coach.disk_cache`), keyed by the words and by this module's source.
    """
    path = _cache_path(profile)
    key = _cache_key(profile) if path is not None else None
    if key is None:  # the cache is off (or the source unreadable): nothing to read or store
        return Lexicon(profile)
    stored = disk_cache.load(path)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
        try:
            return Lexicon.from_state(stored[1])
        except (TypeError, KeyError, ValueError):
            pass  # damaged: rebuild below
    lexicon = Lexicon(profile)
    _unsaved[path] = (key, lexicon)
    disk_cache.on_flush(_save_unsaved)
    return lexicon


#: Lexicons built in this process and not yet in the cache: file -> (key, lexicon).
_unsaved: dict[Path, tuple[str, Lexicon]] = {}


def _cache_path(profile: Profile) -> Path | None:
    folder = disk_cache.folder()
    if folder is None or not _SAFE_NAME_RE.match(profile.name):
        return None
    return folder / f"lexicon-{profile.name}.marshal"


def _cache_key(profile: Profile) -> str | None:
    """What a lexicon is built from: this module's code, the Python version and every word of the profile.
    None when the source cannot be read (then nothing is cached)."""
    try:
        digest = hashlib.sha256(Path(__file__).read_bytes())
    except OSError:
        return None
    digest.update(sys.implementation.cache_tag.encode())
    for name in sorted(profile.words):
        digest.update(f"\0{name}\0".encode())
        digest.update("\n".join(profile.words[name]).encode())
    return digest.hexdigest()


def _save_unsaved() -> None:
    while _unsaved:
        path, (key, lexicon) = _unsaved.popitem()
        disk_cache.store(path, (key, lexicon.state()))


_SAFE_NAME_RE = regex_cache.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
