"""OKR103 kr-missing-baseline."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import KeyResultRule, Rationale, quote


class KrMissingBaseline(KeyResultRule):
    """
    ## What it does
    Flags key results with a numeric target (a level "to 75%", a threshold "at least 120", a change
    "by 25%" or a factor "double") but no starting value ("from X", "X -> Y", "up from X", "currently X").

    ## Why is this bad?
    Without the starting point nobody can judge whether the target is ambitious or already met, and
    progress at check-ins has nothing to be measured against. Key results that hold a level
    (kr-maintain-kpi) and tasks are not checked.
    """

    code = "OKR103"
    name = "kr-missing-baseline"
    severity = Severity.WARNING
    summary = "The key result has a target but no baseline."
    fix = "State where the metric stands today: 'from X to Y'. If nobody knows, measure it in the first weeks."
    rationale = Rationale("A target only means something next to the value it starts from.",
                          "key-results.md#baseline-and-target")
    bad = (
        "Grow ARR to $5M",
        "Reduce report load time to under 2 seconds",
        "Cut CI build times by 40%",
        "Double organic traffic to the pricing page",
        "Get 40 paying bookshops",
        "Raise NPS to 8.5 or higher",
        "Late deliveries halved",
    )
    good = (
        "Grow ARR from $4M to $5M",
        "Cut CI build times by 40% (from 20 minutes)",
        "Raise NPS from 31 to 45",
        "Increase trial-to-paid conversion from 8% to 12%",
        "Maintain 99.9% uptime",
        "Publish 12 blog posts",
        "Increase 30-day retention",  # no target at all: kr-missing-target
        "Cut refund rate to 2% (it's 3.4% today)",  # the start, in brackets
        "Lift the hygiene score from amber (68) to 85",
    )

    def check_key_result(self, item, ctx):
        facts = item.facts
        if facts.metric is None:  # tasks, milestones, held levels: silenced (coach.rules.silencing)
            return
        if facts.has_target and not facts.has_baseline:
            target = item.measure.target_text or (f"by {item.measure.change:g}{item.measure.change_unit or ''}"
                                                  if item.measure.change is not None else None)
            said = f" ({target})" if target else ""
            yield self.at(item, f"{quote(item.kr.text)} states a target{said} but not where the metric starts",
                          evidence=target)


RULE = KrMissingBaseline()
