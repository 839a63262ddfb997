"""Any input either parses or raises ParseError; big input finishes; YAML is imported only when needed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.errors import ParseError
from coach.model import OkrSet
from coach.parse import MAX_DRAFT_CHARS, parse_draft

_FRAGMENTS = [
    "Objective: ", "Objective 1 - ", "O1: ", "## ", "# Growth OKRs Q3 2026", "KR1: ", "KR 1.2 ", "Key result: ",
    "- ", "* ", "• ", "1. ", "a) ", "  ", "    ", "Initiatives:", "Notes:", "Team: ", "Period: ", "Owner: ",
    "(owner: Ana)", "— @ana", "[Ana]", "**", "_", "|", "| Objective | KR |", "|---|---|", "from 42% to 75%",
    "€4M", "by end of Q3", "double", "\n", "\n\n", "\t", "objectives:", "key_results:", "{", "}", "[", "]",
    "\"", ":", "---", "&a", "*a", "🎯", "Grow revenue", "reduce churn", "x", "\r\n", "Supports: ",
]


def _parses_or_raises_parse_error(text: str) -> None:
    try:
        result = parse_draft(text, source="fuzz.md")
    except ParseError as error:
        assert error.source == "fuzz.md" and str(error).startswith("fuzz.md")
    else:
        assert isinstance(result, OkrSet) and result.objectives


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2_000))
def test_any_text(text):
    _parses_or_raises_parse_error(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2_000))
def test_any_bytes_decoded_with_replacement(data):
    _parses_or_raises_parse_error(data.decode("utf-8", errors="replace"))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join))
def test_draft_shaped_soup(text):
    _parses_or_raises_parse_error(text)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([".yaml", ".json", ".md", ".txt"]), st.lists(st.sampled_from(_FRAGMENTS), max_size=30))
def test_soup_under_every_extension(ext, parts):
    try:
        parse_draft("".join(parts), source=f"fuzz{ext}")
    except ParseError:
        pass


def test_one_megabyte_draft_parses():
    block = ("Objective: Make onboarding effortless\n- KR1: Raise activation from 32% to 45% by end of Q3\n"
             "- KR2: Cut time to first value from 3 days to 4 hours (owner: Ana)\n\n")
    text = (block * (MAX_DRAFT_CHARS // len(block)))[:MAX_DRAFT_CHARS]
    okr_set = parse_draft(text)
    assert len(okr_set.objectives) > 4_000


def test_one_megabyte_of_hostile_text_is_refused_or_parsed():
    for text in ["(" * MAX_DRAFT_CHARS, "1" * MAX_DRAFT_CHARS, ("- " + "a" * 9_000 + "\n") * 110,
                 ("from 1 to " * 900 + "\n") * 100, ("*_" * 4_000 + "\n") * 120]:
        try:
            parse_draft(text[:MAX_DRAFT_CHARS])
        except ParseError:
            pass


def test_yaml_is_imported_only_for_yaml_drafts():
    code = ("import sys; from coach.parse import parse_draft; "
            "parse_draft('Objective: X\\n- Raise A from 1 to 2\\n'); assert 'yaml' not in sys.modules, 'text'; "
            "parse_draft('objectives:\\n  - objective: X\\n    key_results: [a]\\n'); "
            "assert 'yaml' in sys.modules, 'yaml'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_deeply_nested_yaml_and_json_are_refused_in_a_child_process():
    """libyaml's C loader overflowed the C stack on this (the process died); now it is a ParseError.
    Run in a child process so a crash fails this test instead of killing the test run."""
    code = ("from coach.errors import ParseError; from coach.parse import parse_draft\n"
            "for name, text in [('deep.yaml', '[' * 100_000), ('deep.yaml', '{a: ' * 50_000),"
            " ('deep.json', '[' * 100_000)]:\n"
            "    try:\n        parse_draft(text, source=name)\n    except ParseError as exc:\n"
            "        assert 'nested too deeply' in str(exc), str(exc)\n"
            "    else:\n        raise AssertionError(name)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])


@pytest.mark.parametrize("name, text, where", [
    ("dup.yaml", "team: Growth\nteam: Sales\nobjectives:\n  - text: Grow\n    key_results: [a, b]\n", "line 2"),
    ("dup.yaml", "objectives:\n  - text: Grow\n    text: Shrink\n    key_results: [a, b]\n", "line 3"),
    ("dup.json", '{"team": "Growth", "objectives": [{"text": "Grow", "text": "Shrink", "key_results": []}]}',
     "'text'"),
])
def test_a_repeated_key_in_a_structured_draft_is_an_error(name, text, where):
    with pytest.raises(ParseError, match="appears twice") as caught:
        parse_draft(text, source=name)
    assert where in str(caught.value)


def test_the_quick_column_check_never_misses_a_tracker_column():
    """strip_tracker_columns skips its end-anchored column patterns when _may_end_in_column says no column can
    end the line: it must say yes wherever one of them matches."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from coach.parse import markup

    pieces = st.sampled_from(["[40%]", "(35 %)", "[On track]", "(at-risk)", "Progress: 35%", "status = Done", "- health: 0.7",
                              "(0.7)", "(1.0)", "  80%", "\t(80%)", "[Progress: 3/10]", "confidence: .8", "NOT STARTED",
                              "in progress", "status: not ſtarted", "health = bloc\u212aed", "x", " ", ":", "Ship it", "٣", "%", ")", "]", "."])

    @settings(max_examples=3000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=8).map(" ".join))
    def check(text):
        if markup._TRAILING_COLUMN_RE.search(text) or markup._SPACED_PERCENT_RE.search(text) \
                or markup._TRAILING_GRADE_RE.search(text):
            assert markup._may_end_in_column(text), text

    check()


def test_the_owner_word_check_on_ascii_text_agrees_with_the_pattern():
    """split_owner runs its owner patterns only when _may_name_owner says they can match: the same answer as the
    bracket test and _OWNER_WORD_RE search it replaced, in any case."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from coach.parse import markup

    pieces = st.sampled_from(["Owner", "DRI", "dRi", "accountable", "RESPONSIBLE", "own", "er", "d", "ri", " ", ":", "x",
                              "(", "[", "@", "é"])

    @settings(max_examples=2000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=10).map("".join))
    def check(text):
        before = any(mark in text for mark in "([@") or bool(markup._OWNER_WORD_RE.search(text))
        assert markup._may_name_owner(text) == before, text

    check()


def test_the_label_prefix_test_passes_every_label_word():
    """to_english runs _LABEL_RE only on a line that starts like a label word (coach.parse.labels._may_start_label):
    every word the pattern knows, in any case and with any spacing, must pass that test."""
    from coach.parse import labels

    for word in labels._WORD_TO_LABEL:
        for written in (word, word.upper(), word.title(), word.replace(" ", "\t"), word.replace(" ", "   ")):
            line = f"{written}: text"
            if labels._LABEL_RE.match(line):
                assert labels._may_start_label(line), written
