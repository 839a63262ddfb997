"""Metric functions and statistics on small hand-made inputs, with values worked out by hand."""

from __future__ import annotations

import math
import random

import pytest

from coach.evals import metrics as m
from coach.evals.compare import bootstrap_mean_difference, percentile, sign_test
from coach.evals.judge import cohen_kappa, swap_consistent


# --------------------------------------------------------------------------- critique


def test_prf_counts_and_edge_cases():
    assert m.prf(3, 1, 2) == pytest.approx((0.75, 0.6, 2 * 0.75 * 0.6 / 1.35))
    assert m.prf(0, 0, 0) == (1.0, 1.0, 1.0)  # nothing expected, nothing said
    assert m.prf(0, 0, 4) == (0.0, 0.0, 0.0)  # a rule that stayed silent
    assert m.prf(0, 2, 0)[0] == 0.0


def test_match_counts_matches_rule_and_location():
    expected = [("kr-is-activity", 1, 2), ("kr-is-activity", 2, 1), ("objective-no-why", 1, None)]
    predicted = [("kr-is-activity", 1, 2), ("kr-is-activity", 2, 2), ("too-many-objectives", None, None)]
    counts = m.match_counts(expected, predicted)
    assert counts["kr-is-activity"] == [1, 1, 1]  # right rule at the wrong key result is a miss and an extra
    assert counts["objective-no-why"] == [0, 0, 1]
    assert counts["too-many-objectives"] == [0, 1, 0]


def test_macro_is_unweighted_mean_over_rules_that_occur():
    counts = {"a": [9, 1, 0], "b": [0, 0, 1], "c": [0, 0, 0]}
    scores = m.macro_micro(counts)
    assert scores["macro_precision"] == pytest.approx((0.9 + 0.0) / 2)  # 'c' never occurred: left out
    assert scores["macro_recall"] == pytest.approx((1.0 + 0.0) / 2)
    assert scores["micro_precision"] == pytest.approx(0.9)
    assert scores["micro_recall"] == pytest.approx(0.9)


def test_critique_aggregate_per_rule_from_records():
    records = [{"id": "x", "metrics": {"exact": 1.0}, "counts": {"a": [1, 0, 0]}},
               {"id": "y", "metrics": {"exact": 0.0}, "counts": {"a": [1, 1, 0], "b": [0, 0, 2]}}]
    agg = m.aggregate("critique", records)
    assert agg["rule:a:precision"] == pytest.approx(2 / 3)
    assert agg["rule:b:recall"] == 0.0
    assert agg["case_exact"] == 0.5
    assert agg["cases"] == 2


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("text, numbers", [
    ("Increase MRR from $0.8M to $1.2M", [0.8, 1.2]),
    ("Raise NPS from 31 to 45 by end of Q3 2026", [31, 45]),
    ("Grow to 1,200 customers by 30 June", [1200]),
    ("1. Cut churn from 4.5% to 3% by 2026-09-30", [4.5, 3]),
    ("KR2: establish the baseline by week 2", []),
    ("Reach [target %] from [current %] with [proposal: 30%] as a stretch", []),
    ("Move from v2 to FY26 plan in H1", []),
    ("Ship $1k of savings, the 3rd time", [1]),
])
def test_stated_numbers_read_numbers_as_written(text, numbers):
    assert m.stated_numbers(text) == [float(n) for n in numbers]


def test_invented_numbers_respect_allowed_source_and_placeholders():
    allowed = [12, 180, 400]
    assert m.invented_numbers("Grow blog sign-ups from 180 to 400 per month by end of Q3 2026", allowed) == []
    assert m.invented_numbers("Grow blog sign-ups from 180 to 500 per month", allowed) == [500.0]
    assert m.invented_numbers("Lift conversion from [current %] to [proposal: 5%]", allowed) == []
    assert m.invented_numbers("Cut wait to 20 minutes", [], source_text="wait is 20 minutes") == []


# --------------------------------------------------------------------------- words, retrieval


def test_lexical_similarity_and_must_keep():
    assert m.lexical_similarity("Publish blog posts", "Increase blog posting rate") > 0.3
    assert m.lexical_similarity("Publish blog posts", "Reduce warehouse picking errors") == 0.0
    assert m.must_keep_share("Increase DACH pipeline", ["dach", "pipeline", "calls"]) == pytest.approx(2 / 3)
    assert m.must_keep_share("anything", []) == 1.0


def test_recall_at_k_and_reciprocal_rank():
    ranked = ["a.md#x", "b.md#y", "c.md#z"]
    rank = m.first_hit_rank(ranked, {"c.md#z", "d.md#w"})
    assert rank == 3
    assert [m.recall_at(rank, k) for k in (1, 3, 5)] == [0.0, 1.0, 1.0]
    assert m.reciprocal_rank(rank) == pytest.approx(1 / 3)
    assert m.reciprocal_rank(m.first_hit_rank(ranked, {"nope"})) == 0.0


def test_mentions_accepts_paraphrase_with_most_words():
    narrative = "O1.KR2 is blocked: the platform team still has not granted warehouse access."
    assert m.mentions(narrative, "Waiting on the Platform team for warehouse access")
    assert not m.mentions(narrative, "Survey only goes to email tickets")


# --------------------------------------------------------------------------- statistics


def test_sign_test_exact_binomial_values():
    assert sign_test(0, 0) == 1.0
    assert sign_test(5, 0) == pytest.approx(2 / 32)  # 0.0625
    assert sign_test(9, 1) == pytest.approx(2 * 11 / 1024)  # 0.021484375
    assert sign_test(3, 3) == 1.0
    assert sign_test(1, 7) == pytest.approx(2 * (1 + 8) / 256)


def test_percentile_interpolates():
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([5.0], 0.9) == 5.0


def test_paired_bootstrap_interval_contains_the_true_difference():
    rng = random.Random(7)
    true_difference = 0.1
    a = [rng.gauss(0.6, 0.1) for _ in range(200)]
    b = [x + true_difference + rng.gauss(0, 0.05) for x in a]
    low, high = bootstrap_mean_difference(a, b, resamples=1000, seed=1)
    assert low < true_difference < high
    assert high - low < 0.05  # paired: the shared case variance cancels out


def test_paired_bootstrap_is_reproducible_and_spans_zero_without_an_effect():
    rng = random.Random(3)
    a = [rng.random() for _ in range(60)]
    b = [x + rng.gauss(0, 0.1) for x in a]
    first = bootstrap_mean_difference(a, b, resamples=500, seed=42)
    assert first == bootstrap_mean_difference(a, b, resamples=500, seed=42)
    assert first[0] < 0 < first[1]


# --------------------------------------------------------------------------- judge statistics


def test_pairwise_win_must_survive_the_swap():
    assert swap_consistent("a", "b") == "a"  # A first, then A again when it sits in position B
    assert swap_consistent("b", "a") == "b"
    assert swap_consistent("a", "a") == "tie"  # position bias: always picks the first slot
    assert swap_consistent("tie", "tie") == "tie"


def test_cohen_kappa():
    assert cohen_kappa([("pass", "pass"), ("fail", "fail")]) == 1.0
    pairs = [("pass", "pass")] * 4 + [("pass", "fail")] * 1 + [("fail", "fail")] * 4 + [("fail", "pass")]
    # observed 0.8, expected 0.5 -> 0.6
    assert cohen_kappa(pairs) == pytest.approx(0.6)
    assert cohen_kappa([]) is None
    assert math.isclose(cohen_kappa([("a", "a"), ("a", "a")]), 1.0)
