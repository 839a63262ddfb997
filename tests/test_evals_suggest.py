"""The ``suggest`` eval suite: real activity key results through the critique, scored per split, with the
per-suggestion shares pooled over the suite, and the shipped dataset's labels naming the library."""

from __future__ import annotations

import json

import pytest

from coach.config import Settings
from coach.evals.datasets import DatasetError, load_cases
from coach.evals.runner import RunConfig, run_eval


def _case(case_id: str, split: str, key_result: str, families: list[str], functions: list[str], *,
          objective: str = "Make the first week with our product a success for new customers",
          ask: bool = False) -> str:
    return json.dumps({"id": case_id, "tags": ["ask" if ask else "metric", *functions], "split": split,
                       "source": "real-test-001", "objective": objective, "key_result": key_result,
                       "other_key_results": [], "acceptable_families": families, "functions": functions,
                       "ask": ask})


@pytest.fixture
def datasets(tmp_path):
    root = tmp_path / "datasets"
    (root / "suggest").mkdir(parents=True)
    (root / "suggest" / "cases.jsonl").write_text("\n".join([
        _case("sug-a1", "dev", "Launch the new onboarding wizard", ["activation"], ["product"]),
        # the same line, labelled with a family the writer does not pick: fit fails on this case only
        _case("sug-a2", "holdout", "Launch the new onboarding wizard", ["win-rate"], ["sales"]),
    ]) + "\n", encoding="utf-8")
    return root


def _run(tmp_path, datasets, **kw):
    settings = Settings(data_dir=tmp_path / "data", offline=True)
    config = RunConfig(suites=["suggest"], datasets=datasets, progress=False, out=tmp_path / "run", **kw)
    return run_eval(settings, config)["suites"]["suggest"]


def test_the_suite_scores_fit_and_nonsense_per_split(tmp_path, datasets):
    suite = _run(tmp_path, datasets)
    metrics = suite["metrics"]
    assert metrics["cases"] == 2 and metrics["errors"] == 0
    assert metrics["coverage"] == 1.0 and metrics["loop_agreement"] == 1.0 and metrics["invented_numbers"] == 0.0
    assert metrics["dev:metric_fit"] == 1.0 and metrics["holdout:metric_fit"] == 0.0
    assert metrics["metric_fit"] == 0.5
    # an activation metric is from the product function, which the holdout case's labels do not name
    assert metrics["dev:nonsense"] == 0.0 and metrics["holdout:nonsense"] > 0.0
    by_id = {c["id"]: c for c in suite["cases"]}
    assert by_id["sug-a1"]["passed"] and not by_id["sug-a2"]["passed"]
    assert by_id["sug-a1"]["output"]["first_family"] == "activation"


def test_a_split_runs_alone(tmp_path, datasets):
    metrics = _run(tmp_path, datasets, split="dev")["metrics"]
    assert metrics["cases"] == 1 and "holdout:cases" not in metrics


def test_a_label_outside_the_library_is_refused_with_its_line(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text(_case("sug-b1", "dev", "Launch the wizard", ["activation"], ["product"]) + "\n"
                    + _case("sug-b2", "dev", "Launch the wizard", ["happiness-index"], ["product"]) + "\n",
                    encoding="utf-8")
    with pytest.raises(DatasetError, match=r"line 2 \(sug-b2\).*happiness-index"):
        load_cases("suggest", path=path)


def test_the_shipped_dataset_has_both_splits_and_ask_cases():
    cases = load_cases("suggest")
    assert len(cases) >= 80 and {c.split for c in cases} == {"dev", "holdout"}
    assert sum(c.ask for c in cases) >= 5
