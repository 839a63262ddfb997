"""OKR203 objective-no-why."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import ObjectiveRule, Rationale, quote


class ObjectiveNoWhy(ObjectiveRule):
    """
    ## What it does
    Flags objectives that state no purpose: no "so that", "so we can", "in order to", "because",
    "which will", or purpose clause such as "to cut churn".

    ## Why is this bad?
    The why is what lets people make trade-offs on their own and what keeps the objective worth doing
    when the plan changes. "Improve the onboarding experience" leaves open what better would mean;
    "Make onboarding effortless so new customers reach value in their first week" does not.
    """

    code = "OKR203"
    name = "objective-no-why"
    severity = Severity.INFO
    roles = frozenset({'rewrite'})
    summary = "The objective does not say why it matters."
    fix = "Add the business value: '... so that <who> can <what changes for them>' or '... because <reason>'."
    rationale = Rationale("A good objective says what will change and why it matters.",
                          "objectives.md#the-objective-formula")
    bad = (
        "Improve the onboarding experience",
        "Grow team usage",
        "Pay people fairly",
    )
    good = (
        "Make onboarding effortless so new customers reach value in their first week",
        "Catch long-term conditions earlier because early treatment keeps people well",
        "Invest in self-service to cut support costs",
        "Make discharge instructions clear, which will cut avoidable readmissions",
        "Tighten month-end controls, to avoid restating the accounts",
    )

    def check_objective(self, item, ctx):
        if item.facts.purpose is None:
            yield self.at(item, f"{quote(item.objective.text)} does not say why it matters (no 'so that', "
                                "'because', 'in order to'...)")


RULE = ObjectiveNoWhy()
