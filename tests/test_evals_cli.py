"""``okr-coach eval``: exit codes (0 pass, 100 quality gate, 1 infrastructure), reports, bless/list/show."""

from __future__ import annotations

import json
import re

import pytest

from coach.cli import ExitCode, main
from coach.evals.report import comparison_html, run_report_html
from coach.evals.runner import RunConfig, run_eval

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def _eval(data_dir, *args):
    return main(["--data-dir", str(data_dir), "eval", *args])


def test_validate_passes(capsys):
    assert main(["eval", "validate"]) == ExitCode.OK
    assert "checkin" in capsys.readouterr().out


def test_run_exit_codes_for_fail_under(data_dir, capsys):
    base = ["run", "--suite", "critique", "--ids", "crit-001,crit-003", "--quiet"]
    assert _eval(data_dir, *base, "--fail-under", "critique.macro_f1=0") == ExitCode.OK
    assert _eval(data_dir, *base, "--fail-under", "critique.macro_f1=1.01") == ExitCode.QUALITY_GATE
    assert "critique.macro_f1" in capsys.readouterr().err
    assert _eval(data_dir, *base, "--fail-under", "no_such_metric=1") == ExitCode.QUALITY_GATE
    assert _eval(data_dir, *base, "--fail-under", "macro_f1") == ExitCode.FINDINGS  # malformed: not a gate verdict


def test_infrastructure_errors_exit_1(data_dir, tmp_path, capsys):
    assert _eval(data_dir, "show", "no-such-run") == ExitCode.FINDINGS
    assert "eval list" in capsys.readouterr().err
    broken = tmp_path / "broken"
    (broken / "critique").mkdir(parents=True)
    (broken / "critique" / "cases.jsonl").write_text('{"id": "crit-001"\n', encoding="utf-8")
    assert _eval(data_dir, "run", "--suite", "critique", "--datasets", str(broken), "--quiet") == ExitCode.FINDINGS
    assert "line 1" in capsys.readouterr().err


def test_a_suite_that_cannot_run_is_an_infrastructure_error(data_dir, monkeypatch):
    from coach.evals import suites

    def crash(case, ctx):
        raise RuntimeError("service missing")

    monkeypatch.setitem(suites.SUITE_RUNNERS, "critique", crash)
    assert _eval(data_dir, "run", "--suite", "critique", "--ids", "crit-001", "--quiet") == ExitCode.FINDINGS


def test_bless_list_show_and_compare(data_dir, tmp_path, capsys):
    out_a, out_b = tmp_path / "a", tmp_path / "b"
    ids = "crit-001,crit-002,crit-003,crit-004"
    assert _eval(data_dir, "run", "--suite", "critique", "--ids", ids, "--out", str(out_a), "--quiet") == 0
    assert _eval(data_dir, "run", "--suite", "critique", "--ids", ids, "--quiet", "--label", "second") == 0
    capsys.readouterr()
    assert _eval(data_dir, "list") == 0
    listing = capsys.readouterr().out
    assert "[second]" in listing and "critique(4)" in listing
    run_id = listing.split()[0]
    assert _eval(data_dir, "show", run_id) == 0
    assert "macro_f1" in capsys.readouterr().out
    assert _eval(data_dir, "compare", str(out_a), run_id, "--max-regression", "macro_f1=0",
                 "--out", str(tmp_path / "cmp")) == 0
    assert (tmp_path / "cmp" / "compare.html").is_file()
    baseline = tmp_path / "baseline"
    assert _eval(data_dir, "bless", str(out_a), "--to", str(baseline)) == 0
    assert json.loads((baseline / "run.json").read_text())["suites"]["critique"]["metrics"]["cases"] == 4


def test_compare_exit_100_on_regression(data_dir, tmp_path):
    def save(name, score):
        path = tmp_path / name
        path.mkdir()
        cases = [{"id": f"c{i}", "repeat": 0, "score": score, "passed": True, "error": None,
                  "metrics": {"verified": score}} for i in range(12)]
        (path / "run.json").write_text(json.dumps({"run_id": name, "suites": {"rewrite": {"cases": cases}}}))
        return str(path)

    a, b = save("a", 0.9), save("b", 0.5)
    assert _eval(data_dir, "compare", a, b) == ExitCode.OK  # no gate asked for: a report only
    assert _eval(data_dir, "compare", a, b, "--max-regression", "verified=0.1") == ExitCode.QUALITY_GATE
    assert _eval(data_dir, "compare", b, a, "--max-regression", "verified=0.1") == ExitCode.OK


def test_gate_fails_with_100_against_a_better_baseline(data_dir, tmp_path):
    baseline = tmp_path / "baseline"
    baseline.mkdir()
    (baseline / "gate.toml").write_text('suites = ["critique"]\nfast = true\ndefault_tolerance = 0.0\n')
    run = run_eval(__import__("coach.config", fromlist=["Settings"]).Settings(data_dir=data_dir),
                   RunConfig(suites=["critique"], progress=False, out=tmp_path / "real"))
    inflated = json.loads(json.dumps(run))
    for case in inflated["suites"]["critique"]["cases"]:  # a baseline where every finding was right
        case["counts"] = {rule: [tp + fn, 0, 0] for rule, (tp, fp, fn) in case["counts"].items()}
        case["metrics"]["exact"] = 1.0
    (baseline / "run.json").write_text(json.dumps(inflated))
    assert _eval(data_dir, "gate", "--baseline", str(baseline)) == ExitCode.QUALITY_GATE
    (baseline / "run.json").write_text(json.dumps(run))
    assert _eval(data_dir, "gate", "--baseline", str(baseline)) == ExitCode.OK


# --------------------------------------------------------------------------- reports


def test_html_report_is_self_contained_and_escapes_case_text(tmp_path):
    from coach.config import Settings

    datasets = tmp_path / "datasets" / "critique"
    datasets.mkdir(parents=True)
    case = {"id": "crit-001", "tags": ["text"], "split": "dev",
            "draft": f"Objective: Grow {HOSTILE} revenue\nKR1: Publish 12 blog posts\n",
            "expected": [{"rule": "too-many-objectives", "objective": None, "key_result": None}]}
    (datasets / "cases.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    run = run_eval(Settings(data_dir=tmp_path / "d"), RunConfig(suites=["critique"], progress=False,
                                                                datasets=tmp_path / "datasets", out=tmp_path / "r"))
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert run["suites"]["critique"]["cases"][0]["passed"] is False
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)  # no external assets
    assert "<svg" in page and "<style>" in page
    markdown = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown


def test_comparison_html_escapes_ids():
    comparison = {"run_a": HOSTILE, "run_b": "b", "resamples": 10, "seed": 1, "regressions": [],
                  "suites": [{"suite": "rewrite", "paired": 1, "only_a": 0, "only_b": 0, "wins": 0, "losses": 1,
                              "ties": 0, "sign_p": 1.0, "metrics": [],
                              "cases": [{"id": HOSTILE, "a_score": 1.0, "b_score": 0.0, "change": "regressed",
                                         "flaky_a": False, "flaky_b": True, "a_passed": True, "b_passed": False}]}]}
    page = comparison_html(comparison)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_run_report_html_handles_a_failed_suite():
    run = {"run_id": "r", "config": {}, "usage": {"cost_usd": None},
           "suites": {"retrieval": {"error": HOSTILE, "metrics": {}, "cases": []}}}
    page = run_report_html(run)
    assert "Suite failed" in page and "<script>" not in page and "n/a" in page
