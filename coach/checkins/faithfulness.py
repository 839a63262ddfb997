"""Faithfulness: every number, date, status and owner a narrative states must be found in the Facts.

What counts as supported:

* **numbers** (with units, percent, thousands separators, k/M suffixes): equal to a value in the facts
  once rounded to the precision the narrative wrote it in ("58%" is supported by ``progress_pct=58.3``).
  The values are every numeric field and every number written in the facts' own text (KR wording, what
  changed, blockers...). In a KR note, only that KR's facts (and KRs the note names) plus set-level
  figures count, so a figure cannot wander from one KR to another.
* **dates** (ISO, "14 July 2026", "July 14, 2026", "14/07/2026", "14 Jul"): a date present in the facts.
* **numbers and dates written in words** are read like digits (:func:`spelled_out`): cardinals and ordinals
  with their compounds ("ninety-nine", "two thousand three hundred", "twenty-first", "a hundred"), by the
  text2num grammar, and fractions ("half of", "a third of", "three quarters of": the fraction or its
  percentage). "the fourteenth of July" is a date; "the third quarter" is a period, like "Q3". Isolated "zero", "one" and "two" (and "first" and
  "second" outside a date) stay words, as text2num leaves them: "one action", "one of", "the first
  check-in" are not figures. The facts' own text is read the same way.
* **statuses** (on track / at risk / off track): the status of the KR the sentence is about (the nearest
  KR reference before the word, else the note's KR); in set-level text, the status of some KR.
* **owners**: a note's ``owner`` field must be the KR's owner; "owner X", "owned by X", "assigned to X"
  and "@X" must name a person the facts know.
KR references must exist, and each kind's sections and KR notes must be present.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from coach.checkins.facts import Facts, KrFacts, SetFacts
from coach.checkins.narrative import SECTIONS, NarrativeDraft

ViolationKind = Literal["number", "date", "status", "owner", "reference", "structure"]


class Violation(BaseModel):
    kind: ViolationKind
    where: str
    text: str
    message: str


# --------------------------------------------------------------------------- extraction

_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], start=1) for m in names}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = re.compile(
    r"(?P<iso>\b(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})\b)"
    r"|(?P<num>\b(?P<na>\d{1,2})[/.](?P<nb>\d{1,2})[/.](?P<ny>\d{4})\b)"
    rf"|(?P<dm>\b(?P<dmd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmm>{_MONTH})(?:,?\s+(?P<dmy>\d{{4}}))?\b)"
    rf"|(?P<md>\b(?P<mdm>{_MONTH})\s+(?:the\s+)?(?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<mdy>\d{{4}}))?)",
    re.IGNORECASE)
_REF = re.compile(r"\bO\d+\s*\.?\s*KR\s*\d+\b|\bO\d+\b|\bKR\s*\d+(?:\.\d+)?\b", re.IGNORECASE)
_KR_REF = re.compile(r"\bO(\d+)\s*\.?\s*KR\s*(\d+)\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?P<dec>\.\d+)?(?P<suffix>bn|[kKmMbB](?![\w]))?%?")
_STATUS = re.compile(r"\b(on|off)[\s_-]+track\b|\bat[\s_-]+risk\b", re.IGNORECASE)
_OWNER = re.compile(r"\b(?i:owner|owned by|assigned to|led by)\s*[:=-]?\s*(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
                    r"|@(?P<handle>[A-Za-z][\w.-]*[A-Za-z0-9])")
_NAME = re.compile(r"\b[A-Z][\w'’-]+\b")
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9}


@dataclass(frozen=True)
class Found:
    value: float
    decimals: int
    text: str
    also: tuple[tuple[float, int], ...] = ()  # other readings (value, decimals): 'half' is 0.5 or 50 (%)

    def readings(self) -> tuple[tuple[float, int], ...]:
        return ((self.value, self.decimals), *self.also)


# --------------------------------------------------------------------------- numbers written in words

_FRACTIONS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25}
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}
#: 'half of', 'half the', 'a third of', 'three quarters of'; not 'the first half of the year' (a period),
#: 'this quarter' or 'the third quarter' (no count before, or no 'of' after).
_FRACTION_RE = re.compile(
    r"(?<!first )(?<!second )(?<!1st )(?<!2nd )"
    r"\b(?:(?P<count>an?|one|two|three)[\s-]+)?(?P<part>halves|half|thirds?|quarters?)\s+(?=of\b|the\b|our\b|all\b|their\b|its\b)",
    re.IGNORECASE)
#: 'first'/'second' are dates only next to a month: 'the first of August', 'August the second'.
_SMALL_ORDINAL_RE = re.compile(rf"(?<![\w-])(?P<o>first|second)(?=\s+(?:of\s+)?{_MONTH}\b)"
                               rf"|\b(?P<m>{_MONTH})(?P<sep>\s+(?:the\s+)?)(?P<p>first|second)\b", re.IGNORECASE)
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_QUARTER_RE = re.compile(r"\b(first|second|third|fourth)\s+quarter\b", re.IGNORECASE)
_FRACTION_MARK = "\u2063"  # invisible separator: marks a fraction spelled out, read back by find_numbers


@functools.lru_cache(maxsize=8192)
def spelled_out(text: str) -> str:
    """``text`` with numbers written in words turned into digits: 'ninety-nine percent, up from twelve' ->
    '99 percent, up from 12'; 'the fourteenth of July' -> 'the 14th of July'; 'half of' -> a fraction."""
    if not re.search(r"[a-z]{3}", text, re.IGNORECASE):
        return text
    from text_to_num import alpha2digit

    def ordinal(m: re.Match[str]) -> str:
        digits = "1st" if (m["o"] or m["p"]).lower() == "first" else "2nd"
        return digits if m["o"] else f"{m['m']}{m['sep']}{digits}"

    text = _SMALL_ORDINAL_RE.sub(ordinal, text)
    text = _QUARTER_RE.sub(lambda m: f"Q{_QUARTERS[m[1].lower()]}", text)  # a period, like 'Q3'

    def fraction(m: re.Match[str]) -> str:
        count = _COUNTS.get((m["count"] or "a").lower(), 1)
        return f"{_FRACTION_MARK}{count * _FRACTIONS[m['part'].lower()]:.4f}{_FRACTION_MARK} "

    text = _FRACTION_RE.sub(fraction, text)
    try:
        return alpha2digit(text, "en")
    except Exception:  # noqa: BLE001 - an unreadable phrase keeps its words; digits are still checked
        return text


_FRACTION_FOUND = re.compile(f"{_FRACTION_MARK}([0-9.]+){_FRACTION_MARK}")


def _date_of(m: re.Match[str]) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a date match, or None when it is not a real calendar date."""
    try:
        if m["iso"]:
            dt.date(int(m["iy"]), int(m["im"]), int(m["id"]))
            return int(m["iy"]), int(m["im"]), int(m["id"])
        if m["dm"]:
            return (int(m["dmy"]) if m["dmy"] else None), _MONTHS[m["dmm"].lower().rstrip(".")], int(m["dmd"])
        if m["md"]:
            return (int(m["mdy"]) if m["mdy"] else None), _MONTHS[m["mdm"].lower().rstrip(".")], int(m["mdd"])
    except (ValueError, KeyError):
        return None
    return None


