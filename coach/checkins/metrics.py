"""Check-in maths: progress, expected pace, status, trend and end-of-cycle scores. Pure functions.

Progress runs from a start value (the KR's baseline, or the first check-in when the KR states none) to
its target, for metrics that go up and metrics that go down alike: ``(value - start) / (target - start)``.
It is clamped to 0..1; going past the target is reported separately as *overshoot*.

Status compares progress with the expected pace, the fraction of the cycle elapsed at the as-of date.
The gap is ``expected - progress`` in percentage points:

* gap below 10 points (or ahead of pace): **on track**
* gap below 25 points: **at risk**
* otherwise: **off track**
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Literal

from coach.model import Direction, Measure

Status = Literal["on track", "at risk", "off track"]
Trend = Literal["improving", "flat", "worsening"]

ON_TRACK_GAP = 10.0  # points behind expected pace still counted as on track
AT_RISK_GAP = 25.0  # points behind expected pace still counted as at risk
FLAT_SHARE = 0.02  # a change below 2% of the start-to-target distance is flat
TREND_WINDOW = 3  # the trend reads the last three values

SWEET_SPOT = (0.6, 0.7)
LOW_SCORE = 0.4

# Time units a baseline and target may be written in ("from 3 days to 4 hours"), in hours.
_HOURS = {"minutes": 1 / 60, "hours": 1.0, "days": 24.0, "weeks": 168.0, "seconds": 1 / 3600, "ms": 1 / 3_600_000}


@dataclass(frozen=True)
class Progress:
    """Progress from start to target. ``fraction`` is None when no figure can be computed (see ``reason``)."""

    fraction: float | None
    overshoot: float = 0.0
    raw: float | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Target:
    """The numeric target a KR is measured against, and where the number came from."""

    value: float | None
    source: str | None  # "stated", "relative", "factor", "check-in" (changed mid-cycle)
    reason: str | None = None  # why there is no numeric target


def baseline_in_target_unit(measure: Measure) -> float | None:
    """The baseline converted into the target's unit when they differ ("3 days to 4 hours" -> 72 hours)."""
    if measure.baseline is None:
        return None
    if not measure.baseline_unit or measure.baseline_unit == measure.unit:
        return measure.baseline
    if measure.baseline_unit in _HOURS and measure.unit in _HOURS:
        return measure.baseline * _HOURS[measure.baseline_unit] / _HOURS[measure.unit]
    return None


def resolve_target(measure: Measure, start: float | None) -> Target:
    """The KR's numeric target: stated outright, or derived from the start ("by 25%", "double")."""
    if measure.target is not None:
        return Target(measure.target, "stated")
    if measure.change is not None:
        if start is None:
            return Target(None, None, "the target is a relative change and there is no start value to apply it to")
        sign = -1.0 if measure.direction is Direction.REDUCE else 1.0
        if measure.change_unit in (None, "%"):
            return Target(start * (1 + sign * measure.change / 100), "relative")
        return Target(start + sign * measure.change, "relative")
    if measure.factor is not None:
        if start is None:
            return Target(None, None, "the target is a multiple of the start and there is no start value")
        return Target(start * measure.factor, "factor")
    return Target(None, None, "the key result states no numeric target")


def progress(start: float | None, target: float | None, value: float | None) -> Progress:
    """Share of the way from ``start`` to ``target`` that ``value`` has covered, clamped to 0..1."""
    if target is None:
        return Progress(None, reason="no numeric target")
    if start is None:
        return Progress(None, reason="no start value")
    if value is None:
        return Progress(None, reason="no value reported yet")
    distance = target - start
    if distance == 0:
        return Progress(None, reason="the target equals the start value")
    raw = (value - start) / distance
    if not math.isfinite(raw):  # a gap of 1e-313 between start and target: no meaningful share
        return Progress(None, reason="the target is too close to the start value to measure progress")
    return Progress(min(max(raw, 0.0), 1.0), overshoot=max(raw - 1.0, 0.0), raw=raw)


def holds_level(value: float | None, target: float | None, comparator: str | None) -> Progress:
    """Progress of a keep-a-level KR: 1.0 while the level holds, 0.0 when it does not."""
    if value is None or target is None:
        return Progress(None, reason="no value reported yet" if target is not None else "no numeric target")
    holds = value <= target if comparator == "<=" else value >= target
    return Progress(1.0 if holds else 0.0, raw=1.0 if holds else 0.0)


