"""OKR106 kr-maintain-kpi."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import KeyResultRule, Rationale, as_written, quote


class KrMaintainKpi(KeyResultRule):
    """
    ## What it does
    Flags key results that keep a health metric at a level instead of changing it: maintain, keep,
    sustain, hold, remain, stay above/below, preserve, protect ("Maintain 99.9% uptime",
    "Keep monthly churn below 2%"), also after the metric ("Availability maintained at 97%+").

    ## Why is this bad?
    Holding a level is business as usual: it belongs on a KPI dashboard that the team watches all the
    time. Listing it as a key result spends one of the few slots meant for what must change this cycle.
    If the metric is at risk, say so and set a recovery target instead.
    """

    code = "OKR106"
    name = "kr-maintain-kpi"
    severity = Severity.WARNING
    summary = "The key result keeps a health metric at a level instead of changing it."
    fix = ("Move the metric to the team's KPI dashboard, or, if it is slipping, write the change you need "
           "('Raise uptime from 99.5% to 99.9%').")
    rationale = Rationale("Health metrics are monitored continuously; OKRs are for the few things that must "
                          "change this cycle.", "kpis-vs-okrs.md#health-metrics-belong-on-a-dashboard")
    bad = (
        "Maintain 99.9% uptime",
        "Keep monthly churn below 2%",
        "Sustain NPS above 50",
        "Hold p99 latency under 500 ms",
        "Uptime stays above 99.9%",
        "Bed occupancy maintained below 92%",
    )
    good = (
        "Raise uptime from 99.5% to 99.9%",
        "Hold 4 customer workshops",
        "Maintain relationships with existing major donors",  # nothing measured: kr-no-metric
        "Reduce the remaining backlog from 400 to 150 tickets",
        "Workshops held at 4 partner schools",  # a count of places, not a level: kr-is-activity
    )

    def check_key_result(self, item, ctx):
        facts = item.facts
        if facts.keep and facts.metric is not None:
            words = as_written(item.kr.text, facts.keep.words)
            yield self.at(item, f"{quote(item.kr.text)}: '{words}' holds a level; this is a health "
                                "metric for the KPI dashboard, not a change to achieve", evidence=words)


RULE = KrMaintainKpi()
