"""The alignment screen's callback without a browser: pasted and uploaded sets, limits, escaping."""

from __future__ import annotations

from pathlib import Path

from coach.config import Settings
from coach.ui.alignment import check_alignment, example_text

ROOT = Path(__file__).resolve().parents[1]


def test_example_paste_gives_summary_map_and_findings(tmp_path):
    view = check_alignment(None, example_text(), Settings(), tmp_path)
    assert "31/100" in view.summary
    assert view.png.startswith(b"\x89PNG") and Path(view.svg_path).read_text().startswith("<svg")
    for code in ("OKR401", "OKR404", "OKR409"):
        assert code in view.findings


def test_uploads_are_checked_like_a_folder(tmp_path):
    files = [str(p) for p in sorted((ROOT / "examples" / "alignment" / "clean").iterdir())]
    view = check_alignment(files, "", Settings(), tmp_path)
    assert "100/100" in view.summary and "No alignment findings." in view.findings


def test_refusals_name_the_fix(tmp_path):
    assert "no sets to check" in check_alignment(None, "  ", Settings(), tmp_path).summary
    bad = tmp_path / "x.exe"
    bad.write_bytes(b"MZ")
    assert "not an accepted file type" in check_alignment([str(bad)], "", Settings(), tmp_path).summary
    huge = "==> a.md <==\n" + "Objective: x\n" * 100_000
    assert "limit" in check_alignment(None, huge, Settings(), tmp_path).summary


def test_draft_text_is_escaped_in_the_findings(tmp_path):
    pasted = ("==> a.md <==\nObjective: Win big so we grow\nSupports: <b>Nowhere</b> O9\n"
              "- Increase a from 1 to 2\n- Increase b from 1 to 2\n")
    view = check_alignment(None, pasted, Settings(), tmp_path)
    assert "OKR409" in view.findings and "Nowhere" in view.findings and "<b>" not in view.findings
