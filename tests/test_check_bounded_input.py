"""Text the checker cannot read: bounded work, and a ParseError naming the place instead of a traceback.

``check`` over random YAML, JSON and text finds a report or a ParseError and nothing else; the inputs that
used to blow up (an alias bomb, a control character, a 5,000-digit integer, an impossible date) are
refused with the line and the fix.
"""

from __future__ import annotations

import json
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.check import check_text
from coach.errors import ParseError
from coach.model import CheckReport
from coach.parse import parse_draft
from coach.parse.structured import MAX_ALIAS_NODES


def _alias_bomb(levels: int = 6, width: int = 9) -> str:
    lines = ["l0: &l0 [Grow revenue from 1 to 2, Cut churn from 3% to 2%]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    lines.append(f"objectives:\n  - objective: Grow\n    key_results: *l{levels - 1}\n")
    return "\n".join(lines)


HOSTILE = [
    ("alias bomb", _alias_bomb(), "d.yaml", None, "aliases expand the document"),
    ("alias inside itself", "objectives:\n  - objective: A\n    key_results: &a [*a]\n", "d.yaml", 3,
     "alias refers to the block that contains it"),
    ("control character", "objectives:\n  - objective: Grow\x01 revenue\n    key_results: [x]\n", "d.yaml", 2,
     "control character U+0001"),
    ("5,000-digit integer in YAML",
     "objectives:\n  - objective: A\n    key_results:\n      - text: Reach X\n        target: " + "7" * 5000 + "\n",
     "d.yaml", 5, "a number with 5,000 digits"),
    ("5,000-digit integer in JSON",
     '{"objectives": [{"objective": "A",\n "key_results": [' + "7" * 5000 + "]}]}", "d.json", 2,
     "a number with 5,000 digits"),
    ("impossible date", "starts: 2026-02-31\nobjectives:\n  - objective: A\n    key_results: [x]\n", "d.yaml", 1,
     "'2026-02-31' is not a date"),
]


@pytest.mark.parametrize(("text", "source", "line", "message"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_input_is_a_parse_error_naming_the_place(text, source, line, message):
    started = time.perf_counter()
    with pytest.raises(ParseError) as info:
        check_text(text, source)
    assert time.perf_counter() - started < 5  # refused before the expansion, not after it
    assert message in str(info.value) and info.value.line == line and info.value.hint
    assert str(info.value).startswith(source)


def test_aliases_within_the_budget_still_read():
    text = ("shared: &krs [Grow revenue from 1 to 2, Cut churn from 3% to 2%]\n"
            "objectives:\n  - objective: A\n    key_results: *krs\n  - objective: B\n    key_results: *krs\n")
    okr_set = parse_draft(text, source="d.yaml")  # 'shared' is no OKR field: skipped, like any tool's own key
    assert [len(o.key_results) for o in okr_set.objectives] == [2, 2] and MAX_ALIAS_NODES >= 1_000


def test_the_alias_bomb_is_refused_in_the_cli(tmp_path):
    from coach.cli import main

    path = tmp_path / "bomb.yaml"
    path.write_text(_alias_bomb(), encoding="utf-8")
    assert main(["check", str(path)]) == 2


# --------------------------------------------------------------------------- property: check never crashes

_WORDS = st.sampled_from(["Grow revenue", "Reduce churn from 4% to 2%", "Launch the app", "NPS 45", "", "x",
                          "Q3 2026", "€4M", "by 30 June", "\u00e9t\u00e9", "\x01", "2026-02-31", "Owner: Ana"])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=10 ** 40, max_value=10 ** 60),
                     st.floats(allow_nan=True), _WORDS, st.text(max_size=30))
_KEYS = st.sampled_from(["objectives", "objective", "key_results", "krs", "text", "title", "team", "period",
                         "target", "baseline", "measure", "owner", "initiatives", "starts", "kind", "x"])
_DOCS = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                       st.dictionaries(_KEYS, inner, max_size=5)), max_leaves=30)


def _checks_or_parse_error(text: str, source: str) -> None:
    try:
        report = check_text(text, source)
    except ParseError as error:
        assert str(error).startswith(source)
    else:
        assert isinstance(report, CheckReport)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCS)
def test_check_over_random_yaml(doc):
    _checks_or_parse_error(yaml.safe_dump(doc, allow_unicode=True), "fuzz.yaml")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCS)
def test_check_over_random_json(doc):
    _checks_or_parse_error(json.dumps(doc, allow_nan=True), "fuzz.json")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCS, st.integers(min_value=0, max_value=200), st.sampled_from(["\x01", "\x7f", "&a", "*a", "\ufffe"]))
def test_check_over_damaged_yaml(doc, where, junk):
    text = yaml.safe_dump(doc, allow_unicode=True)
    where = min(where, len(text))
    _checks_or_parse_error(text[:where] + junk + text[where:], "fuzz.yaml")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_WORDS, st.sampled_from(["Objective: ", "- ", "  - ", "## ", "KR1: ", "\n", "1. ",
                                                   "| Objective | KR |\n|---|---|\n", "=> done", " P1"])),
                max_size=40).map("".join))
def test_check_over_random_text(text):
    _checks_or_parse_error(text, "fuzz.md")