def find_dates(text: str) -> tuple[list[tuple[str, list[tuple[int | None, int, int]]]], str]:
    """Dates written in ``text`` (each with its possible readings) and the text with them blanked out.
    Numbers written in words are read first (:func:`spelled_out`)."""
    text = spelled_out(text)
    found: list[tuple[str, list[tuple[int | None, int, int]]]] = []

    def blank(m: re.Match[str]) -> str:
        if m["num"]:  # 04/07/2026 may be day-first or month-first: keep both readings
            a, b, y = int(m["na"]), int(m["nb"]), int(m["ny"])
            readings = [(y, b, a), (y, a, b)]
        else:
            one = _date_of(m)
            readings = [one] if one else []
        if readings:
            found.append((m.group(0), readings))
        return " " * len(m.group(0))

    return found, _DATE.sub(blank, text)


def find_numbers(text: str) -> list[Found]:
    """Numbers written in ``text``, ignoring dates, KR/objective references and numbers inside words (Q3)."""
    _, text = find_dates(text)
    text = _REF.sub(lambda m: " " * len(m.group(0)), text)
    out: list[Found] = []
    for m in _FRACTION_FOUND.finditer(text):  # 'half of': 0.5, or 50 as a percentage
        value = float(m[1])
        out.append(Found(value, 2, f"{round(value, 2):g}", also=((value * 100, 0),)))
    text = _FRACTION_FOUND.sub(lambda m: " " * len(m.group(0)), text)
    for m in _NUMBER.finditer(text):
        whole = m["num"].replace(",", "")
        decimals = len(m["dec"]) - 1 if m["dec"] else 0
        value = float(whole + (m["dec"] or ""))
        suffix = (m["suffix"] or "").lower()
        if suffix:
            value *= _SCALE[suffix]
            decimals = max(decimals - len(str(int(_SCALE[suffix]))) + 1, -9)
        out.append(Found(value, decimals, m.group(0)))
    return out


