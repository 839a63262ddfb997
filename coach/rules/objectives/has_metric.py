"""OKR201 objective-has-metric."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import ObjectiveRule, Rationale, quote


class ObjectiveHasMetric(ObjectiveRule):
    """
    ## What it does
    Flags objectives that state a number, a percentage or an amount of money ("Grow revenue to $5M",
    "Reach 10,000 users"). Years (2026), cycle names (Q3, H1, FY26), grades and standards ("2nd grade",
    "ISO 27001"), release names ("Ship 4.18") and number words used as words ("one team") are not counted.

    ## Why is this bad?
    The objective says where to go and why it matters; the numbers belong in its key results. An
    objective that is a number leaves the key results to repeat it, and gives the team nothing to rally
    behind.
    """

    code = "OKR201"
    name = "objective-has-metric"
    severity = Severity.WARNING
    roles = frozenset({'rewrite'})
    summary = "The objective states a number; numbers belong in the key results."
    fix = "Say in words what will be different and why it matters; move the number into a key result."
    rationale = Rationale("Objectives are qualitative; key results carry the numbers.",
                          "objectives.md#objectives-are-qualitative")
    bad = (
        "Grow revenue to $5M",
        "Reach 10,000 users",
        "Cut security incidents by 50% so customers keep trusting us",
    )
    good = (
        "Make onboarding effortless so new customers reach value in their first week",
        "Win the mid-market in 2026 so we stop depending on three big accounts",
        "Strengthen early reading so no child leaves 2nd grade unable to read",
        "Become one team across sales and support so customers hear one answer",
    )

    def check_objective(self, item, ctx):
        if item.facts.quantities:
            listed = ", ".join(f"'{q}'" for q in item.facts.quantities)
            yield self.at(item, f"{quote(item.objective.text)} states {listed}: keep the objective "
                                "qualitative and put the number in a key result", evidence=item.facts.quantities[0])


RULE = ObjectiveHasMetric()
