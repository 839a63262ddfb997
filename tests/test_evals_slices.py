"""Datasets in several files, tag filters, critique slices (with/without ``ambiguous``, ``fresh`` alone),
blessing one suite at a time, and the gate refusing a suite it has no baseline for."""

from __future__ import annotations

import json

import pytest

from coach.cli import ExitCode, main
from coach.config import Settings
from coach.evals import metrics as m
from coach.evals.compare import compare_suite
from coach.evals.datasets import DatasetError, load_cases
from coach.evals.report import run_report_html, run_report_markdown
from coach.evals.runner import EvalError, RunConfig, run_eval
from coach.evals.service import bless, gate, gate_tolerances, load_gate_config, load_run_summary

DRAFT_CLEAN = "Period: Q3 2026\nObjective: Make renewals effortless so customers stay with us\n" \
              "KR1: Raise the renewal rate from 80% to 90% by 30 September 2026\n" \
              "KR2: Cut renewal tickets from 120 to 40 a month by 30 September 2026\n"
DRAFT_ACTIVITY = "Period: Q3 2026\nObjective: Make renewals effortless so customers stay with us\n" \
                 "KR1: Launch the new renewal page\nKR2: Cut renewal tickets from 120 to 40 a month by 30 September 2026\n"


def _case(case_id: str, tags: list[str], draft: str, expected: list[dict] | None = None) -> str:
    return json.dumps({"id": case_id, "tags": tags, "split": "holdout", "draft": draft,
                       "expected": expected or []})


@pytest.fixture
def datasets(tmp_path):
    """A critique dataset in two files: cases.jsonl and a second file of `fresh` drafts."""
    root = tmp_path / "datasets"
    folder = root / "critique"
    folder.mkdir(parents=True)
    (folder / "cases.jsonl").write_text("\n".join([
        _case("crit-a1", ["text", "clean"], DRAFT_CLEAN),
        _case("crit-a2", ["text", "ambiguous"], DRAFT_ACTIVITY),  # labelled clean: a debatable call
    ]) + "\n", encoding="utf-8")
    (folder / "fresh.jsonl").write_text("\n".join([
        _case("crit-f1", ["text", "fresh"], DRAFT_CLEAN),
        _case("crit-f2", ["text", "fresh"], DRAFT_ACTIVITY),
    ]) + "\n", encoding="utf-8")
    return root


# --------------------------------------------------------------------------- loading


def test_every_jsonl_file_of_a_dataset_folder_is_read(datasets):
    cases = load_cases("critique", path=datasets / "critique")
    assert [c.id for c in cases] == ["crit-a1", "crit-a2", "crit-f1", "crit-f2"]


def test_an_id_used_in_two_files_names_both(datasets):
    fresh = datasets / "critique" / "fresh.jsonl"
    fresh.write_text(fresh.read_text() + _case("crit-a2", ["text", "fresh"], DRAFT_CLEAN) + "\n")
    with pytest.raises(DatasetError) as caught:
        load_cases("critique", path=datasets / "critique")
    message = str(caught.value)
    assert f"{fresh} line 3" in message and "crit-a2" in message
    assert f"{datasets / 'critique' / 'cases.jsonl'} line 2" in message


def test_a_bad_line_in_the_second_file_is_reported_with_its_file_and_line(datasets):
    fresh = datasets / "critique" / "fresh.jsonl"
    fresh.write_text(fresh.read_text() + '{"id": "crit-f3", "tags": ["fresh"], "split": "later"}\n')
    with pytest.raises(DatasetError, match=r"fresh\.jsonl line 3 \(crit-f3\)"):
        load_cases("critique", path=datasets / "critique")


def test_an_empty_dataset_folder_is_an_error(tmp_path):
    (tmp_path / "critique").mkdir()
    with pytest.raises(DatasetError, match="no \\*.jsonl"):
        load_cases("critique", path=tmp_path / "critique")


# --------------------------------------------------------------------------- slices


