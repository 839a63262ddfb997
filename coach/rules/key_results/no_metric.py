"""OKR102 kr-no-metric."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import KeyResultRule, Rationale, quote


class KrNoMetric(KeyResultRule):
    """
    ## What it does
    Flags key results that name nothing measurable: no number and no metric (a rate, a score such as NPS
    or CSAT, revenue, cost, churn, conversion, time, uptime, a count of users or tickets...).

    ## Why is this bad?
    If nobody can say at the end of the cycle whether the key result was achieved, it is a wish. Words
    like "happier", "stronger" or "delightful" invite a debate instead of a check-in. Lines that are tasks
    are reported by kr-is-activity instead, and one-off milestones by kr-binary.
    """

    code = "OKR102"
    name = "kr-no-metric"
    severity = Severity.ERROR
    roles = frozenset({'rewrite', 'not-outcome'})
    summary = "The key result names no measurable quantity."
    fix = ("Pick the metric that would show this happened (a rate, a score, a count, a time) and state it "
           "with a baseline and a target.")
    rationale = Rationale("Every key result must be verifiable with a number at the end of the cycle.",
                          "key-results.md#every-key-result-is-measurable")
    bad = (
        "Improve customer happiness",
        "Make onboarding delightful",
        "Strengthen our team culture",
        "Become the go-to partner for mid-market retailers",
        "Managers feel more confident",
        "Better 1:1s across the company",
    )
    good = (
        "Increase CSAT from 82% to 90%",
        "Reduce churn",  # a metric with no target: kr-missing-target, not this rule
        "Launch the new onboarding flow",  # an activity: kr-is-activity, not this rule
        "New pricing page is live",  # a milestone: kr-binary
        "Increase families reached by the outreach team",
    )

    def check_key_result(self, item, ctx):
        facts = item.facts
        if facts.metric is None:  # tasks and milestones: silenced (coach.rules.silencing)
            yield self.at(item, f"{quote(item.kr.text)} names no number and no metric: nobody can tell at "
                                "the end of the cycle whether it was achieved", evidence=item.kr.text)


RULE = KrNoMetric()
