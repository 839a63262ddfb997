"""OKR404 dependency-unacknowledged."""

from __future__ import annotations

import re

from coach.model import Severity
from coach.rules.alignment._base import AlignmentRule
from coach.rules.base import Rationale

_BAD = """\
==> platform.md <==
Team: Platform
Objective: Make the platform fast enough that nobody waits on a page
- KR1: Reduce p95 page load from 3.2s to 1.5s
- KR2: Reduce failed deploys from 9% to 3%
==> growth.md <==
Team: Growth
Objective: Make the first week effortless so trials turn into customers
Depends on: Platform O1.KR1
- Increase trial activation from 30% to 50%
- Reduce median time to first report from 6 days to 2 days
"""
_GOOD = """\
==> platform.md <==
Team: Platform
Objective: Make the platform fast enough that nobody waits on a page
- KR1: Reduce p95 page load from 3.2s to 1.5s
  Acknowledges: Growth O1
- KR2: Reduce failed deploys from 9% to 3%
==> growth.md <==
Team: Growth
Objective: Make the first week effortless so trials turn into customers
Depends on: Platform O1.KR1
- Increase trial activation from 30% to 50%
- Reduce median time to first report from 6 days to 2 days
"""


class DependencyUnacknowledged(AlignmentRule):
    """
    ## What it does
    Flags a dependency on another team's key result (`Depends on: Platform O1.KR3`) that the other set
    does not acknowledge: it has no `Acknowledges:` line pointing back, and neither that key result nor an
    initiative of its objective names the team that depends on it.

    ## Why is this bad?
    A dependency only one side knows about is a hope, not a plan: the other team will rank its own work
    first and the gap shows up at the end of the quarter. Agree it while drafting and have the other team
    write it into its own set.
    """

    code = "OKR404"
    name = "dependency-unacknowledged"
    severity = Severity.WARNING
    summary = "A dependency on another team's key result is not acknowledged in that team's set."
    fix = ("Ask the other team to add 'Acknowledges: <your set> O<n>' (or an initiative naming your team)"
           " under the key result you need.")
    rationale = Rationale("A cross-team dependency needs an explicit commitment in the other team's plan.",
                          "alignment.md#cross-team-dependencies")
    bad = (_BAD,)
    good = (_GOOD,)

    def check_graph(self, graph, profile):
        acks = [e for e in graph.edges_of("acknowledges") if e.target is not None]
        for edge in graph.edges_of("depends"):
            target = edge.target
            if target is None or target.set == edge.source.set:
                continue
            if _acknowledged(graph, edge, acks):
                continue
            yield self.at(graph, edge.source,
                          f"{edge.source.ref} depends on {graph.label(target)}, which "
                          f"{graph.sets[target.set].name} does not acknowledge",
                          evidence=f"Depends on: {edge.ref.text}")


def _acknowledged(graph, edge, acks) -> bool:
    """The other set points back (Acknowledges:), or the item or its objective's initiatives name the team."""
    source, target = edge.source, edge.target
    for ack in acks:
        if ack.source.set == target.set and ack.target.set == source.set and (
                ack.target.objective is None or ack.target.objective == source.objective):
            if target.objective is None or ack.source.objective == target.objective:
                return True
    names = {graph.sets[source.set].name.lower(), graph.sets[source.set].id.lower()}
    if target.objective is None:
        return False
    objective = graph.objective(target)
    texts = [graph.text(target)] + [i.text for i in objective.initiatives]
    return any(re.search(rf"\b{re.escape(name)}\b", text.lower()) for name in names for text in texts)


RULE = DependencyUnacknowledged()
