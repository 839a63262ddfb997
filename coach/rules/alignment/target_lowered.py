"""OKR410 target-lowered."""

from __future__ import annotations

from coach.model import Direction, Severity
from coach.rules.alignment._base import DiffRule
from coach.rules.base import Rationale, quote

_BAD = """\
==> base/growth.md <==
Team: Growth
Objective: Make the first week effortless so trials turn into customers
- Increase trial activation from 30% to 50%
- Reduce median time to first report from 6 days to 2 days
==> growth.md <==
Team: Growth
Objective: Make the first week effortless so trials turn into customers
- Increase trial activation from 30% to 40%
- Reduce median time to first report from 6 days to 2 days
"""
_GOOD = """\
==> base/growth.md <==
Team: Growth
Objective: Make the first week effortless so trials turn into customers
- Increase trial activation from 30% to 50%
- Reduce median time to first report from 6 days to 2 days
==> growth.md <==
Team: Growth
Objective: Make the first week effortless so trials turn into customers
- Increase trial activation from 30% to 55%
- Reduce median time to first report from 6 days to 1 day
"""


class TargetLowered(DiffRule):
    """
    ## What it does
    With `okr-coach check --diff BASE_REF`: flags a key result whose target the change makes less
    ambitious (a lower target for a metric to increase, a higher one for a metric to reduce).

    ## Why is this bad?
    Lowering a target can be the right call, but done quietly mid-cycle it hides a miss and teaches the
    team that commitments are soft. The reviewer should see it and ask for the reason in the change.
    """

    code = "OKR410"
    name = "target-lowered"
    severity = Severity.WARNING
    summary = "The change lowers a key result's target."
    fix = "Say why in the change (what was learnt), or keep the original target and record the miss at grading."
    rationale = Rationale("Targets changed during the cycle should be visible decisions, not silent edits.",
                          "alignment.md#reviewing-okr-changes")
    bad = (_BAD,)
    good = (_GOOD,)

    def check_changes(self, changes, sets):
        for change in changes:
            if change.new is None:
                continue
            position, kr = change.new
            old, new = change.old.measure, kr.measure
            direction = new.direction or old.direction
            if old.target is None or new.target is None or (old.unit or "") != (new.unit or ""):
                continue
            lowered = (direction is Direction.INCREASE and new.target < old.target
                       or direction is Direction.REDUCE and new.target > old.target)
            if lowered:
                yield change.set_index, self.finding(
                    objective=position, key_result=kr.position, line=kr.line,
                    message=f"O{position}.KR{kr.position}: the target goes from {old.target_text or old.target} "
                            f"to {new.target_text or new.target}", evidence=quote(kr.text))


RULE = TargetLowered()
