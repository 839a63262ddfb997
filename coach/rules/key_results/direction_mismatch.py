"""OKR107 kr-direction-mismatch."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.analysis import direction_conflict
from coach.rules.base import KeyResultRule, Rationale, quote


class KrDirectionMismatch(KeyResultRule):
    """
    ## What it does
    Flags key results whose verb and numbers disagree: "Increase X from 50 to 40", "Reduce cost per lead
    from $85 to $120".

    ## Why is this bad?
    One of the two is a typo, and the team cannot know which. Check-ins will report progress in the
    wrong direction, and the score at the end of the cycle will be meaningless.
    """

    code = "OKR107"
    name = "kr-direction-mismatch"
    severity = Severity.ERROR
    summary = "The direction verb contradicts the baseline and target."
    fix = "Fix the verb or swap the numbers so that the target lies in the direction the key result states."
    rationale = Rationale("The verb of a key result states which way the metric must move.",
                          "key-results.md#direction-of-change")
    bad = (
        "Increase homepage-to-signup conversion from 3.4% to 2.5%",
        "Reduce cost per lead from $85 to $120",
        "Cut mean time to remediate from 12 days to 30 days",
    )
    good = (
        "Increase conversion from 2.5% to 3.4%",
        "Reduce cost per lead from $120 to $85",
        "Cut failover time from 12 minutes to 60 seconds",
        "Improve NPS from 31 to 45",
        "Quote turnaround from 2 days to 6h",  # no verb: the numbers set the direction, in one unit
    )

    def check_key_result(self, item, ctx):
        conflict = direction_conflict(item.measure, item.facts)
        if conflict is None:
            return
        base, target = item.measure.baseline_text or conflict[0], item.measure.target_text or conflict[1]
        verb = "increase" if conflict[1] < conflict[0] else "reduce"  # the stated way is against the numbers
        moves = "down" if verb == "increase" else "up"
        yield self.at(item, f"{quote(item.kr.text)} says {verb}, but {base} -> {target} goes {moves}",
                      evidence=f"{base} -> {target}")


RULE = KrDirectionMismatch()
