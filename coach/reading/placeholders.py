"""Values still to fill: ``[current %]``, ``[target]``, ``<baseline>``, ``TBD``, ``from X to Y``.

A draft written from a template, or a rewrite the coach proposed, holds placeholders where the team's
numbers go. They are not missing values and not invented ones: the line says "a number belongs here and
nobody has written it yet". :func:`placeholders` finds them once, with the role each one plays (the
starting value, the target, the deadline, the metric itself) so that the rules report one finding, "fill
this in", instead of calling the line a task or a metric without a target. It is the only reader of
placeholders: the rules, the verifier and the chat all ask it.

A placeholder never carries a number: ``[target 95%]`` is a value (95%) in brackets, not a blank, and
:func:`placeholders` does not return it (its number is read like any other number, and the verifier's
invented-number check sees it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, NamedTuple

from coach import regex_cache

#: Patterns the functions below use inline, compiled once with the others.
_ANY_DIGIT_RE = regex_cache.compile(r"\d")
_BASELINE_TAIL_RE = regex_cache.compile(r"\bfrom$|\bcurrently$|\bbaseline$|\btoday$")
_CHANGE_VERB_RE = regex_cache.compile(r"^(?:increase|reduce|raise|grow|cut|lower|improve|lift|decrease)$")
_DEADLINE_TAIL_RE = regex_cache.compile(r"(?:\bby|\bbefore|\buntil)\s+(?:the\s+)?end\s+of$|\b(?:deadline|due)$")
_INNER_TOKEN_RE = regex_cache.compile(r"[a-z]+|[%€$£]")
_NOT_WORD_RE = regex_cache.compile(r"[^a-z' ]+")
_SPACES_RE = regex_cache.compile(r"\s{2,}")
_TAG_ATTRIBUTE_RE = regex_cache.compile(r"[a-z]+(?:\s[^>]*=.*)?")
_TARGET_TAIL_RE = regex_cache.compile(r"\b(?:to|by|reach|reaches|at least|at most|above|below|under|over|than|at)$")
_UNIT_AFTER_RE = regex_cache.compile(r"\s*(%|percent\b|days\b|hours\b|minutes\b|seconds\b|ms\b|points\b)")

Role = Literal["baseline", "target", "deadline", "metric", "value"]

#: Words inside brackets that say which value belongs there.
_ROLE_WORDS: tuple[tuple[Role, tuple[str, ...]], ...] = (
    ("deadline", ("end of", "deadline", "date", "due", "by when", "when")),
    ("baseline", ("current", "baseline", "starting", "start", "today", "now", "measured", "existing", "x")),
    ("target", ("target", "goal", "desired", "aim", "y")),
    ("metric", ("metric", "kpi", "measure", "indicator", "what changes")),
)
_UNITS = {"%": "%", "percent": "%", "pct": "%", "days": "days", "hours": "hours", "minutes": "minutes",
          "seconds": "seconds", "ms": "ms", "points": "points", "score": "score", "amount": "amount",
          "number": "number", "count": "number", "value": None, "€": "amount", "$": "amount", "£": "amount"}

#: ``[current %]``, ``[baseline, measured by week 2]``, ``<target>``, ``{goal}``: a bracketed phrase of words.
_BRACKETED = regex_cache.compile(r"\[(?P<sq>[^\[\]]{1,60})\]|<(?P<ang>[A-Za-z][^<>]{0,59})>|\{(?P<cur>[A-Za-z][^{}]{0,59})\}")
#: A schedule reference inside a placeholder ('measured by week 2') is not a value.
_SCHEDULE = regex_cache.compile(r"\b(?:week|day|sprint|month|q)\s*\d{1,2}\b", re.IGNORECASE)
#: Stand-ins for a value written without brackets: 'TBD', 'TBC', '??', '___', and 'X'/'Y'/'N'/'XX' where a
#: value stands ('from X to Y', 'to X%', '$X').
_TBD = regex_cache.compile(r"(?<![\w])(?:TBD|TBC|TBA|tbd|tbc|tba|t\.b\.d\.?|\?{2,}|_{3,})(?![\w])")
_LETTER_VALUE = regex_cache.compile(
    r"(?:(?<=\bfrom )|(?<=\bto )|(?<=\bby )|(?<=\bat )|(?<=\bof )|(?<=\breach )|(?<=\bthan )|(?<=\bunder )|"
    r"(?<=\bbelow )|(?<=\babove )|(?<=[$€£]))(?P<letter>X{1,3}|Y{1,3}|Z|N|x{1,2}|y{1,2}|n)"
    r"(?=\s*(?:%|percent\b|pts\b|points\b|days\b|hours\b|ms\b|k\b|[.,;)]|\s+(?:to|by|in|within|and|per|of)\b|$))")
#: A letter where a number stands, whatever precedes it: before a percent sign ('Achieve X% of ARR',
#: 'x% of services'), or a capital X or N counting a plural noun ('Have X customers live', 'Land N deals').
_LETTER_AMOUNT = regex_cache.compile(
    r"(?<![\w$€£.\-/])(?:(?P<share>X{1,3}|x{1,2}|N|n)(?=\s?%)|(?P<count>X{1,3}|N)(?=\s+(?:[a-z]+\s+){0,2}[a-z]+[^s\W]s\b))")
_STATED_TARGET_RE = regex_cache.compile(r"\b(?:target|goal)\b\W{0,3}\d", re.IGNORECASE)
#: A word with a capital or a digit, after the line's first word, right before a counting letter ('Support
#: for iPhone X devices'): the letter is part of that name.
_NAME_BEFORE_RE = regex_cache.compile(r"(?<=\S)\s+\S*[A-Z0-9]\S*\s+$")
#: A bracketed phrase that is a note, not a value still to fill ('[optional]', '[done]', '[P1]').
_NOT_A_VALUE = regex_cache.compile(r"^\s*(?:optional|done|draft|wip|stretch|p[0-4]|owner.*|note.*|see .*|link.*|"
                          r"x|✓|✔|\s*)\s*$", re.IGNORECASE)


#: Words that make a bracket with no role a value to fill ('[value]', '[number]', '[TBD]', '[x %]', '[?]').
_VALUE_WORDS = regex_cache.compile(r"\b(?:value|number|amount|count|tbd|tbc|tba|x|n)\b|%|\?", re.IGNORECASE)


class Placeholder(NamedTuple):
    """One value still to fill, where it stands in the line, and what belongs there."""

    text: str  # as written: '[current %]', 'TBD', 'X'
    start: int
    end: int
    role: Role
    unit: str | None = None  # '%', 'days', 'amount'... when the placeholder names one

    @property
    def label(self) -> str:
        """What belongs here, in words: 'the starting value, in %'."""
        what = {"baseline": "the starting value", "target": "the target", "deadline": "the deadline",
                "metric": "the metric", "value": "a value"}[self.role]
        return f"{what}, in {self.unit}" if self.unit else what


def _role_of(inner: str, before: str) -> Role:
    words = " " + _NOT_WORD_RE.sub(" ", inner.lower()) + " "
    for role, cues in _ROLE_WORDS:
        if any(f" {cue} " in words for cue in cues):
            return role
    return _role_by_position(before)


def _role_by_position(before: str) -> Role:
    """'from [..]' is the start, 'to/by/reach [..]' the target, 'by end of [..]' the deadline."""
    tail = before.lower().rstrip()[-24:]
    if _DEADLINE_TAIL_RE.search(tail):
        return "deadline"
    if _BASELINE_TAIL_RE.search(tail):
        return "baseline"
    if _TARGET_TAIL_RE.search(tail):
        return "target"
    if _CHANGE_VERB_RE.search(tail.strip().split(" ")[-1] or ""):
        return "metric"
    return "value"


def _unit_of(inner: str, after: str) -> str | None:
    for token in _INNER_TOKEN_RE.findall(inner.lower()):
        if token in _UNITS and _UNITS[token]:
            return _UNITS[token]
    follow = _UNIT_AFTER_RE.match(after.lower())
    return _UNITS.get(follow.group(1)) if follow else None


@lru_cache(maxsize=4096)
def placeholders(text: str) -> tuple[Placeholder, ...]:
    """Every value still to fill in one line, in order. Bracketed notes ('[optional]') and bracketed values
    that hold a number ('[target 95%]', '[proposal: 30%]') are not placeholders."""
    found: list[Placeholder] = []
    for match in _BRACKETED.finditer(text):
        inner = match.group("sq") or match.group("ang") or match.group("cur") or ""
        if _NOT_A_VALUE.match(inner) or inner.strip().lower().startswith(("proposal", "owner")):
            continue
        if _ANY_DIGIT_RE.search(_SCHEDULE.sub(" ", inner)):
            continue  # '[target 95%]': a number in brackets is a value, not a blank
        if match.group("ang") and _TAG_ATTRIBUTE_RE.fullmatch(inner) and "=" in inner:
            continue  # '<a href=...>': markup, not a value
        before = text[:match.start()]
        role = _role_of(inner, before)
        if role == "value" and not _VALUE_WORDS.search(inner):
            continue  # '[INFRA]', '[shared with MoFo]': a tag or a note, not a value still to fill
        found.append(Placeholder(match.group(0), match.start(), match.end(), role,
                                 _unit_of(inner, text[match.end():])))
    taken = [(p.start, p.end) for p in found]
    for pattern in (_TBD, _LETTER_VALUE, _LETTER_AMOUNT):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            before = text[:match.start()].rstrip("$€£ :")
            role = _role_by_position(before)
            if pattern is _LETTER_AMOUNT and match.group("count") and _NAME_BEFORE_RE.search(text[:match.start()]):
                continue  # 'Support for iPhone X devices': a letter after a name is part of the name
            if pattern is _LETTER_AMOUNT and role == "value":
                # a count or share with no 'from' before it is the amount to reach, unless the line states
                # its target elsewhere ('x% of staff took leave (target: 100)'): then it is today's value
                role = "baseline" if _STATED_TARGET_RE.search(text) else "target"
            if role == "value" and (pattern is _LETTER_VALUE or match.group(0).lower().startswith("tb")):
                continue  # not where a value stands: a name ('Plan X'), a note ('(tbd whether ...)')
            if pattern is _LETTER_VALUE and match.group(0).lower() in ("x", "xx", "xxx"):
                role = "baseline" if role in ("value", "baseline") else role
            unit = "amount" if text[max(0, match.start() - 1):match.start()] in "$€£" and match.start() else None
            found.append(Placeholder(match.group(0), match.start(), match.end(), role,
                                     unit or _unit_of("", text[match.end():])))
            taken.append((match.start(), match.end()))
    return tuple(sorted(found, key=lambda p: p.start))


def has_placeholder(text: str) -> bool:
    return bool(placeholders(text))


def roles_to_fill(text: str) -> frozenset[Role]:
    """The roles of the values still to fill: {'baseline', 'target'} for 'from [current %] to [target %]'."""
    return frozenset(p.role for p in placeholders(text))


def without_placeholders(text: str, fill: str = "") -> str:
    """``text`` with every placeholder replaced by ``fill`` (whitespace tidied): the words a coach reads."""
    spans = placeholders(text)
    out, at = [], 0
    for p in spans:
        out.append(text[at:p.start])
        out.append(fill)
        at = p.end
    out.append(text[at:])
    return _SPACES_RE.sub(" ", "".join(out)).strip()
