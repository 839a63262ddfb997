"""OKR409 alignment-broken-reference."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.alignment._base import AlignmentRule
from coach.rules.base import Rationale

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
Objective: Make the first week effortless so trials turn into customers
Supports: Company O4
- Increase trial activation from 30% to 50%
- Reduce median time to first report from 6 days to 2 days
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
Objective: Make the first week effortless so trials turn into customers
Supports: Company O1
- Increase trial activation from 30% to 50%
- Reduce median time to first report from 6 days to 2 days
"""


class BrokenReference(AlignmentRule):
    """
    ## What it does
    Flags a `Supports:`, `Depends on:` or `Acknowledges:` reference that names a set, objective or key
    result that none of the sets checked together has.

    ## Why is this bad?
    A link that points nowhere looks like alignment but proves nothing; usually a parent objective was
    renumbered or the set was left out of the run. Check the sets together (`okr-coach check okrs/`); a
    set checked on its own is not told that the sets it names are missing.
    """

    code = "OKR409"
    name = "alignment-broken-reference"
    severity = Severity.WARNING
    summary = "An alignment reference names nothing in the sets checked together."
    fix = ("Fix the reference (set id or team name, then O<n> or O<n>.KR<m>), or check the referenced set "
           "in the same run.")
    rationale = Rationale("A link has to point at a real objective or key result to show alignment.",
                          "alignment.md#laddering-up-to-a-parent-objective")
    bad = (_BAD,)
    good = (_GOOD,)

    def check_graph(self, graph, profile):
        alone = len(graph.sets) == 1  # a set checked on its own cannot show that another set is missing
        for edge in graph.edges:
            if edge.target is None and edge.problem and not (alone and edge.problem.startswith("no set named")):
                yield self.at(graph, edge.source, f"{edge.source.ref}: '{edge.ref.text}' does not resolve: "
                              f"{edge.problem}", evidence=edge.ref.text)


RULE = BrokenReference()
