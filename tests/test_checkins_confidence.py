"""Confidence spellings and 1-10 scores normalise to one three-level scale; unknown values name the fix."""

import pytest

from coach.checkins.confidence import ConfidenceError, parse_confidence
from coach.errors import CoachError
from coach.model import ConfidenceLevel

H, M, L = ConfidenceLevel.HIGH, ConfidenceLevel.MEDIUM, ConfidenceLevel.LOW


@pytest.mark.parametrize("raw, level", [
    ("High", H), ("high", H), (" HIGH ", H), ("Green", H), ("on-track", H), ("On Track", H), ("on_track", H),
    ("ON--TRACK", H), ("🟢", H), ("G", H),
    ("Medium", M), ("med", M), ("Amber", M), ("yellow", M), ("Challenge", M), ("at-risk", M), ("At Risk", M),
    ("at_risk", M), ("🟡", M),
    ("Low", L), ("Red", L), ("Critical", L), ("off-track", L), ("Off Track", L), ("OFF_TRACK", L), ("🔴", L),
])
def test_word_spellings(raw, level):
    confidence = parse_confidence(raw)
    assert confidence.level is level
    assert confidence.raw == raw.strip()
    assert confidence.score is None


@pytest.mark.parametrize("raw, level, score", [
    ("10", H, 10), ("7", H, 7), ("7/10", H, 7), ("7 / 10", H, 7), (7, H, 7), (7.0, H, 7),
    ("6", M, 6), ("4/10", M, 4), ("3", L, 3), ("1", L, 1),
])
def test_scores_map_to_levels(raw, level, score):
    confidence = parse_confidence(raw)
    assert (confidence.level, confidence.score) == (level, score)


@pytest.mark.parametrize("raw", ["purple", "0", "11", "7/5", "", "  ", "very high", True, None, 6.5, ["High"]])
def test_unknown_values_are_errors_listing_the_spellings(raw):
    with pytest.raises(ConfidenceError) as info:
        parse_confidence(raw)
    assert isinstance(info.value, CoachError)
    assert "High/Medium/Low" in str(info.value) and "on-track/at-risk/off-track" in str(info.value)
    assert "1-10" in str(info.value)


def test_error_quotes_the_value():
    with pytest.raises(ConfidenceError, match="confidence 'purple' is not a known level; use High/Medium/Low"):
        parse_confidence("purple")
