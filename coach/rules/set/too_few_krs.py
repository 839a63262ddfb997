"""OKR302 too-few-krs."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import Rationale, SetRule, quote


class TooFewKrs(SetRule):
    """
    ## What it does
    Flags an objective with fewer key results than the profile asks for (default 2, `classic` 3).

    ## Why is this bad?
    A single key result can be met in ways that miss the objective (more sign-ups, but worse ones). A
    second measure, ideally of quality or of a side effect, keeps the first one honest.
    """

    code = "OKR302"
    name = "too-few-krs"
    severity = Severity.WARNING
    summary = "An objective has fewer key results than the profile asks for."
    fix = "Add a key result that measures the objective from another side (quality, cost, a side effect)."
    rationale = Rationale("Two to five key results give a balanced view of an objective.",
                          "key-results.md#how-many-key-results")
    bad = ("Period: Q3 2026\nObjective: Find product-market fit with bookshops so we can raise a seed round\n"
           "- Increase paying bookshops from 12 to 40\n",)
    good = ("Period: Q3 2026\nObjective: Find product-market fit with bookshops so we can raise a seed round\n"
            "- Increase paying bookshops from 12 to 40\n- Raise 8-week bookshop retention from 60% to 80%\n",)

    #: The fix for an objective written before its key results: there is nothing yet to balance.
    fix_none = ("Write two to five key results that would show this objective is met: what changes, for whom, "
                "from what level to what level.")

    def check(self, ctx):
        minimum = ctx.profile.limits.min_key_results
        for item in ctx.objectives:
            count = len(item.key_results)
            if count < minimum:
                yield self.finding(objective=item.objective.position, line=item.objective.line,
                                   fix=self.fix_none if count == 0 else None,
                                   evidence=f"{count} key result{'s' if count != 1 else ''}",
                                   message=f"{quote(item.objective.text)} has {count} key result"
                                           f"{'s' if count != 1 else ''}; the '{ctx.profile.name}' profile asks "
                                           f"for at least {minimum}")


RULE = TooFewKrs()
