"""OKR105 kr-not-time-bound."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import KeyResultRule, Rationale, quote


class KrNotTimeBound(KeyResultRule):
    """
    ## What it does
    Flags key results when neither the line ("by end of Q2", "by 30 June", "in Q3", "within 90 days",
    "this quarter") nor the set (a period line or title: "Q3 2026", "H1", "FY26", "Cycle: ...") says
    when the result is due.

    ## Why is this bad?
    Without a deadline there is no point at which the key result is graded, and no pace to check progress
    against. One period line at the top of the draft covers every key result.
    """

    code = "OKR105"
    name = "kr-not-time-bound"
    severity = Severity.WARNING
    summary = "Neither the key result nor the set says when it is due."
    fix = "Add the cycle to the draft ('Period: Q3 2026') or a deadline to the key result ('by 30 September')."
    rationale = Rationale("Key results are graded at a fixed date; the cycle sets the pace of check-ins.",
                          "key-results.md#time-bound-key-results")
    example_period = None
    bad = (
        "Increase onboarding completion rate from 42% to 75%",
        "Remain below 2 sev-1 incidents per quarter",
    )
    good = (
        "Increase onboarding completion rate from 42% to 75% by end of Q2",
        "Reduce churn from 5% to 3% by 30 September",
        "Cut median response time from 9 hours to 2 hours this quarter",
        "Increase weekly active users from 1,900 to 3,000 by 2026-09-30",
        "Team: Support\nPeriod: H1 2026\nObjective: Make help effortless so customers stay\n"
        "- Reduce first response time from 9 hours to 2 hours\n- Increase CSAT from 82% to 90%",
    )

    def check_key_result(self, item, ctx):
        if ctx.period or item.facts.deadline or item.objective_deadline:
            return
        yield self.at(item, f"{quote(item.kr.text)} has no deadline and the draft names no period",
                      evidence=None)


RULE = KrNotTimeBound()
