"""The Facts: everything a narrative may state, computed once from an OKR set and its check-ins.

Both writers (LLM and deterministic) read the same :class:`Facts`, and the faithfulness checker accepts a
number, date, status or owner in a narrative only when it can be found here. Percentages are stored as
percent figures rounded to one decimal (``progress_pct=58.3``) so that what a writer prints can be traced
back to a field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from coach.checkins import metrics
from coach.checkins.flags import Flag, compute_flags
from coach.checkins.numbers import fmt_num
from coach.model import CheckIn, ConfidenceLevel, Direction, KeyResult, Objective, OkrSet, kr_ref

NarrativeKind = Literal["weekly", "monthly", "retro"]


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HistoryPoint(_Facts):
    date: dt.date
    value: float | None = None
    confidence: ConfidenceLevel | None = None
    target: float | None = Field(None, description="A target changed at this check-in.")


class KrFacts(_Facts):
    ref: str = Field(description="Reference of the key result, e.g. 'O1.KR2'.")
    objective: str = Field(description="Reference of its objective, e.g. 'O1'.")
    text: str
    owner: str | None = None
    kind: Literal["committed", "aspirational"] | None = None
    unit: str | None = None
    start: float | None = Field(None, description="Start of the progress path: baseline or first check-in value.")
    start_source: Literal["baseline", "first check-in"] | None = None
    target: float | None = Field(None, description="The target in force at the as-of date.")
    original_target: float | None = Field(None, description="The target the cycle started with.")
    value: float | None = Field(None, description="Latest value on or before the as-of date.")
    value_date: dt.date | None = None
    previous_value: float | None = None
    change_since_previous: float | None = None
    progress_pct: float | None = Field(None, description="Share of the way from start to target, 0-100.")
    overshoot_pct: float | None = Field(None, description="How far past the target, in % of the path.")
    expected_pct: float | None = Field(None, description="Expected progress at this point of the cycle, 0-100.")
    gap_points: float | None = Field(None, description="Points behind expected pace (negative: ahead).")
    status: metrics.Status | None = None
    trend: metrics.Trend | None = None
    confidence: ConfidenceLevel | None = None
    confidence_raw: str | None = None
    confidence_score: int | None = None
    what_changed: str | None = None
    why: str | None = None
    blockers: list[str] = Field(default_factory=list)
    next_actions: list[str] = Field(default_factory=list)
    decisions_needed: list[str] = Field(default_factory=list)
    last_update: dt.date | None = None
    days_since_update: int | None = None
    checkins: int = 0
    history: list[HistoryPoint] = Field(default_factory=list)
    score: float | None = Field(None, description="0.0-1.0 grade (retro).")
    score_reading: str | None = None
    notes: list[str] = Field(default_factory=list, description="Why a figure is missing or how it was derived.")


class ObjectiveFacts(_Facts):
    ref: str
    text: str
    owner: str | None = None
    key_results: list[str] = Field(default_factory=list)
    score: float | None = Field(None, description="Average of its KR grades (retro).")


class SetFacts(_Facts):
    name: str
    team: str | None = None
    period: str | None = None
    starts: dt.date | None = None
    ends: dt.date | None = None
    elapsed_pct: float | None = Field(None, description="Share of the cycle elapsed at the as-of date, 0-100.")
    objectives: list[ObjectiveFacts] = Field(default_factory=list)
    key_results: list[KrFacts] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    key_result_count: int = 0
    status_counts: dict[str, int] = Field(default_factory=dict)
    score: float | None = Field(None, description="Average objective grade (retro).")
    score_reading: str | None = None
    notes: list[str] = Field(default_factory=list)


class Facts(_Facts):
    kind: NarrativeKind
    as_of: dt.date
    sets: list[SetFacts]
    set_count: int = 0
    key_result_count: int = 0
    status_counts: dict[str, int] = Field(default_factory=dict)
    flag_count: int = 0

    def iter_key_results(self):
        for set_facts in self.sets:
            for kr in set_facts.key_results:
                yield set_facts, kr


class SetInput(NamedTuple):
    """One stored OKR set with its check-ins, as the store hands it over."""

    name: str
    okr_set: OkrSet
    checkins: Sequence[CheckIn]


STATUS_ORDER = ("on track", "at risk", "off track", "no status")


def build_facts(inputs: Sequence[SetInput], *, as_of: dt.date, kind: NarrativeKind = "weekly") -> Facts:
    """Compute the facts for one or more OKR sets at ``as_of`` (check-ins after it are ignored)."""
    sets = [build_set_facts(item, as_of=as_of, kind=kind) for item in inputs]
    counts = {status: sum(s.status_counts.get(status, 0) for s in sets) for status in STATUS_ORDER}
    return Facts(kind=kind, as_of=as_of, sets=sets, set_count=len(sets), key_result_count=sum(len(s.key_results) for s in sets),
                 status_counts=counts, flag_count=sum(len(s.flags) for s in sets))


def build_set_facts(item: SetInput, *, as_of: dt.date, kind: NarrativeKind) -> SetFacts:
    okr_set = item.okr_set
    visible = sorted((c for c in item.checkins if c.date <= as_of), key=lambda c: (c.key_result, c.date))
    notes: list[str] = []
    cycle_start = okr_set.starts
    if cycle_start is None and okr_set.ends is not None and visible:
        cycle_start = min(c.date for c in visible)
        notes.append(f"the period states no start; the first check-in date {cycle_start.isoformat()} "
                     "is used as the start of the cycle")
    expected = metrics.expected_progress(cycle_start, okr_set.ends, as_of)
    if expected is None:
        notes.append("the cycle has no start and end dates, so there is no expected pace or status; "
                     "add a period line such as 'Period: Q3 2026' to the OKR set")
    if okr_set.ends is not None and as_of > okr_set.ends:
        notes.append(f"the cycle ended on {okr_set.ends.isoformat()}")
    by_kr: dict[str, list[CheckIn]] = {}
    for checkin in visible:
        by_kr.setdefault(checkin.key_result, []).append(checkin)

    objectives: list[ObjectiveFacts] = []
    key_results: list[KrFacts] = []
    for objective in okr_set.objectives:
        obj_ref = f"O{objective.position}"
        refs: list[str] = []
        for kr in objective.key_results:
            ref = kr_ref(objective.position, kr.position)
            refs.append(ref)
            key_results.append(build_kr_facts(ref, objective, kr, by_kr.get(ref, []),
                                              expected=expected, as_of=as_of, kind=kind))
        scores = [k.score for k in key_results if k.ref in refs and k.score is not None]
        objectives.append(ObjectiveFacts(ref=obj_ref, text=objective.text, owner=objective.owner,
                                         key_results=refs,
                                         score=metrics.objective_score(scores) if kind == "retro" else None))
    counts = {status: 0 for status in STATUS_ORDER}
    for kr in key_results:
        counts[kr.status or "no status"] += 1
    flags = compute_flags(key_results, as_of, cycle_start=cycle_start)
    if kind == "retro":  # staleness is a mid-cycle concern; a retrospective grades what was reached
        flags = [f for f in flags if f.code != "stale"]
    set_score = None
    reading = None
    if kind == "retro":
        objective_scores = [o.score for o in objectives if o.score is not None]
        set_score = metrics.objective_score(objective_scores)
        reading = metrics.read_distribution([(k.score, k.kind) for k in key_results if k.score is not None])
    return SetFacts(name=item.name, team=okr_set.team, period=okr_set.period, starts=okr_set.starts,
                    ends=okr_set.ends,
                    elapsed_pct=None if expected is None else round(expected * 100, 1),
                    objectives=objectives, key_results=key_results, flags=flags,
                    key_result_count=len(key_results), status_counts=counts,
                    score=set_score, score_reading=reading, notes=notes)


def build_kr_facts(ref: str, objective: Objective, kr: KeyResult, history: Sequence[CheckIn], *,
                   expected: float | None, as_of: dt.date, kind: NarrativeKind) -> KrFacts:
    """Progress, pace, status, trend and the latest update of one KR."""
    measure = kr.measure
    notes: list[str] = []
    valued = [c for c in history if c.value is not None]
    start = metrics.baseline_in_target_unit(measure)
    start_source: str | None = "baseline" if start is not None else None
    if start is None and measure.baseline is not None:
        notes.append(f"the baseline is in {measure.baseline_unit} and the target in {measure.unit}, "
                     "which cannot be compared")
    if start is None and valued:
        start, start_source = valued[0].value, "first check-in"
        notes.append(f"no baseline stated; the first check-in value {fmt_num(start)} on "
                     f"{valued[0].date.isoformat()} is used as the start")
    stated = metrics.resolve_target(measure, start)
    changed = [c for c in history if c.target is not None]
    target = changed[-1].target if changed else stated.value
    if target is None and stated.reason:
        notes.append(f"no progress figure: {stated.reason}")

    latest_value = valued[-1] if valued else None
    value = latest_value.value if latest_value else None
    if measure.direction is Direction.KEEP and measure.comparator in (">=", "<="):
        prog = metrics.holds_level(value, target, measure.comparator)
        if prog.fraction is not None:
            held = "it holds" if prog.fraction >= 1.0 else "it does not hold at the latest check-in"
            notes.append(f"a keep-a-level key result, judged on whether the level holds: {held}")
        kr_expected = 1.0 if prog.fraction is not None else None
    else:
        prog = metrics.progress(start, target, value)
        kr_expected = expected
        if prog.fraction is None and target is not None and prog.reason:
            notes.append(f"no progress figure: {prog.reason}")
    status = gap = None
    if prog.fraction is not None and kr_expected is not None:
        status = metrics.status(prog.fraction, kr_expected)
        gap = round(metrics.gap_points(prog.fraction, kr_expected), 1)
    better = metrics.better_direction(start, target, measure.direction)
    trend = metrics.trend([c.value for c in valued], better=better,
                          scale=(target - start) if target is not None and start is not None else None)

    latest = history[-1] if history else None
    confident = [c for c in history if c.confidence is not None]
    confidence = confident[-1].confidence if confident else None
    previous = valued[-2].value if len(valued) >= 2 else None
    score = reading = None
    if kind == "retro" and prog.fraction is not None:
        score = metrics.kr_score(prog.fraction)
        reading = metrics.read_kr_score(score, kr.kind)
    return KrFacts(
        ref=ref, objective=f"O{objective.position}", text=kr.text,
        owner=kr.owner or (latest.owner if latest else None) or objective.owner,
        kind=kr.kind, unit=measure.unit, start=start, start_source=start_source, target=target,
        original_target=stated.value, value=value, value_date=latest_value.date if latest_value else None,
        previous_value=previous,
        change_since_previous=None if previous is None or value is None else round(value - previous, 4),
        progress_pct=None if prog.fraction is None else round(prog.fraction * 100, 1),
        overshoot_pct=round(prog.overshoot * 100, 1) if prog.overshoot else None,
        expected_pct=None if kr_expected is None else round(kr_expected * 100, 1),
        gap_points=gap, status=status, trend=trend,
        confidence=confidence.level if confidence else None,
        confidence_raw=confidence.raw if confidence else None,
        confidence_score=confidence.score if confidence else None,
        what_changed=latest.what_changed if latest else None, why=latest.why if latest else None,
        blockers=list(latest.blockers) if latest else [],
        next_actions=list(latest.next_actions) if latest else [],
        decisions_needed=list(latest.decisions_needed) if latest else [],
        last_update=latest.date if latest else None,
        days_since_update=(as_of - latest.date).days if latest else None,
        checkins=len(history),
        history=[HistoryPoint(date=c.date, value=c.value, confidence=c.confidence.level if c.confidence else None,
                              target=c.target) for c in history],
        score=score, score_reading=reading, notes=notes,
    )
