"""OKR405 metric-opposite-directions."""

from __future__ import annotations

from coach.alignment.graph import ItemKey
from coach.alignment.words import metric_words
from coach.model import Severity
from coach.rules.alignment._base import AlignmentRule
from coach.rules.base import Rationale, quote

_BAD = """\
==> support.md <==
Team: Support
Objective: Make help fast enough that customers stop waiting on us
- Reduce average handle time from 12 minutes to 8 minutes
- Increase first-contact resolution from 60% to 75%
==> quality.md <==
Team: Quality
Objective: Make every support conversation solve the real problem the first time
- Increase average handle time from 8 minutes to 12 minutes
- Increase satisfaction score from 4.1 to 4.5
"""
_GOOD = """\
==> support.md <==
Team: Support
Objective: Make help fast enough that customers stop waiting on us
- Reduce average handle time from 12 minutes to 8 minutes
- Increase first-contact resolution from 60% to 75%
==> quality.md <==
Team: Quality
Objective: Make every support conversation solve the real problem the first time
- Increase first-contact resolution from 60% to 80%
- Increase satisfaction score from 4.1 to 4.5
"""


class OppositeDirections(AlignmentRule):
    """
    ## What it does
    Flags the same metric moved in opposite directions by two sets checked together: one team increases
    it while another reduces it.

    ## Why is this bad?
    Two teams pulling one number apart cancel each other's work and end the quarter blaming each other.
    Usually one of them means a different metric (say which), or the two need a shared target agreed
    between them.
    """

    code = "OKR405"
    name = "metric-opposite-directions"
    severity = Severity.ERROR
    summary = "Two sets move the same metric in opposite directions."
    fix = "Agree one direction with the other team, or name the metrics so they differ (which segment, which step)."
    rationale = Rationale("Priorities have to agree across teams as well as up the hierarchy.",
                          "alignment.md#conflicting-metrics-and-shared-key-results")
    bad = (_BAD,)
    good = (_GOOD,)

    def check_graph(self, graph, profile):
        seen: dict[tuple[str, ...], list[tuple[ItemKey, str]]] = {}
        for key in graph.items():
            if not key.key_result:
                continue
            measure = graph.key_result(key).measure
            direction = measure.direction.value if measure.direction else None
            words = metric_words(measure.metric)
            if direction not in ("increase", "reduce") or not words:
                continue
            seen.setdefault(words, []).append((key, direction))
        for found in seen.values():
            for key, direction in found:
                other = next((k for k, d in found if d != direction and k.set != key.set), None)
                if other is not None:
                    metric = graph.key_result(key).measure.metric
                    yield self.at(graph, key, f"{key.ref} {'raises' if direction == 'increase' else 'lowers'} "
                                  f"'{metric}' while {graph.label(other)} moves it the other way",
                                  evidence=quote(graph.text(key)))


RULE = OppositeDirections()