def test_slices_are_computed_from_the_case_tags():
    records = [
        {"id": "a", "tags": ["clean"], "metrics": {"exact": 1.0}, "counts": {"r": [1, 0, 0]}},
        {"id": "b", "tags": ["ambiguous"], "metrics": {"exact": 0.0}, "counts": {"r": [0, 1, 1]}},
        {"id": "c", "tags": ["fresh"], "metrics": {"exact": 0.0}, "counts": {"r": [1, 0, 1]}},
    ]
    agg = m.aggregate("critique", records)
    assert agg["rule:r:precision"] == pytest.approx(2 / 3)  # all cases
    assert agg["excl_ambiguous:cases"] == 2
    assert agg["excl_ambiguous:macro_precision"] == 1.0  # a and c: tp 2, fp 0
    assert agg["excl_ambiguous:macro_recall"] == pytest.approx(2 / 3)  # tp 2, fn 1
    assert agg["excl_ambiguous:case_exact"] == 0.5
    assert agg["tag:fresh:cases"] == 1
    assert agg["tag:fresh:macro_recall"] == 0.5
    assert m.slice_names(agg) == ["excl_ambiguous", "tag:fresh"]
    assert m.direction("tag:fresh:macro_f1") == 1 and m.direction("excl_ambiguous:cases") == 0


def test_a_slice_with_no_case_is_left_out_and_other_suites_have_none():
    agg = m.aggregate("critique", [{"id": "a", "tags": ["ambiguous"], "metrics": {"exact": 1.0},
                                    "counts": {"r": [1, 0, 0]}}])
    assert not any(k.startswith(("excl_ambiguous:", "tag:")) for k in agg)
    assert not any(":" in k for k in m.aggregate("checkin", [{"id": "a", "tags": ["fresh"],
                                                            "metrics": {"coverage": 1.0}}]))


def test_slices_get_bootstrap_intervals_in_a_comparison():
    a = [{"id": f"c{i}", "tags": ["ambiguous"] if i % 4 == 0 else ["clean"], "score": 1.0, "passed": True,
          "metrics": {"exact": 1.0}, "counts": {"r": [1, 0, 0]}} for i in range(12)]
    b = [dict(r, counts={"r": [0, 1, 1]}, metrics={"exact": 0.0}, score=0.0, passed=False)
         if "ambiguous" not in r["tags"] else r for r in a]
    suite = compare_suite("critique", a, b, resamples=200)
    change = next(x for x in suite.metrics if x.metric == "excl_ambiguous:macro_f1")
    assert change.delta == pytest.approx(-1.0) and change.verdict == "regression"


def test_tag_slices_and_rules_get_no_tolerance_in_the_gate(tmp_path):
    """They fail the gate only on a significant drop (see docs/evals.md, 'The gate')."""
    baseline = {"suites": {"critique": {"metrics": {"macro_f1": 0.9, "excl_ambiguous:macro_f1": 0.9,
                                                    "tag:fresh:macro_f1": 0.8, "tag:fresh:cases": 45.0,
                                                    "rule:r:f1": 0.5}}}}
    tolerances = gate_tolerances(baseline, load_gate_config(tmp_path), {})
    assert set(tolerances) == {"critique.macro_f1", "critique.excl_ambiguous:macro_f1"}


# --------------------------------------------------------------------------- runs with tag filters


def _run(tmp_path, datasets, **kw):
    settings = Settings(data_dir=tmp_path / "data")
    return run_eval(settings, RunConfig(suites=["critique"], datasets=datasets, progress=False, **kw))


def test_tag_and_exclude_tag_filter_the_cases(tmp_path, datasets):
    fresh = _run(tmp_path, datasets, tags=["fresh"])
    assert [c["id"] for c in fresh["suites"]["critique"]["cases"]] == ["crit-f1", "crit-f2"]
    assert fresh["config"]["tags"] == ["fresh"]
    rest = _run(tmp_path, datasets, exclude_tags=["fresh", "ambiguous"])
    assert [c["id"] for c in rest["suites"]["critique"]["cases"]] == ["crit-a1"]
    with pytest.raises(EvalError, match="matches"):
        _run(tmp_path, datasets, tags=["no-such-tag"])
    with pytest.raises(EvalError, match="both name 'fresh'"):
        RunConfig(tags=["fresh"], exclude_tags=["fresh"])


