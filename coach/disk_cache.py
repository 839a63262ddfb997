"""The per-user start-up cache: data a cold ``okr-coach check`` would otherwise rebuild in every process.

Two things live here (``$XDG_CACHE_HOME/okr-coach``, by default ``~/.cache/okr-coach``): the compiled
regular expressions of the parser and the rules (:mod:`coach.regex_cache`) and each profile's expanded
word lists (:func:`coach.rules.lexicon.lexicon_for`). Both are pure caches, keyed by what they were built
from, safe to delete at any time; ``OKR_COACH_CACHE=0`` turns them off.

Library code never writes during a run: the modules register a callback with :func:`on_flush`, and the
``okr-coach`` command calls :func:`flush` once on its way out. Writes are atomic (a temporary file, then
a rename), and a failed write (read-only home, full disk) is silently skipped: the next process rebuilds.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

_callbacks: list[Callable[[], object]] = []


def folder() -> Path | None:
    """The cache folder, or None when ``OKR_COACH_CACHE=0``."""
    if os.environ.get("OKR_COACH_CACHE", "1") == "0":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "okr-coach"


def read(path: Path) -> bytes | None:
    """The file's bytes, or None if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` atomically. False (and nothing half-written) when that fails."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    return True


def load(path: Path) -> object | None:
    """The data :func:`store` wrote to ``path``, or None for a missing, unreadable or damaged file.

    One read, then ``marshal.loads``: ``marshal.load`` on a file object is many times slower.
    """
    raw = read(path)
    try:
        return marshal.loads(raw) if raw else None
    except (EOFError, ValueError, TypeError):
        return None


def store(path: Path, data: object) -> bool:
    """Write plain data (dicts, lists, tuples, sets, strings, numbers) to ``path`` atomically."""
    return write(path, marshal.dumps(data))


def on_flush(callback: Callable[[], object]) -> None:
    """Run ``callback`` (which writes its own file) when the process flushes the cache."""
    if callback not in _callbacks:
        _callbacks.append(callback)


def flush() -> None:
    """Write whatever this process built and the cache did not hold (called by ``okr-coach`` on exit)."""
    for callback in list(_callbacks):
        callback()
