"""Accepting suggestions into a draft, and writing the revised draft back out (the web chat and the verifier).

An accepted suggestion replaces the key result's (or objective's) text at its location; when it moves an
activity out of the key results, that activity is added to the objective's Initiatives block (once).
The revised set is written as Markdown in the labelled layout the draft parser reads
(``## Objective 1: ...`` / ``- KR1.1: ...`` / ``Initiatives:``), so the download can be pasted back or
checked with ``okr-coach check`` and gives the same findings as the page.
"""

from __future__ import annotations

import json

from coach.model import Initiative, OkrSet, Suggestion


class StaleSuggestionError(LookupError):
    """The suggestion points at a key result or objective the current draft no longer has."""


def apply_suggestion(okr_set: OkrSet, suggestion: Suggestion) -> OkrSet:
    """A copy of ``okr_set`` with ``suggestion`` applied (the input is not modified)."""
    return apply_in_place(okr_set.model_copy(deep=True), suggestion)


def apply_in_place(revised: OkrSet, suggestion: Suggestion) -> OkrSet:
    """``revised`` with ``suggestion`` applied to it (the verifier applies a batch to one copy)."""
    loc = suggestion.location
    if loc.objective is None or not 1 <= loc.objective <= len(revised.objectives):
        raise StaleSuggestionError(f"objective {loc.objective} is not in the draft")
    objective = revised.objectives[loc.objective - 1]
    if suggestion.kind == "objective" or loc.key_result is None:
        objective.text = suggestion.text
        return revised
    if not 1 <= loc.key_result <= len(objective.key_results):
        raise StaleSuggestionError(f"O{loc.objective}.KR{loc.key_result} is not in the draft")
    kr = objective.key_results[loc.key_result - 1]
    kr.text = suggestion.text
    moved = (suggestion.moved_to_initiatives or "").strip()
    if moved and all(i.text.strip().lower() != moved.lower() for i in objective.initiatives):
        objective.initiatives.append(Initiative(text=moved, owner=kr.owner))
    return revised


def _one_line(text: str) -> str:
    return " ".join(text.split())


def draft_markdown(okr_set: OkrSet) -> str:
    """The set as a Markdown draft in the parser's labelled layout."""
    title = " ".join(p for p in (okr_set.team, "OKRs") if p)
    lines = [f"# {_one_line(title)}", ""]
    if okr_set.team:
        lines.append(f"Team: {_one_line(okr_set.team)}")
    if okr_set.period:
        lines.append(f"Period: {_one_line(okr_set.period)}")
    if okr_set.parent_objective:
        lines.append(f"Parent objective: {_one_line(okr_set.parent_objective)}")
    if lines[-1] != "":
        lines.append("")
    for objective in okr_set.objectives:
        n = objective.position
        lines.append(f"## Objective {n}: {_one_line(objective.text)}")
        if objective.owner:
            lines.append(f"Owner: {_one_line(objective.owner)}")
        lines.append("")
        for kr in objective.key_results:
            owner = f" (owner: {_one_line(kr.owner)})" if kr.owner else ""
            kind = f" ({kr.kind})" if kr.kind else ""
            lines.append(f"- KR{n}.{kr.position}: {_one_line(kr.text)}{kind}{owner}")
        if objective.initiatives:
            lines += ["", "Initiatives:"]
            lines += [f"- {_one_line(i.text)}" for i in objective.initiatives]
        lines.append("")
    if okr_set.initiatives:
        lines += ["## Initiatives", ""]
        lines += [f"- {_one_line(i.text)}" for i in okr_set.initiatives]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def draft_json(okr_set: OkrSet) -> str:
    """The set as a JSON draft: the fields a person writes (measures are re-read from the text)."""

    def initiative(item: Initiative) -> dict:
        return _compact({"text": item.text, "owner": item.owner})

    data = _compact({
        "team": okr_set.team,
        "period": okr_set.period,
        "parent_objective": okr_set.parent_objective,
        "objectives": [
            _compact({
                "text": objective.text,
                "owner": objective.owner,
                "key_results": [_compact({"text": kr.text, "owner": kr.owner, "kind": kr.kind})
                                for kr in objective.key_results],
                "initiatives": [initiative(i) for i in objective.initiatives],
            })
            for objective in okr_set.objectives
        ],
        "initiatives": [initiative(i) for i in okr_set.initiatives],
    })
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _compact(data: dict) -> dict:
    """Drop empty values so the JSON holds only what the draft states."""
    return {key: value for key, value in data.items() if value not in (None, [], "")}
