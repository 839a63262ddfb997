"""The LLM writer: one structured request per draft for all flagged key results and objectives.

The request is built from ``prompts/rewrite_key_results`` with four data variables (the flagged lines
with their findings, the retrieved passages, the draft, and on a send-back the rejected rewrites with
what the rules still found). The answer must match :class:`RewriteBatch`; this module then validates it
against what was asked (known targets only, the right kind per target, one-line texts of sane length, at
most three rewrites per key result) and turns it into unverified :class:`~coach.model.Suggestion` objects.
:mod:`coach.suggest.verify` decides what is good.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.model import Citation, OkrSet, Suggestion
from coach.suggest.template_writer import Target

PROMPT_NAME = "rewrite_key_results"
MAX_KEY_RESULT_REWRITES = 3
MAX_TEXT_CHARS = 300
MAX_PASSAGES = 8
MAX_PASSAGE_CHARS = 700


class Rewrite(BaseModel):
    """One rewritten line."""

    model_config = ConfigDict(extra="forbid")

    target: str = Field(description="Reference of the flagged line, copied from the items: 'O1.KR2' for a key "
                                    "result, 'O1' for an objective.")
    kind: Literal["key_result", "baseline_key_result", "objective"] = Field(
        description="'key_result' for an outcome rewrite of a key result, 'baseline_key_result' for a first key "
                    "result that measures a missing baseline, 'objective' for an objective rewrite.")
    text: str = Field(description="The rewritten line, one sentence. Numbers only from the line it replaces; "
                                  "otherwise placeholders without numbers like '[current %]' / '[target %]'.")
    rationale: str = Field("", description="One sentence: which methodology idea the rewrite applies.")
    why: str = Field("", description="For a key result: one line on why this metric follows from this work.")
    question: str | None = Field(None, description="When no metric follows with confidence: the coaching question "
                                                   "to ask the team (the text then uses '[metric: what changes, "
                                                   "for whom]'). Null otherwise.")
    moved_to_initiatives: str | None = Field(
        None, description="For a key result that described work or a deliverable: that work, as an initiative line. "
                          "Null otherwise.")


class RewriteBatch(BaseModel):
    """All rewrites for one draft."""

    model_config = ConfigDict(extra="forbid")

    rewrites: list[Rewrite] = Field(description="Every rewrite, for every flagged line.")


@dataclass
class WriteOutcome:
    """Suggestions parsed from one answer, and what had to be dropped from it (for the notices)."""

    suggestions: list[Suggestion] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


class LLMWriter:
    """Writes suggestions with a :class:`coach.llm.StructuredLLM`; raises ``LLMError`` on any failure."""

    source = "llm"

    def __init__(self, llm, *, prompt: str = PROMPT_NAME, metrics=None) -> None:
        self.llm = llm
        self.prompt_name = prompt
        self.metrics = metrics  # the outcome-metric library with the team's metrics; None: built-in

    def write(self, okr_set: OkrSet, draft_text: str, targets: Sequence[Target], passages: Iterable[Citation],
              *, feedback: Sequence[Suggestion] = ()) -> WriteOutcome:
        from coach.llm import load_prompt

        prompt = load_prompt(self.prompt_name)
        variables = {
            "items": json.dumps(items_payload(okr_set, targets, self.metrics), ensure_ascii=False, indent=1),
            "passages": json.dumps(passages_payload(passages), ensure_ascii=False, indent=1),
            "draft": draft_text,
            "feedback": json.dumps(feedback_payload(feedback), ensure_ascii=False, indent=1),
        }
        result = self.llm.generate(prompt, variables, schema=RewriteBatch)
        return to_suggestions(result.output, targets)


def items_payload(okr_set: OkrSet, targets: Sequence[Target], metrics=None) -> list[dict]:
    """What the model needs to choose a metric from what the work is for: the objective, the other key
    results of that objective and the library's candidate metrics, besides the line and its findings."""
    items = []
    for t in targets:
        item = {
            "target": t.ref,
            "type": t.kind,
            "text": t.text,
            "objective": t.objective.text,
            "period": okr_set.period,
            "findings": [{"rule": f.name, "severity": str(f.severity), "message": f.message, "fix": f.fix}
                         for f in t.findings],
        }
        if t.kind == "key_result":
            item["other_key_results"] = [kr.text for kr in t.objective.key_results
                                         if kr.position != t.key_result_position][:5]
            item["candidate_metrics"] = candidate_metrics(t, metrics=metrics)
        items.append(item)
    return items


