"""Coach chat callbacks, called as plain functions (no browser): the same services as the CLI."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from coach.config import load_settings
from coach.knowledge.embeddings import HashEmbedder
from coach.ui.chat import accept, classify, recheck_edited, respond
from coach.ui.services import SharedKnowledge
from coach.ui.state import ChatSession

DRAFT = """Team: Growth
Period: Q3 2026

Objective 1: Make onboarding effortless so new customers reach value in their first week
- KR1: Launch the new onboarding flow
- KR2: Increase activation rate from 20% to 35%
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return load_settings({"data_dir": tmp_path_factory.mktemp("data"), "offline": True}, environ={})


@pytest.fixture(scope="module")
def knowledge(settings):
    """The real knowledge base (built-in notes indexed), with the hashing embedder instead of MiniLM, warm."""
    shared = SharedKnowledge(settings, embedder=HashEmbedder())
    shared.warm_up().join()
    assert shared.ready
    return shared


@pytest.mark.parametrize("text, mode, expected", [
    ("What is a good key result?", "auto", "question"),
    ("how many objectives should a team have", "auto", "question"),
    (DRAFT, "auto", "draft"),
    ("Objective: Delight customers?\n- KR1: NPS from 30 to 45\n- KR2: churn from 3% to 2%", "auto", "draft"),
    ("What is a good key result?", "draft", "draft"),
    (DRAFT, "question", "question"),
])
def test_classify(text, mode, expected):
    assert classify(text, mode) == expected


def test_oversized_text_is_refused_before_any_service_call(settings):
    small = settings.model_copy(update={"ui": settings.ui.model_copy(update={"max_draft_chars": 100})})
    views = list(respond("Objective: x\n" + "y" * 200, "draft", "default", [], ChatSession(), small))
    assert len(views) == 1
    last = views[0].history[-1]["content"]
    assert "**Not sent:**" in last and "the limit is 100 (setting ui.max_draft_chars)" in last
    assert views[0].session.report is None


def test_empty_message_changes_nothing(settings):
    session = ChatSession()
    (view,) = list(respond("   ", "auto", "default", [], session, settings))
    assert view.history == [] and view.session is session


def test_draft_gets_findings_first_then_suggestions(settings, knowledge, tmp_path):
    views = list(respond(DRAFT, "auto", "default", [], ChatSession(), settings, knowledge=knowledge,
                         files_dir=tmp_path / "files"))
    first = views[0]
    assert first.history[0]["role"] == "user"
    assert "Rule check:" in first.history[1]["content"] and "OKR101" in first.history[1]["content"]
    assert first.session.report is not None and first.session.suggestions == []
    last = views[-1]
    assert last.session.suggestions, "the template writer should propose rewrites for the activity KR"
    assert any(label.startswith("O1.KR1:") for label in last.suggestion_choices)
    assert any("Suggested rewrite for O1.KR1" in m["content"] for m in last.history)
    findings = last.session.report.findings
    assert any(f.citations for f in findings), "the streamed report should carry retrieved passages"
    md_path, json_path = last.downloads
    assert Path(md_path).read_text(encoding="utf-8") == last.revised_draft
    assert json.loads(Path(json_path).read_text(encoding="utf-8"))["team"] == "Growth"


class _GatedEmbedder(HashEmbedder):
    """The hashing embedder, but every call first waits (up to 5 s) for ``gate``: a slow model load."""

    def __init__(self, gate: threading.Event) -> None:
        super().__init__()
        self.gate = gate
        self.calls_before_gate = 0

    def _wait(self) -> None:
        if not self.gate.is_set():
            self.calls_before_gate += 1
        self.gate.wait(timeout=5)

    def embed_documents(self, texts):
        self._wait()
        return super().embed_documents(texts)

    def embed_query(self, text):
        self._wait()
        return super().embed_query(text)


