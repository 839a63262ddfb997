"""OKR105 kr-not-time-bound."""

from __future__ import annotations

import re

from coach import regex_cache
from coach.model import Severity
from coach.rules.base import KeyResultRule, Rationale, quote
from coach.rules.lexicon import spaced

#: What comes before a period name to make it a deadline: 'this term', 'by the end of the sprint',
#: 'before the summer holidays', 'until year end', 'in the spring term' (not 'in the first month').
_SEASON = r"(?:(?:spring|summer|autumn|fall|winter|christmas|easter|current|coming|next|final)\s+)?"
_PERIOD_CUE_RE = regex_cache.compile(
    r"(?<![a-z])(?:(?:this|next|current|coming)\s+" + _SEASON +
    r"|(?:by|before|until|till)\s+(?:the\s+)?(?:(?:end|close)\s+of\s+(?:the\s+|this\s+)?)?" + _SEASON +
    r"|(?:in|during)\s+(?:the\s+)?(?:spring|summer|autumn|fall|winter|christmas|easter)\s+)$")


def names_period(text: str, lex) -> bool:
    """A deadline the parser may not date: 'this term', 'by end of FY', 'before the summer holidays'."""
    flat = spaced(text)
    return any(_PERIOD_CUE_RE.search(flat[:hit.start()]) for hit in lex.period_words.finditer(flat))


class KrNotTimeBound(KeyResultRule):
    """
    ## What it does
    Flags key results when neither the line ("by end of Q2", "by 30 June", "in Q3", "within 90 days",
    "this quarter") nor the set (a period line or title: "Q3 2026", "H1", "FY26", "Cycle: ...") says
    when the result is due.

    ## Why is this bad?
    Without a deadline there is no point at which the key result is graded, and no pace to check progress
    against. One period line at the top of the draft covers every key result.
    """

    code = "OKR105"
    name = "kr-not-time-bound"
    severity = Severity.WARNING
    summary = "Neither the key result nor the set says when it is due."
    fix = "Add the cycle to the draft ('Period: Q3 2026') or a deadline to the key result ('by 30 September')."
    rationale = Rationale("Key results are graded at a fixed date; the cycle sets the pace of check-ins.",
                          "key-results.md#time-bound-key-results")
    example_period = None
    bad = (
        "Increase onboarding completion rate from 42% to 75%",
        "Remain below 2 sev-1 incidents per quarter",
        "Raise average order value from $42 to $50 per month",
        "Cut weekend wait times from 50 to 30 minutes each term",
    )
    good = (
        "Increase onboarding completion rate from 42% to 75% by the end of Q2",
        "Reduce churn from 5% to 3% by 30 September",
        "Cut median response time from 9 hours to 2 hours this quarter",
        "Increase weekly active users from 1,900 to 3,000 by 2026-09-30",
        "Cut marking time per pupil from 6 to 4 minutes this term",
        "Reduce flaky tests from 4% to 1% of runs by the end of the sprint",
        "Raise donor retention from 42% to 50% this financial year",
        "Reduce open planning appeals from 120 to 80 before the summer holidays",
        "Lift seminar attendance from 70% to 85% by the end of the semester",
        "Team: Support\nPeriod: H1 2026\nObjective: Make help effortless so customers stay\n"
        "- Reduce first response time from 9 hours to 2 hours\n- Increase CSAT from 82% to 90%",
    )

    def check_key_result(self, item, ctx):
        if ctx.period or item.facts.deadline or item.objective_deadline:
            return
        if names_period(item.kr.text, ctx.lexicon) or names_period(item.objective.text, ctx.lexicon):
            return
        yield self.at(item, f"{quote(item.kr.text)} has no deadline and the draft names no period",
                      evidence=None)


RULE = KrNotTimeBound()
