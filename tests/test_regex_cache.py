"""The compiled-regex cache: a pattern from the cache is the pattern re.compile builds, and a bad cache
file never breaks a check."""

from __future__ import annotations

import marshal
import re

import pytest

import coach.parse
import coach.rules
from coach import regex_cache
from coach.regex_cache import RegexCache

pytestmark = pytest.mark.skipif(regex_cache.ENGINE is None, reason="the cache needs CPython's re internals")


def _project_patterns() -> list[tuple[str, int]]:
    """Every module-level pattern of the parser and the rules, as (pattern, flags)."""
    import pkgutil
    import sys

    for package in (coach.parse, coach.rules):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            __import__(info.name)
    keys = {(value.pattern, value.flags) for name, module in list(sys.modules.items())
            if name.startswith(("coach.parse", "coach.rules")) for value in vars(module).values()
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str)}
    assert len(keys) > 100
    return sorted(keys)


def test_every_project_pattern_from_the_cache_equals_re_compile(tmp_path):
    path = tmp_path / "regex.marshal"
    first = RegexCache(path)
    keys = _project_patterns()
    for pattern, flags in keys:
        first.compile(pattern, flags)
    assert first.save() is True and path.is_file()

    second = RegexCache(path)
    for pattern, flags in keys:
        cached = second.compile(pattern, flags)
        assert cached == re.compile(pattern, flags), pattern  # same flags, pattern and engine code
        assert cached.groupindex == re.compile(pattern, flags).groupindex
    assert second.save() is False  # nothing new: the file is not rewritten


def test_a_cached_pattern_matches_like_re():
    cache = RegexCache(None)
    assert cache.enabled is False  # no file: plain re.compile
    for c in (RegexCache(None), cache):
        pattern = c.compile(r"from (?P<base>\d+)% to (?P<target>\d+)%", re.I)
        assert pattern.search("Raise NPS From 42% to 75%").group("base", "target") == ("42", "75")


def test_a_round_trip_keeps_named_groups_and_flags(tmp_path):
    path = tmp_path / "r.marshal"
    writer = RegexCache(path)
    writer.compile(r"(?P<word>colou?r)\s+(\d+)", re.I | re.X)
    writer.save()
    pattern = RegexCache(path).compile(r"(?P<word>colou?r)\s+(\d+)", re.I | re.X)
    assert pattern.flags == re.compile(r"(?P<word>colou?r)\s+(\d+)", re.I | re.X).flags
    assert pattern.fullmatch("COLOR 12").group("word", 2) == ("COLOR", "12")


@pytest.mark.parametrize("content", [b"", b"\x00garbage", marshal.dumps(["not", "a", "dict"]),
                                     marshal.dumps({("x", 0): "not an entry"})])
def test_a_damaged_file_falls_back_to_compiling(tmp_path, content):
    path = tmp_path / "r.marshal"
    path.write_bytes(content)
    cache = RegexCache(path)
    assert cache.compile("x", 0).fullmatch("x")
    assert cache.compile(r"\d+").fullmatch("42")
    assert cache.save() is True  # rewritten with good entries
    assert RegexCache(path).compile(r"\d+") == re.compile(r"\d+")


def test_an_entry_with_foreign_engine_code_is_rebuilt(tmp_path):
    path = tmp_path / "r.marshal"
    flags, code, groups, groupindex, indexgroup = regex_cache._emit("abc", 0)
    path.write_bytes(marshal.dumps({("abc", 0): (flags, [999999, 1, 2], groups, groupindex, indexgroup)}))
    cache = RegexCache(path)
    assert cache.compile("abc") == re.compile("abc")  # _sre refused the code; compiled afresh


def test_invalid_patterns_still_raise_re_error(tmp_path):
    with pytest.raises(re.error):
        RegexCache(tmp_path / "r.marshal").compile("(unclosed")


def test_an_unwritable_place_is_not_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = RegexCache(blocker / "sub" / "r.marshal")
    assert cache.compile(r"\w+").fullmatch("ok")
    assert cache.save() is False
    assert not list(tmp_path.glob("**/*.tmp"))


def test_the_environment_chooses_or_disables_the_file(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("OKR_COACH_CACHE", raising=False)
    assert regex_cache.default_path().parent == tmp_path / "okr-coach"
    monkeypatch.setenv("OKR_COACH_CACHE", "0")
    assert regex_cache.default_path() is None


def test_save_prunes_to_the_patterns_in_use_past_the_limit(tmp_path):
    path = tmp_path / "r.marshal"
    old = RegexCache(path)
    for i in range(5):
        old.compile(f"old{i}")
    old.save()
    cache = RegexCache(path)
    cache.max_entries = 3
    cache.compile("new")
    assert cache.save() is True
    assert set(marshal.loads(path.read_bytes())) == {("new", 0)}


def test_the_command_writes_the_cache_and_reads_it_back(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    env.pop("OKR_COACH_CACHE", None)
    cmd = [sys.executable, "-m", "coach", "check", "--format", "json", str(root / "examples" / "growth-draft.md")]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
    files = list((tmp_path / "okr-coach").glob("regex-*.marshal"))
    assert len(files) == 1 and len(marshal.loads(files[0].read_bytes())) > 100
    written = files[0].stat().st_mtime_ns
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert (first.returncode, first.stdout, first.stderr) == (second.returncode, second.stdout, second.stderr)
    assert first.returncode == 1 and '"kr-is-activity"' in first.stdout
    assert files[0].stat().st_mtime_ns == written  # nothing new to store the second time
