"""A suggestion ticked while the reply is still streaming stays ticked.

The scripted LLM's first answer has one good rewrite and one that still breaks a rule; the app sends that
one back, and the scripted server answers the second request only after a few seconds. The user ticks
the first suggestion meanwhile: the later updates of the same reply must not untick it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.openai_server import ScriptedOpenAIServer

DRAFT = """Period: Q3 2026

Objective 1: Make onboarding effortless so new customers reach value in their first week
- KR1: Launch the new onboarding flow
- KR2: Improve customer happiness
"""

GOOD_KR1 = "Cut median days to first value from [baseline] to [target] by end of Q3 2026"
FIRST = {"rewrites": [
    {"target": "O1.KR1", "kind": "key_result", "text": GOOD_KR1, "moved_to_initiatives": "Launch the new onboarding flow"},
    {"target": "O1.KR2", "kind": "key_result", "text": "Run a customer happiness survey"},  # still a task
]}
SECOND = {"rewrites": [
    {"target": "O1.KR2", "kind": "key_result", "text": "Raise CSAT from [baseline %] to [target %] by end of Q3 2026"},
]}


@pytest.fixture
def llm_server():
    with ScriptedOpenAIServer(model="scripted-model") as server:
        yield server


def test_a_tick_made_while_rewrites_stream_survives(llm_server, app_factory, fresh_page, goto, shoot):
    app = app_factory({"OKR_COACH_LLM_BASE_URL": llm_server.base_url, "OKR_COACH_LLM_MODEL": "scripted-model",
                       "OKR_COACH_LLM_API_KEY": "k"})
    llm_server.enqueue_json(FIRST)
    llm_server.enqueue_json(SECOND, delay=6.0)
    page = fresh_page()
    goto(page, app.url)
    page.locator("#chat-input textarea").fill(DRAFT)
    page.locator("#chat-send").click()

    suggestions = page.locator("#chat-suggestions")
    first = suggestions.locator("label").filter(has_text="O1.KR1:")
    expect(first).to_be_visible(timeout=60_000)
    chat = page.locator("#coach-chat")
    assert "Tick the rewrites you want" not in chat.inner_text(), "the reply ended before the tick"
    first.click()
    expect(first.locator("input")).to_be_checked()

    expect(chat).to_contain_text("Tick the rewrites you want", timeout=60_000)  # the reply is complete
    expect(suggestions.locator("label").filter(has_text="O1.KR2:").first).to_be_visible()
    assert len(llm_server.chat_requests) == 2, "the failed rewrite was not sent back"
    expect(first.locator("input")).to_be_checked()  # still ticked after every later update
    shoot(page, "chat-tick-kept")

    page.locator("#chat-accept").click()
    expect(chat).to_contain_text("Accepted 1 rewrite: O1.KR1.")
    assert GOOD_KR1 in page.locator("#chat-revised textarea").input_value()
