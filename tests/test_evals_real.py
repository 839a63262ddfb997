"""The real-drafts corpus: records become critique cases, only labelled rules count, the test split is sealed."""

from __future__ import annotations

import json

import pytest

from coach.config import Settings
from coach.evals.datasets import load_cases
from coach.evals.real import RealSet, expected_labels, structure_matches, to_critique_case
from coach.evals.runner import EvalError, RunConfig, run_eval

DRAFT = """Platform team, Q3

1. Make deploys boring so teams ship without fear
   - Document the release process
   - Cut failed deploys from 9% to 3%
2. Keep the lights on
   - Hold p99 latency under 300 ms
"""


def _record(**overrides) -> dict:
    record = {
        "id": "real-x-001", "split": "dev", "source": "example/repo:OKR.md@" + "0" * 40,
        "source_kind": "team-repo", "for_themselves": True, "format": "markdown",
        "layout": "numbered-objectives-indented-bullets", "draft": DRAFT,
        "objectives": [
            {"starts": "Make deploys boring", "rules": [], "key_results": [
                {"starts": "Document the release process", "rules": ["kr-is-activity"]},
                {"starts": "Cut failed deploys", "rules": []}]},
            {"starts": "Keep the lights on", "rules": [], "key_results": [
                {"starts": "Hold p99 latency", "rules": ["kr-maintain-kpi"]}]}],
        "note": "",
    }
    record.update(overrides)
    return record


def test_labels_become_locations_and_too_many_krs_follows_the_structure():
    many = _record(objectives=[{"starts": "", "rules": [], "key_results": [
        {"starts": f"Line {i}", "rules": []} for i in range(6)]}])
    assert expected_labels(RealSet.model_validate(many)) == [("too-many-krs", 1, None)]
    labels = expected_labels(RealSet.model_validate(_record()))
    assert labels == [("kr-is-activity", 1, 1), ("kr-maintain-kpi", 2, 1)]


def test_a_draft_in_another_language_expects_no_finding():
    record = RealSet.model_validate(_record(language="de"))
    assert expected_labels(record) == []
    assert "not-english" in to_critique_case(record).tags


def test_structure_compares_counts_and_first_words():
    labelled = [("Make deploys boring", ["Document the release", "Cut failed deploys"]), ("Keep", ["Hold"])]
    assert structure_matches([("1. **Make deploys boring** so ...", ["- Document the release process",
                                                                      "KR: Cut failed deploys"]),
                              ("Keep the lights on", ["Hold p99"])], labelled)
    assert not structure_matches([("Make deploys boring", ["Document the release", "Cut failed deploys",
                                                           "Hold p99"])], labelled)
    assert not structure_matches([("Make deploys boring", ["Cut failed deploys", "Document the release"]),
                                  ("Keep", ["Hold"])], labelled)


def test_a_label_copied_with_the_first_words_is_not_part_of_the_statement():
    """The parser gives 'KR1: Reduce churn' as 'Reduce churn'; a labeller who copied 'KR1:' or 'O2 -' still
    names the same line. Words after the label still have to match."""
    parsed = [("Grow enterprise revenue", ["Reduce enterprise churn from 12% to 5%", "Ship SSO"])]
    assert structure_matches(parsed, [("O2 - Grow enterprise", ["KR1: Reduce enterprise churn", "KR 1.2: Ship SSO"])])
    assert not structure_matches(parsed, [("Grow enterprise", ["KR1: Raise enterprise churn", "KR2: Ship SSO"])])


