"""A hostile LLM answer (scripted OpenAI-compatible server) renders as inert text in the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.openai_server import ScriptedOpenAIServer

HOSTILE_TEXT = "Raise activation <img src=x onerror=alert(1)> from 20% to 35%"
HOSTILE_RATIONALE = "Outcome over output, see [the guide](javascript:alert(2)) and ![pixel](http://203.0.113.9/p.png)"

DRAFT = """Period: Q3 2026

Objective 1: Make onboarding effortless so new customers reach value in their first week
- KR1: Launch the new onboarding flow
- KR2: Increase activation rate from 20% to 35%
"""


HOSTILE_ANSWER = {"answer": "Two to five [P1]. <img src=x onerror=alert(1)> Read [more](javascript:alert(4)) "
                            "<script>alert(5)</script>", "used_passages": ["P1"], "covered": True}


@pytest.fixture
def llm_server():
    with ScriptedOpenAIServer(model="scripted-model") as server:
        yield server


def rewrite_batch() -> dict:
    return {"rewrites": [
            {"target": "O1.KR1", "kind": "key_result", "text": "Raise week-1 activation from 20% to 35% by end of Q3 2026",
             "rationale": HOSTILE_RATIONALE, "moved_to_initiatives": "Launch the new onboarding flow"},
            {"target": "O1.KR1", "kind": "key_result", "text": HOSTILE_TEXT, "rationale": "<script>alert(3)</script>"},
        ]}


def test_hostile_llm_output_executes_nothing(llm_server, app_factory, fresh_page, goto, shoot):
    app = app_factory({"OKR_COACH_LLM_BASE_URL": llm_server.base_url, "OKR_COACH_LLM_MODEL": "scripted-model",
                       "OKR_COACH_LLM_API_KEY": "test-key-not-shown"})
    page = fresh_page()
    goto(page, app.url)
    banner = page.locator("#okr-banner")
    expect(banner).to_contain_text("scripted-model")
    expect(banner).to_contain_text(f"127.0.0.1:{llm_server.port}")
    assert "test-key-not-shown" not in page.content()

    chat = page.locator("#coach-chat")
    llm_server.enqueue_json(HOSTILE_ANSWER)
    page.locator("#chat-input textarea").fill("How many key results should an objective have?")
    page.locator("#chat-send").click()
    expect(chat).to_contain_text("LLM answer from the knowledge base", timeout=180_000)
    expect(chat).to_contain_text("<img src=x onerror=alert(1)>")  # shown as text, not as an element
    expect(chat).to_contain_text("Read more")

    for _ in range(2):  # the answer, and again in case a rewrite is sent back once
        llm_server.enqueue_json(rewrite_batch())
    page.locator("#chat-input textarea").fill(DRAFT)
    page.locator("#chat-send").click()
    expect(chat).to_contain_text("Suggested rewrite for O1.KR1", timeout=60_000)
    expect(chat).to_contain_text("(LLM; re-checked")
    expect(chat).to_contain_text("Outcome over output, see the guide and [image: pixel]")  # link text kept, inert
    expect(chat).to_contain_text("Ignored 1 item(s) of the LLM answer")  # the HTML rewrite never reaches the page
    page.wait_for_timeout(500)  # give any injected handler a chance to fire
    shoot(page, "chat-hostile-llm")

    assert llm_server.chat_requests, "the app never called the scripted LLM"
    assert page.dialogs == []
    dangerous = page.evaluate("""() => {
        const root = document.querySelector('#coach-chat');
        const bad = [];
        for (const el of root.querySelectorAll('*')) {
            for (const attr of el.attributes) {
                if (attr.name.toLowerCase().startsWith('on')) bad.push(el.tagName + ' ' + attr.name);
                if (['href', 'src', 'xlink:href'].includes(attr.name) && /^\\s*(javascript|data):/i.test(attr.value))
                    bad.push(el.tagName + ' ' + attr.name + '=' + attr.value);
            }
        }
        for (const el of root.querySelectorAll('script, iframe, object, embed')) bad.push(el.tagName);
        for (const img of root.querySelectorAll('img')) if (!img.src.startsWith(location.origin)) bad.push('IMG ' + img.src);
        return bad;
    }""")
    assert dangerous == []
    assert not any("203.0.113.9" in url for url in page.request_log.urls)
