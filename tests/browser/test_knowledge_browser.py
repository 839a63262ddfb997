"""Knowledge and evals screens in a real browser; oversized uploads refused; the API via gradio_client."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = """# Acme OKR playbook

## Zebra rule for quarterly reviews

Every quarterly review at Acme starts with the zebra checklist: three stripes, one owner each.
"""


def test_upload_a_document_and_find_it_by_search(page, app, goto, shoot, tmp_path):
    doc = tmp_path / "acme-playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    goto(page, app.url, tab="Knowledge")
    expect(page.locator("#kb-sources")).to_contain_text("key-results.md", timeout=120_000)
    page.locator("#kb-files input[type=file]").set_input_files(str(doc))
    page.locator("#kb-add").click()
    expect(page.locator("#kb-add-status")).to_contain_text("acme-playbook.md: added", timeout=180_000)
    expect(page.locator("#kb-sources")).to_contain_text("acme-playbook.md")
    page.locator("#kb-query textarea, #kb-query input").first.fill("zebra checklist for quarterly reviews")
    page.locator("#kb-search").click()
    results = page.locator("#kb-results")
    expect(results).to_contain_text("acme-playbook.md#zebra-rule-for-quarterly-reviews", timeout=60_000)
    results.locator("details summary").first.click()
    expect(results).to_contain_text("three stripes")
    shoot(page, "knowledge-search")


def test_a_200_mb_upload_is_refused_with_a_message(page, app, goto, shoot, tmp_path):
    big = tmp_path / "huge-notes.md"
    with big.open("wb") as fh:  # sparse: 200 MB on paper, no disk used
        fh.truncate(200 * 1024 * 1024)
    goto(page, app.url, tab="Knowledge")
    page.locator("#kb-files input[type=file]").set_input_files(str(big))
    expect(page.get_by_text("exceed the maximum allowed size").first).to_be_visible(timeout=60_000)
    expect(page.locator("#kb-sources")).not_to_contain_text("huge-notes.md")
    shoot(page, "knowledge-upload-too-large")


def test_evals_screen_lists_and_shows_the_baseline(page, app, goto, shoot):
    goto(page, app.url, tab="Evals")
    expect(page.locator("#evals-status")).to_be_visible()
    page.get_by_role("tab", name="Compare two runs").click()
    expect(page.locator("#evals-a")).to_contain_text("baseline")
    page.get_by_role("tab", name="Show a run").click()
    page.locator("#evals-run input").click()
    page.get_by_role("option", name="baseline (evals/baseline)").click()
    page.locator("#evals-show").click()
    expect(page.locator("#evals-report")).to_contain_text("Eval run")
    shoot(page, "evals-baseline")


def test_api_endpoints_through_gradio_client(app):
    from gradio_client import Client

    client = Client(app.url, verbose=False)
    draft = (ROOT / "examples" / "growth-draft.md").read_text(encoding="utf-8")
    critique = json.loads(client.predict(draft, "default", api_name="/critique"))
    assert critique["report"]["findings"] and critique["suggestions"]
    assert {f["code"] for f in critique["report"]["findings"]} >= {"OKR101"}

    narrative = client.predict((ROOT / "examples" / "checkins-okrs.md").read_text(encoding="utf-8"),
                               (ROOT / "examples" / "checkins.csv").read_text(encoding="utf-8"), "csv", "weekly", "",
                               api_name="/narrative")
    assert "## Key results" in narrative and "O1.KR1" in narrative
    api = client.view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/critique", "/narrative"}  # stateful UI events are not endpoints