def expected_progress(starts: dt.date | None, ends: dt.date | None, as_of: dt.date) -> float | None:
    """Fraction of the cycle elapsed at ``as_of`` (0..1), or None when the cycle is not dated."""
    if starts is None or ends is None or ends <= starts:
        return None
    elapsed = (as_of - starts).days / (ends - starts).days
    return min(max(elapsed, 0.0), 1.0)


def gap_points(progress_fraction: float, expected_fraction: float) -> float:
    """How far behind expected pace, in percentage points (negative when ahead)."""
    return round((expected_fraction - progress_fraction) * 100, 9)  # 9.999999999 is 10 points


def status(progress_fraction: float, expected_fraction: float) -> Status:
    """On track / at risk / off track from the gap to expected pace (thresholds in the module docstring)."""
    gap = gap_points(progress_fraction, expected_fraction)
    if gap < ON_TRACK_GAP:
        return "on track"
    if gap < AT_RISK_GAP:
        return "at risk"
    return "off track"


def trend(values: Sequence[float], *, better: int | None, scale: float | None = None) -> Trend | None:
    """Improving, flat or worsening over the last three values (None with fewer than two values).

    ``better`` is +1 when higher is better and -1 when lower is better (None: cannot say which way is
    good). ``scale`` is the start-to-target distance; a change below 2% of it counts as flat.
    """
    window = list(values)[-TREND_WINDOW:]
    if len(window) < 2 or better is None:
        return None
    change = (window[-1] - window[0]) * better
    reference = abs(scale) if scale else max(abs(v) for v in window) or 1.0
    if abs(change) < FLAT_SHARE * reference:
        return "flat"
    return "improving" if change > 0 else "worsening"


def better_direction(start: float | None, target: float | None, direction: Direction | None) -> int | None:
    """+1 when a higher value is better, -1 when lower is better, None when unknown."""
    if start is not None and target is not None and target != start:
        return 1 if target > start else -1
    if direction is Direction.INCREASE:
        return 1
    if direction is Direction.REDUCE:
        return -1
    return None


# --------------------------------------------------------------------------- end of cycle


def kr_score(progress_fraction: float) -> float:
    """The 0.0-1.0 grade of a KR at the end of the cycle: its progress, to two decimals."""
    return round(min(max(progress_fraction, 0.0), 1.0), 2)


def objective_score(kr_scores: Sequence[float]) -> float | None:
    """Average of the scored KRs of an objective, to two decimals."""
    return round(fmean(kr_scores), 2) if kr_scores else None


def read_kr_score(score: float, kind: str | None) -> str:
    """One line a coach would say about one KR's grade. Committed KRs are expected at 1.0."""
    if kind == "committed":
        if score >= 1.0:
            return "commitment delivered"
        return "commitment missed: committed key results are expected to land in full, so find the cause"
    if score >= 1.0:
        return "hit in full: check whether the target was ambitious enough"
    if score > SWEET_SPOT[1]:
        return "strong result, above the 0.6-0.7 sweet spot"
    if score >= SWEET_SPOT[0]:
        return "in the 0.6-0.7 sweet spot for an ambitious key result"
    if score >= LOW_SCORE:
        return "partial progress, below the sweet spot"
    return "fell well short: the target was unrealistic or execution broke down"


def read_distribution(scores: Sequence[tuple[float, str | None]]) -> str | None:
    """Read a set's KR grades against the 0.6-0.7 sweet spot; committed KRs are judged separately.

    ``scores`` holds ``(score, kind)`` pairs. Returns None when nothing was scored.
    """
    if not scores:
        return None
    aspirational = [s for s, kind in scores if kind != "committed"]
    committed = [s for s, kind in scores if kind == "committed"]
    parts: list[str] = []
    if aspirational:
        if all(s >= 1.0 for s in aspirational):
            parts.append("every ambitious key result scored 1.0, which suggests the targets were not ambitious")
        else:
            mean = fmean(aspirational)
            if mean < LOW_SCORE:
                parts.append("ambitious key results average below 0.4, which suggests unrealistic targets "
                             "or broken execution")
            elif mean < SWEET_SPOT[0]:
                parts.append("ambitious key results average below the 0.6-0.7 sweet spot")
            elif mean <= SWEET_SPOT[1]:
                parts.append("ambitious key results average in the 0.6-0.7 sweet spot")
            else:
                parts.append("ambitious key results average above the 0.6-0.7 sweet spot; stretch further "
                             "next cycle")
    if committed:
        missed = sum(1 for s in committed if s < 1.0)
        parts.append("every committed key result was delivered" if not missed
                     else "some committed key results were missed; commitments are expected at 1.0")
    return "; ".join(parts)
