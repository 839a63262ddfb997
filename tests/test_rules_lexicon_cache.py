"""The expanded word lists in the start-up cache: a lexicon read back is the lexicon built, and any change
to the words (or a damaged file) means a rebuild."""

from __future__ import annotations

import marshal

import pytest

from coach import disk_cache
from coach.check import check_text
from coach.config import RulesSettings, Settings
from coach.rules import lexicon as lex
from coach.rules.profiles import load_profile


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("OKR_COACH_CACHE", raising=False)
    lex.lexicon_for.cache_clear()
    yield tmp_path / "okr-coach"
    lex._unsaved.clear()
    lex.lexicon_for.cache_clear()


def test_state_covers_every_matcher_and_round_trips():
    built = lex.Lexicon(load_profile("default"))
    assert set(vars(built)) == set(lex.Lexicon._VERB_TABLES) | set(lex.Lexicon._PHRASE_LISTS) | {
        "state_last_words", "verb_leads", "quality_words"}
    again = lex.Lexicon.from_state(marshal.loads(marshal.dumps(built.state())))
    assert again.state() == built.state()
    text = "Launch the new self-serve onboarding and grow NPS from 31 to 45 by Q3; world-class synergies"
    for name in lex.Lexicon._PHRASE_LISTS:
        assert getattr(again, name).findall(text) == getattr(built, name).findall(text), name
    tokens = lex.tokens(text)
    for name in lex.Lexicon._VERB_TABLES:
        assert [getattr(again, name).match(tokens, i) for i in range(len(tokens))] == \
            [getattr(built, name).match(tokens, i) for i in range(len(tokens))], name


def test_a_built_lexicon_is_stored_on_flush_and_read_back(cache_home, monkeypatch):
    profile = load_profile("default")
    first = lex.lexicon_for(profile)
    assert not (cache_home / "lexicon-default.marshal").exists()  # nothing written during the run
    disk_cache.flush()
    assert (cache_home / "lexicon-default.marshal").is_file()

    lex.lexicon_for.cache_clear()

    def no_build(self, profile):
        raise AssertionError("the cached lexicon should have been used")

    monkeypatch.setattr(lex.Lexicon, "__init__", no_build)
    second = lex.lexicon_for(profile)
    assert second is not first and second.state() == first.state()


def test_other_words_mean_a_rebuild(cache_home):
    lex.lexicon_for(load_profile("default"))
    disk_cache.flush()
    lex.lexicon_for.cache_clear()
    extended = load_profile("default", {"activity_verbs": ["spike"]})
    lexicon = lex.lexicon_for(extended)
    assert lexicon.activity_verbs.match(["spike", "the", "idea"], 0) is not None
    disk_cache.flush()  # the file now holds the extended words...
    lex.lexicon_for.cache_clear()
    plain = lex.lexicon_for(load_profile("default"))
    assert plain.activity_verbs.match(["spike", "the", "idea"], 0) is None  # ...which the default never reads


@pytest.mark.parametrize("content", [b"", b"junk", ("wrong-key", {}), ["x"]])
def test_a_damaged_or_stale_file_means_a_rebuild(cache_home, content):
    path = cache_home / "lexicon-default.marshal"
    if isinstance(content, bytes):
        cache_home.mkdir(parents=True)
        path.write_bytes(content)
    else:  # signed by this install, but stale or of the wrong shape
        disk_cache.store(path, content)
    lexicon = lex.lexicon_for(load_profile("default"))
    assert lexicon.state() == lex.Lexicon(load_profile("default")).state()


def test_checks_agree_with_and_without_the_cache(cache_home, monkeypatch):
    drafts = ["Q3 2026\nObjective: Make support effortless so customers stay\n- Launch a chatbot\n"
              "- Reduce first response time from 9 hours to 2 hours\n- Keep CSAT above 90%\n",
              "Objective: Leverage synergies\n- Improve customer happiness significantly\n- Hire 3 engineers\n"]
    lex.lexicon_for(load_profile("default"))
    disk_cache.flush()
    lex.lexicon_for.cache_clear()
    cached = [check_text(d, settings=Settings()).model_dump() for d in drafts]
    monkeypatch.setenv("OKR_COACH_CACHE", "0")
    lex.lexicon_for.cache_clear()
    fresh = [check_text(d, settings=Settings(rules=RulesSettings())).model_dump() for d in drafts]
    assert cached == fresh


def test_the_cache_switch_keeps_files_away(cache_home, monkeypatch):
    monkeypatch.setenv("OKR_COACH_CACHE", "0")
    lex.lexicon_for(load_profile("default"))
    disk_cache.flush()
    assert not cache_home.exists()


def test_the_joined_words_pattern_cuts_where_the_look_back_first_one_cut():
    """spaced() splits 'trial-to-paid' with a pattern that finds the dash first and looks back after it: the
    same replacements as the look-back-first pattern it replaced, on any mix of words, dashes and slashes."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from coach.rules import lexicon

    before = re.compile(r"(?<=[a-z0-9])[-–/](?=[a-z0-9])")

    @settings(max_examples=2000, deadline=None, derandomize=True)
    @given(st.text(st.sampled_from(list("ab9Z -–—/_.%é")), max_size=20))
    def check(text):
        assert lexicon._JOINED_WORDS_RE.sub(" ", text) == before.sub(" ", text)

    check()
