"""Narrative faithfulness reads numbers and dates written in words like digits (issue 13, item 8)."""

from __future__ import annotations

import pytest

from coach.checkins.faithfulness import check_narrative, find_dates, find_numbers
from tests.test_checkins_narrative import _mutated, weekly  # noqa: F401 - the shared fixture

@pytest.mark.parametrize(("text", "values"), [
    ("ninety-nine percent, up from twelve", [99, 12]),
    ("two thousand three hundred users", [2300]),
    ("a hundred sign-ups", [100]),
    ("one hundred and five tickets", [105]),
    ("forty two per cent", [42]),
    ("seven teams", [7]),
    ("four point two hours", [4.2]),
    ("half of the teams", [0.5]),
    ("three quarters of our users", [0.75]),
])
def test_numbers_in_words_are_read(text, values):
    assert [n.value for n in find_numbers(text)] == pytest.approx(values)


@pytest.mark.parametrize("text", ["one action with an owner", "one of the key results", "the first check-in",
                                  "the first half of the year", "in the third quarter", "this quarter"])
def test_words_that_are_not_figures_stay_words(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize(("text", "reading"), [
    ("the fourteenth of July", (None, 7, 14)),
    ("July the fourteenth", (None, 7, 14)),
    ("the first of August", (None, 8, 1)),
    ("the twenty-first of March 2026", (2026, 3, 21)),
])
def test_dates_in_words_are_read(text, reading):
    found = find_dates(text)[0]
    assert len(found) == 1 and reading in found[0][1]


@pytest.mark.parametrize(("words", "digits"), [
    ("Activation reached ninety-nine percent, up from twelve.", "Activation reached 99 percent, up from 12."),
    ("Activation reached ninety-nine percent, up from seventy-one.", "Activation reached 99%, up from 71%."),
    ("Two thousand three hundred users, a hundred more than planned.", "2,300 users, 100 more than planned."),
    ("Last updated on the fourteenth of July.", "Last updated on 14 July."),
])
def test_words_give_the_violations_digits_give(weekly, words, digits):  # noqa: F811
    def seen(text):
        return sorted((v.kind, v.message.split(" is not")[0].split()[-1]) for v in
                      check_narrative(_mutated(weekly, summary=text), weekly))

    assert seen(digits), "the digit form must break the facts, or the test proves nothing"
    assert seen(words) == [(kind, what.rstrip("%")) for kind, what in seen(digits)] or \
        len(seen(words)) == len(seen(digits))


def test_an_invented_fraction_is_caught(weekly):  # noqa: F811
    draft = _mutated(weekly, summary="Three quarters of the teams moved.")
    assert [(v.kind, v.text) for v in check_narrative(draft, weekly)] == [("number", "0.75")]


def test_an_invented_date_in_words_is_caught(weekly):  # noqa: F811
    draft = _mutated(weekly, summary="Last updated on the fourteenth of July.")
    assert [(v.kind, v.text) for v in check_narrative(draft, weekly)] == [("date", "14th of July")]


def test_a_supported_figure_in_words_passes(weekly):  # noqa: F811
    assert weekly.sets[0].key_results[1].progress_pct == 23.5  # the note _mutated changes is O1.KR2's
    draft = _mutated(weekly, summary="Twenty-three point five percent of the way there.")
    assert check_narrative(draft, weekly) == []
