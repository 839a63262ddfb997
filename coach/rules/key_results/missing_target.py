"""OKR104 kr-missing-target."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import KeyResultRule, Rationale, quote


class KrMissingTarget(KeyResultRule):
    """
    ## What it does
    Flags key results that name a metric but no target value: "Increase trial-to-paid conversion",
    "Reduce churn", "Improve NPS from 31" (a baseline alone).

    ## Why is this bad?
    Any movement counts as success, so the key result cannot be scored and does not say how ambitious
    the team is. Lines that name no metric at all are reported by kr-no-metric instead.
    """

    code = "OKR104"
    name = "kr-missing-target"
    severity = Severity.ERROR
    roles = frozenset({'rewrite', 'sharpen'})
    summary = "The key result names a metric but no target value."
    fix = "Add the value to reach by the end of the cycle: 'from X to Y', 'to at least Y' or 'by N%'."
    rationale = Rationale("A key result needs a target so that it can be graded at the end of the cycle.",
                          "key-results.md#baseline-and-target")
    bad = (
        "Increase trial-to-paid conversion",
        "Reduce churn",
        "Improve NPS from 31",
        "Design system adoption up",
        "Increase families reached by the outreach team",
        "Reduce deploy lead time significantly",
        "Missed handovers reduced",
    )
    good = (
        "Increase trial-to-paid conversion from 8% to 12%",
        "Reduce monthly churn by 20% from 5%",
        "Improve customer happiness",  # no metric: kr-no-metric
        "Launch the referral programme",
    )

    def check_key_result(self, item, ctx):
        facts = item.facts
        if facts.metric is None or facts.has_target:  # tasks and milestones: silenced
            return
        metric = item.measure.metric or facts.metric.words
        yield self.at(item, f"{quote(item.kr.text)} names a metric ('{metric}') but no value to reach",
                      evidence=facts.metric.words)


RULE = KrMissingTarget()
