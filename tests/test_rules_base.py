"""coach.rules.base.as_written: the ASCII search finds what the regex it stands in for finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.rules.base import as_written


def _by_regex(text: str, words: str) -> str:
    """The regex search as_written uses for text that is not ASCII (and used for every text before)."""
    pattern = r"[\s\-–/]+".join(re.escape(w) for w in words.split())
    match = re.search(pattern, text, re.IGNORECASE) if pattern else None
    return match.group(0) if match else words


_PIECES = ["Launch", "launch", "the", "NEW", "setup", "-", "/", " ", "  ", "\t", "\x1c", "go-live", "-x", "/x",
           "x", "X", "roll", "out", "rolled", ".", "%", "42", "a", "A"]


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join),
       st.lists(st.sampled_from(["launch", "the", "new", "go-live", "-x", "/x", "x", "roll", "out", "a", "42",
                                 "ROLL", " ", "-", "/"]), max_size=4).map(" ".join))
def test_the_ascii_search_finds_what_the_regex_finds(text, words):
    assert as_written(text, words) == _by_regex(text, words)


def test_words_as_the_draft_spells_them():
    assert as_written("- Launch the new setup wizard", "launch") == "Launch"
    assert as_written("Roll-out / the portal", "roll out") == "Roll-out"
    assert as_written("Rolled  out\tto all", "rolled out to") == "Rolled  out\tto"
    assert as_written("Nothing here", "launch") == "launch"
    assert as_written("Déployer – le portail", "le portail") == "le portail"  # not ASCII: the regex
    assert as_written("Roll – out the portal", "roll out") == "Roll – out"
