"""The narrative as a structured object: what the LLM answers into and what the deterministic writer fills.

A narrative is rendered to text or Markdown only at the edge (:mod:`coach.checkins.render`). The field
descriptions below are sent to the LLM as part of the output schema, so they double as instructions.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.checkins.facts import NarrativeKind

SectionKey = Literal["adjustments", "dependencies", "decisions", "attention", "stop", "objectives", "learning",
                     "carry", "change", "drop"]

#: The sections each kind of narrative has, in order, with their headings.
SECTIONS: dict[str, list[tuple[str, str]]] = {
    "weekly": [("adjustments", "Adjustments needed"),
               ("dependencies", "Cross-team dependencies and escalations"),
               ("decisions", "Decisions needed")],
    "monthly": [("attention", "Where attention and resources should move"),
                ("stop", "What should stop"),
                ("decisions", "Decisions needed")],
    "retro": [("objectives", "Objective scores"),
              ("learning", "Biggest learning"),
              ("carry", "Carry into next cycle"),
              ("change", "Change next cycle"),
              ("drop", "Drop next cycle")],
}
TITLES = {"weekly": "Weekly check-in", "monthly": "Monthly review", "retro": "End-of-cycle retrospective"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KrNote(_Model):
    """What the narrative says about one key result."""

    kr: str = Field(description="Reference of the key result exactly as in the facts, e.g. 'O1.KR2'.")
    set: str | None = Field(None, description="Name of the OKR set the key result belongs to (needed when "
                                              "the facts hold more than one set).")
    owner: str | None = Field(None, description="The owner exactly as in the facts, or null when none is given.")
    status: Literal["on track", "at risk", "off track"] | None = Field(
        None, description="The status exactly as in the facts, or null when the facts give none.")
    summary: str = Field(description="Current value against target, progress against expected pace and the "
                                     "confidence call. Use only figures and dates that appear in the facts.")
    what_changed: str | None = Field(None, description="What changed since the last check-in and why, "
                                                       "from the facts; null when nothing was reported.")
    blockers: list[str] = Field(default_factory=list, description="Current blockers, from the facts.")
    next_action: str | None = Field(None, description="The next action from the facts, or null.")
    score: float | None = Field(None, description="Retrospective only: the 0.0-1.0 score from the facts.")


class Section(_Model):
    key: SectionKey = Field(description="Which section this is; the prompt lists the keys this kind needs.")
    items: list[str] = Field(default_factory=list, description="Short, concrete points, one sentence each. "
                                                                "Name key results by reference (O1.KR2).")


class NarrativeDraft(_Model):
    """A check-in narrative: a headline, one note per key result, then the kind's sections."""

    headline: str = Field(description="One or two sentences summing up where the OKRs stand.")
    key_results: list[KrNote] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


class Narrative(_Model):
    """A finished narrative: the draft, who wrote it, and anything the reader must know about it."""

    kind: NarrativeKind
    title: str
    as_of: dt.date
    writer: Literal["llm", "deterministic"]
    draft: NarrativeDraft
    notices: list[str] = Field(default_factory=list, description="e.g. why the deterministic writer was used.")
    model: str | None = None
    requests: int = Field(0, description="LLM requests made for this narrative.")
