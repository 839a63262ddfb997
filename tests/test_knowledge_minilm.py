"""The real all-MiniLM-L6-v2 weights, offline: meaning, not shared words, decides the ranking."""

from __future__ import annotations

import pytest

from coach.config import load_settings
from coach.knowledge import KnowledgeBase, Ranking
from coach.knowledge.embeddings import LocalEmbedder

pytestmark = pytest.mark.slow

DOC = """# Team handbook

## Parental leave

New parents may take up to sixteen weeks away from work with full pay.

## Incident response

When production breaks, the on-call engineer opens a war room and pages the database owner.

## Coffee machine

Descale the espresso maker every Friday afternoon.
"""


def test_local_embedder_is_offline_normalised_and_loaded_once(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    first, second = LocalEmbedder(), LocalEmbedder()
    [vector] = first.embed_documents(["outages at night"])
    assert len(vector) == 384 and abs(sum(v * v for v in vector) - 1.0) < 1e-4
    assert first._load() is second._load()  # one model per process


def test_semantically_related_text_ranks_first_with_no_shared_words(tmp_path, monkeypatch):
    monkeypatch.setenv("OKR_COACH_KNOWLEDGE_DIR", str(tmp_path / "no-notes"))
    (tmp_path / "no-notes").mkdir()
    doc = tmp_path / "handbook.md"
    doc.write_text(DOC, encoding="utf-8")
    kb = KnowledgeBase.open(load_settings({"data_dir": str(tmp_path / "data")}, cwd=tmp_path))
    kb.add([doc], progress=False)
    kb.ranking = Ranking(dense_weight=1.0, lexical_weight=0.0)  # dense alone: BM25 has no words to match
    assert kb.search("our website went down at 3am, who fixes it?", k=1)[0].anchor == "handbook.md#incident-response"
    assert kb.search("time off after having a baby", k=1)[0].anchor == "handbook.md#parental-leave"
    kb.ranking = Ranking()
    assert kb.search("time off after having a baby", k=1)[0].anchor == "handbook.md#parental-leave"


def test_builtin_notes_answer_a_paraphrased_question(tmp_path):
    kb = KnowledgeBase.open(load_settings({"data_dir": str(tmp_path / "data")}, cwd=tmp_path))
    kb.ensure_builtin()
    anchors = [c.anchor for c in kb.search("my team lists tasks like 'launch the website' as goals", k=5)]
    assert {"key-results.md#outcomes-not-outputs", "failure-modes.md#task-lists-as-key-results",
            "initiatives.md#turning-an-activity-into-an-outcome"} & set(anchors)
