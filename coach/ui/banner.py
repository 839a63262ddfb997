"""The banner at the top of every page: which writer is in use (an LLM, or the offline templates)."""

from __future__ import annotations

from urllib.parse import urlsplit

from coach.config import Settings

DEFAULT_OPENAI_HOST = "api.openai.com"


def llm_host(base_url: str | None) -> str:
    """The host (and port) of an endpoint URL, never its path, query or credentials."""
    if not base_url:
        return DEFAULT_OPENAI_HOST
    parts = urlsplit(base_url if "://" in base_url else f"http://{base_url}")
    host = parts.hostname or "?"
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:  # a malformed port: show the host only
        port = None
    return f"{host}:{port}" if port else host


def banner_markdown(settings: Settings) -> str:
    """One line of Markdown saying whether an LLM is configured (model and host, never the key)."""
    if settings.llm_enabled:
        return (f"**LLM writer:** model `{_code(settings.llm_model)}` at `{_code(llm_host(settings.llm.base_url))}`. "
                "Rule findings never depend on it; if it fails, the offline writer takes over and says so.")
    reason = ("offline mode is on" if settings.offline
              else "no LLM is configured (set `OKR_COACH_LLM_MODEL` / `OKR_COACH_LLM_BASE_URL` to use one)")
    return f"**Offline writer:** {reason}. Suggestions and narratives come from the deterministic templates."


def _code(text: str) -> str:
    """Text safe inside a Markdown code span (backticks and newlines removed)."""
    return " ".join(text.replace("`", "'").split())
