"""``okr-coach knowledge ...`` end to end in a temporary data directory.

Most tests run the real CLI entry point in-process with the deterministic hash embedder standing in for
MiniLM (the embedder is the only thing swapped). The ``slow`` test runs the installed command in a
subprocess with the real local model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main
from coach.knowledge.embeddings import HashEmbedder

REPO = Path(__file__).resolve().parents[1]

PLAYBOOK = """# Acme playbook

## Weekly ritual

Every Monday the squad reviews its dashboards and names one blocker per key result.
"""


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "grading.md").write_text("# Grading\n\n## The sweet spot\n\nA score of 0.7 on a stretch key result "
                                      "is a good outcome.\n", encoding="utf-8")
    monkeypatch.setenv("OKR_COACH_KNOWLEDGE_DIR", str(notes))
    monkeypatch.setattr("coach.knowledge.base.make_embedder", lambda settings: HashEmbedder())
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_search_remove_round_trip(data_dir, tmp_path, capsys):
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")

    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "add", str(doc), str(tmp_path / "photo.jpg"))
    assert code == 0
    assert f"added  {doc.resolve()}  (1 added, 0 unchanged, 0 removed)" in out
    assert out.strip().endswith("1 added, 0 unchanged, 0 removed passages in 1 document; 1 file skipped")
    assert "photo.jpg: unsupported type .jpg" in err
    assert "Embedding" not in err  # stderr is not a terminal: no progress bar

    code, out, _ = run(capsys, "knowledge", "add", str(doc), "--data-dir", str(data_dir), "--quiet")
    assert (code, out.strip()) == (0, "0 added, 1 unchanged, 0 removed passages in 1 document")

    code, out, _ = run(capsys, "--data-dir", str(data_dir), "knowledge", "list")
    assert code == 0
    assert "builtin  markdown     1 passages  knowledge/grading.md" in out
    assert f"added    markdown     1 passages  {doc.resolve()}" in out

    code, out, _ = run(capsys, "--data-dir", str(data_dir), "knowledge", "search", "Monday blocker", "-k", "1",
                       "--format", "json")
    payload = json.loads(out)
    assert code == 0 and payload["query"] == "Monday blocker"
    [hit] = payload["results"]
    assert hit["anchor"] == "playbook.md#weekly-ritual" and hit["heading"] == "Acme playbook > Weekly ritual"

    code, out, _ = run(capsys, "--data-dir", str(data_dir), "knowledge", "search", "stretch score")
    assert code == 0 and out.startswith("1. grading.md#the-sweet-spot  [Grading > The sweet spot]  score ")

    code, out, _ = run(capsys, "--data-dir", str(data_dir), "knowledge", "remove", "playbook.md")
    assert (code, out.strip()) == (0, "removed 1 passages of playbook.md")
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "knowledge", "list", "--format", "json")
    listing = json.loads(out)
    assert [s["source"] for s in listing["sources"]] == ["knowledge/grading.md"]
    assert listing["embedding_model"] == "hash:bow-256"


def test_data_dir_from_the_environment(data_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OKR_COACH_DATA_DIR", str(data_dir))
    code, out, _ = run(capsys, "knowledge", "search", "stretch score", "-k", "1", "--format", "json")
    assert code == 0 and json.loads(out)["results"][0]["anchor"] == "grading.md#the-sweet-spot"
    assert (data_dir / "knowledge" / "chroma.sqlite3").is_file()


def test_show_prints_a_section(data_dir, capsys):
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "knowledge", "show", "grading.md#the-sweet-spot")
    assert code == 0 and out.startswith("grading.md#the-sweet-spot  [Grading > The sweet spot]\n\nA score of 0.7")
    code, _, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "show", "grading.md#nope")
    assert code == 2 and "no section has the anchor 'grading.md#nope'" in err


def test_errors_exit_2_with_a_message(data_dir, tmp_path, capsys):
    bad = tmp_path / "only.bin"
    bad.write_bytes(b"\x00\x00")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "add", str(bad))
    assert code == 2 and "only.bin: unsupported type .bin" in err and "0 documents" in out
    code, _, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "remove", "ghost.md")
    assert code == 2 and "okr-coach: error: no indexed document matches 'ghost.md'" in err
    with pytest.raises(SystemExit) as info:
        main(["knowledge", "search", "x", "-k", "0"])
    assert info.value.code == 2
    assert run(capsys, "knowledge")[0] == 2


def test_half_written_store_tells_the_user_what_to_run(data_dir, tmp_path, capsys):
    from coach.knowledge.locking import Journal

    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    run(capsys, "--data-dir", str(data_dir), "knowledge", "add", str(doc))
    Journal(data_dir / "knowledge").begin("add", [str(doc.resolve())])
    code, _, err = run(capsys, "--data-dir", str(data_dir), "knowledge", "search", "Monday")
    assert code == 2 and "left half-written" in err and "okr-coach knowledge rebuild" in err
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "knowledge", "rebuild")
    assert code == 0 and "rebuilt" in out
    assert run(capsys, "--data-dir", str(data_dir), "knowledge", "search", "Monday")[0] == 0


def test_cli_module_imports_nothing_heavy():
    code = ("import sys, coach.cli.knowledge, coach.knowledge;"
            "heavy = [m for m in ('chromadb', 'torch', 'sentence_transformers', 'langchain_text_splitters', 'openai')"
            " if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_real_cli_with_local_minilm(tmp_path):
    """The installed command, a fresh data dir, the real offline MiniLM weights."""
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK + "\n## Holiday policy\n\nStaff book vacation days in the HR portal.\n", encoding="utf-8")
    env = {**os.environ, "OKR_COACH_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1"}
    env.pop("OKR_COACH_KNOWLEDGE_DIR", None)
    command = [sys.executable, "-m", "coach"]

    added = subprocess.run([*command, "knowledge", "add", str(doc)], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=600)
    assert added.returncode == 0, added.stderr
    searched = subprocess.run([*command, "knowledge", "search", "what does the squad do every Monday",
                               "-k", "3", "--format", "json"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=600)
    assert searched.returncode == 0, searched.stderr
    anchors = [r["anchor"] for r in json.loads(searched.stdout)["results"]]
    assert anchors[0] == "playbook.md#weekly-ritual"
    listing = subprocess.run([*command, "knowledge", "list", "--format", "json"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=600)
    payload = json.loads(listing.stdout)
    assert payload["embedding_model"] == "local:all-MiniLM-L6-v2"
    assert {"knowledge/key-results.md", str(doc.resolve())} <= {s["source"] for s in payload["sources"]}
