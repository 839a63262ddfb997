"""One loop, one verdict, in a real browser: a suggestion the chat calls re-checked is accepted, and the
Re-check that follows (and a second Re-check of the untouched revised draft) finds no error on that line.
Placeholders are reported as values to fill, never as a missing target."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

DRAFT = """Team: Shop
Period: Q3 2026

Objective 1: Win back shoppers who leave before paying so online sales grow
- KR1: Launch the abandoned-basket SMS reminder
- KR2: Reduce payment failure rate from <baseline> to [target %]
"""

BASELINE_DRAFT = """Team: Growth
Period: Q3 2026

Objective 1: Make onboarding effortless so new customers reach value in their first week
- KR1: Establish the baseline of onboarding completion rate by week 2 of Q3 2026
- KR2: Launch the new onboarding flow
"""


def send(page, text: str) -> None:
    page.locator("#chat-input textarea").fill(text)
    page.locator("#chat-send").click()


def errors_on(text: str, ref: str) -> list[str]:
    """The error findings a rendered rule check lists for one key result ('ERROR OKR104 kr-... · O1.KR1')."""
    return re.findall(rf"ERROR\s+(OKR\d+\s+[a-z-]+)\s+·\s+{re.escape(ref)}\b", text)


def after(text: str, marker: str) -> str:
    assert marker in text, f"{marker!r} not in the chat"
    return text.rsplit(marker, 1)[1]


def test_placeholders_accept_then_recheck_agree(page, app, goto, shoot):
    goto(page, app.url)
    send(page, DRAFT)
    chat = page.locator("#coach-chat")
    expect(chat).to_contain_text("Rule check:", timeout=20_000)
    findings = chat.inner_text()
    # the user's own blanks: one warning, what to fill in and where; never a missing target
    assert re.search(r"WARNING\s+OKR111\s+kr-unfilled-placeholder\s+·\s+O1\.KR2", findings), findings
    assert not errors_on(findings, "O1.KR2"), findings

    expect(chat).to_contain_text("Suggested rewrite for O1.KR1", timeout=60_000)
    expect(chat).to_contain_text("Tick the rewrites you want", timeout=60_000)
    text = chat.inner_text()
    assert "re-checked: no error-level finding left" in text
    assert "Why:" in text and "abandoned-basket SMS reminder" in text  # one line: why this metric

    suggestions = page.locator("#chat-suggestions")
    first = suggestions.locator("label").first
    expect(first).to_contain_text("O1.KR1:")
    assert "[current" in first.inner_text() and "[target" in first.inner_text()
    first.click()
    page.locator("#chat-accept").click()
    expect(chat).to_contain_text("Accepted 1 rewrite: O1.KR1.")
    accepted = after(chat.inner_text(), "Accepted 1 rewrite: O1.KR1.")
    assert not errors_on(accepted, "O1.KR1"), accepted
    assert re.search(r"OKR111\s+kr-unfilled-placeholder\s+·\s+O1\.KR1", accepted), accepted
    shoot(page, "loop-accepted")

    page.locator("#chat-recheck").click()
    expect(chat).to_contain_text("Re-checked your edits.")
    rechecked = after(chat.inner_text(), "Re-checked your edits.")
    assert not errors_on(rechecked, "O1.KR1") and not errors_on(rechecked, "O1.KR2"), rechecked
    assert "kr-missing-target" not in rechecked


@pytest.mark.xfail(strict=True, reason="needs the 'measure the baseline first' kind in the judgement (lead): "
                                       "check still calls 'Establish the baseline of X by week 2' an activity")
def test_a_baseline_key_result_is_checked_for_a_deadline_and_a_metric_not_called_work(page, app, goto):
    goto(page, app.url)
    send(page, BASELINE_DRAFT)
    chat = page.locator("#coach-chat")
    expect(chat).to_contain_text("Rule check:", timeout=20_000)
    assert not errors_on(chat.inner_text(), "O1.KR1"), chat.inner_text()

    expect(chat).to_contain_text("Tick the rewrites you want", timeout=60_000)
    labels = page.locator("#chat-suggestions label")
    baseline = labels.filter(has_text="Establish the baseline of")
    expect(baseline.first).to_be_visible(timeout=5_000)
    baseline.first.click()
    page.locator("#chat-accept").click()
    expect(chat).to_contain_text("Accepted 1 rewrite")
    page.locator("#chat-recheck").click()
    expect(chat).to_contain_text("Re-checked your edits.")
    rechecked = after(chat.inner_text(), "Re-checked your edits.")
    assert not errors_on(rechecked, "O1.KR1") and not errors_on(rechecked, "O1.KR2"), rechecked