def find_statuses(text: str) -> list[tuple[int, str]]:
    out = []
    for m in _STATUS.finditer(text):
        word = m.group(0).lower().replace("_", " ").replace("-", " ")
        out.append((m.start(), " ".join(word.split())))
    return out


# --------------------------------------------------------------------------- what the facts support


@dataclass
class Support:
    """Sorted numbers, dates and names some part of the facts supports."""

    numbers: list[float] = field(default_factory=list)
    dates: set[dt.date] = field(default_factory=set)
    partial_dates: set[tuple[int, int]] = field(default_factory=set)  # "14 July" written without a year
    people: set[str] = field(default_factory=set)

    def add_value(self, value: float) -> None:
        self.numbers.append(abs(value))

    def add_text(self, text: str) -> None:
        numbers, dates, partial, names = _text_support(text)
        self.numbers.extend(numbers)
        self.dates.update(dates)
        self.partial_dates.update(partial)
        self.people.update(names)

    def extend(self, other: Support) -> None:
        self.numbers.extend(other.numbers)
        self.dates.update(other.dates)
        self.partial_dates.update(other.partial_dates)
        self.people.update(other.people)

    def freeze(self) -> Support:
        self.numbers.sort()
        return self

    def has_number(self, found: Found) -> bool:
        for value, decimals in found.readings():
            tolerance = 0.5 * 10 ** (-decimals) + 1e-9 * max(1.0, abs(value))
            target = abs(value)
            i = bisect.bisect_left(self.numbers, target - tolerance)
            if i < len(self.numbers) and self.numbers[i] <= target + tolerance:
                return True
        return False

    def has_date(self, readings: list[tuple[int | None, int, int]]) -> bool:
        for year, month, day in readings:
            if year is None and (month, day) in self.partial_dates:
                return True
            for known in self.dates:
                if known.month == month and known.day == day and (year is None or known.year == year):
                    return True
        return False


@functools.lru_cache(maxsize=8192)
def _text_support(text: str):
    """Numbers, dates (full and year-less) and capitalised words in one fact string (cached: facts repeat)."""
    numbers = tuple(abs(value) for n in find_numbers(text) for value, _ in n.readings())
    dates: set[dt.date] = set()
    partial: set[tuple[int, int]] = set()
    for _, readings in find_dates(text)[0]:
        for year, month, day in readings:
            if year is None:
                partial.add((month, day))
                continue
            try:
                dates.add(dt.date(year, month, day))
            except ValueError:
                pass
    return numbers, frozenset(dates), frozenset(partial), frozenset(w.lower() for w in _NAME.findall(text))


def _walk(model: BaseModel | dict | list | object, support: Support, *, skip: frozenset[str] = frozenset()) -> None:
    """Add every number, date and string under ``model`` to ``support``."""
    if isinstance(model, BaseModel):
        for name in type(model).model_fields:
            if name not in skip:
                _walk(getattr(model, name), support, skip=skip)
    elif isinstance(model, dict):
        for key, value in model.items():
            _walk(key, support)
            _walk(value, support)
    elif isinstance(model, (list, tuple)):
        for item in model:
            _walk(item, support, skip=skip)
    elif isinstance(model, bool) or model is None:
        return
    elif isinstance(model, (int, float)):
        support.add_value(float(model))
    elif isinstance(model, dt.date):
        support.dates.add(model)
    elif isinstance(model, str):
        support.add_text(model)


