"""OKR204 objective-corporate-fog."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import ObjectiveRule, Rationale, as_written, quote


class ObjectiveCorporateFog(ObjectiveRule):
    """
    ## What it does
    Flags jargon with no concrete meaning in an objective: synergies, leverage, paradigm shift,
    holistic, best-of-breed, value-add, move the needle, drive excellence, unlock value, next-level,
    360-degree, thought leadership...

    ## Why is this bad?
    Jargon sounds like a goal but lets every reader imagine a different one. An objective should be
    plain enough that someone outside the team can say what would be different. The phrase list is data
    (`fog_phrases`) and can be extended per team.
    """

    code = "OKR204"
    name = "objective-corporate-fog"
    severity = Severity.WARNING
    roles = frozenset({'rewrite'})
    summary = "The objective uses jargon with no concrete meaning."
    fix = "Say in plain words what will be different, for whom: 'Partners close deals without our help'."
    rationale = Rationale("Objectives are written in plain language that anyone can picture.",
                          "objectives.md#plain-language-no-corporate-fog")
    bad = (
        "Leverage synergies with the product team",
        "Drive thought leadership across the fintech ecosystem",
        "Move the needle on brand with a 360-degree campaign",
        "Offer a best-of-breed employee experience",
    )
    good = (
        "Help partners sell us without our help so we rely less on outbound",
        "Make our brand recognisable to UK IT managers so inbound demand grows",
    )

    def check_objective(self, item, ctx):
        words = [as_written(item.objective.text, hit.words) for hit in item.facts.fog]
        if words:
            listed = ", ".join(f"'{w}'" for w in words)
            yield self.at(item, f"{quote(item.objective.text)}: {listed} is jargon with no concrete meaning",
                          evidence=words[0])


RULE = ObjectiveCorporateFog()
