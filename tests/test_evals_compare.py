"""Comparing runs: paired cases, regressions listed first, flaky cases marked, tolerances."""

from __future__ import annotations

from coach.evals.compare import compare_runs, compare_suite, is_flaky


def _record(case_id, score, passed=None, repeat=0, error=None):
    return {"id": case_id, "repeat": repeat, "score": score, "passed": score >= 0.5 if passed is None else passed,
            "metrics": {"verified": score, "length_words": 10.0 + score}, "error": error}


def _run(run_id, records):
    return {"run_id": run_id, "suites": {"rewrite": {"cases": records}}}


def test_regressions_come_first_and_cases_are_paired_by_id():
    a = [_record(f"c{i}", 0.9) for i in range(30)] + [_record("only-a", 1.0)]
    b = [_record(f"c{i}", 0.2 if i < 25 else 0.9) for i in range(30)] + [_record("only-b", 0.0)]
    result = compare_suite("rewrite", a, b, resamples=300)
    assert (result.paired, result.only_a, result.only_b) == (30, 1, 1)
    assert result.metrics[0].metric == "verified" and result.metrics[0].verdict == "regression"
    assert result.metrics[0].ci_high < 0
    assert (result.wins, result.losses, result.ties) == (0, 25, 5)
    assert result.sign_p < 1e-6
    assert result.cases[0].change == "regressed" and result.cases[-1].change == "same"
    neutral = next(m for m in result.metrics if m.metric == "length_words")
    assert neutral.verdict == "neutral"  # length is reported, never judged


def test_small_noisy_drop_is_worse_but_not_a_regression_without_tolerance():
    a = [_record(f"c{i}", 0.5 + (0.4 if i % 2 else -0.4)) for i in range(10)]
    b = [_record(f"c{i}", r["score"] - (0.05 if i == 3 else 0.0)) for i, r in enumerate(a)]
    result = compare_suite("rewrite", a, b, resamples=300)
    verified = next(m for m in result.metrics if m.metric == "verified")
    assert verified.verdict == "worse"
    strict = compare_suite("rewrite", a, b, resamples=300, tolerances={"verified": 0.001})
    assert next(m for m in strict.metrics if m.metric == "verified").verdict == "regression"
    lenient = compare_suite("rewrite", a, b, resamples=300, tolerances={"rewrite.verified": 0.5})
    assert next(m for m in lenient.metrics if m.metric == "verified").verdict == "worse"


def test_flaky_cases_are_marked():
    a = [_record("steady", 1.0, repeat=0), _record("steady", 1.0, repeat=1),
         _record("wobbly", 1.0, repeat=0), _record("wobbly", 0.0, repeat=1)]
    b = [_record("steady", 1.0), _record("wobbly", 1.0)]
    assert is_flaky(a[2:]) and not is_flaky(a[:2])
    assert is_flaky([_record("x", 1.0), _record("x", 1.0, error="LLMError: timeout")])
    result = compare_suite("rewrite", a, b, resamples=100)
    wobbly = next(c for c in result.cases if c.id == "wobbly")
    assert wobbly.flaky_a and not wobbly.flaky_b


def test_improvement_is_not_a_regression_and_suites_with_regressions_sort_first():
    good = [_record(f"c{i}", 0.9) for i in range(20)]
    bad = [_record(f"c{i}", 0.1) for i in range(20)]
    a = {"run_id": "a", "suites": {"critique": {"cases": []}, "rewrite": {"cases": good}}}
    b = {"run_id": "b", "suites": {"critique": {"cases": []}, "rewrite": {"cases": bad}}}
    comparison = compare_runs(a, b, resamples=200)
    assert comparison.suites[0].suite == "rewrite"
    assert [m.metric for m in comparison.regressions] == ["verified"]
    reverse = compare_runs(b, a, resamples=200)
    assert reverse.regressions == []
    rewrite = next(s for s in reverse.suites if s.suite == "rewrite")
    assert next(m for m in rewrite.metrics if m.metric == "verified").verdict == "improvement"
    data = comparison.as_dict()
    assert data["regressions"][0]["metric"] == "verified"


def test_lower_is_better_metrics_regress_upwards():
    a = [{"id": f"c{i}", "repeat": 0, "score": 1.0, "passed": True, "error": None,
          "metrics": {"invented_numbers": 0.0, "suggestions": 1.0}} for i in range(10)]
    b = [dict(r, metrics={"invented_numbers": 1.0 if i < 6 else 0.0, "suggestions": 1.0}) for i, r in enumerate(a)]
    result = compare_suite("rewrite", a, b, resamples=200, tolerances={"invented_numbers": 0})
    invented = next(m for m in result.metrics if m.metric == "invented_numbers")
    assert invented.delta == 6.0 and invented.verdict == "regression"
