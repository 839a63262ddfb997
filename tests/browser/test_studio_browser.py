"""Check-in studio in a real browser: upload an OKR set and check-ins, edit, get a narrative and charts."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]


def test_upload_checkins_get_a_narrative_and_a_chart(page, app, goto, shoot):
    goto(page, app.url, tab="Check-in studio")
    page.locator("#studio-okr-file input[type=file]").set_input_files(str(ROOT / "examples" / "checkins-okrs.md"))
    page.locator("#studio-checkin-file input[type=file]").set_input_files(str(ROOT / "examples" / "checkins.csv"))
    page.locator("#studio-load-files").click()
    expect(page.locator("#studio-status")).to_contain_text("Loaded checkins-okrs.md")
    expect(page.locator("#studio-table")).to_contain_text("O1.KR1")
    page.locator("#studio-generate").click()
    expect(page.locator("#studio-status")).to_contain_text("written by the deterministic writer", timeout=60_000)
    expect(page.locator("#studio-narrative")).to_contain_text("Key results")
    chart = page.locator("#studio-charts img").first
    expect(chart).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", chart.element_handle()) > 100
    shoot(page, "studio-narrative")
    with page.expect_download() as download:
        page.locator("#studio-download").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == "weekly-narrative.md"
    assert "## Key results" in text
