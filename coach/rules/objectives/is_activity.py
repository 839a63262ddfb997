"""OKR202 objective-is-activity."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import ObjectiveRule, Rationale, as_written, quote


class ObjectiveIsActivity(ObjectiveRule):
    """
    ## What it does
    Flags objectives that name a solution or a task instead of a change in state: "Launch the mobile
    app", "Implement Salesforce", "Migrate to Kubernetes", "Complete the website redesign", or a
    certificate to earn ("Achieve ISO 27001", "Get SOC 2 Type II"). The same work done in a better way
    ("Hire great engineers faster", "Hire well"), a promise kept ("Deliver on ...") and money secured
    ("Secure seed funding") are states, not tasks.

    ## Why is this bad?
    A task as the objective fixes the solution before the team has agreed on the problem, and it is
    "achieved" the day the work ships, whether or not anything improved. Ask what the task is for and
    make that the objective; the task becomes an initiative.
    """

    code = "OKR202"
    name = "objective-is-activity"
    severity = Severity.WARNING
    roles = frozenset({'rewrite'})
    summary = "The objective names a task or a solution, not a change in state."
    fix = "Ask what the work is for and make that the objective; list the work as an initiative."
    rationale = Rationale("An objective describes a state the team wants to reach, not the work to get there.",
                          "objectives.md#a-state-not-a-task")
    bad = (
        "Launch the mobile app",
        "Implement Salesforce",
        "Migrate all services to Kubernetes",
        "Complete the website redesign",
        "Sign Acme as a reseller",
        "Achieve Cyber Essentials Plus",
    )
    good = (
        "Make checkout boringly reliable so customers never lose a basket to us",
        "Find product-market fit with independent bookshops",
        "Move the needle on brand",  # jargon (objective-corporate-fog), not a task
        "Raise our profile with local funders",
        "Hire well, so every team has the people it needs",  # a manner: the same work done well
        "Deliver on our promise of next-day repairs",  # keep a promise, not a task
    )

    def check_objective(self, item, ctx):
        hit = item.facts.activity
        if hit:
            words = as_written(item.objective.text, hit.words)
            yield self.at(item, f"{quote(item.objective.text)}: '{words}' names work to do; the objective "
                                "should say what will be different when it is done", evidence=words)


RULE = ObjectiveIsActivity()
