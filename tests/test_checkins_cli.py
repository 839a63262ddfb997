"""``okr-coach okrs`` and ``okr-coach checkin`` end to end in a temporary data directory."""

import json
from pathlib import Path

import pytest

from coach.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def run(tmp_path, capsys):
    data = tmp_path / "data"

    def run(*argv):
        code = main(["--data-dir", str(data), *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def loaded(run):
    assert run("okrs", "add", EXAMPLES / "checkins-okrs.md")[0] == 0
    for name in ("checkins.csv", "checkins.yaml", "checkins.json"):
        assert run("checkin", "add", EXAMPLES / name)[0] == 0
    return run


def test_okrs_add_and_list(run):
    code, out, _ = run("okrs", "add", EXAMPLES / "checkins-okrs.md")
    assert (code, out) == (0, "stored 'growth-q3-2026': 2 objectives, 5 key results (Q3 2026)\n")
    code, out, _ = run("okrs", "add", EXAMPLES / "checkins-okrs.md", "--name", "copy")
    code, out, _ = run("okrs", "list")
    assert out.splitlines()[0].startswith("copy\tteam: Growth\tperiod: Q3 2026 (2026-07-01 to 2026-09-30)\t5 KRs")
    assert out.splitlines()[1].startswith("growth-q3-2026\t")


def test_checkin_add_history_and_csv_export(loaded, tmp_path):
    code, out, _ = loaded("checkin", "history", "--kr", "O1.KR2")
    assert code == 0 and len(out.splitlines()) == 4
    assert out.splitlines()[0].startswith("2026-07-06  O1.KR2   value 70")
    code, csv_text, _ = loaded("checkin", "history", "--format", "csv")
    assert csv_text.startswith("kr,date,value,confidence,what_changed,why,blockers,next_actions,decisions_needed")
    assert len(csv_text.splitlines()) == 21
    code, js, _ = loaded("checkin", "history", "--format", "json", "--kr", "O2.KR2")
    assert [c["value"] for c in json.loads(js)] == [41000, 44000, 47000, 51000]


def test_bad_file_exits_2_with_the_row_and_imports_nothing(loaded, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("kr,date,value,confidence\nO1.KR1,2026-09-01,61,High\nO1.KR1,2026-09-08,62,purple\n")
    code, _, err = loaded("checkin", "add", bad)
    assert code == 2
    assert "bad.csv row 3: confidence 'purple' is not a known level; use High/Medium/Low" in err
    assert len(loaded("checkin", "history", "--format", "csv")[1].splitlines()) == 21


def test_narrate_weekly_text(loaded):
    code, out, err = loaded("checkin", "narrate", "--as-of", "2026-08-24")
    assert code == 0 and err == ""
    assert out.startswith("Weekly check-in - as of 2026-08-24 (deterministic writer)\n\n"
                          "Growth as of 2026-08-24: 5 key results, 2 on track, 1 at risk, 2 off track.")
    assert "Cross-team dependencies and escalations" in out


def test_narrate_monthly_json_and_retro(loaded):
    code, out, _ = loaded("checkin", "narrate", "--kind", "monthly", "--as-of", "2026-08-24", "--format", "json")
    data = json.loads(out)
    assert data["kind"] == "monthly" and [n["kr"] for n in data["draft"]["key_results"]] == ["O1.KR2", "O1.KR3", "O2.KR2"]
    code, out, _ = loaded("checkin", "narrate", "--kind", "retro", "--team", "growth")
    assert "end-of-cycle retrospective as of 2026-09-30. Overall score 0.45." in out  # as-of defaults to cycle end


def test_narrate_markdown_with_charts(loaded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = loaded("checkin", "narrate", "--as-of", "2026-08-24", "--format", "markdown",
                          "--charts", "charts")
    assert code == 0
    pngs = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert pngs == ["O1.KR1.png", "O1.KR2.png", "O1.KR3.png", "O2.KR1.png", "O2.KR2.png"]
    assert (tmp_path / "charts" / "O1.KR2.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "![O1.KR2 progress](charts/O1.KR2.png)" in out


def test_usage_errors_name_the_fix(run, tmp_path):
    code, _, err = run("checkin", "narrate")
    assert code == 2 and "no OKR set is stored yet" in err and "okrs add" in err
    run("okrs", "add", EXAMPLES / "checkins-okrs.md")
    code, _, err = run("checkin", "history", "--kr", "O9.KR9")
    assert code == 2 and "--kr O9.KR9: not a key result of 'growth-q3-2026'" in err
    code, _, err = run("checkin", "narrate", "--set", "missing")
    assert code == 2 and "no OKR set named 'missing'" in err
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02")
    assert run("checkin", "add", binary)[0] == 2


def test_chart_figure_object_for_the_web_app():
    import datetime as dt

    from matplotlib.figure import Figure

    from coach.checkins.charts import chart_figures
    from coach.checkins.facts import SetInput, build_facts
    from coach.checkins.synthetic import synthetic_checkins, synthetic_set

    okrs = synthetic_set(3)
    facts = build_facts([SetInput("s", okrs, synthetic_checkins(okrs, 6))], as_of=dt.date(2026, 8, 1))
    figures = chart_figures(facts)
    assert list(figures) == ["O1.KR1", "O1.KR2", "O1.KR3"]
    fig = figures["O1.KR1"]
    assert isinstance(fig, Figure)
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels[:3] == ["value", "expected pace", "target"]
    pace = fig.axes[0].get_lines()[1]
    assert list(pace.get_ydata()) == [facts.sets[0].key_results[0].start, facts.sets[0].key_results[0].target]


def test_cli_module_imports_nothing_heavy():
    import subprocess
    import sys

    code = ("import sys, coach.cli.checkins, coach.checkins.service; "
            "print(sorted(m for m in ('matplotlib', 'langchain_core', 'openai', 'yaml', 'sqlite3') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_cli_takes_check_in_files_up_to_the_documented_20_mb(run, tmp_path):
    # issue 13: the CLI refused files over 5 MB although docs/checkins.md (and the importer) say 20 MB
    assert run("okrs", "add", EXAMPLES / "checkins-okrs.md")[0] == 0
    big = tmp_path / "big.csv"
    row = "O1.KR1,2026-07-06,44,High," + "x" * 1_900 + "\n"
    big.write_text("kr,date,value,confidence,what_changed\n" + row * 3_000, encoding="utf-8")  # ~5.8 MB
    code, _, err = run("checkin", "add", big)
    assert code == 2
    assert "larger than" not in err and "MB" not in err  # refused for its rows, not its size
    assert "second check-in dated 2026-07-06" in err
    huge = tmp_path / "huge.csv"
    huge.write_text("kr,date,value\n" + "O1.KR1,2026-07-06,44\n" * 1_000_000, encoding="utf-8")  # ~21 MB
    code, _, err = run("checkin", "add", huge)
    assert code == 2 and "20 MB" in err
