"""Check-in studio callbacks as plain functions: load (stored set or uploads), edit, narrate, chart."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.checkins import service
from coach.config import load_settings
from coach.ui.checkins import columns, generate, load_stored, load_uploads, narrative_endpoint, table_csv
from coach.ui.state import StudioSession

ROOT = Path(__file__).resolve().parents[1]
OKRS = ROOT / "examples" / "checkins-okrs.md"
CHECKINS = ROOT / "examples" / "checkins.csv"


@pytest.fixture
def settings(tmp_path):
    return load_settings({"data_dir": tmp_path / "data", "offline": True}, environ={})


def test_uploads_fill_the_table_and_generate_a_narrative_with_charts(settings, tmp_path):
    view = load_uploads(str(OKRS), str(CHECKINS), StudioSession(), settings)
    assert view.status.startswith("Loaded **checkins-okrs.md**"), view.status
    assert view.rows and all(len(row) == len(columns()) for row in view.rows)
    refs = {row[0] for row in view.rows}
    assert "O1.KR1" in refs

    result = generate(view.rows, "Weekly check-in", "", view.session, settings, files_dir=tmp_path)
    assert "written by the deterministic writer" in result.status, result.status
    assert "## Key results" in result.narrative_source
    assert Path(result.download).read_text(encoding="utf-8") == result.narrative_source
    assert result.charts and all(Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for path, _ in result.charts)
    assert {caption for _, caption in result.charts} <= refs  # one chart per key result, captioned by its ref


def test_edits_in_the_table_change_the_narrative(settings, tmp_path):
    view = load_uploads(str(OKRS), str(CHECKINS), StudioSession(), settings)
    rows = [list(r) for r in view.rows]
    blockers = columns().index("blockers")
    rows[-1][blockers] = "Vendor contract unsigned"
    result = generate(rows, "Weekly check-in", "", view.session, settings, files_dir=tmp_path)
    assert "Vendor contract unsigned" in result.narrative_source
    untouched = generate(view.rows, "Weekly check-in", "", view.session, settings, files_dir=tmp_path)
    assert "Vendor contract unsigned" not in untouched.narrative_source


def test_bad_table_cell_is_reported_not_crashed(settings, tmp_path):
    view = load_uploads(str(OKRS), str(CHECKINS), StudioSession(), settings)
    rows = [list(r) for r in view.rows]
    rows[0][0] = "O9.KR9"
    result = generate(rows, "Monthly review", "", view.session, settings, files_dir=tmp_path)
    assert result.status.startswith("**Could not write the narrative:**") and "O9.KR9" in result.status
    assert result.narrative == "" and result.download is None


def test_bad_as_of_date_names_the_format(settings, tmp_path):
    view = load_uploads(str(OKRS), str(CHECKINS), StudioSession(), settings)
    result = generate(view.rows, "Retrospective", "next friday", view.session, settings, files_dir=tmp_path)
    assert "YYYY-MM-DD" in result.status


def test_upload_of_wrong_type_is_refused(settings, tmp_path):
    exe = tmp_path / "checkins.exe"
    exe.write_bytes(b"MZ\x00")
    view = load_uploads(str(OKRS), str(exe), StudioSession(), settings)
    assert "not an accepted file type" in view.status and view.rows == []


def test_generate_without_loading_says_what_to_do(settings, tmp_path):
    assert generate([], "Weekly check-in", "", StudioSession(), settings, files_dir=tmp_path).status == \
        "Load an OKR set and its check-ins first."


def test_stored_set_opens_with_its_history(settings, tmp_path):
    stored = service.add_okr_set(settings, OKRS.read_text(encoding="utf-8"), OKRS.name)
    service.import_checkins(settings, CHECKINS.read_text(encoding="utf-8"), CHECKINS.name, set_name=stored.name)
    view = load_stored(stored.name, StudioSession(), settings)
    assert view.session.set_id == stored.name and view.rows
    stored_rows = len(service.checkin_history(settings, set_name=stored.name))
    assert len(view.rows) == stored_rows
    result = generate(view.rows, "Weekly check-in", "", view.session, settings, files_dir=tmp_path)
    assert "## Key results" in result.narrative_source
    assert load_stored("nope", StudioSession(), settings).status.startswith("**Not found:**")


def test_table_csv_drops_blank_rows_and_pads_short_ones():
    text = table_csv([["O1.KR1", "2026-07-06", "40"], ["", None, ""], []])
    lines = text.strip().splitlines()
    assert lines[0] == ",".join(columns())
    assert lines[1].startswith("O1.KR1,2026-07-06,40,") and len(lines) == 2


def test_narrative_endpoint_matches_the_studio(settings, tmp_path):
    markdown = narrative_endpoint(settings)(OKRS.read_text(encoding="utf-8"), CHECKINS.read_text(encoding="utf-8"))
    view = load_uploads(str(OKRS), str(CHECKINS), StudioSession(), settings)
    studio = generate(view.rows, "Weekly check-in", "", view.session, settings, files_dir=tmp_path)
    assert markdown.split("\n", 1)[1] == studio.narrative_source.split("\n", 1)[1]
