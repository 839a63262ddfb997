"""OKR401 objective-unaligned."""

from __future__ import annotations

from coach.alignment.graph import ItemKey
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

Objective: Make the first week in the product feel effortless so trials turn into customers
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


class UnalignedObjective(AlignmentRule):
    """
    ## What it does
    Flags an objective of a team set that names a parent set, when neither the objective nor any of its
    key results says which parent objective or KR it supports.

    ## Why is this bad?
    A reader cannot follow the line from this objective to a company priority, so nobody can tell whether
    it helps or competes. Some objectives rightly stand alone (a platform's own reliability work): say so
    with `Supports: none` and one line on why, and the rule stays quiet.
    """

    code = "OKR401"
    name = "objective-unaligned"
    severity = Severity.WARNING
    summary = "A team objective supports nothing although the set has a parent set."
    fix = ("Add 'Supports: <parent set> O<n>' under the objective, or 'Supports: none' with the reason it"
           " stands alone.")
    rationale = Rationale("Team objectives should name the parent objective they move, or say why they stand alone.",
                          "alignment.md#laddering-up-to-a-parent-objective")
    bad = (_BAD,)
    good = (_GOOD,)

    def check_graph(self, graph, profile):
        for node in graph.sets:
            if node.parent is None and not node.links.parent_set:
                continue
            for objective in node.okr_set.objectives:
                key = ItemKey(node.index, objective.position)
                own = graph.item_links(key)
                if own.supports or node.links.set_level.supports:
                    continue  # stated (a broken reference is OKR409's business)
                if any(graph.item_links(ItemKey(node.index, objective.position, kr.position)).supports
                       for kr in objective.key_results):
                    continue
                parent = graph.sets[node.parent].name if node.parent is not None else node.links.parent_set
                yield self.at(graph, key, f"O{objective.position} of {node.name} supports nothing in its parent "
                              f"set {parent}",
                              evidence=quote(objective.text))


RULE = UnalignedObjective()
