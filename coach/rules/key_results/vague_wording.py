"""OKR108 kr-vague-wording."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import KeyResultRule, Rationale, as_written, quote


class KrVagueWording(KeyResultRule):
    """
    ## What it does
    Flags vague intensifiers and superlatives used where a number belongs: significantly,
    substantially, dramatically, much better, world-class, best-in-class, as soon as possible, optimal,
    seamless, and any "as ... as possible / as we can" ("as simple as possible")...

    ## Why is this bad?
    Each reader fills in their own number, so the team agrees on the words and disagrees at grading
    time. The word list is data (`vague_words`) and can be extended per team.
    """

    code = "OKR108"
    name = "kr-vague-wording"
    severity = Severity.WARNING
    roles = frozenset({'rewrite', 'sharpen'})
    summary = "The key result uses vague wording where a number belongs."
    fix = "Replace the vague word with the value you mean: 'from 31 to 45', 'under 2 seconds'."
    rationale = Rationale("Precise words leave one way to grade a key result.", "key-results.md#precise-wording")
    bad = (
        "Reduce deploy lead time significantly",
        "Customer satisfaction much better than last year",
        "Achieve best-in-class security maturity score",
        "Answer tickets as soon as possible",
        "Billing is seamless",
        "Make the refund process as simple as possible",
    )
    good = (
        "Reduce deploy lead time from 5 days to 1 day",
        "Increase CSAT from 82% to 90%",
        "Reduce significant-severity incidents from 12 to 4",
    )

    def check_key_result(self, item, ctx):
        words = [as_written(item.kr.text, hit.words) for hit in item.facts.vague]
        if words:
            listed = ", ".join(f"'{w}'" for w in words)
            yield self.at(item, f"{quote(item.kr.text)}: {listed} stands in for a number", evidence=words[0])


RULE = KrVagueWording()
