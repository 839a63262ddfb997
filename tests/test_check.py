"""The check service, the scores, the renderers and the `okr-coach check` / `rules` commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from coach.check import check_key_result_in_context, check_okr_set, check_text
from coach.cli import main
from coach.config import RulesSettings, Settings
from coach.errors import ConfigError
from coach.model import Finding, Location, Citation, OkrSet, Severity
from coach.render import render_report
from coach.rules import score

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "coach" / "schemas" / "check-report.v1.json").read_text(encoding="utf-8"))

DRAFT = """Growth — Q3 2026

Objective: Make onboarding effortless so new customers reach value in week one
- Increase onboarding completion rate from 42% to 75%
- Launch the new onboarding flow
- Reduce churn

Objective: Grow revenue to €2M
- Grow ARR from €1.4M to €2M
- Keep gross margin above 70%
"""


def test_check_text_findings_locations_and_scores():
    report = check_text(DRAFT, "draft.md")
    got = {(f.name, f.location.objective, f.location.key_result) for f in report.findings}
    assert got == {
        ("kr-is-activity", 1, 2), ("initiative-as-kr", 1, 2), ("kr-missing-target", 1, 3),
        ("objective-has-metric", 2, None), ("objective-no-why", 2, None), ("kr-maintain-kpi", 2, 2),
    }
    assert report.okr_set.period == "Q3 2026"  # from the title line
    assert report.has_errors
    assert report.scores.key_results[0][0] == 100 and report.scores.key_results[0][1] < 100
    assert 0 <= report.scores.set < 100


def test_profile_and_ignore_from_settings():
    settings = Settings(profile="focused", rules=RulesSettings(ignore=["OKR1", "initiative-as-kr"]))
    report = check_text(DRAFT, "draft.md", settings)
    assert report.profile == "focused"
    assert {f.code[:4] for f in report.findings} == {"OKR2"}
    with pytest.raises(ConfigError):
        check_text(DRAFT, "draft.md", Settings(profile="nope"))


def test_scores_formula():
    okr_set = check_text(DRAFT).okr_set

    def finding(severity, objective, key_result):
        return Finding(code="OKR101", name="kr-is-activity", severity=severity, message="m", fix="f",
                       location=Location(objective=objective, key_result=key_result),
                       citation=Citation(anchor="key-results.md#outcomes-not-outputs"))

    scores = score(okr_set, [finding(Severity.ERROR, 1, 2), finding(Severity.WARNING, 1, 3),
                             finding(Severity.INFO, 2, None), finding(Severity.WARNING, None, None)])
    assert scores.key_results == [[100, 60, 85], [100, 100]]
    assert scores.objectives == [82, 95]  # mean(100, 60, 85)=82; 100 - 5
    assert scores.set == 89 - 15  # mean(82, 95) = 88.5 rounds half up to 89; minus the set-level warning
    assert check_okr_set(OkrSet()).scores.set == 0


def test_recheck_one_key_result_in_context():
    okr_set = check_text(DRAFT).okr_set
    findings = check_key_result_in_context(okr_set, 1, "Launch the new onboarding flow", kr_pos=2)
    assert {f.name for f in findings} == {"kr-is-activity", "initiative-as-kr"}
    rewrite = "Increase week-one activation from 20% to 35%"
    assert check_key_result_in_context(okr_set, 1, rewrite, kr_pos=2) == []
    appended = check_key_result_in_context(okr_set, 1, "Raise onboarding completion rate from 42% to 75%")
    assert {f.name for f in appended} == {"kr-duplicate"} and appended[0].location.key_result == 4
    with pytest.raises(ValueError):
        check_key_result_in_context(okr_set, 9, rewrite)


def test_hand_built_set_gets_measures_read():
    from coach.model import KeyResult, Objective

    okr_set = OkrSet(period="Q3 2026", objectives=[Objective(text="Delight users so they stay", key_results=[
        KeyResult(text="Grow ARR to $5M", position=1), KeyResult(text="Reduce churn from 5% to 3%", position=2)])])
    assert [f.name for f in check_okr_set(okr_set).findings] == ["kr-missing-baseline"]


# --------------------------------------------------------------------------- rendering


def test_json_output_matches_schema():
    doc = json.loads(render_report(check_text(DRAFT, "draft.md"), "json"))
    jsonschema.validate(doc, SCHEMA)
    assert doc["schema_version"] == 1
    activity = next(f for f in doc["findings"] if f["code"] == "OKR101")
    assert activity["location"] == {"objective": 1, "key_result": 2, "line": 5}
    assert activity["citation"]["anchor"] == "key-results.md#outcomes-not-outputs"
    assert activity["ref"] == "O1.KR2" and activity["evidence"] == "Launch"


def test_text_and_markdown_output():
    report = check_text(DRAFT, "draft.md")
    text = render_report(report, "text")
    assert "O1.KR2 line 5: OKR101 kr-is-activity (error)" in text
    assert "see: knowledge/key-results.md#outcomes-not-outputs" in text and "\033[" not in text
    assert "\033[31m" in render_report(report, "text", color=True)
    markdown = render_report(report, "markdown")
    assert markdown.startswith("# OKR check: draft.md") and "| O1.KR2 | OKR101 `kr-is-activity` |" in markdown


# --------------------------------------------------------------------------- CLI


def _draft(tmp_path, text=DRAFT, name="draft.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_exit_codes(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check", _draft(tmp_path)]) == 1
    clean = "Period: Q3 2026\nObjective: Make help effortless so customers stay\n" \
            "- Reduce first response time from 9 hours to 2 hours\n- Increase CSAT from 82% to 90%\n"
    assert main(["check", _draft(tmp_path, clean, "clean.md")]) == 0
    assert main(["check", str(tmp_path / "missing.md")]) == 2
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02")
    assert main(["check", str(binary)]) == 2
    assert main(["check", _draft(tmp_path), "--profile", "nope"]) == 2
    assert "unknown profile 'nope'" in capsys.readouterr().err


def test_cli_select_ignore_and_json(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check", _draft(tmp_path), "--ignore", "OKR101,OKR104", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert not {"OKR101", "OKR104"} & {f["code"] for f in doc["findings"]}
    assert main(["check", _draft(tmp_path), "--select", "kr-maintain-kpi", "--format", "json"]) == 0
    assert [f["name"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["kr-maintain-kpi"]
    assert main(["check", _draft(tmp_path), "--select", "OKR999"]) == 2


def test_cli_team_file_ignores_rules(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "okr-coach.toml").write_text('profile = "focused"\n[rules]\nignore = ["OKR1"]\n', encoding="utf-8")
    assert main(["check", _draft(tmp_path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["profile"] == "focused" and all(not f["code"].startswith("OKR1") for f in doc["findings"])


def test_cli_stdin(tmp_path, capsys, monkeypatch):
    import io
    import sys

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DRAFT.encode())))
    assert main(["check", "-", "--format", "markdown"]) == 1
    assert "\\<stdin\\>" in capsys.readouterr().out  # the source name, escaped like all draft text


def test_cli_rules_commands(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    from coach.rules.registry import all_rules

    assert out.count("\n") == len(all_rules()) and "OKR101  kr-is-activity" in out  # one line a rule
    assert main(["rules", "explain", "kr-missing-baseline"]) == 0
    out = capsys.readouterr().out
    assert "# OKR103 `kr-missing-baseline`" in out and "## Why is this bad?" in out
    assert main(["rules", "explain", "OKR999"]) == 2
    assert main(["rules", "profiles"]) == 0
    out = capsys.readouterr().out
    assert "focused" in out and "2-4" in out


@pytest.mark.parametrize("text", ["", "   \n", "\u202e" * 50, "Objective:\n- \n", "{" * 500, "- x\n" * 3000])
def test_hostile_input_never_crashes(text):
    from coach.errors import CoachError

    try:
        report = check_text(text, "hostile.txt")
    except CoachError:
        return
    assert 0 <= report.scores.set <= 100


def test_markdown_output_keeps_draft_html_inert():
    """Draft text is data: rendered as HTML, the Markdown report holds no element from the draft."""
    from markdown_it import MarkdownIt

    draft = ("Objective: <script>alert(1)</script> grow [click](javascript:alert(1))\n"
             "- KR1: Launch <img src=x onerror=alert(1)> page\n- KR2: Publish 3 | posts\n")
    out = render_report(check_text(draft, "<draft>", Settings()), "markdown")
    html = MarkdownIt("commonmark").enable("table").render(out)
    assert "<script" not in html and "<img" not in html and 'href="javascript:' not in html
    assert "alert(1)" in html  # still shown, as text
    rows = [line for line in out.splitlines() if line.startswith("| O1")]
    assert rows and all(len(re.findall(r"(?<!\\)\|", row)) == 7 for row in rows)  # a '|' in the draft stays in its cell


def test_default_settings_equal_validated_settings(tmp_path):
    """A run with no team file, environment or flag skips validation; the result must be what it would give."""
    from coach.config import Settings, default_settings, load_settings

    built = default_settings()
    assert built == Settings()
    assert built.model_dump() == Settings().model_dump()
    assert load_settings({}, cwd=tmp_path, environ={}) == Settings()
    # Anything set still goes through validation, with the usual error.
    from coach.errors import ConfigError

    with pytest.raises(ConfigError, match="OKR_COACH_LLM_TIMEOUT"):
        load_settings({}, cwd=tmp_path, environ={"OKR_COACH_LLM_TIMEOUT": "-1"})
    # Each default is its own object: changing one run's lists changes no other run's.
    built.rules.select.append("OKR101")
    assert default_settings().rules.select == []


def test_a_key_result_named_over_its_value_fields_has_its_baseline_and_target():
    """'Online booking adoption' with 'Baseline: 400,000 users' and 'Target: 900,000 users' under it states
    both values; a name with no fields still lacks them."""
    fields = ("Objective: Make booking care online quick for every patient\n"
              "Key Result 1: Online booking adoption\n- Baseline: 400,000 users\n- Target: 900,000 users\n"
              "- Deadline: 2027-03-31\n")
    named = {f.name for f in check_text(fields, "fields.md").findings if f.location.key_result == 1}
    assert not named & {"kr-missing-target", "kr-missing-baseline", "kr-no-metric"}
    bare = check_text("Objective: Make booking care online quick for every patient\n"
                      "Key Result 1: Online booking adoption\n", "bare.md")
    assert {f.name for f in bare.findings if f.location.key_result == 1} & {"kr-missing-target", "kr-no-metric"}
