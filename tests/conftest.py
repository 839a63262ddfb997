"""Test-wide guards: nothing leaves the machine, no real LLM, no user settings leak in."""

from __future__ import annotations

import ipaddress
import socket

import pytest

_LLM_ENV = [
    "OPENAI_API_KEY", "OPENAI_BASE_URL", "OKR_COACH_LLM_BASE_URL", "OKR_COACH_LLM_MODEL",
    "OKR_COACH_LLM_API_KEY", "OKR_COACH_CONFIG", "OKR_COACH_PROFILE", "OKR_COACH_OFFLINE",
    "OKR_COACH_CHROMA_URL", "OKR_COACH_EMBEDDINGS", "OKR_COACH_AUTH", "OKR_COACH_DATA_DIR",
]


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Fail any test that tries to connect anywhere but this machine."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(method):
        def connect(self, address):
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
                raise RuntimeError(f"test tried to reach the network: {address!r}")
            return method(self, address)
        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch, tmp_path_factory):
    """No user or CI settings leak into a test; each test session gets its own data directory."""
    for var in _LLM_ENV:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.getbasetemp() / "xdg-data"))
from tests.support.fixtures import *  # noqa: F401,F403
