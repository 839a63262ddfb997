"""OKR304 initiative-as-kr."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import Rationale, SetRule, as_written, quote


class InitiativeAsKr(SetRule):
    """
    ## What it does
    Flags a key-result line that is a task (kr-is-activity fires on it) in a set that already measures
    at least one outcome. It points at the same line as kr-is-activity, with a different advice: this
    line is an initiative, so move it under the outcome key result it serves.

    ## Why is this bad?
    Mixing tasks and outcomes in one list makes the tasks look like results: the team grades itself on
    work done, and the outcomes get diluted. Initiatives have their own place in the draft.
    """

    code = "OKR304"
    name = "initiative-as-kr"
    severity = Severity.WARNING
    summary = "A task is listed among the key results of a set that measures outcomes."
    fix = "Move the line into the Initiatives block under the outcome key result it is meant to move."
    rationale = Rationale("Initiatives are the work; key results measure what the work changes.",
                          "initiatives.md#initiatives-are-the-work")
    bad = ("Period: Q3 2026\nObjective: Make getting help effortless so customers stay with us\n"
           "- Increase CSAT from 82% to 90%\n- Publish 40 new help centre articles\n",)
    good = ("Period: Q3 2026\nObjective: Make getting help effortless so customers stay with us\n"
            "- Increase CSAT from 82% to 90%\n- Reduce first response time from 9 hours to 2 hours\n"
            "Initiatives:\n- Publish 40 new help centre articles\n",
            "Period: Q3 2026\nObjective: Ship the beta so design partners can try it\n"
            "- Launch the beta\n- Publish the API docs\n")

    def check(self, ctx):
        return self._check(ctx, ctx.key_results)

    def check_at(self, ctx, objective, key_result):
        """Only the findings at one place (:func:`coach.rules.engine.check_location`)."""
        return self._check(ctx, [k for k in ctx.key_results
                                 if (k.objective.position, k.kr.position) == (objective, key_result)])

    def _check(self, ctx, items):
        if not ctx.has_outcome_kr:
            return
        for item in items:
            if item.facts.activity:
                yield self.finding(objective=item.objective.position, key_result=item.kr.position,
                                   line=item.kr.line, evidence=as_written(item.kr.text, item.facts.activity.words),
                                   message=f"{quote(item.kr.text)} is an initiative: list it under the outcome "
                                           "key result it serves, not as a key result")


RULE = InitiativeAsKr()
