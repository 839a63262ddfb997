"""Quality scores 0-100 for each key result, each objective and the whole set, derived from findings.

The formula (also in docs/scoring.md):

* Every finding costs points by severity: error 30, warning 12, info 4 (:data:`PENALTY`).
* **Key result** = max(0, 100 - the cost of the findings located on that key result).
* **Objective** = 0.4 x own + 0.6 x (mean of its key results), where *own* = max(0, 100 - the cost of the
  findings located on the objective itself: objective rules, too-few-krs, too-many-krs). An objective
  with no key results scores its own part x 0.4 (the missing key results count as 0).
* **Set** = 0.8 x (mean of the objectives) + 0.2 x max(0, 100 - the cost of set-level findings such as
  too-many-objectives). A set with no objectives scores 0.

Scores are rounded to whole numbers. Info findings cost little on purpose: they are advice, not defects.
"""

from __future__ import annotations

from collections.abc import Iterable

from coach.model import Finding, OkrSet, Scores, Severity

PENALTY = {Severity.ERROR: 30, Severity.WARNING: 12, Severity.INFO: 4}
OBJECTIVE_OWN_WEIGHT = 0.4
SET_OWN_WEIGHT = 0.2


def _cost(findings: Iterable[Finding]) -> int:
    return sum(PENALTY[f.severity] for f in findings)


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
        own = max(0, 100 - _cost(by_objective.get(objective.position, ())))
        mean_krs = sum(krs) / len(krs) if krs else 0.0
        kr_scores.append(krs)
        objective_scores.append(round(OBJECTIVE_OWN_WEIGHT * own + (1 - OBJECTIVE_OWN_WEIGHT) * mean_krs))
    if objective_scores:
        set_own = max(0, 100 - _cost(set_level))
        mean_objectives = sum(objective_scores) / len(objective_scores)
        set_score = round((1 - SET_OWN_WEIGHT) * mean_objectives + SET_OWN_WEIGHT * set_own)
    else:
        set_score = 0
    return Scores(set=set_score, objectives=objective_scores, key_results=kr_scores)
