"""Pytest fixtures for LLM tests, re-exported by ``tests/conftest.py``.

- ``openai_server``: a running :class:`ScriptedOpenAIServer` (stopped after the test).
- ``fake_chat``: a fresh :class:`coach.llm.fake.FakeChatModel`.
- ``llm_settings``: a factory of :class:`coach.config.Settings` pointed at ``openai_server``.
"""

from __future__ import annotations

import pytest

from tests.support.openai_server import ScriptedOpenAIServer

__all__ = ["openai_server", "fake_chat", "llm_settings"]


@pytest.fixture
def openai_server():
    with ScriptedOpenAIServer() as server:
        yield server


@pytest.fixture
def fake_chat():
    from coach.llm.fake import FakeChatModel

    return FakeChatModel()


@pytest.fixture
def llm_settings(openai_server, tmp_path):
    """``llm_settings(timeout=0.5, max_retries=1)``: settings that send requests to the scripted server."""
    from coach.config import Settings

    def make(**llm):
        values = {"base_url": openai_server.base_url, "model": "scripted-model", "timeout": 5.0,
                  "max_retries": 2, "max_tokens": 500} | llm
        return Settings(data_dir=tmp_path / "data", llm=values)

    return make