def _kr_support(kr: KrFacts, support: Support) -> None:
    _walk(kr, support)
    if kr.score is not None:
        support.add_value(kr.score * 100)  # a 0.58 score may be written as 58%
    if kr.owner:
        support.people.update(part.lower() for part in kr.owner.split())


def _set_level_support(facts: Facts, set_facts: Iterable[SetFacts], support: Support) -> None:
    _walk(facts, support, skip=frozenset({"sets"}))
    for s in set_facts:
        _walk(s, support, skip=frozenset({"key_results"}))
        for objective in s.objectives:
            if objective.score is not None:
                support.add_value(objective.score * 100)
        if s.score is not None:
            support.add_value(s.score * 100)


class FaithfulnessChecker:
    """Checks narratives against one Facts object. Build once, check many drafts."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.set_level = Support()
        _set_level_support(facts, facts.sets, self.set_level)
        self.set_level.freeze()
        self.global_support = Support()
        self.global_support.extend(self.set_level)
        self.krs: dict[str, list[tuple[SetFacts, KrFacts]]] = {}
        self.kr_support: dict[tuple[str, str], Support] = {}
        for set_facts, kr in facts.iter_key_results():
            self.krs.setdefault(kr.ref, []).append((set_facts, kr))
            own = Support()
            _kr_support(kr, own)
            self.kr_support[(set_facts.name, kr.ref)] = own.freeze()
            self.global_support.extend(own)
        self.global_support.freeze()
        # Set-level text may use a status word any KR has, or that the check-ins themselves wrote.
        self.all_statuses = self._statuses_of(kr for _, kr in facts.iter_key_results())

    # ----------------------------------------------------------------- public

    def check(self, draft: NarrativeDraft) -> list[Violation]:
        out: list[Violation] = []
        out += self._structure(draft)
        out += self._text("headline", draft.headline, None)
        for i, note in enumerate(draft.key_results, start=1):
            where = f"key result note {i} ({note.kr})"
            pairs = self._lookup(note.kr, note.set)
            if not pairs:
                out.append(Violation(kind="reference", where=where, text=note.kr,
                                     message=f"{note.kr} is not a key result in the facts"))
                continue
            out += self._note_fields(note, pairs, where)
            for label, text in (("summary", note.summary), ("what_changed", note.what_changed or ""),
                                ("next_action", note.next_action or ""), *(("blocker", b) for b in note.blockers)):
                out += self._text(f"{where} {label}", text, pairs)
        for section in draft.sections:
            for j, item in enumerate(section.items, start=1):
                out += self._text(f"section '{section.key}' item {j}", item, None)
        return out

    # ----------------------------------------------------------------- parts

    def _lookup(self, ref: str, set_name: str | None) -> list[tuple[SetFacts, KrFacts]]:
        m = _KR_REF.fullmatch(ref.strip())
        if not m:
            return []
        pairs = self.krs.get(f"O{int(m[1])}.KR{int(m[2])}", [])
        if set_name is not None:
            pairs = [p for p in pairs if p[0].name == set_name] or pairs
        return pairs

    def _structure(self, draft: NarrativeDraft) -> list[Violation]:
        out = []
        present = {s.key for s in draft.sections}
        for key, heading in SECTIONS[self.facts.kind]:
            if key not in present:
                out.append(Violation(kind="structure", where="sections", text=key,
                                     message=f"the '{key}' section ({heading}) is missing"))
        covered = {(n.set, n.kr.upper().replace(" ", "")) for n in draft.key_results}
        covered_refs = {ref for _, ref in covered}
        for set_facts, kr in self.facts.iter_key_results():
            must = self.facts.kind != "monthly" or kr.status in ("at risk", "off track")
            if must and kr.ref not in covered_refs:
                out.append(Violation(kind="structure", where="key_results", text=kr.ref,
                                     message=f"no note for {kr.ref} ({set_facts.name})"))
        return out

    def _note_fields(self, note, pairs, where: str) -> list[Violation]:
        out = []
        owners = {(kr.owner or "").strip().lower() for _, kr in pairs}
        if note.owner is not None and note.owner.strip().lower() not in owners:
            known = ", ".join(sorted(o for o in owners if o)) or "no owner"
            out.append(Violation(kind="owner", where=where, text=note.owner,
                                 message=f"owner '{note.owner}' is wrong; the facts give {known}"))
        statuses = {kr.status for _, kr in pairs}
        if note.status not in statuses:
            out.append(Violation(kind="status", where=where, text=str(note.status),
                                 message=f"status '{note.status}' is wrong; the facts give "
                                         f"{', '.join(sorted(str(s) for s in statuses))}"))
        scores = [kr.score for _, kr in pairs if kr.score is not None]
        if note.score is not None and not any(abs(note.score - s) <= 0.005 + 1e-9 for s in scores):
            out.append(Violation(kind="number", where=where, text=str(note.score),
                                 message=f"score {note.score} is not in the facts"))
        return out

    def _support_for(self, text: str, pairs) -> Support | list[Support]:
        if pairs is None:
            return self.global_support
        supports = [self.kr_support[(s.name, kr.ref)] for s, kr in pairs]
        for m in _KR_REF.finditer(text):
            for s, kr in self.krs.get(f"O{int(m[1])}.KR{int(m[2])}", []):
                supports.append(self.kr_support[(s.name, kr.ref)])
        return [*supports, self.set_level]

    def _text(self, where: str, text: str, pairs) -> list[Violation]:
        if not text:
            return []
        out: list[Violation] = []
        support = self._support_for(text, pairs)
        supports = support if isinstance(support, list) else [support]
        for number in find_numbers(text):
            if not any(s.has_number(number) for s in supports):
                out.append(Violation(kind="number", where=where, text=number.text,
                                     message=f"the figure {number.text} is not in the facts"))
        for written, readings in find_dates(text)[0]:
            if not any(s.has_date(readings) for s in supports):
                out.append(Violation(kind="date", where=where, text=written,
                                     message=f"the date {written} is not in the facts"))
        out += self._statuses(where, text, pairs)
        out += self._owners(where, text, supports)
        for m in _KR_REF.finditer(text):
            if f"O{int(m[1])}.KR{int(m[2])}" not in self.krs:
                out.append(Violation(kind="reference", where=where, text=m.group(0),
                                     message=f"{m.group(0)} is not a key result in the facts"))
        return out

    def _statuses(self, where: str, text: str, pairs) -> list[Violation]:
        out = []
        refs = [(m.start(), f"O{int(m[1])}.KR{int(m[2])}") for m in _KR_REF.finditer(text)]
        for position, word in find_statuses(text):
            before = [ref for start, ref in refs if start < position
                      and not re.search(r"[.;!?]\s", text[start:position])]
            after = [ref for start, ref in refs if start > position
                     and not re.search(r"[.;!?]\s", text[position:start])]
            if before or (after and pairs is None):
                ref = before[-1] if before else after[0]
                allowed = self._statuses_of(kr for _, kr in self.krs.get(ref, []))
                about = ref
            elif pairs is not None:
                allowed = self._statuses_of(kr for _, kr in pairs)
                about = pairs[0][1].ref
            else:
                allowed = self.all_statuses
                about = "any key result"
            if word not in allowed:
                shown = ", ".join(sorted(allowed)) or "no status"
                out.append(Violation(kind="status", where=where, text=word,
                                     message=f"'{word}' is not the status of {about}; the facts give {shown}"))
        return out

    @staticmethod
    def _statuses_of(krs: Iterable[KrFacts]) -> set[str]:
        allowed: set[str] = set()
        for kr in krs:
            if kr.status:
                allowed.add(kr.status)
            for text in (kr.confidence_raw, kr.what_changed, kr.why, *kr.blockers, *kr.next_actions,
                         *kr.decisions_needed, kr.text):
                allowed.update(word for _, word in find_statuses(text or ""))
        return allowed

    def _owners(self, where: str, text: str, supports: list[Support]) -> list[Violation]:
        out = []
        for m in _OWNER.finditer(text):
            name = m["name"] or m["handle"]
            parts = [p.lower() for p in re.split(r"[\s.]+", name) if p]
            if not any(all(p in s.people for p in parts) for s in supports):
                out.append(Violation(kind="owner", where=where, text=name,
                                     message=f"'{name}' is not an owner or person named in the facts"))
        return out


def check_narrative(draft: NarrativeDraft, facts: Facts) -> list[Violation]:
    """Every statement of ``draft`` that the facts do not support (empty list: faithful)."""
    return FaithfulnessChecker(facts).check(draft)
