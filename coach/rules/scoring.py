"""Quality scores 0-100 for each key result, each objective and the whole set, derived from findings.

The formula (also in docs/scoring.md):

* Every finding costs points by severity: error 40, warning 15, info 5 (:data:`PENALTY`).
* **Key result** = max(0, 100 - cost of the findings located on that key result).
* **Objective** = max(0, mean of its key-result scores - cost of the findings located on the objective
  itself: objective rules, too-few-krs, too-many-krs). An objective with no key results has a mean of 0:
  nothing in it can be measured.
* **Set** = max(0, mean of the objective scores - cost of set-level findings such as
  too-many-objectives). A set with no objectives scores 0.

Means are rounded half up to whole numbers before subtracting. So each level blends what is below it with its own
findings, and a finding always lowers every score above it. Info findings cost little on purpose: they are
advice, not defects.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from coach.model import Finding, OkrSet, Scores, Severity

PENALTY = {Severity.ERROR: 40, Severity.WARNING: 15, Severity.INFO: 5}


def _cost(findings: Iterable[Finding]) -> int:
    return sum(PENALTY[f.severity] for f in findings)


def _mean(values: list[int]) -> int:
    return math.floor(sum(values) / len(values) + 0.5) if values else 0  # half up: 88.5 -> 89


def score(okr_set: OkrSet, findings: list[Finding]) -> Scores:
    """Scores per key result, objective and set (see the module docstring for the formula)."""
    by_kr: dict[tuple[int, int], list[Finding]] = {}
    by_objective: dict[int, list[Finding]] = {}
    set_level: list[Finding] = []
    for f in findings:
        loc = f.location
        if loc.objective is None:
            set_level.append(f)
        elif loc.key_result is None:
            by_objective.setdefault(loc.objective, []).append(f)
        else:
            by_kr.setdefault((loc.objective, loc.key_result), []).append(f)

    kr_scores: list[list[int]] = []
    objective_scores: list[int] = []
    for objective in okr_set.objectives:
        krs = [max(0, 100 - _cost(by_kr.get((objective.position, kr.position), ())))
               for kr in objective.key_results]
        kr_scores.append(krs)
        objective_scores.append(max(0, _mean(krs) - _cost(by_objective.get(objective.position, ()))))
    set_score = max(0, _mean(objective_scores) - _cost(set_level)) if objective_scores else 0
    return Scores(set=set_score, objectives=objective_scores, key_results=kr_scores)
