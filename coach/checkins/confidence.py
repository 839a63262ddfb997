"""Confidence calls in every common spelling, normalised to one three-level scale.

Teams write the same three levels many ways: High/Medium/Low, Green/Amber/Red, High/Challenge/Critical,
on-track/at-risk/off-track, traffic-light emoji, or a 1-10 score ("7", "7/10"). Scores map to levels as
the knowledge note on confidence scales describes: 7-10 High, 4-6 Medium, 1-3 Low.
"""

from __future__ import annotations

import functools
import re

from coach.errors import CoachError
from coach.model import Confidence, ConfidenceLevel

#: Every accepted word spelling (after lower-casing and turning spaces, hyphens and underscores into one
#: space), grouped by level. Shown to the user when a value is not recognised.
SPELLINGS: dict[ConfidenceLevel, tuple[str, ...]] = {
    ConfidenceLevel.HIGH: ("high", "green", "on track", "confident", "g"),
    ConfidenceLevel.MEDIUM: ("medium", "med", "amber", "yellow", "challenge", "at risk", "a"),
    ConfidenceLevel.LOW: ("low", "red", "critical", "off track", "r"),
}
EMOJI: dict[str, ConfidenceLevel] = {
    "🟢": ConfidenceLevel.HIGH, "🟡": ConfidenceLevel.MEDIUM, "🟠": ConfidenceLevel.MEDIUM,
    "🔴": ConfidenceLevel.LOW,
}
ACCEPTED_HINT = "use High/Medium/Low, Green/Amber/Red, High/Challenge/Critical, on-track/at-risk/off-track or 1-10"

_LOOKUP = {spelling: level for level, words in SPELLINGS.items() for spelling in words}
_SCORE = re.compile(r"^(?P<n>\d{1,2})(?:\.0+)?\s*(?:/\s*10)?$")
_SEPARATORS = re.compile(r"[\s_\-]+")


class ConfidenceError(CoachError):
    """A confidence value is not one of the accepted spellings or scores."""


def level_for_score(score: int) -> ConfidenceLevel:
    """7-10 High, 4-6 Medium, 1-3 Low."""
    if score >= 7:
        return ConfidenceLevel.HIGH
    if score >= 4:
        return ConfidenceLevel.MEDIUM
    return ConfidenceLevel.LOW


def parse_confidence(raw: object) -> Confidence:
    """Read one confidence value; raise :class:`ConfidenceError` when it is not a known level.

    The error message quotes the value and lists the accepted spellings; callers prefix the place
    (file and row).
    """
    if isinstance(raw, str) and len(raw) <= 40:
        return _parse_text(raw).model_copy()  # a copy: callers may keep and change their own
    return _parse(raw)


@functools.lru_cache(maxsize=1024)
def _parse_text(raw: str) -> Confidence:
    """Imports repeat a handful of spellings thousands of times."""
    return _parse(raw)


def _parse(raw: object) -> Confidence:
    if isinstance(raw, bool):
        raise ConfidenceError(f"confidence {raw!r} is not a known level", hint=ACCEPTED_HINT)
    if isinstance(raw, (int, float)):
        text = str(int(raw)) if float(raw).is_integer() else str(raw)
    elif isinstance(raw, str):
        text = raw.strip()
    else:
        raise ConfidenceError(f"confidence {raw!r} is not a known level", hint=ACCEPTED_HINT)
    shown = text if len(text) <= 40 else text[:37] + "..."
    if not text:
        raise ConfidenceError("confidence is empty", hint=ACCEPTED_HINT)
    for emoji, level in EMOJI.items():
        if text.startswith(emoji):
            return Confidence(level=level, raw=text)
    score = _SCORE.match(text)
    if score:
        value = int(score["n"])
        if not 1 <= value <= 10:
            raise ConfidenceError(f"confidence {shown!r} is outside the 1-10 scale", hint=ACCEPTED_HINT)
        return Confidence(level=level_for_score(value), score=value, raw=text)
    key = _SEPARATORS.sub(" ", text.lower()).strip()
    level = _LOOKUP.get(key)
    if level is None:
        raise ConfidenceError(f"confidence {shown!r} is not a known level", hint=ACCEPTED_HINT)
    return Confidence(level=level, raw=text)


def level_label(level: ConfidenceLevel | None) -> str:
    """The word the narratives use for a level: ``High``, ``Medium`` or ``Low``."""
    return level.value.capitalize() if level is not None else "not given"