@pytest.fixture
def datasets(tmp_path):
    root = tmp_path / "datasets"
    (root / "critique").mkdir(parents=True)
    (root / "real").mkdir()
    plain = {"id": "crit-1", "tags": ["text"], "split": "dev", "draft": "Objective: Grow\nKR1: Ship it\n",
             "expected": [{"rule": "kr-is-activity", "objective": 1, "key_result": 1}]}
    (root / "critique" / "cases.jsonl").write_text(json.dumps(plain) + "\n")
    records = [_record(), _record(id="real-x-002", split="test", source="other/repo:OKR.md@" + "1" * 40),
               _record(id="real-x-003", split="blind", source="third/repo:OKR.md@" + "2" * 40)]
    (root / "real" / "sets.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return root


def test_the_sealed_split_is_left_out_unless_asked(tmp_path, datasets):
    ids = [c.id for c in load_cases("critique", path=datasets / "critique")]
    assert ids == ["crit-1", "real-x-001", "real-x-002", "real-x-003"]
    settings = Settings(data_dir=tmp_path / "data")
    run = run_eval(settings, RunConfig(suites=["critique"], datasets=datasets, progress=False))
    assert [c["id"] for c in run["suites"]["critique"]["cases"]] == ["crit-1", "real-x-001"]
    with pytest.raises(EvalError, match="sealed"):
        RunConfig(split="test")
    sealed = run_eval(settings, RunConfig(suites=["critique"], datasets=datasets, progress=False,
                                          split="test", include_sealed=True))
    assert [c["id"] for c in sealed["suites"]["critique"]["cases"]] == ["real-x-002"]
    for split in ("fresh", "blind"):  # every sealed split, not only the first one
        with pytest.raises(EvalError, match="sealed"):
            RunConfig(split=split)
    blind = run_eval(settings, RunConfig(suites=["critique"], datasets=datasets, progress=False,
                                         split="blind", include_sealed=True))
    assert [c["id"] for c in blind["suites"]["critique"]["cases"]] == ["real-x-003"]
    assert blind["suites"]["critique"]["metrics"]["real:blind:cases"] == 1.0


def test_real_cases_score_only_labelled_rules_and_report_structure_and_groups(tmp_path, datasets):
    settings = Settings(data_dir=tmp_path / "data")
    run = run_eval(settings, RunConfig(suites=["critique"], datasets=datasets, progress=False, tags=["real"]))
    suite = run["suites"]["critique"]
    (case,) = suite["cases"]
    # kr-not-time-bound and objective-no-why may fire on this draft; they are not labelled, so not scored
    assert not [x for x in case["output"]["extra"] if x.startswith(("kr-not-time-bound", "objective-no-why"))]
    metrics = suite["metrics"]
    assert metrics["real:dev:cases"] == 1.0
    assert metrics["structure"] in (0.0, 1.0)
    assert "group:activity:f1" in metrics and "real:kind-team-repo:macro_f1" in metrics


def test_cohen_kappa():
    from coach.evals.metrics import cohen_kappa

    assert cohen_kappa([True, False, True, False], [True, False, True, False]) == 1.0
    assert cohen_kappa([True, True, False, False], [True, False, True, False]) == 0.0
    # 8 items, 6 agree; each pass says yes 4 times -> chance 0.5 -> kappa 0.5
    a = [True, True, True, True, False, False, False, False]
    b = [True, True, True, False, True, False, False, False]
    assert cohen_kappa(a, b) == pytest.approx(0.5)
    assert cohen_kappa([False, False], [False, False]) is None
    with pytest.raises(ValueError):
        cohen_kappa([True], [True, False])


def test_a_placeholder_finding_is_scored_as_the_value_it_stands_for():
    """The corpus labels a stand-in as the value it holds the place of (coach/rules/real_drafts.md)."""
    from coach.check import check_text
    from coach.evals.real import predicted_labels

    draft = ("Objective: Grow the members' club so it pays for itself\n"
             "- Achieve X% of bookings from members by June\n"
             "- Raise repeat bookings from [current %] to 40% by June\n"
             "- Cut refund requests from 9% to 4% by June\n")
    report = check_text(draft)
    assert {f.name for f in report.findings if f.location.key_result in (1, 2)} >= {"kr-unfilled-placeholder"}
    labels = predicted_labels(report)
    assert ("kr-missing-target", 1, 1) in labels
    assert ("kr-missing-baseline", 1, 2) in labels
    assert not [label for label in labels if label[0] == "kr-unfilled-placeholder" or label[2] == 3]
