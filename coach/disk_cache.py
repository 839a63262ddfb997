"""The per-user start-up cache: data a cold ``okr-coach check`` would otherwise rebuild in every process.

Two things live here (``$XDG_CACHE_HOME/okr-coach``, by default ``~/.cache/okr-coach``): the compiled
regular expressions of the parser and the rules (:mod:`coach.regex_cache`) and each profile's expanded
word lists (:func:`coach.rules.lexicon.lexicon_for`). Both are pure caches, keyed by what they were built
from, safe to delete at any time; ``OKR_COACH_CACHE=0`` turns them off.

Library code never writes during a run: the modules register a callback with :func:`on_flush`, and the
``okr-coach`` command calls :func:`flush` once on its way out. Writes are atomic (a temporary file, then
a rename), and a failed write (read-only home, full disk) is silently skipped: the next process rebuilds.

What the cache holds decides findings (a compiled pattern is engine code), so a file is only read back if
this install wrote it: :func:`store` puts an HMAC-SHA256 of the data in front of it, keyed by a random
per-install key (``cache.key`` beside the files, created owner-only), and :func:`load` ignores a file whose
tag does not verify, whose key is missing, or whose key file others could read or replace. An edited file
is then a missing one: rebuilt from source and rewritten.
"""

from __future__ import annotations

import hmac
import marshal
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

#: The key file, beside the cache files it signs.
KEY_NAME = "cache.key"
_KEY_BYTES = 32
#: What a signed file starts with: the format, then the tag, then the marshalled data.
_MAGIC = b"okr-coach-cache-1\n"
_TAG_BYTES = 32  # HMAC-SHA256

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
    import tempfile  # writing is rare (a first run, new words): reading needs none of it

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
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
    """The data :func:`store` wrote to ``path``, or None for a missing, unreadable, damaged or unsigned file.

    One read, then ``marshal.loads``: ``marshal.load`` on a file object is many times slower.
    """
    raw = read(path)
    if not raw or not raw.startswith(_MAGIC):
        return None
    key = install_key(path.parent)
    start = len(_MAGIC) + _TAG_BYTES
    if key is None or not hmac.compare_digest(raw[len(_MAGIC):start], _tag(key, raw[start:])):
        return None  # not written by this install, or edited since: a pure cache trusts neither
    try:
        return marshal.loads(raw[start:])
    except (EOFError, ValueError, TypeError):
        return None


def store(path: Path, data: object) -> bool:
    """Write plain data (dicts, lists, tuples, sets, strings, numbers) to ``path`` atomically, signed."""
    key = install_key(path.parent, create=True)
    if key is None:
        return False
    payload = marshal.dumps(data)
    return write(path, _MAGIC + _tag(key, payload) + payload)


def _tag(key: bytes, payload: bytes) -> bytes:
    return hmac.digest(key, payload, "sha256")


def install_key(folder: Path, *, create: bool = False) -> bytes | None:
    """The cache folder's signing key; with ``create``, made on first use (random, owner read/write only).

    None when there is none, or when the file is not a plain file of this user that only this user may
    read and write: a key others can read lets them sign, one they can replace lets them choose it.
    """
    path = folder / KEY_NAME
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return _new_key(path) if create else None
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (os.name == "posix" and (info.st_mode & 0o077 or
                                                                    info.st_uid != os.getuid())):
            return None
        key = os.read(fd, _KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return key if len(key) == _KEY_BYTES else None


def _new_key(path: Path) -> bytes | None:
    """Create the key file without ever exposing a partial or world-readable one (a link, not a rename,
    so two first runs at once agree on one key)."""
    import tempfile

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=KEY_NAME, suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(_KEY_BYTES))
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process made it first: use that one
            except OSError:  # a file system without hard links: a rename (a rare race costs one rebuild)
                os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return None
    return install_key(path.parent)


def on_flush(callback: Callable[[], object]) -> None:
    """Run ``callback`` (which writes its own file) when the process flushes the cache."""
    if callback not in _callbacks:
        _callbacks.append(callback)


def flush() -> None:
    """Write whatever this process built and the cache did not hold (called by ``okr-coach`` on exit)."""
    for callback in list(_callbacks):
        callback()
