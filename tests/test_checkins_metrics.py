"""Progress, pace, status, trend and end-of-cycle scoring (pure functions)."""

import datetime as dt

import pytest

from coach.checkins import metrics
from coach.model import Direction, Measure


@pytest.mark.parametrize("start, target, value, fraction, overshoot", [
    (42, 75, 58.5, 0.5, 0.0),  # increasing
    (4.0, 2.0, 3.0, 0.5, 0.0),  # decreasing: 4% -> 2% churn, now 3%
    (4.0, 2.0, 5.0, 0.0, 0.0),  # decreasing, went the wrong way: clamped at 0
    (42, 75, 30, 0.0, 0.0),  # below the start
    (100, 200, 250, 1.0, 0.5),  # overshoot reported separately
    (10, 5, 2.5, 1.0, 0.5),  # decreasing overshoot
    (42, 75, 75, 1.0, 0.0),
])
def test_progress(start, target, value, fraction, overshoot):
    p = metrics.progress(start, target, value)
    assert p.fraction == pytest.approx(fraction)
    assert p.overshoot == pytest.approx(overshoot)


@pytest.mark.parametrize("start, target, value, reason", [
    (None, 75, 50, "no start value"), (42, None, 50, "no numeric target"), (42, 75, None, "no value reported yet"),
    (50, 50, 50, "the target equals the start value"),
    (-2.2250738585e-313, 0.0, 1.0, "the target is too close to the start value to measure progress"),
])
def test_progress_without_a_figure_says_why(start, target, value, reason):
    p = metrics.progress(start, target, value)
    assert p.fraction is None and p.reason == reason


def test_targets_resolve_from_relative_changes_and_factors():
    assert metrics.resolve_target(Measure(target=75), 42).value == 75
    assert metrics.resolve_target(Measure(change=25, change_unit="%", direction=Direction.INCREASE), 200).value == 250
    assert metrics.resolve_target(Measure(change=25, change_unit="%", direction=Direction.REDUCE), 200).value == 150
    assert metrics.resolve_target(Measure(change=5, change_unit="points", direction=Direction.INCREASE), 40).value == 45
    assert metrics.resolve_target(Measure(factor=2.0), 30).value == 60
    missing = metrics.resolve_target(Measure(change=25, change_unit="%"), None)
    assert missing.value is None and "no start value" in missing.reason
    assert metrics.resolve_target(Measure(), 10).reason == "the key result states no numeric target"


def test_baseline_in_another_time_unit_is_converted():
    measure = Measure(baseline=3, baseline_unit="days", target=4, unit="hours")
    assert metrics.baseline_in_target_unit(measure) == 72
    assert metrics.baseline_in_target_unit(Measure(baseline=3, baseline_unit="EUR", target=4, unit="%")) is None


def test_expected_progress_is_the_elapsed_share_of_the_cycle():
    starts, ends = dt.date(2026, 7, 1), dt.date(2026, 9, 30)  # 91 days
    assert metrics.expected_progress(starts, ends, starts) == 0
    assert metrics.expected_progress(starts, ends, ends) == 1
    assert metrics.expected_progress(starts, ends, dt.date(2026, 8, 15)) == pytest.approx(45 / 91)
    assert metrics.expected_progress(starts, ends, dt.date(2026, 12, 1)) == 1
    assert metrics.expected_progress(starts, ends, dt.date(2026, 1, 1)) == 0
    assert metrics.expected_progress(None, ends, ends) is None


@pytest.mark.parametrize("progress, expected, status", [
    (0.50, 0.50, "on track"), (0.80, 0.50, "on track"), (0.41, 0.50, "on track"), (0.40, 0.50, "at risk"),
    (0.26, 0.50, "at risk"), (0.25, 0.50, "off track"), (0.0, 0.9, "off track"),
])
def test_status_thresholds(progress, expected, status):
    assert metrics.status(progress, expected) == status


@pytest.mark.parametrize("values, better, scale, trend", [
    ([10, 12, 14], 1, 10, "improving"), ([14, 12, 10], 1, 10, "worsening"), ([14, 12, 10], -1, 10, "improving"),
    ([10, 10.1, 10.1], 1, 10, "flat"), ([1, 2, 50, 50.1, 50.1], 1, 100, "flat"),  # only the last three count
    ([10], 1, 10, None), ([10, 20], None, 10, None), ([5, 5, 5], 1, None, "flat"),
])
def test_trend(values, better, scale, trend):
    assert metrics.trend(values, better=better, scale=scale) == trend


def test_scores_and_objective_average():
    assert metrics.kr_score(0.666) == 0.67
    assert metrics.kr_score(1.7) == 1.0
    assert metrics.objective_score([0.5, 0.7, 1.0]) == pytest.approx(0.73)
    assert metrics.objective_score([]) is None


@pytest.mark.parametrize("scores, fragment", [
    ([(1.0, None), (1.0, "aspirational")], "not ambitious"),
    ([(0.2, None), (0.3, None)], "unrealistic targets or broken execution"),
    ([(0.6, None), (0.7, None)], "in the 0.6-0.7 sweet spot"),
    ([(0.5, None), (0.5, None)], "below the 0.6-0.7 sweet spot"),
    ([(0.9, None), (0.8, None)], "above the 0.6-0.7 sweet spot"),
    ([(1.0, "committed"), (0.65, None)], "every committed key result was delivered"),
    ([(0.8, "committed"), (0.65, None)], "committed key results were missed"),
])
def test_distribution_reading(scores, fragment):
    assert fragment in metrics.read_distribution(scores)


def test_committed_results_are_read_against_one():
    assert metrics.read_kr_score(0.9, "committed").startswith("commitment missed")
    assert metrics.read_kr_score(1.0, "committed") == "commitment delivered"
    assert "sweet spot" in metrics.read_kr_score(0.65, "aspirational")
    assert "ambitious enough" in metrics.read_kr_score(1.0, None)
    assert "unrealistic" in metrics.read_kr_score(0.2, None)
    assert metrics.read_distribution([]) is None
