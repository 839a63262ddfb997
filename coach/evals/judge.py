"""The optional LLM judge: binary rubric criteria, temperature 0, pairwise comparisons in both orders.

- **Rubrics** are Markdown files in ``evals/rubrics/``: each ``## id`` heading is one yes/no criterion,
  the paragraph under it is the question. Binary criteria keep the judge from hedging on a scale.
- **Pointwise**: ``judge_rewrite`` grades one rewrite on every criterion (pass/fail + evidence).
- **Pairwise**: ``judge_pairwise`` is asked twice, with the rewrites swapped. A rewrite wins only if it
  wins in both orders; anything else is a tie, so position bias cannot manufacture a win.
- **Agreement**: :func:`agreement` runs the judge over the human-labelled items in
  ``evals/datasets/judge/items.jsonl`` and reports raw agreement and Cohen's kappa, so nobody trusts a
  judge that disagrees with people.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.errors import CoachError
from coach.evals.datasets import REPO_ROOT

RUBRICS_DIR = REPO_ROOT / "evals" / "rubrics"
POINTWISE_PROMPT = "judge_rewrite"
PAIRWISE_PROMPT = "judge_pairwise"


class CriterionVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="The criterion id, copied from the rubric.")
    verdict: Literal["pass", "fail"] = Field(description="'pass' only when the criterion is clearly met.")
    evidence: str = Field("", description="One sentence: what in the rewrite decides the verdict.")


class RubricVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    criteria: list[CriterionVerdict] = Field(description="One verdict per rubric criterion, in rubric order.")


class PairwiseVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    winner: Literal["a", "b", "tie"] = Field(description="'a' or 'b' for the better rewrite, 'tie' if equal.")
    reason: str = Field("", description="One sentence naming the criterion that decides.")


@dataclass(frozen=True)
class Criterion:
    id: str
    question: str


def load_rubric(name: str = "rewrite", directory: Path = RUBRICS_DIR) -> list[Criterion]:
    """The criteria of ``evals/rubrics/<name>.md`` (``## id`` headings, question below each)."""
    path = directory / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CoachError(f"rubric {path}: cannot be read ({exc.strerror or exc})",
                         hint=f"rubrics live in {directory}/<name>.md") from exc
    criteria = []
    for match in re.finditer(r"^##\s+([a-z0-9-]+)\s*\n(.+?)(?=^##\s|\Z)", text, re.MULTILINE | re.DOTALL):
        question = " ".join(match.group(2).split())
        if question:
            criteria.append(Criterion(match.group(1), question))
    if not criteria:
        raise CoachError(f"rubric {path}: no criteria", hint="write each criterion as a '## id' heading and a question")
    return criteria


def _rubric_json(criteria: list[Criterion]) -> str:
    return json.dumps([{"id": c.id, "question": c.question} for c in criteria], ensure_ascii=False, indent=1)


class Judge:
    """Grades rewrites with an LLM (normally the run's :class:`~coach.evals.cache.CachingLLM`)."""

    def __init__(self, llm, rubric: str = "rewrite") -> None:
        self.llm = llm
        self.criteria = load_rubric(rubric)

    def grade(self, objective: str, original: str, rewrite: str, period: str | None = None) -> dict[str, str]:
        """``{criterion id: "pass"|"fail"}``; a criterion the judge skipped counts as ``"fail"``."""
        from coach.llm import load_prompt

        result = self.llm.generate(load_prompt(POINTWISE_PROMPT), {
            "rubric": _rubric_json(self.criteria), "objective": objective, "period": period or "",
            "original": original, "rewrite": rewrite}, schema=RubricVerdict)
        given = {v.id: v.verdict for v in result.output.criteria}
        return {c.id: given.get(c.id, "fail") for c in self.criteria}

    def grade_rewrite(self, case, rewrite: str) -> dict:
        verdicts = self.grade(case.objective, case.key_result, rewrite, case.period)
        passed = sum(v == "pass" for v in verdicts.values())
        return {"criteria": verdicts, "pass_rate": passed / len(verdicts)}

    def compare(self, objective: str, original: str, a: str, b: str, period: str | None = None) -> dict:
        """Pairwise in both orders. ``winner`` is "a"/"b" only when both orders agree, else "tie"."""
        from coach.llm import load_prompt

        prompt = load_prompt(PAIRWISE_PROMPT)
        common = {"rubric": _rubric_json(self.criteria), "objective": objective, "period": period or "",
                  "original": original}
        first = self.llm.generate(prompt, {**common, "rewrite_a": a, "rewrite_b": b}, schema=PairwiseVerdict)
        second = self.llm.generate(prompt, {**common, "rewrite_a": b, "rewrite_b": a}, schema=PairwiseVerdict)
        return {"winner": swap_consistent(first.output.winner, second.output.winner),
                "orders": [first.output.winner, second.output.winner]}


def swap_consistent(first: str, second_swapped: str) -> str:
    """Combine a verdict with the verdict on the swapped pair: a win must survive the swap."""
    unswapped = {"a": "b", "b": "a", "tie": "tie"}[second_swapped]
    return first if first == unswapped else "tie"


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Agreement beyond chance between two raters (None with no items; 1.0 when both use one label only)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    labels = {x for pair in pairs for x in pair}
    expected = sum((sum(a == lab for a, _ in pairs) / n) * (sum(b == lab for _, b in pairs) / n) for lab in labels)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(judge: Judge, items: list) -> dict:
    """The judge's agreement with the human labels, pointwise and pairwise, with every disagreement listed."""
    pointwise, pairwise, disagreements = [], [], []
    for item in items:
        if item.rewrite_b is None:
            verdicts = judge.grade(item.objective, item.original, item.rewrite, item.period)
            got = verdicts.get(item.criterion or "", "fail")
            pointwise.append((item.human, got))
        else:
            got = judge.compare(item.objective, item.original, item.rewrite, item.rewrite_b, item.period)["winner"]
            pairwise.append((item.human, got))
        if got != item.human:
            disagreements.append({"id": item.id, "criterion": item.criterion, "human": item.human, "judge": got})
    both = pointwise + pairwise
    return {
        "items": len(both),
        "agreement": sum(a == b for a, b in both) / len(both) if both else None,
        "pointwise": {"items": len(pointwise), "agreement": _share(pointwise), "kappa": cohen_kappa(pointwise)},
        "pairwise": {"items": len(pairwise), "agreement": _share(pairwise), "kappa": cohen_kappa(pairwise)},
        "disagreements": disagreements,
    }


def _share(pairs: list[tuple[str, str]]) -> float | None:
    return sum(a == b for a, b in pairs) / len(pairs) if pairs else None
