"""Per-browser-session state of the web app.

Each screen keeps one small dataclass in a ``gr.State``. Gradio deep-copies a State's initial value for
every new session, so two people (or two tabs) never share a draft, a critique or an uploaded check-in.
Nothing here is module-level mutable state, and nothing is written to the shared data directory except
through the service functions (the check-in store and the knowledge base, which are shared on purpose).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.model import CheckReport, Critique, Suggestion


@dataclass
class ChatSession:
    """The coach chat of one session: the working draft, its latest check and the pending suggestions."""

    draft: str = ""
    source: str = "<draft>"
    report: CheckReport | None = None
    critique: Critique | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)  # labels of accepted suggestions, in order
    qa_history: list[tuple[str, str]] = field(default_factory=list)  # (question, answer) for follow-ups

    @property
    def has_draft(self) -> bool:
        return self.report is not None


@dataclass
class StudioSession:
    """The check-in studio of one session: which OKR set is open and the rows being edited."""

    set_id: str | None = None  # name of the stored set, None for uploaded files
    okr_set_label: str = ""
    okr_text: str = ""  # the OKR set as a draft, re-read with the check-ins when a narrative is generated
    okr_source: str = ""
    narrative_markdown: str = ""
