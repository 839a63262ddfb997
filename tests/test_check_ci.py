"""OKRs as code: several paths, SARIF 2.1.0 (validated against the vendored OASIS schema), GitHub annotations,
--fail-on, --diff BASE_REF, the map file, the pre-commit hook and the example workflow."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

from coach.cli import main

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = ROOT / "examples" / "alignment" / "problems"
CLEAN = ROOT / "examples" / "alignment" / "clean"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text())


def _check(capsys, *args) -> tuple[int, str]:
    code = main(["check", *map(str, args)])
    return code, capsys.readouterr().out


def test_sarif_is_valid_2_1_0_with_one_result_per_finding(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out = _check(capsys, "examples/alignment/problems", "--format", "sarif")
    doc = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
    code_json, out_json = _check(capsys, "examples/alignment/problems", "--format", "json")
    findings = [f for r in json.loads(out_json)["reports"] for f in r["findings"]]
    results = doc["runs"][0]["results"]
    assert len(results) == len(findings) > 0 and code == code_json == 1
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("examples/alignment/problems/")
        assert location["region"]["startLine"] >= 1
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    growth = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("growth.md")]
    assert {"OKR404", "OKR405", "OKR409"} <= {r["ruleId"] for r in growth}
    dependency = next(r for r in growth if r["ruleId"] == "OKR404")
    assert dependency["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
    assert dependency["level"] == "warning"


def test_sarif_of_a_single_clean_set_is_valid_and_empty(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out = _check(capsys, "examples/customer-success-clean.md", "--format", "sarif")
    doc = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
    assert code == 0


def test_github_annotations_escape_and_locate(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "okrs").mkdir()
    (tmp_path / "okrs" / "a,b.md").write_text(
        "Objective: Make onboarding better: 100% of the time\n- Run workshops\n- Launch the new flow\n",
        encoding="utf-8")
    code, out = _check(capsys, "okrs", "--format", "github")
    lines = out.strip().splitlines()
    assert any(line.startswith("::error file=okrs/a%2Cb.md,line=2,title=OKR101 kr-is-activity::") for line in lines)
    assert any(line.startswith("::warning file=okrs/a%2Cb.md,line=1,") and "100%25 of the time" in line
               for line in lines)
    assert lines[-1].startswith("::notice title=okr-coach::okr-coach: 1 set(s)")
    assert all("\n" not in line for line in lines) and code == 1


def test_fail_on_sets_the_exit_code(capsys):
    warnings_only = ROOT / "examples" / "alignment" / "clean"
    assert _check(capsys, warnings_only)[0] == 0
    assert _check(capsys, warnings_only, "--fail-on", "warning")[0] == 0
    # the problem examples have warnings and errors; ignoring the error rules leaves warnings
    assert _check(capsys, PROBLEMS, "--ignore", "OKR405,OKR1,OKR2,OKR3")[0] == 0
    assert _check(capsys, PROBLEMS, "--ignore", "OKR405,OKR1,OKR2,OKR3", "--fail-on", "warning")[0] == 1


def test_several_paths_text_output_ends_with_the_summary(capsys):
    code, out = _check(capsys, PROBLEMS / "company.md", PROBLEMS / "product.md", PROBLEMS / "growth.md",
                       PROBLEMS / "activation.yaml")
    assert "Alignment\n" in out and "alignment health: 31/100" in out
    assert out.count("profile default") == 4


def test_single_file_output_is_unchanged_by_alignment(capsys):
    code, out = _check(capsys, ROOT / "examples" / "growth-draft.md")
    assert "Alignment" not in out
    code, out = _check(capsys, ROOT / "examples" / "growth-draft.md", "--format", "json")
    assert json.loads(out)["schema_version"] == 1 and "kind" not in json.loads(out)


def test_bad_paths_are_usage_errors(capsys, tmp_path):
    assert main(["check", str(tmp_path)]) == 2
    assert "holds no drafts" in capsys.readouterr().err
    assert main(["check", "-", str(tmp_path)]) == 2


def test_map_is_an_svg_with_a_node_per_objective_and_dashed_dependencies(capsys, tmp_path):
    target = tmp_path / "map.svg"
    _check(capsys, PROBLEMS, "--map", target)
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert len(root.findall(".//s:g[@class='objective']", ns)) == 8
    dashed = root.findall(".//s:path[@class='depends']", ns)
    assert dashed and all(p.get("stroke-dasharray") for p in dashed)
    red = [g for g in root.findall(".//s:g[@class='objective']", ns) if g.find("s:rect", ns).get("fill") == "#f8d7da"]
    assert len(red) == 2  # the two objectives with metric-opposite-directions (an error)


def test_map_escapes_draft_text():
    from coach.alignment.service import check_sources
    from coach.alignment.svg import render_png, render_svg

    hostile = ("Objective: <script>alert(1)</script> & win so we grow\n- Increase a from 1 to 2\n"
               "- Increase b from 1 to 2\n")
    run = check_sources([(hostile, "x.md")])
    svg = render_svg(run)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)
    assert render_png(run).startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_reports_only_what_the_change_adds(capsys, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "okrs").mkdir(parents=True)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    draft = repo / "okrs" / "growth.md"
    draft.write_text("Team: Growth\nPeriod: Q3 2026\n\nObjective: Make the first week effortless so trials convert\n"
                     "- Increase trial activation from 30% to 50%\n- Reduce time to first report from 6 days to 2 days\n"
                     "- Increase week-one retention from 40% to 55%\n- Improve the onboarding experience\n",
                     encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "-C", str(repo), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(repo), "commit", "-qm", "base"], check=True)
    draft.write_text("Team: Growth\nPeriod: Q3 2026\n\nObjective: Make the first week effortless so trials convert\n"
                     "- Increase trial activation from 30% to 40%\n- Reduce time to first report from 6 days to 2 days\n"
                     "- Improve the onboarding experience\n- Run onboarding workshops\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    code, out = _check(capsys, "okrs", "--diff", "HEAD", "--format", "json")
    report = json.loads(out) if "reports" not in json.loads(out) else json.loads(out)["reports"][0]
    found = {(f["code"], f["ref"]) for f in report["findings"]}
    assert ("OKR410", "O1.KR1") in found  # 50% -> 40%
    assert ("OKR411", "set") in found  # week-one retention removed
    assert ("OKR101", "O1.KR4") in found  # the new workshop line
    assert not any(ref == "O1.KR3" for _, ref in found)  # the vague line was already there
    assert main(["check", "okrs", "--diff", "no-such-ref"]) == 2
    assert "no such commit" in capsys.readouterr().err


def test_pre_commit_hook_and_example_workflow():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "okr-check")
    assert hook["entry"] == "okr-coach check" and hook["language"] == "python"
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "okr-check.yml").read_text())
    steps = [s.get("run", "") for s in workflow["jobs"]["okr-check"]["steps"]]
    assert any("--format github" in s and "--diff" in s for s in steps)
    assert any("--format sarif" in s for s in steps)
    assert workflow[True]["pull_request"]["paths"] == ["okrs/**"]  # YAML 1.1 reads 'on' as True


def test_each_report_of_a_run_follows_the_check_report_schema(capsys):
    schema = json.loads((ROOT / "coach" / "schemas" / "check-report.v1.json").read_text(encoding="utf-8"))
    code, out = _check(capsys, PROBLEMS, "--format", "json")
    doc = json.loads(out)
    assert doc["kind"] == "run" and doc["alignment"]["summary"]["health"] == 31
    for report in doc["reports"]:
        jsonschema.Draft202012Validator(schema).validate(report)
    assert any(link["kind"] == "depends" and link["to"] == "product-q3-2026 O2.KR2"
               for link in doc["alignment"]["links"])
