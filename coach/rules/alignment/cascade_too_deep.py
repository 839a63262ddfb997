"""OKR403 cascade-too-deep."""

from __future__ import annotations

from coach.alignment.words import alignment_limits
from coach.model import Severity
from coach.rules.alignment._base import AlignmentRule
from coach.rules.base import Rationale

_BAD = """\
==> company.md <==
Set: company
Objective: Win the mid-market so revenue stops depending on five large accounts
- Increase mid-market ARR from $2M to $3.5M
- Increase mid-market logos from 120 to 180
==> sales.md <==
Set: sales
Parent set: company
Objective: Make mid-market deals close faster so the pipeline turns within the quarter
Supports: company O1
- Reduce median sales cycle from 60 days to 40 days
- Increase win rate from 18% to 25%
==> emea.md <==
Set: emea
Parent set: sales
Objective: Make EMEA mid-market deals close faster so the region carries its share
Supports: sales O1
- Reduce EMEA sales cycle from 70 days to 45 days
- Increase EMEA win rate from 15% to 22%
==> emea-north.md <==
Set: emea-north
Parent set: emea
Objective: Make Nordic deals close faster so the north region carries its share
Supports: emea O1
- Reduce Nordic sales cycle from 75 days to 50 days
- Increase Nordic win rate from 12% to 20%
"""
_GOOD = """\
==> company.md <==
Set: company
Objective: Win the mid-market so revenue stops depending on five large accounts
- Increase mid-market ARR from $2M to $3.5M
- Increase mid-market logos from 120 to 180
==> sales.md <==
Set: sales
Parent set: company
Objective: Make mid-market deals close faster so the pipeline turns within the quarter
Supports: company O1
- Reduce median sales cycle from 60 days to 40 days
- Increase win rate from 18% to 25%
==> emea.md <==
Set: emea
Parent set: sales
Objective: Make EMEA mid-market deals close faster so the region carries its share
Supports: sales O1
- Reduce EMEA sales cycle from 70 days to 45 days
- Increase EMEA win rate from 15% to 22%
"""


class CascadeTooDeep(AlignmentRule):
    """
    ## What it does
    Flags a set whose chain of parent sets is longer than the profile allows (default: three levels,
    company, department, team; `focused`: two).

    ## Why is this bad?
    Every level adds a round of alignment and slows the cycle, and the lowest levels end up restating the
    ones above. Link the team to the level that sets real choices and skip the layers in between.
    """

    code = "OKR403"
    name = "cascade-too-deep"
    severity = Severity.WARNING
    summary = "The set sits deeper in the cascade than the profile allows."
    fix = "Link this set to a higher level (skip a middle layer) or fold it into its parent's OKRs."
    rationale = Rationale("Few levels keep alignment fast; each extra level costs a round of negotiation.",
                          "alignment.md#how-many-levels-to-cascade")
    bad = (_BAD,)
    good = (_GOOD,)

    def check_graph(self, graph, profile):
        limit = alignment_limits(profile)["max_depth"]
        for node in graph.sets:
            if node.depth > limit:
                chain = [node.name]
                index = node.parent
                while index is not None and len(chain) < node.depth:
                    chain.append(graph.sets[index].name)
                    index = graph.sets[index].parent
                yield node.index, self.finding(
                    objective=None, evidence=" -> ".join(chain),
                    message=f"{node.name} is level {node.depth} of its cascade; the '{profile.name}' profile "
                            f"allows {limit}")


RULE = CascadeTooDeep()
