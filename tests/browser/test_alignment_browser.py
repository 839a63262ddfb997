"""The alignment screen in a real browser: paste the example sets, see the map, the summary and the findings."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]


def test_paste_several_sets_and_see_the_map(page, app, goto, shoot):
    goto(page, app.url, tab="Alignment")
    page.locator("#align-example").click()
    page.wait_for_function("() => document.querySelector('#align-paste textarea').value.includes('==> growth.md <==')",
                           timeout=30_000)
    page.locator("#align-run").click()
    expect(page.locator("#align-summary")).to_contain_text("alignment health", timeout=60_000)
    expect(page.locator("#align-summary")).to_contain_text("31/100")
    findings = page.locator("#align-findings")
    for code in ("OKR401", "OKR402", "OKR403", "OKR404", "OKR405", "OKR406", "OKR407", "OKR408", "OKR409"):
        expect(findings).to_contain_text(code)
    picture = page.locator("#align-map img").first
    expect(picture).to_be_visible(timeout=30_000)
    page.wait_for_function("img => img.complete && img.naturalWidth > 300", arg=picture.element_handle())
    expect(page.locator("#align-svg")).to_contain_text("alignment-map")
    shoot(page, "alignment-map")


def test_upload_clean_sets_and_see_full_health(page, app, goto, shoot):
    goto(page, app.url, tab="Alignment")
    files = sorted(str(p) for p in (ROOT / "examples" / "alignment" / "clean").iterdir())
    page.locator("#align-files input[type=file]").set_input_files(files)
    expect(page.locator("#align-files")).to_contain_text("product", timeout=30_000)
    page.locator("#align-run").click()
    expect(page.locator("#align-summary")).to_contain_text("100/100", timeout=60_000)
    expect(page.locator("#align-findings")).to_contain_text("No alignment findings.")
    shoot(page, "alignment-clean")


def test_hostile_paste_is_shown_as_text(page, app, goto):
    goto(page, app.url, tab="Alignment")
    page.locator("#align-paste textarea").fill(
        "==> a.md <==\nTeam: <img src=x onerror=alert(1)>\nObjective: Win so we grow\nSupports: Nowhere O9\n"
        "- Increase a from 1 to 2\n- Increase b from 1 to 2\n")
    page.locator("#align-run").click()
    expect(page.locator("#align-findings")).to_contain_text("OKR409", timeout=60_000)
    assert page.locator("#align-findings img").count() == 0
