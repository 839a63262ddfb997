"""OKR406 kr-owned-twice."""

from __future__ import annotations

import re

from coach.alignment.graph import ItemKey
from coach.model import Severity
from coach.rules.alignment._base import AlignmentRule
from coach.rules.base import Rationale, quote

_BAD = """\
==> sales.md <==
Team: Sales
Objective: Make mid-market deals close faster so the pipeline turns within the quarter
- Increase mid-market win rate from 18% to 25%
- Reduce median sales cycle from 60 days to 40 days
==> marketing.md <==
Team: Marketing
Objective: Bring in leads that sales can close so spend turns into revenue
- Increase mid-market win rate from 18% to 25%
- Increase marketing-qualified leads from 400 to 600
"""
_GOOD = """\
==> sales.md <==
Team: Sales
Objective: Make mid-market deals close faster so the pipeline turns within the quarter
- Increase mid-market win rate from 18% to 25%
- Reduce median sales cycle from 60 days to 40 days
==> marketing.md <==
Team: Marketing
Objective: Bring in leads that sales can close so spend turns into revenue
- Increase lead-to-opportunity rate from 10% to 16%
- Increase marketing-qualified leads from 400 to 600
"""


class OwnedTwice(AlignmentRule):
    """
    ## What it does
    Flags a key result that appears, in (nearly) the same words, in two sets checked together, when
    neither says it supports the other.

    ## Why is this bad?
    A key result owned by two teams is owned by nobody: each expects the other to drive it, and the
    company counts the same progress twice. Keep it in one set with one owner; the other team names what
    it contributes and links to it.
    """

    code = "OKR406"
    name = "kr-owned-twice"
    severity = Severity.WARNING
    summary = "The same key result is owned by two sets."
    fix = "Keep the key result in one set; in the other, write the part it moves and link it with 'Supports:'."
    rationale = Rationale("One owner per key result keeps someone accountable for moving it.",
                          "alignment.md#visibility-and-ownership")
    bad = (_BAD,)
    good = (_GOOD,)

    def check_graph(self, graph, profile):
        linked = {frozenset((e.source, e.target)) for e in graph.edges if e.target is not None}
        first: dict[str, ItemKey] = {}
        for key in graph.items():
            if not key.key_result:
                continue
            norm = " ".join(re.findall(r"[a-z0-9%]+", graph.text(key).lower()))
            earlier = first.setdefault(norm, key)
            if earlier is key or earlier.set == key.set or frozenset((key, earlier)) in linked:
                continue
            yield self.at(graph, key, f"{key.ref} is the same key result as {graph.label(earlier)}",
                          evidence=quote(graph.text(key)))


RULE = OwnedTwice()
