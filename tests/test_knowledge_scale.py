"""A knowledge base past SQLite's 32,766-variable limit keeps working, and one add is bounded.

Issue 13: a store of more than 32,766 passages crashed ``list``, ``search``, ``remove`` and ``rebuild``
with chromadb's "too many SQL variables" because the whole collection was read (and deleted) in one call.
These tests run the real CLI with the deterministic hash embedder (the only thing swapped).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.cli import main
from coach.knowledge import base
from coach.knowledge.embeddings import HashEmbedder


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "grading.md").write_text("# Grading\n\n## The sweet spot\n\nA score of 0.7 is good.\n", encoding="utf-8")
    monkeypatch.setenv("OKR_COACH_KNOWLEDGE_DIR", str(notes))
    monkeypatch.setattr("coach.knowledge.base.make_embedder", lambda settings: HashEmbedder(32))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sections(path: Path, prefix: str, count: int) -> Path:
    path.write_text("".join(f"# {prefix} {i}\n\nx\n" for i in range(count)), encoding="utf-8")
    return path


def test_a_store_past_32766_passages_lists_searches_removes_and_rebuilds(data_dir, tmp_path, capsys):
    files = [sections(tmp_path / f"part{n}.md", f"Part{n} heading", 8_300) for n in range(4)]
    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "add", *map(str, files), "--quiet")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "list", "--format", "json")
    assert code == 0, err
    chunks = {Path(s["source"]).name: s["chunks"] for s in json.loads(out)["sources"]}
    assert sum(chunks.values()) > 32_766
    assert chunks["part3.md"] == 8_300
    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "search", "Part2 heading 4321")
    assert code == 0, err
    assert "part2.md" in out
    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "remove", "part0.md")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "rebuild", "--quiet")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "list", "--format", "json")
    names = {Path(s["source"]).name for s in json.loads(out)["sources"]}
    assert names == {"grading.md", "part1.md", "part2.md", "part3.md"}


def test_one_file_past_the_passage_bound_is_skipped_with_the_reason(data_dir, tmp_path, capsys):
    big = sections(tmp_path / "h.md", "H", 33_000)  # the 349 KB file
    small = sections(tmp_path / "small.md", "Small", 3)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "add", str(big), str(small), "--quiet")
    assert code == 0
    assert f"h.md: 33,000 passages, more than the {base.MAX_PASSAGES_PER_FILE:,} one file may add; " \
           "split it into smaller documents" in err
    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "list", "--format", "json")
    assert {Path(s["source"]).name for s in json.loads(out)["sources"]} == {"grading.md", "small.md"}


def test_one_add_past_the_request_bound_is_refused_before_anything_is_written(data_dir, tmp_path, capsys):
    files = [sections(tmp_path / f"f{n}.md", f"F{n}", 9_000) for n in range(6)]
    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "add", *map(str, files), "--quiet")
    assert code == 2
    assert f"these 6 documents make 54,000 passages; one add takes at most {base.MAX_PASSAGES_PER_ADD:,}" in err
    assert "Traceback" not in err
    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "list", "--format", "json")
    assert {Path(s["source"]).name for s in json.loads(out)["sources"]} == {"grading.md"}
