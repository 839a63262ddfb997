"""OKR408 contribution-unstated."""

from __future__ import annotations

from coach.alignment.words import metric_words
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
Objective: Make the first week effortless so trials turn into customers
Supports: Company O1
- Reduce median time to first report from 6 days to 2 days (parent: company-q3-2026 O1.KR1)
- Increase trial activation from 30% to 50%
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
- Reduce median time to first report from 6 days to 2 days (parent: company-q3-2026 O1.KR1)
  Contribution: accounts that see a report in week one convert to self-serve plans twice as often
- Increase trial-to-paid conversion from 8% to 10% in the growth segment (parent: Company O1.KR2)
"""


class ContributionUnstated(AlignmentRule):
    """
    ## What it does
    Flags a key result that supports a key result of another set without a shared metric (no metric word
    in common) and without a `Contribution:` line saying how it moves the parent.

    ## Why is this bad?
    A reviewer cannot tell how much of the parent's number this key result is expected to move, so the
    link cannot be checked at the end of the cycle. One sentence on the mechanism is enough.
    """

    code = "OKR408"
    name = "contribution-unstated"
    severity = Severity.INFO
    summary = "A key result supports another unit's key result without saying how."
    fix = ("Add 'Contribution: <how this moves the parent KR>' under the key result, or measure a share of"
           " the parent's metric.")
    rationale = Rationale("A link to a parent key result is only useful when the team says how it moves it.",
                          "alignment.md#saying-how-a-key-result-contributes")
    bad = (_BAD,)
    good = (_GOOD,)

    def check_graph(self, graph, profile):
        for edge in graph.edges_of("supports"):
            source, target = edge.source, edge.target
            if target is None or not source.key_result or not target.key_result or target.set == source.set:
                continue
            if graph.item_links(source).contribution:
                continue
            mine = set(metric_words(graph.key_result(source).measure.metric))
            theirs = set(metric_words(graph.key_result(target).measure.metric))
            if mine & theirs:
                continue
            yield self.at(graph, source, f"{source.ref} supports {graph.label(target)} but shares no metric "
                          "with it and does not say how it moves it", evidence=quote(graph.text(source)))


RULE = ContributionUnstated()
