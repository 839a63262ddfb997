"""Knowledge and evals screens as plain functions, on a real knowledge base and real (small) eval runs."""

from __future__ import annotations

import pytest

from coach.config import load_settings
from coach.evals import service as eval_service
from coach.evals.runner import RunConfig
from coach.knowledge.embeddings import HashEmbedder
from coach.ui import evals as evals_screen
from coach.ui import knowledge as kb_screen
from coach.ui.services import SharedKnowledge

PLAYBOOK = """# Acme OKR playbook

## Zebra rule for quarterly reviews

Every quarterly review at Acme starts with the zebra checklist: three stripes, one owner each.
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return load_settings({"data_dir": tmp_path_factory.mktemp("data"), "offline": True}, environ={})


@pytest.fixture(scope="module")
def knowledge(settings):
    return SharedKnowledge(settings, embedder=HashEmbedder())


def test_add_list_search_and_remove_a_document(knowledge, tmp_path):
    upload = tmp_path / "acme-playbook.md"
    upload.write_text(PLAYBOOK, encoding="utf-8")
    seen: list[tuple[int, int]] = []
    status = kb_screen.add_documents([str(upload)], knowledge, progress=lambda done, total: seen.append((done, total)))
    assert status.startswith("Indexed:") and "acme-playbook.md: added" in status, status
    assert seen and seen[-1][0] == seen[-1][1]  # the progress bar reached the end

    listing = kb_screen.list_sources(knowledge)
    names = [row[0] for row in listing.rows]
    assert "acme-playbook.md" in names and "key-results.md" in names
    assert [label for label, _ in listing.removable] == ["acme-playbook.md"]

    found = kb_screen.search("zebra checklist quarterly review", knowledge)
    assert "acme-playbook.md#zebra-rule-for-quarterly-reviews" in found
    assert "three stripes" in found

    source = listing.removable[0][1]
    assert kb_screen.remove_document(source, knowledge).startswith("Removed acme-playbook.md")
    assert "acme-playbook.md" not in [row[0] for row in kb_screen.list_sources(knowledge).rows]
    assert "acme-playbook.md#" not in kb_screen.search("zebra checklist quarterly review", knowledge)
    assert "not in the knowledge base" in kb_screen.remove_document(source, knowledge)


def test_document_uploads_are_checked(knowledge, tmp_path):
    script = tmp_path / "evil.js"
    script.write_text("alert(1)", encoding="utf-8")
    assert "not an accepted file type" in kb_screen.add_documents([str(script)], knowledge)
    assert kb_screen.add_documents([], knowledge).startswith("Choose one or more documents")
    assert kb_screen.search("   ", knowledge).startswith("Type what you are looking for")
    assert kb_screen.search("x" * 600, knowledge).startswith("**Too long:**")


@pytest.fixture(scope="module")
def two_runs(settings):
    ids = [case.id for case in __import__("coach.evals.datasets", fromlist=["load_cases"]).load_cases("critique")[:6]]
    first = eval_service.run(settings, RunConfig(suites=["critique"], ids=ids, progress=False, fast=True, label="a"))
    second = eval_service.run(settings, RunConfig(suites=["critique"], ids=ids, progress=False, fast=True, label="b"))
    return first["run_id"], second["run_id"]


def test_runs_are_listed_shown_and_compared(settings, two_runs):
    run_a, run_b = two_runs
    listing = evals_screen.list_runs(settings)
    assert listing.choices[:2] == [run_b, run_a] or set(listing.choices) >= {run_a, run_b}
    assert {row[0] for row in listing.rows} >= {run_a, run_b}
    assert any("critique: " in row[5] for row in listing.rows)

    report = evals_screen.show_run(run_a, settings)
    assert "macro_f1" in report and run_a in report

    comparison, left, right = evals_screen.compare_runs(run_a, run_b, settings)
    assert comparison.startswith("**No regression**")  # the same offline engine on the same cases
    assert "Compare" in comparison and run_a in left and run_b in right


def test_only_listed_runs_can_be_opened(settings, two_runs, tmp_path):
    assert "not in the list of saved runs" in evals_screen.show_run(str(tmp_path), settings)
    assert "not in the list of saved runs" in evals_screen.show_run("/etc", settings)
    assert evals_screen.compare_runs(two_runs[0], two_runs[0], settings)[0] == "Pick two different runs to compare."
