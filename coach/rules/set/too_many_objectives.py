"""OKR301 too-many-objectives."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import Rationale, SetRule

_FIVE = ("Objective: Make onboarding effortless so new customers reach value in week one\n"
         "- Increase onboarding completion from 42% to 75%\n- Cut time to first value from 9 days to 3 days\n")


class TooManyObjectives(SetRule):
    """
    ## What it does
    Flags a set with more objectives than the profile allows (default 5, `focused` 3).

    ## Why is this bad?
    Focus is the point of OKRs: when everything is a priority, nothing is. Each extra objective thins the
    attention the others get; keep the rest as business as usual or for a later cycle.
    """

    code = "OKR301"
    name = "too-many-objectives"
    severity = Severity.WARNING
    summary = "The set has more objectives than the profile allows."
    fix = "Keep the objectives that matter most this cycle; move the rest to the backlog or the KPI dashboard."
    rationale = Rationale("A few objectives keep a team focused.", "objectives.md#how-many-objectives")
    bad = ("Period: Q3 2026\n" + _FIVE * 6,)
    good = ("Period: Q3 2026\n" + _FIVE * 3,)

    def check(self, ctx):
        count, limit = len(ctx.okr_set.objectives), ctx.profile.limits.max_objectives
        if count > limit:
            yield self.finding(objective=None, evidence=f"{count} objectives",
                               message=f"The set has {count} objectives; the '{ctx.profile.name}' profile allows "
                                       f"at most {limit}")


RULE = TooManyObjectives()
