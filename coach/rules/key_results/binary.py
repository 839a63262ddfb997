"""OKR109 kr-binary."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import KeyResultRule, Rationale, as_written, quote


class KrBinary(KeyResultRule):
    """
    ## What it does
    Flags yes/no milestones that are not phrased as a task: "New pricing page is live", "SOC 2 Type II
    report received", "Partnership with Acme signed", "Secure a multi-year grant".

    ## Why is this bad?
    A binary key result reads 0% until the last day and then 100%: check-ins show no progress and give no
    early warning. The milestone is usually a step towards a result that can be measured along the way.
    """

    code = "OKR109"
    name = "kr-binary"
    severity = Severity.WARNING
    roles = frozenset({'rewrite', 'initiative', 'not-outcome'})
    summary = "The key result is a yes/no milestone with no progress signal."
    fix = ("Measure what the milestone is for ('Increase deals closed with the partner from 0 to 8'), or "
           "keep the milestone as an initiative.")
    rationale = Rationale("Key results should show progress during the cycle, not only at the end.",
                          "key-results.md#binary-milestones")
    bad = (
        "New pricing page is live",
        "SOC 2 Type II report received",
        "Partnership with Acme signed",
        "Mobile app available in both app stores",
        "Secure a multi-year grant from the city",
    )
    good = (
        "Increase the share of deals using the new pricing page from 0% to 60%",
        "Launch the new pricing page",  # a task: kr-is-activity
        "Live chat answered within 60 seconds for 85% of chats, up from 62%",
        "Sign 20 new reseller partners, up from 12",
    )

    def check_key_result(self, item, ctx):
        hit = item.facts.binary
        if hit:
            words = as_written(item.kr.text, hit.words)
            yield self.at(item, f"{quote(item.kr.text)} is a yes/no milestone ('{words}'): it shows no "
                                "progress until the day it is done", evidence=words)


RULE = KrBinary()
