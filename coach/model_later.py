"""The domain models a plain ``okr-coach check`` never uses: critique results and check-ins.

Import them from :mod:`coach.model` as before (``from coach.model import CheckIn``); that module loads this
one on first use, so a cold ``okr-coach check`` does not create these classes. No ``from __future__ import
annotations``, for the reason given in :mod:`coach.model`.
"""

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field

from coach.model import CheckReport, ConfidenceLevel, Finding, Location, _Model


class _LaterModel(_Model):
    """A model off the check path: its schema is built on first use, not when the class is created.

    The draft and report models in :mod:`coach.model` do not defer: a parent built later than its children
    builds their schemas a second time, so deferring them would cost more than it saves.
    """

    model_config = ConfigDict(defer_build=True)


# --------------------------------------------------------------------------- critique


class Suggestion(_LaterModel):
    """A proposed rewrite, always re-checked by the rules before it is shown."""

    kind: Literal["key_result", "objective", "baseline_key_result"]
    location: Location
    original: str
    text: str
    rationale: str | None = None
    moved_to_initiatives: str | None = Field(None, description="The original activity, kept as an initiative.")
    why: str | None = Field(None, description="One line: why this metric follows from this work.")
    metric_id: str | None = Field(None, description="The outcome-metric library entry the rewrite uses, if any.")
    question: str | None = Field(None, description="The coaching question, when no metric matched with confidence "
                                                   "and the rewrite is a skeleton with a labelled placeholder.")
    remaining_findings: list[Finding] = []
    source: Literal["llm", "template"]
    verified: bool = Field(description="True when the rewrite has no error-level finding left.")


class Critique(_LaterModel):
    report: CheckReport
    suggestions: list[Suggestion] = []
    writer: Literal["llm", "template"] = "template"
    notices: list[str] = Field([], description="e.g. 'LLM timed out; template suggestions shown'.")
    requests: int = Field(0, description="LLM requests made for this critique.")


class Confidence(_LaterModel):
    level: ConfidenceLevel
    score: int | None = Field(None, ge=1, le=10, description="Original 1-10 score when one was given.")
    raw: str = Field(description="As entered: 'Amber', '7', 'at risk'.")


class CheckIn(_LaterModel):
    """One update of one key result."""

    key_result: str = Field(description="Reference of the key result, e.g. 'O1.KR2'.")
    date: dt.date
    value: float | None = None
    confidence: Confidence | None = None
    what_changed: str | None = None
    why: str | None = None
    blockers: list[str] = []
    next_actions: list[str] = []
    decisions_needed: list[str] = []
    owner: str | None = None
    target: float | None = Field(None, description="Set when the target was changed at this check-in.")
