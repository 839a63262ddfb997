"""Coach chat in a real browser: findings at once, a suggestion, accept it, download the revised draft,
and two browser sessions that never see each other's drafts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import expect

DRAFT = """Team: Growth
Period: Q3 2026

Objective 1: Make onboarding effortless so new customers reach value in their first week
- KR1: Launch the new onboarding flow
- KR2: Increase activation rate from 20% to 35%
"""


def send(page, text: str) -> None:
    page.locator("#chat-input textarea").fill(text)
    page.locator("#chat-send").click()


def open_details(details) -> None:
    """Click a collapsed passage open. The chat re-renders while the last messages of a reply stream in
    (a re-render shows the block closed again), so click until it stays open."""
    for _ in range(10):
        details.locator("summary").click()
        try:
            expect(details).to_have_attribute("open", "", timeout=1_500)
            return
        except AssertionError:
            continue
    expect(details).to_have_attribute("open", "")


def test_paste_a_draft_see_findings_and_a_suggestion(page, app, goto, shoot):
    goto(page, app.url)
    shoot(page, "chat-empty")
    send(page, DRAFT)
    chat = page.locator("#coach-chat")
    expect(chat).to_contain_text("Rule check:")
    expect(chat).to_contain_text("OKR101")
    expect(chat).to_contain_text("kr-is-activity")
    expect(chat).to_contain_text("Objective 1: Make onboarding effortless")
    expect(chat).to_contain_text("Suggested rewrite for O1.KR1", timeout=60_000)
    expect(chat).to_contain_text("Moves to Initiatives")
    citation = chat.locator("details").first
    expect(citation).to_be_visible()
    open_details(citation)
    expect(page.locator("#chat-input textarea")).to_have_value("")
    shoot(page, "chat-rewrites")
    page.evaluate("""() => document.querySelectorAll('#coach-chat *').forEach(el => {
        if (el.scrollHeight > el.clientHeight + 10) el.scrollTop = 0; })""")
    shoot(page, "chat-findings")


def test_accept_a_suggestion_and_download_the_revised_draft(page, app, goto, shoot, tmp_path):
    goto(page, app.url)
    send(page, DRAFT)
    suggestions = page.locator("#chat-suggestions")
    expect(suggestions.locator("label").first).to_contain_text("O1.KR1:", timeout=60_000)
    chosen = suggestions.locator("label").first.inner_text().strip()
    suggestions.locator("label").first.click()
    page.locator("#chat-accept").click()
    chat = page.locator("#coach-chat")
    expect(chat).to_contain_text("Accepted 1 rewrite: O1.KR1.")
    revised = page.locator("#chat-revised textarea")
    expect(revised).to_have_value(re.compile(r"Initiatives:\n- Launch the new onboarding flow"))
    new_kr = chosen.split(":", 1)[1].strip().removesuffix("...")
    assert new_kr in revised.input_value()
    shoot(page, "chat-accepted")

    with page.expect_download() as download:
        page.locator("#chat-download-md").click()
    md = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == "revised-draft.md"
    assert md == revised.input_value()
    with page.expect_download() as download:
        page.locator("#chat-download-json").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    objective = data["objectives"][0]
    assert objective["initiatives"] == [{"text": "Launch the new onboarding flow"}]
    assert objective["key_results"][0]["text"].startswith(new_kr[:40])


def test_two_sessions_stay_separate(fresh_page, app, goto, shoot):
    first, second = fresh_page(), fresh_page()
    goto(first, app.url)
    goto(second, app.url)
    send(first, DRAFT)
    expect(first.locator("#coach-chat")).to_contain_text("OKR101")
    other = DRAFT.replace("Growth", "Platform").replace("Launch the new onboarding flow", "Migrate billing to Stripe")
    send(second, other)
    expect(second.locator("#coach-chat")).to_contain_text("Migrate billing to Stripe")
    expect(first.locator("#coach-chat")).to_contain_text("Suggested rewrite", timeout=60_000)
    expect(second.locator("#coach-chat")).to_contain_text("Suggested rewrite", timeout=60_000)
    assert "Migrate billing" not in first.locator("#coach-chat").inner_text()
    assert "Launch the new onboarding flow" not in second.locator("#coach-chat").inner_text()
    assert "Platform" not in first.locator("#chat-revised textarea").input_value()
    assert "Growth" not in second.locator("#chat-revised textarea").input_value()
    # a reload starts a fresh session: nothing from before is shown
    first.reload()
    first.wait_for_selector("#okr-banner")
    assert "OKR101" not in first.locator("#coach-chat").inner_text()


def test_oversized_paste_is_refused_before_any_work(page, app, goto):
    goto(page, app.url)
    send(page, "Objective: grow\n- KR1: " + "x" * 20_100)
    expect(page.locator("#coach-chat")).to_contain_text("the limit is 20,000 (setting ui.max_draft_chars)")
    assert "Rule check" not in page.locator("#coach-chat").inner_text()
