"""Service handles the web app shares across sessions: the knowledge base, opened once and lazily.

The knowledge base is shared on purpose (it is the team's library); drafts and check-in edits are not
(see :mod:`coach.ui.state`). Opening it is cheap, but indexing the built-in notes and loading the
embedding model are not, so :meth:`SharedKnowledge.warm_up` does both in a background thread at start-up
and the first chat message does not wait for them. A failure is remembered and shown as a notice instead
of being retried on every message.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from coach.config import Settings

log = logging.getLogger(__name__)


class SharedKnowledge:
    """One :class:`coach.knowledge.KnowledgeBase` per server (thread-safe, opened on first use)."""

    def __init__(self, settings: Settings, *, embedder: Any = None) -> None:
        self.settings = settings
        self.embedder = embedder  # None: the configured one (tests pass a cheap one)
        self._open_lock = threading.Lock()  # opening is quick: passages may wait for it
        self._index_lock = threading.Lock()  # indexing is slow: only searches wait for it
        self._kb: Any = None
        self._indexed = False
        self._error: str | None = None
        self._warm = threading.Event()  # set once searches no longer wait for indexing or the model

    def open(self) -> Any:
        """The knowledge base handle (cheap: no index or model is loaded). Raises ``CoachError``."""
        with self._open_lock:
            if self._kb is None:
                from coach.knowledge import KnowledgeBase

                self._kb = KnowledgeBase.open(self.settings, embedder=self.embedder)
            return self._kb

    def searchable(self) -> Any:
        """The knowledge base with the built-in notes indexed, or None (reason in :attr:`error`)."""
        if self._error is not None:
            return None
        try:
            kb = self.open()
            with self._index_lock:
                if not self._indexed:
                    kb.ensure_builtin()
                    self._indexed = True
            return kb
        except Exception as exc:  # noqa: BLE001 - retrieval enriches the chat; it must not break it
            log.warning("knowledge base unavailable: %s", exc)
            self._error = str(exc)
            return None

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def ready(self) -> bool:
        """True when a search answers without waiting (notes indexed, model loaded) or never will work."""
        return self._warm.is_set() or self._error is not None

    def status(self) -> str:
        """One line for people and tests: warming up, ready, or unavailable and why."""
        if self._error is not None:
            return f"Knowledge base unavailable: {self._error}"
        return "Knowledge base ready." if self._warm.is_set() else "Knowledge base warming up..."

    def passage(self, anchor: str) -> str | None:
        """The text of the section a ``file.md#anchor`` citation names, or None when it cannot be found.

        Built-in notes are read from their files, so this never waits for indexing or the model.
        """
        try:
            citation = self.open().passage(anchor)
        except Exception:  # noqa: BLE001 - a missing passage only means the citation shows without text
            log.debug("no passage for %s", anchor, exc_info=True)
            return None
        return citation.text if citation is not None else None

    def warm_up(self) -> threading.Thread:
        """Load the rules, then index the built-in notes and load the embedding model, in the background."""

        def run() -> None:
            from coach.check import check_text

            try:  # the first check loads word lists and profiles; do it before anyone is waiting
                check_text("Objective: Warm up\n- KR1: Raise activation from 20% to 30% by Q3", "<warm-up>",
                           self.settings)
            except Exception:  # noqa: BLE001 - a real draft will report any problem
                log.debug("rules warm-up failed", exc_info=True)
            kb = self.searchable()
            if kb is not None:
                try:
                    kb.search("key results", 1)
                except Exception:  # noqa: BLE001 - the first real search will report it
                    log.debug("knowledge warm-up search failed", exc_info=True)
            self._warm.set()
            # announced, so a person, a benchmark or a test can wait for this state instead of a guess
            print(f"okr-coach: {self.status()}", flush=True)

        thread = threading.Thread(target=run, name="okr-coach-kb-warm-up", daemon=True)
        thread.start()
        return thread