def test_offline_rewrites_do_not_wait_for_a_warming_knowledge_base(tmp_path):
    """With no LLM, template rewrites need no passages: they show before the index is touched, the message
    never waits for the warm-up (it would hold a worker slot), and once the index is warm the next
    critique cites retrieved passages."""
    settings = load_settings({"data_dir": tmp_path / "data", "offline": True}, environ={})
    gate = threading.Event()
    embedder = _GatedEmbedder(gate)
    knowledge = SharedKnowledge(settings, embedder=embedder)
    assert not knowledge.ready
    views = list(respond(DRAFT, "draft", "default", [], ChatSession(), settings, knowledge=knowledge,
                         files_dir=tmp_path / "files"))
    assert embedder.calls_before_gate == 0, "the critique waited for the knowledge base"
    last = views[-1]
    assert any("Suggested rewrite for O1.KR1" in m["content"] for m in last.history)
    assert not any(f.citations for f in last.session.report.findings)
    assert "still loading" in last.history[-2]["content"]  # just before the closing message

    gate.set()
    knowledge.warm_up().join()
    again = list(respond(DRAFT, "draft", "default", [], ChatSession(), settings, knowledge=knowledge,
                         files_dir=tmp_path / "files"))[-1]
    assert any(f.citations for f in again.session.report.findings), "a warm index cites retrieved passages"
    assert not any("still loading" in m["content"] for m in again.history)


def test_accepting_a_suggestion_revises_and_rechecks_the_draft(settings, knowledge, tmp_path):
    *_, view = respond(DRAFT, "draft", "default", [], ChatSession(), settings, knowledge=knowledge, files_dir=tmp_path)
    label = next(label for label in view.suggestion_choices if label.startswith("O1.KR1:"))
    before = sum(1 for f in view.session.report.findings if f.name == "kr-is-activity")
    after = accept([label], view.history, view.session, settings, "default", files_dir=tmp_path)
    assert "Accepted 1 rewrite: O1.KR1." in after.history[-1]["content"]
    if "[" in label:  # a template rewrite with placeholders: the user is told to fill them in
        assert "Replace the placeholders" in after.history[-1]["content"]
    okr_set = after.session.report.okr_set
    assert [i.text for i in okr_set.objectives[0].initiatives] == ["Launch the new onboarding flow"]
    assert sum(1 for f in after.session.report.findings if f.name == "kr-is-activity") < before
    assert all(not label.startswith("O1.KR1:") for label in after.suggestion_choices)  # alternatives consumed
    assert "Initiatives:\n- Launch the new onboarding flow" in after.revised_draft


def test_accept_without_a_selection_says_what_to_do(settings, knowledge, tmp_path):
    *_, view = respond(DRAFT, "draft", "default", [], ChatSession(), settings, knowledge=knowledge, files_dir=tmp_path)
    after = accept([], view.history, view.session, settings, "default")
    assert "Tick at least one suggestion" in after.history[-1]["content"]
    assert after.session is view.session


def test_unparseable_draft_gets_the_parser_message(settings):
    (view,) = list(respond("\x00\x01 not a draft at all \x02\n\n\n-\n-", "draft", "default", [], ChatSession(),
                           settings))
    assert "could not read this as an OKR draft" in view.history[-1]["content"]


def test_hand_edited_draft_is_rechecked(settings, knowledge, tmp_path):
    *_, view = respond(DRAFT, "draft", "default", [], ChatSession(), settings, knowledge=knowledge, files_dir=tmp_path)
    edited = view.revised_draft.replace("Launch the new onboarding flow",
                                        "Raise week-1 activation from 20% to 30% by end of Q3 2026")
    after = recheck_edited(edited, view.history, view.session, settings, "default", files_dir=tmp_path)
    assert after.history[-1]["content"].startswith("Re-checked your edits.")
    assert not any(f.name == "kr-is-activity" for f in after.session.report.findings)


def test_sessions_do_not_share_state(settings, knowledge, tmp_path):
    one = ChatSession()
    *_, view = respond(DRAFT, "draft", "default", [], one, settings, knowledge=knowledge, files_dir=tmp_path)
    assert one.report is None  # the caller's session object is never mutated
    assert view.session is not one


def test_follow_up_question_is_answered_from_the_knowledge_base(settings, knowledge):
    session = ChatSession()
    (view,) = list(respond("How many key results should an objective have?", "auto", "default", [], session,
                           settings, knowledge=knowledge))
    answer = view.history[-1]["content"]
    assert "Closest passages (no LLM)" in answer and "**Sources**" in answer
    assert "<details><summary>[1]: " in answer
    assert view.session.qa_history[0][0] == "How many key results should an objective have?"
    (again,) = list(respond("And for a small team?", "question", "default", view.history, view.session, settings,
                            knowledge=knowledge))
    assert len(again.session.qa_history) == 2 and len(again.history) == 4
