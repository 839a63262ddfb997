"""The LLM narrative writer, with the faithfulness loop that keeps it honest.

1. Ask the LLM for a :class:`~coach.checkins.narrative.NarrativeDraft` from the facts (as a data block).
2. Check it against the facts. Unsupported figures, dates, statuses or owners are *violations*.
3. If there are any, ask once more, listing the violations (as data).
4. Still unfaithful, or any LLM failure: use the deterministic narrative and say why in ``notices``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from coach.checkins.faithfulness import FaithfulnessChecker, Violation
from coach.checkins.narrative import SECTIONS, TITLES, Narrative, NarrativeDraft
from coach.checkins.writers import write_narrative
from coach.errors import LLMError

if TYPE_CHECKING:
    from coach.checkins.facts import Facts
    from coach.llm import StructuredLLM

PROMPTS = {"weekly": "checkin_weekly", "monthly": "checkin_monthly", "retro": "checkin_retro"}
MAX_VIOLATIONS_SENT = 20


def deterministic_narrative(facts: Facts, notices: list[str] | None = None, *, requests: int = 0,
                            model: str | None = None) -> Narrative:
    return Narrative(kind=facts.kind, title=TITLES[facts.kind], as_of=facts.as_of, writer="deterministic",
                     draft=write_narrative(facts), notices=list(notices or []), requests=requests, model=model)


def llm_narrative(facts: Facts, llm: StructuredLLM, *, prompt_ref: str | None = None) -> Narrative:
    """The LLM's narrative when it is faithful (at most two requests), else the deterministic one."""
    from coach.llm import load_prompt

    prompt = load_prompt(prompt_ref or PROMPTS[facts.kind])
    checker = FaithfulnessChecker(facts)
    facts_json = facts.model_dump_json(exclude_none=True)
    sections = ", ".join(f"'{key}' ({heading})" for key, heading in SECTIONS[facts.kind])
    violations: list[Violation] = []
    requests = 0
    for attempt in (1, 2):
        variables = {"facts": facts_json, "sections": sections,
                     "violations": _violations_json(violations) if violations else "none"}
        requests += 1
        try:
            result = llm.generate(prompt, variables, schema=NarrativeDraft)
        except LLMError as exc:
            notice = f"the LLM failed ({exc.kind}: {exc.message}); the deterministic narrative is shown"
            return deterministic_narrative(facts, [notice], requests=requests, model=llm.model_name)
        draft: NarrativeDraft = result.output
        violations = checker.check(draft)
        if not violations:
            notices = [] if attempt == 1 else [
                "the LLM's first narrative stated figures the facts do not support; the corrected one is shown"]
            return Narrative(kind=facts.kind, title=TITLES[facts.kind], as_of=facts.as_of, writer="llm",
                             draft=draft, notices=notices, model=result.model or llm.model_name, requests=requests)
    shown = "; ".join(f"{v.where}: {v.message}" for v in violations[:3])
    more = f" (and {len(violations) - 3} more)" if len(violations) > 3 else ""
    notice = (f"the LLM narrative was not faithful to the data after a retry ({shown}{more}); "
              "the deterministic narrative is shown instead")
    return deterministic_narrative(facts, [notice], requests=requests, model=llm.model_name)


def _violations_json(violations: list[Violation]) -> str:
    return json.dumps([v.model_dump() for v in violations[:MAX_VIOLATIONS_SENT]], ensure_ascii=False, indent=1)
