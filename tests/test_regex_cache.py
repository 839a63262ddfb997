"""The compiled-regex cache: a pattern from the cache is the pattern re.compile builds, a bad cache file
never breaks a check, and a file this install did not sign is never read."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import coach.parse
import coach.rules
from coach import disk_cache, regex_cache
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
    disk_cache.store(path, {("abc", 0): (flags, [999999, 1, 2], groups, groupindex, indexgroup)})
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
    assert set(disk_cache.load(path)) == {("new", 0)}


ROOT = Path(__file__).resolve().parent.parent


def _check_command(cache_home: Path):
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    env.pop("OKR_COACH_CACHE", None)
    cmd = [sys.executable, "-m", "coach", "check", "--format", "json", str(ROOT / "examples" / "growth-draft.md")]
    return lambda: subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cache_home)


def test_the_command_writes_the_cache_and_reads_it_back(tmp_path):
    run = _check_command(tmp_path)
    first = run()
    files = list((tmp_path / "okr-coach").glob("regex-*.marshal"))
    assert len(files) == 1 and len(disk_cache.load(files[0])) > 100
    written = files[0].stat().st_mtime_ns
    second = run()
    assert (first.returncode, first.stdout, first.stderr) == (second.returncode, second.stdout, second.stderr)
    assert first.returncode == 1 and '"kr-is-activity"' in first.stdout
    assert files[0].stat().st_mtime_ns == written  # nothing new to store the second time


def _findings(result) -> list:
    assert result.returncode in (0, 1), result.stderr
    return [(f["code"], f["location"]) for f in json.loads(result.stdout)["findings"]]


def test_an_edited_entry_is_ignored_and_recompiled(tmp_path):
    """issue 13 item 10: an edited entry once changed the findings of examples/growth-draft.md (17 -> 21)."""
    from coach.parse.markup import INITIATIVE_HEADER_RE

    run = _check_command(tmp_path)
    expected = _findings(run())  # the first run writes the cache
    path = next((tmp_path / "okr-coach").glob("regex-*.marshal"))
    entries = disk_cache.load(path)
    key = next(k for k in entries if k[0] == INITIATIVE_HEADER_RE.pattern)
    flags, _code, groups, groupindex, indexgroup = entries[key]
    edited = {**entries, key: (flags, regex_cache._emit("(?!)", 0)[1], groups, groupindex, indexgroup)}  # never matches

    disk_cache.store(path, edited)  # as if this install had written it: the entry is trusted...
    assert len(_findings(run())) != len(expected)  # ...and it matters: the initiatives read as key results

    signed = path.read_bytes()
    original = disk_cache._MAGIC + disk_cache._tag(disk_cache.install_key(path.parent), marshal.dumps(entries))
    path.write_bytes(original[:len(disk_cache._MAGIC) + disk_cache._TAG_BYTES] +
                     signed[len(disk_cache._MAGIC) + disk_cache._TAG_BYTES:])  # the edit, under the old tag
    assert _findings(run()) == expected  # the tag does not verify: every pattern compiled afresh
    assert disk_cache.load(path)[key] == entries[key]  # and the file rewritten with the true code


def test_an_unsigned_or_foreign_file_is_not_read(tmp_path):
    path = tmp_path / "r.marshal"
    RegexCache(path).compile(r"\d+")
    writer = RegexCache(path)
    writer.compile(r"\d+")
    assert writer.save() is True
    assert disk_cache.load(path) is not None
    entries = disk_cache.load(path)
    path.write_bytes(marshal.dumps(entries))  # the old, unsigned format
    assert disk_cache.load(path) is None
    disk_cache.store(path, entries)
    (tmp_path / disk_cache.KEY_NAME).unlink()  # another install's file: its key is not ours
    disk_cache.install_key(tmp_path, create=True)
    assert disk_cache.load(path) is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_key_is_private_and_a_shared_key_is_refused(tmp_path):
    folder = tmp_path / "okr-coach"
    path = folder / "r.marshal"
    assert disk_cache.store(path, {"x": 1})
    key_file = folder / disk_cache.KEY_NAME
    assert (key_file.stat().st_mode & 0o777, folder.stat().st_mode & 0o777) == (0o600, 0o700)
    assert disk_cache.load(path) == {"x": 1}
    key_file.chmod(0o644)  # others could read it, so others could sign
    assert disk_cache.load(path) is None
    assert disk_cache.store(path, {"x": 2}) is False