def candidate_metrics(target: Target, limit: int = 3, metrics=None) -> list[dict]:
    """The outcome-metric library's confident matches for a key result (empty when none is confident)."""
    from coach.suggest.metric_library import match

    return [{"metric": m.metric.metric, "function": m.metric.function, "direction": m.metric.direction,
             "why": f"such work is meant to {m.metric.change}"}
            for m in match(target.text, target.objective.text, limit=limit, metrics=metrics) if m.confident]


def passages_payload(passages: Iterable[Citation]) -> list[dict]:
    seen: set[str] = set()
    out: list[dict] = []
    for citation in passages:
        if citation.anchor in seen or len(out) >= MAX_PASSAGES:
            continue
        seen.add(citation.anchor)
        out.append({"source": citation.anchor, "heading": citation.heading,
                    "text": (citation.text or "")[:MAX_PASSAGE_CHARS]})
    return out


def feedback_payload(rejected: Sequence[Suggestion]) -> list[dict]:
    from coach.model import kr_ref

    out = []
    for s in rejected:
        loc = s.location
        ref = f"O{loc.objective}" if loc.key_result is None else kr_ref(loc.objective, loc.key_result)
        out.append({"target": ref, "kind": s.kind, "rejected_text": s.text,
                    "remaining_findings": [{"rule": f.name, "severity": str(f.severity), "message": f.message,
                                            "fix": f.fix} for f in s.remaining_findings]})
    return out


def clean_text(text: str) -> str | None:
    """One line of plain text, or None when the model wrote something that is not a draft line."""
    text = re.sub(r"\s+", " ", text or "").strip().strip('"').strip()
    text = re.sub(r"^(?:[-*•]\s+|KR\s*\d+(?:\.\d+)?\s*[:.)-]\s*)", "", text)
    if not text or len(text) > MAX_TEXT_CHARS or "```" in text or re.search(r"<[a-zA-Z/!]", text):
        return None
    return text


def to_suggestions(batch: RewriteBatch, targets: Sequence[Target]) -> WriteOutcome:
    """Validate an answer against the targets that were asked about; keep what fits, report the rest."""
    by_ref = {t.ref.upper(): t for t in targets}
    outcome = WriteOutcome()
    counts: dict[tuple[str, str], int] = {}
    for rewrite in batch.rewrites:
        target = by_ref.get(rewrite.target.strip().upper().replace(" ", ""))
        if target is None:
            outcome.dropped.append(f"a rewrite for '{rewrite.target[:20]}', a line that was not asked about")
            continue
        expected = ("objective",) if target.kind == "objective" else ("key_result", "baseline_key_result")
        if rewrite.kind not in expected:
            outcome.dropped.append(f"a '{rewrite.kind}' rewrite for {target.ref}, which is a {target.kind.replace('_', ' ')}")
            continue
        text = clean_text(rewrite.text)
        if text is None:
            outcome.dropped.append(f"a rewrite for {target.ref} that was empty, too long or not plain text")
            continue
        if text.casefold() == target.text.strip().casefold():
            outcome.dropped.append(f"a rewrite for {target.ref} that repeated the original")
            continue
        limit = {"objective": 1, "baseline_key_result": 1}.get(rewrite.kind, MAX_KEY_RESULT_REWRITES)
        key = (target.ref, rewrite.kind)
        if counts.get(key, 0) >= limit:
            outcome.dropped.append(f"an extra '{rewrite.kind}' rewrite for {target.ref}")
            continue
        counts[key] = counts.get(key, 0) + 1
        moved = None
        if rewrite.kind == "key_result" and target.moves_to_initiatives:
            moved = clean_text(rewrite.moved_to_initiatives or "") or target.text
        outcome.suggestions.append(Suggestion(
            kind=rewrite.kind, location=target.location, original=target.text, text=text,
            rationale=(clean_text(rewrite.rationale) if rewrite.rationale else None),
            why=(clean_text(rewrite.why) if rewrite.why else None),
            question=(clean_text(rewrite.question) if rewrite.question else None),
            moved_to_initiatives=moved, source="llm", verified=False))
    return outcome
