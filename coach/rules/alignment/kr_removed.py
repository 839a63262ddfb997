"""OKR411 kr-removed."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.alignment._base import DiffRule
from coach.rules.base import Rationale, quote

_BAD = """\
==> base/growth.md <==
Team: Growth
Objective: Make the first week effortless so trials turn into customers
- Increase trial activation from 30% to 50%
- Reduce median time to first report from 6 days to 2 days
- Increase week-one retention from 40% to 55%
==> growth.md <==
Team: Growth
Objective: Make the first week effortless so trials turn into customers
- Increase trial activation from 30% to 50%
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
- Increase trial activation from 30% to 50%
- Reduce median time to first report from 6 days to 2 days
- Increase week-one retention from 40% to 55%
"""


class KrRemoved(DiffRule):
    """
    ## What it does
    With `okr-coach check --diff BASE_REF`: flags a key result of the base version that the change
    removes (no key result with the same text or the same metric is left).

    ## Why is this bad?
    Dropping a key result mid-cycle can be a sound decision, but another team may depend on it or a parent
    objective may count on it. The reviewer should see it and the teams that link to it should hear of it.
    """

    code = "OKR411"
    name = "kr-removed"
    severity = Severity.WARNING
    summary = "The change removes a key result."
    fix = "Say why in the change, and tell the teams that depend on or support this key result."
    rationale = Rationale("Key results removed during the cycle should be visible decisions, not silent edits.",
                          "alignment.md#reviewing-okr-changes")
    bad = (_BAD,)
    good = (_GOOD,)

    def check_changes(self, changes, sets):
        for change in changes:
            if change.new is None:
                yield change.set_index, self.finding(
                    objective=None, line=change.new_objective_line,
                    message=f"The change removes O{change.objective}.KR{change.old.position} "
                            f"{quote(change.old.text)}", evidence=quote(change.old.text))


RULE = KrRemoved()
