"""One writer at a time, and a journal that shows when a write was cut short.

* :class:`WriteLock` is an exclusive ``flock`` on ``write.lock`` in the store folder. The holder writes
  its pid into the file, so a second writer can say who is busy. The kernel drops the lock when the holder
  exits, even when it is killed, so a stale lock never blocks anyone. Readers never take it.
* :class:`Journal` (``ingest-journal.json``) is written before the first change to the store and removed
  after the last one. If it is still there when nobody holds the lock, a writer died half-way and the
  sources it names may be incomplete.

Both live in the local data directory, so they coordinate the processes of one machine (see
docs/knowledge-base.md for Chroma server mode).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from pathlib import Path

from coach.errors import KnowledgeBusyError, KnowledgeError

LOCK_NAME = "write.lock"
JOURNAL_NAME = "ingest-journal.json"


class WriteLock:
    """Exclusive, non-blocking writer lock; use as a context manager."""

    def __init__(self, folder: Path, *, activity: str = "adding documents") -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self.activity = activity
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`KnowledgeBusyError` naming the process that holds it."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise KnowledgeError(f"cannot write to the knowledge base at {self.folder} ({exc.strerror or exc})",
                                 hint="check the folder's permissions, or choose another --data-dir") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            pid = holder.get("pid", "unknown")
            activity = holder.get("activity", "writing")
            raise KnowledgeBusyError(
                f"knowledge base at {self.folder} is busy: another okr-coach process (pid {pid}) is {activity}",
                hint="try again when it finishes") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "activity": self.activity}).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _read_holder(fd: int) -> dict:
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
        return data if isinstance(data, dict) else {}
    except (ValueError, OSError):
        return {}


def lock_is_held(folder: Path) -> bool:
    """True when some process holds the writer lock right now."""
    try:
        probe = WriteLock(folder)
        fd = os.open(probe.path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


class Journal:
    """The record of an unfinished write: which operation, by which pid, on which sources."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / JOURNAL_NAME

    def read(self) -> dict | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, ValueError):
            return {"operation": "unknown", "sources": []}  # a torn journal still means a torn write
        return data if isinstance(data, dict) else {"operation": "unknown", "sources": []}

    def begin(self, operation: str, sources: list[str]) -> None:
        """Record the write before it starts (atomically: written aside, then renamed into place)."""
        record = {"operation": operation, "pid": os.getpid(), "sources": sources,
                  "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)

    def finish(self) -> None:
        self.path.unlink(missing_ok=True)
