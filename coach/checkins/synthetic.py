"""Seeded synthetic OKR sets and check-in histories, for the benchmark and the property tests.

Deterministic for a given seed; uses only the standard library's ``random``.
"""

from __future__ import annotations

import datetime as dt
import random

from coach.model import CheckIn, Confidence, ConfidenceLevel, Direction, KeyResult, Measure, Objective, OkrSet, kr_ref

_OWNERS = ["Priya", "Sam", "Jordan", "Alex", "Mei", "Tomas"]
_BLOCKERS = ["Waiting on the Platform team for the SSO API", "Legal review of the new contract",
             "Data pipeline outage", "Hiring freeze in Support", "Waiting on platform team for SSO API"]
_ACTIONS = ["Pair with Platform on the API", "Run two customer interviews", "Ship the pricing test",
            "Review the funnel with Sales"]
_METRICS = [("activation rate", "%", 20.0, 35.0), ("monthly churn", "%", 4.0, 2.5), ("NPS", "points", 31.0, 45.0),
            ("weekly active teams", None, 1200.0, 2000.0), ("p95 latency", "ms", 900.0, 400.0)]
_LEVELS = [ConfidenceLevel.HIGH, ConfidenceLevel.MEDIUM, ConfidenceLevel.LOW]


def synthetic_set(n_krs: int, *, seed: int = 0, starts: dt.date = dt.date(2026, 7, 1),
                  ends: dt.date = dt.date(2026, 9, 30)) -> OkrSet:
    """An OKR set with ``n_krs`` KRs, three per objective, mixing increasing and decreasing metrics."""
    rng = random.Random(seed)
    objectives: list[Objective] = []
    for index in range(n_krs):
        o_pos, k_pos = index // 3 + 1, index % 3 + 1
        if k_pos == 1:
            objectives.append(Objective(text=f"Make customers successful, area {o_pos}", position=o_pos))
        metric, unit, baseline, target = _METRICS[rng.randrange(len(_METRICS))]
        direction = Direction.INCREASE if target > baseline else Direction.REDUCE
        has_baseline = rng.random() > 0.15
        measure = Measure(metric=metric, direction=direction, baseline=baseline if has_baseline else None,
                          target=target, unit=unit)
        objectives[-1].key_results.append(KeyResult(
            text=f"{direction.value.capitalize()} {metric} to {target:g}", position=k_pos,
            owner=rng.choice(_OWNERS), measure=measure,
            kind="committed" if rng.random() < 0.2 else "aspirational"))
    return OkrSet(team="Synthetic", period="Q3 2026", starts=starts, ends=ends, objectives=objectives)


def synthetic_checkins(okr_set: OkrSet, weeks: int, *, seed: int = 0) -> list[CheckIn]:
    """Weekly check-ins for every KR of ``okr_set``, drifting towards (or away from) the target."""
    rng = random.Random(seed)
    start_date = okr_set.starts or dt.date(2026, 7, 1)
    out: list[CheckIn] = []
    for objective, kr in okr_set.iter_key_results():
        ref = kr_ref(objective.position, kr.position)
        base = kr.measure.baseline if kr.measure.baseline is not None else kr.measure.target * 0.6
        value = base
        step = (kr.measure.target - base) / 13 * rng.uniform(-0.5, 1.6)
        for week in range(weeks):
            if week and rng.random() < 0.08:
                continue  # a missed week
            value = round(value + step * rng.uniform(0.2, 1.8), 2)
            level = rng.choice(_LEVELS)
            out.append(CheckIn(
                key_result=ref, date=start_date + dt.timedelta(days=7 * week), value=value,
                confidence=Confidence(level=level, raw=level.value.capitalize()),
                what_changed=f"Moved to {value:g} this week",
                blockers=[rng.choice(_BLOCKERS)] if rng.random() < 0.3 else [],
                next_actions=[rng.choice(_ACTIONS)] if rng.random() < 0.7 else [],
                owner=kr.owner,
                target=round(kr.measure.target * 0.9, 2) if week == 6 and rng.random() < 0.1 else None))
    return out
