"""OKR303 too-many-krs."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import Rationale, SetRule, quote

_KR = "- Increase weekly active teams from {a} to {b}\n"


class TooManyKrs(SetRule):
    """
    ## What it does
    Flags an objective with more key results than the profile allows (default 5, `focused` 4).

    ## Why is this bad?
    A long list of key results is usually a task list or a dashboard in disguise, and nobody can keep
    more than a handful in mind at a check-in. Keep the few that best show the objective was met.
    """

    code = "OKR303"
    name = "too-many-krs"
    severity = Severity.WARNING
    summary = "An objective has more key results than the profile allows."
    fix = "Keep the key results that best show the objective was met; move the rest to the KPI dashboard."
    rationale = Rationale("Two to five key results give a balanced view of an objective.",
                          "key-results.md#how-many-key-results")
    bad = ("Period: Q3 2026\nObjective: Make reporting a weekly habit so renewals rest on visible value\n"
           + "".join(_KR.format(a=10 * i, b=20 * i) for i in range(1, 7)),)
    good = ("Period: Q3 2026\nObjective: Make reporting a weekly habit so renewals rest on visible value\n"
            + "".join(_KR.format(a=10 * i, b=20 * i) for i in range(1, 4)),)

    def check(self, ctx):
        maximum = ctx.profile.limits.max_key_results
        for item in ctx.objectives:
            count = len(item.key_results)
            if count > maximum:
                yield self.finding(objective=item.objective.position, line=item.objective.line,
                                   evidence=f"{count} key results",
                                   message=f"{quote(item.objective.text)} has {count} key results; the "
                                           f"'{ctx.profile.name}' profile allows at most {maximum}")


RULE = TooManyKrs()
