"""OKR407 parent-objective-unsupported."""

from __future__ import annotations

from coach.alignment.graph import ItemKey
from coach.model import Severity
from coach.rules.alignment._base import AlignmentRule
from coach.rules.base import Rationale, quote

_BAD = """\
==> company.md <==
Team: Company
Set: company
Objective: Make self-serve our main growth channel so we grow without adding sales headcount
- Increase self-serve revenue share from 20% to 35%
- Increase trial-to-paid conversion from 8% to 12%
Objective: Keep customers longer so growth compounds instead of refilling a leaking bucket
- Increase net revenue retention from 98% to 108%
- Reduce logo churn from 3% to 2% a month
==> growth.md <==
Team: Growth
Parent set: company
Objective: Make the first week effortless so trials turn into customers
Supports: Company O1
- Increase trial activation from 30% to 50%
- Reduce median time to first report from 6 days to 2 days
"""
_GOOD = """\
==> company.md <==
Team: Company
Set: company
Objective: Make self-serve our main growth channel so we grow without adding sales headcount
- Increase self-serve revenue share from 20% to 35%
- Increase trial-to-paid conversion from 8% to 12%
==> growth.md <==
Team: Growth
Parent set: company
Objective: Make the first week effortless so trials turn into customers
Supports: Company O1
- Increase trial activation from 30% to 50%
- Reduce median time to first report from 6 days to 2 days
"""


class ParentUnsupported(AlignmentRule):
    """
    ## What it does
    Flags an objective of a parent set (a set that other sets in the run name as their parent) that no
    child objective or key result supports.

    ## Why is this bad?
    A company objective nobody works on will not move by itself. Either a team takes it on, or it is not
    a priority this cycle and should leave the set.
    """

    code = "OKR407"
    name = "parent-objective-unsupported"
    severity = Severity.WARNING
    summary = "No team supports this parent objective."
    fix = "Agree which team takes this objective on, or drop it from the parent set for this cycle."
    rationale = Rationale("Alignment runs both ways: the company needs to know which team it can count on for "
                          "each objective.",
                          "alignment.md#alignment-is-a-negotiation-not-a-cascade")
    bad = (_BAD,)
    good = (_GOOD,)

    def check_graph(self, graph, profile):
        supported = {(e.target.set, e.target.objective) for e in graph.edges_of("supports")
                     if e.target is not None and e.target.set != e.source.set}
        parents = {n.parent for n in graph.sets if n.parent is not None}
        for index in sorted(parents):
            node = graph.sets[index]
            for objective in node.okr_set.objectives:
                if (index, objective.position) not in supported:
                    key = ItemKey(index, objective.position)
                    yield self.at(graph, key, f"No set supports {graph.label(key)}", evidence=quote(objective.text))


RULE = ParentUnsupported()
