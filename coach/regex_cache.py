"""Regular expressions compiled once per machine instead of once per process.

CPython compiles a regular expression in pure Python (parse the pattern, then emit the matcher's code)
in every new process. The parser and the rules declare about 150 patterns, which cost a cold
``okr-coach check`` some 40 ms, more than anything else of ours. :func:`compile` keeps each pattern's
emitted code in a cache file and builds the pattern object from it with ``_sre.compile``, the call
``re.compile`` itself ends with. The object is the one ``re.compile`` returns (``==`` compares the
code; tests/test_regex_cache.py checks every pattern of the parser and the rules).

Each pattern's code is kept as the bytes of an ``array`` of engine words, not as a list of ints:
unmarshalling 280 patterns' worth of ints (about 94,000 of them) cost a cold check some 2 ms, bytes
next to nothing, and a pattern's list is rebuilt in C only when the pattern is compiled.

The file is ``regex-<python>-<engine>.marshal`` in the start-up cache folder (:mod:`coach.disk_cache`),
written when the ``okr-coach`` command exits after compiling something new. Like ``.pyc`` files it is a
pure cache: a missing, unreadable, foreign or damaged file, or a Python whose ``re`` internals differ,
means plain ``re.compile``. Unlike ``.pyc`` files it is signed (:mod:`coach.disk_cache`): engine code is
handed to ``_sre`` unchecked, so a file this install did not write, or one edited since, is never read.
"""

from __future__ import annotations

import re
import sys
from array import array
from pathlib import Path

from coach import disk_cache

try:  # CPython's engine internals; anywhere else every call is plain re.compile
    import _sre
    from re import _compiler, _parser

    #: The array type code whose items are the engine's code words (4 bytes on CPython).
    _CODE_TYPE = next(t for t in "IL" if array(t).itemsize == _sre.CODESIZE)
    ENGINE: str | None = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}-packed"
except (ImportError, AttributeError, StopIteration):  # pragma: no cover - other interpreters
    ENGINE = None

#: The arguments of ``_sre.compile`` after the pattern: flags, code, groups - 1, groupindex, indexgroup;
#: the code as the bytes of an array of code words (a list of ints is read too).
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]


class RegexCache:
    """Compiled-pattern code by (pattern, flags), loaded from ``path`` on first use."""

    #: Past this many entries, :meth:`save` keeps only the patterns this process used.
    max_entries = 2000

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[tuple[str, int], Entry] | None = None
        self._used: set[tuple[str, int]] = set()
        self._dirty = False
        self.enabled = path is not None and ENGINE is not None

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """``re.compile(pattern, flags)``, from the cache when the pattern was compiled before."""
        if not self.enabled or flags & re.DEBUG:
            return re.compile(pattern, flags)
        entries = self._load()
        key = (pattern, int(flags))
        entry = entries.get(key)
        if entry is not None:
            try:
                compiled = _compile(pattern, entry)
            except Exception:  # noqa: BLE001 - a damaged entry: compile it afresh below
                del entries[key]
            else:
                self._used.add(key)
                return compiled
        try:
            entry = _emit(pattern, int(flags))
            compiled = _compile(pattern, entry)
        except re.error:
            raise
        except Exception:  # noqa: BLE001 - re's internals changed: stop caching, stay correct
            self.enabled = False
            return re.compile(pattern, flags)
        entries[key] = entry
        self._used.add(key)
        self._dirty = True
        return compiled

    def save(self) -> bool:
        """Write the file if this process compiled a pattern it did not hold. True when it wrote it."""
        if not (self.enabled and self._dirty and self._entries is not None and self.path is not None):
            return False
        entries = self._entries
        if len(entries) > self.max_entries:
            entries = {k: v for k, v in entries.items() if k in self._used}
        if not disk_cache.store(self.path, entries):
            return False
        self._dirty = False
        return True

    def _load(self) -> dict[tuple[str, int], Entry]:
        if self._entries is None:
            data = disk_cache.load(self.path)
            self._entries = data if isinstance(data, dict) else {}
        return self._entries


def default_path() -> Path | None:
    """This Python's file in the start-up cache, or None when the cache is off or the engine unknown."""
    folder = disk_cache.folder()
    if ENGINE is None or folder is None:
        return None
    return folder / f"regex-{ENGINE}.marshal"


_default: RegexCache | None = None


def default_cache() -> RegexCache:
    """The process's cache (its file is chosen from the environment on first use)."""
    global _default
    if _default is None:
        _default = RegexCache(default_path())
        disk_cache.on_flush(save)
    return _default


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - mirrors re.compile
    """``re.compile`` through the process's cache."""
    return default_cache().compile(pattern, flags)


def finditer_from(starts: re.Pattern[str], pattern: re.Pattern[str], text: str):
    """The matches of ``pattern.finditer(text)``, trying ``pattern`` only where ``starts`` finds a character
    that can begin one. For a pattern led by optional groups, finditer tries every character in Python's
    loop; the start class is found in C. ``pattern`` must never match the empty string."""
    find, match, position = starts.search, pattern.match, 0
    while (start := find(text, position)) is not None:
        found = match(text, start.start())
        if found is None:
            position = start.start() + 1
        else:
            yield found
            position = found.end()


def save() -> bool:
    """Store what this process compiled for the next one (see :meth:`RegexCache.save`)."""
    return default_cache().save()


def _compile(pattern: str, entry: Entry) -> re.Pattern[str]:
    """The pattern object ``re.compile`` would return, from a cache entry."""
    flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, flags, array(_CODE_TYPE, code).tolist(), groups, groupindex, indexgroup)


def _emit(pattern: str, flags: int) -> Entry:
    """What ``re._compiler.compile`` computes before it calls ``_sre.compile``, as plain data."""
    parsed = _parser.parse(pattern, flags)
    code = array(_CODE_TYPE, [int(op) for op in _compiler._code(parsed, flags)]).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)
