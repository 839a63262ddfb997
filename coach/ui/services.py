"""Service handles the web app shares across sessions: the knowledge base, opened once and lazily.

The knowledge base is shared on purpose (it is the team's library); drafts and check-in edits are not
(see :mod:`coach.ui.state`). Opening it loads chromadb and the embedding model, so it happens on first
use (or in a background warm-up), never at import, and a failure is remembered and reported as a notice
instead of being retried on every message.
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path
from typing import Any

from coach.config import Settings

log = logging.getLogger(__name__)

BUILTIN_NOTES = Path(__file__).resolve().parents[2] / "knowledge"


@functools.lru_cache(maxsize=256)
def builtin_passage(anchor: str, notes: Path = BUILTIN_NOTES) -> str | None:
    """The section of a built-in note that ``file.md#anchor`` names (pure file read, no embeddings)."""
    from coach.knowledge.anchors import read_section, split_anchor

    name, fragment = split_anchor(anchor)
    path = notes / name
    if not fragment or path.parent != notes or not path.is_file():
        return None
    try:
        found = read_section(path.read_text(encoding="utf-8"), fragment)
    except (OSError, UnicodeDecodeError):
        return None
    return found[1] if found else None


class SharedKnowledge:
    """One :class:`coach.knowledge.KnowledgeBase` per server, opened on first use (thread-safe)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._kb: Any = None
        self._error: str | None = None

    def get(self) -> Any:
        """The open knowledge base; raises the :class:`~coach.errors.CoachError` that stopped it opening."""
        with self._lock:
            if self._kb is None:
                from coach.knowledge import KnowledgeBase

                self._kb = KnowledgeBase.open(self.settings)
                ensure = getattr(self._kb, "ensure_builtin", None)
                if callable(ensure):
                    ensure()
            return self._kb

    def try_get(self) -> Any:
        """The knowledge base, or None (with the reason in :attr:`error`) when it cannot be opened."""
        if self._error is not None:
            return None
        try:
            return self.get()
        except Exception as exc:  # noqa: BLE001 - retrieval enriches the chat; it must not break it
            log.warning("knowledge base unavailable: %s", exc)
            self._error = str(exc)
            return None

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def ready(self) -> bool:
        return self._kb is not None

    def passage(self, anchor: str) -> str | None:
        """The source text behind a ``file.md#anchor`` citation, or None when it cannot be found.

        Never waits for the knowledge base to open: the instant findings must not depend on it. Until it
        is open, the rules' citations (which point into the built-in ``knowledge/`` notes) are read from
        the note files directly.
        """
        kb = self._kb
        if kb is not None:
            try:
                text = kb.passage(anchor)
                if text:
                    return text
            except Exception:  # noqa: BLE001 - a missing passage only means the citation shows without text
                log.debug("no passage for %s in the knowledge base", anchor, exc_info=True)
        return builtin_passage(anchor)

    def warm_up(self) -> threading.Thread:
        """Open the knowledge base in the background so the first chat message does not wait for it."""
        thread = threading.Thread(target=self.try_get, name="okr-coach-kb-warm-up", daemon=True)
        thread.start()
        return thread