def test_run_report_and_show_give_metrics_with_and_without_ambiguous_and_for_fresh(tmp_path, datasets, capsys):
    run = _run(tmp_path, datasets, out=tmp_path / "run")
    metrics = run["suites"]["critique"]["metrics"]
    assert metrics["cases"] == 4 and metrics["excl_ambiguous:cases"] == 3 and metrics["tag:fresh:cases"] == 2
    # crit-a2 and crit-f2 hold the same activity draft: only the ambiguous one drops out of excl_ambiguous
    assert metrics["excl_ambiguous:case_exact"] == pytest.approx(
        sum(c["metrics"]["exact"] for c in run["suites"]["critique"]["cases"] if c["id"] != "crit-a2") / 3)

    markdown = run_report_markdown(run)
    assert "| excl_ambiguous | 3 |" in markdown and "| tag:fresh | 2 |" in markdown and "| all | 4 |" in markdown
    assert "<td>excl_ambiguous</td><td>3</td>" in run_report_html(run)
    summary = load_run_summary(Settings(data_dir=tmp_path / "data"), tmp_path / "run")
    assert summary["slices"]["critique"]["tag:fresh"]["cases"] == 2

    code = main(["--data-dir", str(tmp_path / "data"), "eval", "run", "--suite", "critique", "--datasets",
                 str(datasets), "--tag", "fresh", "--quiet"])
    assert code == ExitCode.OK
    out = capsys.readouterr().out
    assert "critique    2 cases" in out and "tag:fresh" in out
    assert main(["--data-dir", str(tmp_path / "data"), "eval", "show", str(tmp_path / "run")]) == ExitCode.OK
    assert "| excl_ambiguous | 3 |" in capsys.readouterr().out


# --------------------------------------------------------------------------- blessing and the gate


def test_blessing_one_suite_keeps_the_others_and_never_takes_older_numbers(tmp_path, datasets):
    settings = Settings(data_dir=tmp_path / "data")
    older = _run(tmp_path, datasets, out=tmp_path / "older")
    checkin = run_eval(settings, RunConfig(suites=["checkin"], ids=["ci-001"], progress=False,
                                           out=tmp_path / "checkin"))
    newer = _run(tmp_path, datasets, out=tmp_path / "newer", tags=["fresh"])
    baseline = tmp_path / "baseline"

    bless(settings, tmp_path / "checkin", baseline)
    bless(settings, tmp_path / "newer", baseline, suites=["critique"])
    blessed = json.loads((baseline / "run.json").read_text())
    assert set(blessed["suites"]) == {"checkin", "critique"}
    assert blessed["suites"]["checkin"]["metrics"] == checkin["suites"]["checkin"]["metrics"]
    assert blessed["suites"]["critique"]["source"]["run_id"] == newer["run_id"]
    assert (baseline / "report.md").is_file()

    older_json = tmp_path / "older" / "run.json"  # make the first run explicitly older
    data = json.loads(older_json.read_text())
    data["created"] = "2000-01-01T00:00:00+00:00"
    older_json.write_text(json.dumps(data))
    with pytest.raises(EvalError, match="newer run"):
        bless(settings, tmp_path / "older", baseline, suites=["critique"])
    assert json.loads((baseline / "run.json").read_text())["suites"]["critique"]["source"]["run_id"] == newer["run_id"]
    bless(settings, tmp_path / "older", baseline, suites=["critique"], force=True)
    assert json.loads((baseline / "run.json").read_text())["suites"]["critique"]["source"]["run_id"] == older["run_id"]
    with pytest.raises(EvalError, match="no such suite"):
        bless(settings, tmp_path / "older", baseline, suites=["retrieval"])


def test_the_gate_refuses_a_suite_the_baseline_does_not_cover(tmp_path, datasets):
    settings = Settings(data_dir=tmp_path / "data")
    _run(tmp_path, datasets, out=tmp_path / "run")
    baseline = tmp_path / "baseline"
    bless(settings, tmp_path / "run", baseline)
    (baseline / "gate.toml").write_text('suites = ["critique", "retrieval"]\nfast = true\n')
    with pytest.raises(EvalError, match="retrieval.*no baseline"):
        gate(settings, baseline=baseline)


def test_the_committed_gate_covers_every_suite_with_a_blessed_baseline():
    from coach.evals.service import BASELINE_DIR

    config = load_gate_config(BASELINE_DIR)
    assert set(config.suites) == {"critique", "rewrite", "checkin", "retrieval", "suggest"}
    blessed = json.loads((BASELINE_DIR / "run.json").read_text())
    for suite in config.suites:
        metrics = blessed["suites"][suite]["metrics"]
        assert not blessed["suites"][suite].get("error"), suite
        assert metrics["cases"] > 0 and metrics["errors"] == 0, suite
    assert {"recall@1", "recall@3", "recall@5", "mrr"} <= set(blessed["suites"]["retrieval"]["metrics"])
