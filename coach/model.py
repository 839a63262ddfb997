"""The domain model: one set of types that every flow passes around.

draft text --parse--> OkrSet --rules--> Finding --retrieve--> Citation --suggest--> Suggestion -> Critique
OkrSet + CheckIn --metrics--> facts --write--> narrative (see ``coach.checkins``)

Positions (``Objective.position``, ``KeyResult.position``) are 1-based, in draft order, and are what
reports call a *location*; ``line`` is the 1-based line in the source text where the item starts.
This module is pure: pydantic only, no I/O, cheap to import.

No ``from __future__ import annotations`` here: with it every field annotation is a string that pydantic
evaluates when the class is created, which costs a cold ``okr-coach check`` about 2 ms for these models.
Annotations on models must therefore name only what is already defined above them.
"""

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    """Base of every domain model.

    List defaults are written ``[]``: pydantic copies a mutable default for each instance, and
    ``default_factory=list`` would cost an ``inspect.signature`` per field when the module loads.
    """

    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- OKR drafts


class Direction(StrEnum):
    """Which way a key result moves its metric."""

    INCREASE = "increase"
    REDUCE = "reduce"
    REACH = "reach"  # a target level with no stated direction ("reach NPS 45")
    KEEP = "keep"  # hold a level ("keep uptime above 99.9%"): a KPI, not a change


class Measure(_Model):
    """The quantity a key result talks about, as far as the text states it.

    Values are normalised numbers (``€4M`` -> 4_000_000 with unit ``EUR``); ``*_text`` keeps the exact
    spelling from the draft so rewrites can reuse it. Anything the text does not state is ``None``.
    """

    metric: str | None = Field(None, description="The metric phrase, e.g. 'onboarding completion rate'.")
    direction: Direction | None = None
    baseline: float | None = None
    baseline_text: str | None = Field(None, description="Baseline as written, e.g. '€4M', '42%'.")
    baseline_unit: str | None = Field(None, description="Unit of the baseline when it differs from the target's ('3 days to 4 hours').")
    target: float | None = None
    target_text: str | None = None
    unit: str | None = Field(None, description="Normalised unit: '%', 'EUR', 'USD', 'x', 'days', 'hours', 'points', ...")
    comparator: Literal[">=", "<=", "="] | None = Field(None, description="'at least 120' -> '>='; 'under 2s' -> '<='.")
    change: float | None = Field(None, description="Relative change with no absolute target: 'by 25%' -> 25.")
    change_unit: str | None = Field(None, description="Unit of `change`: '%' (relative) or 'points', 'days', ...")
    factor: float | None = Field(None, description="'double' -> 2.0, 'halve' -> 0.5, 'triple' -> 3.0.")
    deadline: str | None = Field(None, description="Deadline phrase as written: 'end of Q2', '30 June', 'Q3 2026'.")
    numbers: list[float] = Field([], description="Every number the text states, in order.")

    @property
    def has_target(self) -> bool:
        return self.target is not None or self.change is not None or self.factor is not None

    @property
    def has_baseline(self) -> bool:
        return self.baseline is not None


class Initiative(_Model):
    """Work the team does to move key results (projects, tasks, launches). Not measured as a KR."""

    text: str
    owner: str | None = None
    line: int | None = None


class KeyResult(_Model):
    text: str = Field(description="The key result as written, without bullet, label or owner markup.")
    position: int = Field(1, ge=1, description="1-based position under its objective.")
    line: int | None = None
    owner: str | None = None
    measure: Measure = Field(default_factory=Measure)
    kind: Literal["committed", "aspirational"] | None = Field(
        None, description="Committed KRs are expected at 1.0; aspirational ones at about 0.7.")


class Objective(_Model):
    text: str
    position: int = Field(1, ge=1)
    line: int | None = None
    owner: str | None = None
    key_results: list[KeyResult] = []
    initiatives: list[Initiative] = []


