"""Batched search gives each query exactly what a single search gives it, with one embedding call."""

from __future__ import annotations

import pytest

from coach.config import load_settings
from coach.knowledge import KnowledgeBase
from coach.knowledge.embeddings import HashEmbedder

NOTES = {
    "checkins.md": "# Check-ins\n\n## Confidence\n\nRate confidence weekly as high, medium or low.\n\n"
                   "## Blockers\n\nName the top blocker and one action to remove it.\n",
    "results.md": "# Key results\n\n## Baselines\n\nState where the metric starts before setting a target.\n\n"
                  "## Outcomes\n\nMeasure a change in results, not the work done to cause it.\n",
}


class CountingEmbedder(HashEmbedder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls: list[int] = []

    def embed_documents(self, texts):
        self.calls.append(len(texts))
        return super().embed_documents(texts)


@pytest.fixture
def kb(tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("OKR_COACH_KNOWLEDGE_DIR", str(folder))
    settings = load_settings({"data_dir": str(tmp_path / "data")}, cwd=tmp_path)
    embedder = CountingEmbedder(256)
    kb = KnowledgeBase.open(settings, embedder=embedder)
    kb.ensure_builtin()
    embedder.calls.clear()
    return kb, embedder


def test_search_many_matches_single_searches_with_one_embedding_call(kb):
    kb, embedder = kb
    queries = ["what is a baseline", "", "weekly confidence rating", "top blocker action"]
    batched = kb.search_many(queries, k=2)
    assert embedder.calls == [3], "the non-empty queries are embedded together, once"
    singles = [kb.search(q, k=2) for q in queries]
    assert batched == singles
    assert batched[1] == []
    assert batched[0][0].anchor == "results.md#baselines"
    assert batched[2][0].anchor == "checkins.md#confidence"
