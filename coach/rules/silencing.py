"""Which finding silences which, declared in one place.

A coach reports a line once, by its biggest problem: a task is reported as a task, not also as "no metric";
a yes/no milestone is not also "missing a target"; a level the team holds is a KPI, so its missing
baseline is beside the point. Each rule's predicate ignores the others; the engine applies this table to
the findings of one location afterwards, whether or not the silencing rule is selected for output
(``--ignore kr-is-activity`` hides the activity findings, it does not turn tasks into "no metric").
"""

from __future__ import annotations

from collections.abc import Iterable

from coach.model import Finding

#: silencer -> the rules whose findings at the same location it removes.
SILENCES: dict[str, tuple[str, ...]] = {
    "kr-is-activity": ("kr-no-metric", "kr-missing-target", "kr-missing-baseline", "kr-unfilled-placeholder"),
    "kr-binary": ("kr-no-metric", "kr-missing-target", "kr-missing-baseline"),
    "kr-maintain-kpi": ("kr-missing-baseline", "kr-missing-target", "kr-no-metric"),
    # A blank where a value belongs is one finding ("fill it in"), not a missing target, baseline or metric.
    "kr-unfilled-placeholder": ("kr-missing-target", "kr-missing-baseline", "kr-no-metric"),
}


def silencers() -> frozenset[str]:
    """Rules that must run for silencing even when they are not selected for output."""
    return frozenset(SILENCES)


def apply(findings: Iterable[Finding]) -> list[Finding]:
    """The findings minus those a finding at the same location silences (order kept)."""
    findings = list(findings)
    silenced: set[tuple[str, int | None, int | None]] = set()
    for f in findings:
        for name in SILENCES.get(f.name, ()):
            silenced.add((name, f.location.objective, f.location.key_result))
    return [f for f in findings
            if (f.name, f.location.objective, f.location.key_result) not in silenced]
