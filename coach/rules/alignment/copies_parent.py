"""OKR402 alignment-copies-parent."""

from __future__ import annotations

from coach.alignment.words import same_words
from coach.model import Severity
from coach.rules.alignment._base import AlignmentRule
from coach.rules.base import Rationale, quote

_BAD = """\
==> company.md <==
Team: Company
Set: company-q3-2026
Period: Q3 2026

Objective: Make self-serve our main growth channel so we grow without adding sales headcount
- KR1: Increase self-serve revenue share from 20% to 35%
- KR2: Increase trial-to-paid conversion from 8% to 12%
==> growth.md <==
Team: Growth
Parent set: company-q3-2026
Period: Q3 2026

Objective: Make self-serve our main growth channel so we grow without adding sales headcount
Supports: Company O1
- KR1: Increase trial activation from 30% to 50%
- KR2: Reduce median time to first report from 6 days to 2 days
"""
_GOOD = """\
==> company.md <==
Team: Company
Set: company-q3-2026
Period: Q3 2026

Objective: Make self-serve our main growth channel so we grow without adding sales headcount
- KR1: Increase self-serve revenue share from 20% to 35%
- KR2: Increase trial-to-paid conversion from 8% to 12%
==> growth.md <==
Team: Growth
Parent set: company-q3-2026
Period: Q3 2026

Objective: Make the first week in the product feel effortless so trials turn into customers
Supports: Company O1
- KR1: Increase trial activation from 30% to 50%
- KR2: Reduce median time to first report from 6 days to 2 days
"""


class CopiesParent(AlignmentRule):
    """
    ## What it does
    Flags a child objective or key result whose text is (nearly) the text of the parent item it supports.

    ## Why is this bad?
    Copying the parent down the org chart is the cascade-as-waterfall failure: the team restates a goal
    it cannot move alone instead of saying what it will change. Write the team's own contribution: the
    part of the parent result this team can move and measure.
    """

    code = "OKR402"
    name = "alignment-copies-parent"
    severity = Severity.WARNING
    summary = "A child objective or key result repeats the text of the parent it supports."
    fix = "Write what this team changes to move the parent, in its own words and with its own metric."
    rationale = Rationale("Alignment comes from a team saying how it contributes, not from copying the parent's "
                          "OKRs down.", "alignment.md#alignment-is-a-negotiation-not-a-cascade")
    bad = (_BAD,)
    good = (_GOOD,)

    def check_graph(self, graph, profile):
        for edge in graph.edges_of("supports"):
            target = edge.target
            if target is None or target.objective is None or target.set == edge.source.set:
                continue
            child, parent = graph.text(edge.source), graph.text(target)
            if same_words(child, parent):
                yield self.at(graph, edge.source, f"{edge.source.ref} repeats {graph.label(target)} instead of "
                              "saying what this team changes", evidence=quote(child))


RULE = CopiesParent()
