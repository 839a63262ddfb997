"""A burst of requests beyond the queue gets a clear "queue is full" answer instead of piling up."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support.openai_server import ScriptedOpenAIServer

ROOT = Path(__file__).resolve().parents[2]
SLOW_REWRITE = json.dumps({"rewrites": [{"target": "O1.KR1", "kind": "key_result",
                                         "text": "Raise week-1 activation from 20% to 35% by end of Q3 2026"}]})


@pytest.fixture
def slow_llm():
    with ScriptedOpenAIServer(model="scripted-model") as server:
        for _ in range(12):
            server.enqueue_delay(2.0, SLOW_REWRITE)
        yield server


def test_burst_beyond_the_queue_is_told_to_retry(slow_llm, app_factory, tmp_path):
    from gradio_client import Client

    config = tmp_path / "okr-coach.toml"
    config.write_text("[ui]\nconcurrency = 1\nqueue_size = 1\n", encoding="utf-8")
    app = app_factory({"OKR_COACH_CONFIG": str(config), "OKR_COACH_LLM_BASE_URL": slow_llm.base_url,
                       "OKR_COACH_LLM_MODEL": "scripted-model", "OKR_COACH_LLM_API_KEY": "k"})
    draft = (ROOT / "examples" / "growth-draft.md").read_text(encoding="utf-8")

    def call(_):
        client = Client(app.url, verbose=False)
        try:
            client.predict(draft, "default", api_name="/critique")
            return "done"
        except Exception as exc:  # noqa: BLE001 - the client raises its own error types
            return str(exc)

    with ThreadPoolExecutor(max_workers=5) as pool:
        outcomes = list(pool.map(call, range(5)))
    assert "done" in outcomes, outcomes
    refused = [o for o in outcomes if o != "done"]
    assert refused and all("queue is full" in o.lower() for o in refused), outcomes