class OkrSet(_Model):
    """A team's OKRs for one cycle: what a manager pastes, and what check-ins refer to."""

    team: str | None = None
    owner: str | None = Field(None, description="Who owns the whole set, when the draft says (front matter 'owner:').")
    period: str | None = Field(None, description="Cycle as written: 'Q3 2026', 'H1', 'by end of Q2'.")
    starts: dt.date | None = Field(None, description="First day of the cycle when the period can be dated.")
    ends: dt.date | None = Field(None, description="Last day of the cycle when the period can be dated.")
    parent_objective: str | None = None
    objectives: list[Objective] = []
    initiatives: list[Initiative] = Field([], description="Set-level initiatives.")
    source: str = Field("<draft>", description="Where the draft came from (file name or '<stdin>').")
    source_format: Literal["text", "markdown", "yaml", "json", "csv"] = "text"

    def iter_key_results(self) -> Iterator[tuple[Objective, KeyResult]]:
        for objective in self.objectives:
            for kr in objective.key_results:
                yield objective, kr

    def key_result(self, ref: str) -> KeyResult:
        """Look up a key result by its reference, e.g. ``"O1.KR2"`` (see :func:`kr_ref`)."""
        for objective, kr in self.iter_key_results():
            if kr_ref(objective.position, kr.position) == ref.upper().replace(" ", ""):
                return kr
        raise KeyError(ref)


def kr_ref(objective_position: int, key_result_position: int) -> str:
    """The stable short reference of a key result: ``O1.KR2``."""
    return f"O{objective_position}.KR{key_result_position}"


# --------------------------------------------------------------------------- rule findings


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Location(_Model):
    """Where a finding points: 1-based objective and key-result positions (None = the whole level)."""

    objective: int | None = None
    key_result: int | None = None
    line: int | None = None


class Citation(_Model):
    """A methodology passage behind a finding or an answer."""

    anchor: str = Field(description="'file.md#heading-anchor' inside knowledge/ or a team document.")
    source: str | None = Field(None, description="Document the passage comes from.")
    heading: str | None = Field(None, description="Heading path, e.g. 'Key results > Outcome vs output'.")
    text: str | None = Field(None, description="The passage text (retrieved citations only).")
    score: float | None = None


class Finding(_Model):
    code: str = Field(description="Rule code, e.g. 'OKR101'.")
    name: str = Field(description="Stable kebab-case rule name, e.g. 'kr-missing-baseline'.")
    severity: Severity
    message: str
    fix: str
    location: Location
    citation: Citation = Field(description="The knowledge/ anchor the rule's rationale rests on.")
    evidence: str | None = Field(None, description="The words in the draft that triggered the rule.")
    citations: list[Citation] = Field([], description="Retrieved passages (critique).")


class Scores(_Model):
    """Quality scores 0-100 derived from findings (formula in ``coach.rules.scoring``)."""

    set: int
    objectives: list[int] = Field([], description="One per objective, in order.")
    key_results: list[list[int]] = Field([], description="Per objective, one per KR.")


class CheckReport(_Model):
    """What ``okr-coach check`` returns: the parsed set, its findings and scores."""

    okr_set: OkrSet
    profile: str
    findings: list[Finding]
    scores: Scores
    notice: str | None = Field(None, description="Shown instead of findings when the checker cannot judge the "
                                                 "draft, e.g. one not written in English.")
    layout_doubts: list[str] = Field([], description="Where the reading of a pasted layout looks wrong (an "
                                     "objective with no key results beside ones with them, ...); shown with "
                                     "the findings, which may then be about the wrong lines.")

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


# --------------------------------------------------------------------------- check-ins


class ConfidenceLevel(StrEnum):
    """One scale for every spelling: High/Medium/Low = Green/Amber/Red = on-track/at-risk/off-track."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


# --------------------------------------------------------------------------- models off the check path

#: Models a plain ``okr-coach check`` never uses. They live in :mod:`coach.model_later`, which is imported the
#: first time one of them is asked for (``from coach.model import Suggestion`` works as before): creating a
#: pydantic class costs about half a millisecond even when its schema is deferred.
_LATER = frozenset({"Suggestion", "Critique", "Confidence", "CheckIn"})

if TYPE_CHECKING:
    from coach.model_later import CheckIn, Confidence, Critique, Suggestion  # noqa: F401


def __getattr__(name: str):
    """The models of :data:`_LATER`, from :mod:`coach.model_later` (PEP 562: only names not defined here)."""
    if name in _LATER:
        from coach import model_later

        return getattr(model_later, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
