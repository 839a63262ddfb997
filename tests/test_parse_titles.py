"""Title lines above the objectives name the team and the cycle ('Support ops — Q4 2026')."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from coach.parse import parse_draft

TODAY = dt.date(2026, 5, 10)
D = dt.date
BODY = "\n\nObjective: Make support fast\n- Reduce first response time from 4h to 1h\n"
CASES = Path(__file__).resolve().parent.parent / "evals" / "datasets" / "critique" / "cases.jsonl"


@pytest.mark.parametrize(("title", "team", "period", "starts", "ends"), [
    ("Support ops — Q4 2026", "Support ops", "Q4 2026", D(2026, 10, 1), D(2026, 12, 31)),
    ("**Security program FY27**", "Security program", "FY27", D(2027, 1, 1), D(2027, 12, 31)),
    ("# Outpatient clinic — Q2 2026", "Outpatient clinic", "Q2 2026", D(2026, 4, 1), D(2026, 6, 30)),
    ("## Q2 2026 — Demand gen", "Demand gen", "Q2 2026", D(2026, 4, 1), D(2026, 6, 30)),
    ("Product analytics squad — Q3", "Product analytics squad", "Q3", D(2026, 7, 1), D(2026, 9, 30)),
    ("Warehouse ops Q4 plan", "Warehouse ops", "Q4", D(2026, 10, 1), D(2026, 12, 31)),
    ("Platform team — H1", "Platform", "H1", D(2026, 1, 1), D(2026, 6, 30)),
    ("Online courses team · Q1 2026", "Online courses", "Q1 2026", D(2026, 1, 1), D(2026, 3, 31)),
    ("Procurement — FY2026", "Procurement", "FY2026", D(2026, 1, 1), D(2026, 12, 31)),
    ("Lincoln Elementary — H1 2026 school goals", "Lincoln Elementary", "H1 2026", D(2026, 1, 1), D(2026, 6, 30)),
    ("Acme Robotics – Q3 2026 company OKRs", "Acme Robotics", "Q3 2026", D(2026, 7, 1), D(2026, 9, 30)),
    ("CX team — Q3 2026 draft (v2)", "CX", "Q3 2026", D(2026, 7, 1), D(2026, 9, 30)),
    ("Learning & development, H2", "Learning & development", "H2", D(2026, 7, 1), D(2026, 12, 31)),
    ("Logistics 2026 Q3", "Logistics", "2026 Q3", D(2026, 7, 1), D(2026, 9, 30)),
    ("Field sales — Jul–Sep 2026", "Field sales", "Jul–Sep 2026", D(2026, 7, 1), D(2026, 9, 30)),
    ("Self-serve growth — H2 2026", "Self-serve growth", "H2 2026", D(2026, 7, 1), D(2026, 12, 31)),
    # fiscal years that straddle two calendar years, and school terms, are kept as written but not dated
    ("Housing repairs service — plan for 2026/27", "Housing repairs service", "2026/27", None, None),
    ("Year 9 science — Spring term 2027", "Year 9 science", "Spring term 2027", None, None),
    # a title with a team word but no cycle still names the team
    ("Design team goals", "Design", None, None, None),
    ("**Accounts receivable — goals**", "Accounts receivable", None, None, None),
])
def test_title_line_names_team_and_period(title, team, period, starts, ends):
    okr_set = parse_draft(title + BODY, today=TODAY)
    assert (okr_set.team, okr_set.period, okr_set.starts, okr_set.ends) == (team, period, starts, ends)
    assert [o.text for o in okr_set.objectives] == ["Make support fast"]


def test_team_and_period_lines_win_over_the_title():
    okr_set = parse_draft("Support ops — Q4 2026\nTeam: Customer support\nPeriod: Q1 2027" + BODY, today=TODAY)
    assert (okr_set.team, okr_set.period, okr_set.starts) == ("Customer support", "Q1 2027", D(2027, 1, 1))


def test_a_sentence_before_the_objectives_names_no_team():
    okr_set = parse_draft("Here is what we want to get done in Q3." + BODY, today=TODAY)
    assert okr_set.team is None and okr_set.period == "Q3"


@pytest.mark.parametrize(("title", "team"), [
    ("Hi all, here are the draft OKRs for the support team for Q1.", "support"),
    ("Morning! Below are our Payments squad OKRs for Q1.", "Payments"),
    ("Hi all, here are the draft OKRs for Q1.", None),  # a greeting is not a team
    ("Hey folks, quick draft of the OKRs for Q1:", None),
])
def test_a_sentence_names_a_team_only_as_one(title, team):
    okr_set = parse_draft(title + BODY, today=TODAY)
    assert okr_set.team == team and okr_set.period == "Q1"


@pytest.mark.parametrize("text", [
    # a KR's own deadline is not the set's cycle
    "Objective: Make support fast\n- Reduce first response time from 4h to 1h in Q3\n",
    "Support ops\n\nObjective: Make support fast\n- Cut backlog by 30% by end of Q3\n",
    # without 'Objective' labels, a line with key results under it is an objective, even if it names a quarter
    "Grow self-serve revenue in Q3\n- Increase trial conversion from 8% to 12%\n",
    "## Grow self-serve revenue in Q3\n- Increase trial conversion from 8% to 12%\n",
    # a title line that is only words has no period in it
    "Our okrs!!\n\nObjective: Make support fast\n- Reduce first response time from 4h to 1h\n",
])
def test_key_result_deadlines_and_objectives_are_not_the_period(text):
    okr_set = parse_draft(text, today=TODAY)
    assert okr_set.period is None
    assert okr_set.objectives[0].key_results


def test_unlabelled_objective_naming_a_quarter_stays_an_objective():
    okr_set = parse_draft("Grow self-serve revenue in Q3\n- Increase trial conversion from 8% to 12%\n", today=TODAY)
    assert [o.text for o in okr_set.objectives] == ["Grow self-serve revenue in Q3"]


def _dataset() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.skipif(not CASES.exists(), reason="critique dataset not present")
def test_labelled_drafts_that_name_a_cycle_get_a_period():
    """Ground truth: every draft not labelled 'kr-not-time-bound' names its cycle somewhere."""
    missing = []
    for case in _dataset():
        if any(item["rule"] == "kr-not-time-bound" for item in case["expected"]):
            continue
        source = case["id"] + (".md" if "markdown" in case["tags"] else ".txt")
        if parse_draft(case["draft"], source=source, today=TODAY).period is None:
            missing.append(case["id"])
    assert missing == []
