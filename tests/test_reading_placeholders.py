"""The one reader of placeholders: which blanks a line holds, and what belongs in each."""

from __future__ import annotations

import pytest

from coach.check import check_text
from coach.reading.placeholders import placeholders, without_placeholders


@pytest.mark.parametrize(("text", "expected"), [
    ("Increase conversion from [current %] to [target %] by [end of cycle]",
     [("[current %]", "baseline", "%"), ("[target %]", "target", "%"), ("[end of cycle]", "deadline", None)]),
    ("Reduce failures from <baseline> to [target]", [("<baseline>", "baseline", None), ("[target]", "target", None)]),
    ("Reduce failure rate from TBD to 2%", [("TBD", "baseline", None)]),
    ("Grow ARR from $X to $Y", [("X", "baseline", "amount"), ("Y", "target", "amount")]),
    ("Increase [metric to choose] from [current] to [target]",
     [("[metric to choose]", "metric", None), ("[current]", "baseline", None), ("[target]", "target", None)]),
    ("Time to create a weekly schedule from [TBD, capture in interview] to [target]",
     [("[TBD, capture in interview]", "baseline", None), ("[target]", "target", None)]),
    ("Hit [?] sign-ups", [("[?]", "value", None)]),
    # a letter where a number stands, with no preposition before it: before a percent sign, or counting
    ("Achieve X% of repeat bookings from members", [("X", "target", "%")]),
    ("x% of depots will use the new rota tool", [("x", "target", "%")]),
    ("Have N clinics live with the triage pilot", [("N", "target", None)]),
    ("Onboard X new partner schools", [("X", "target", None)]),
    ("x% of volunteers trained each term (target: 90%)", [("x", "baseline", "%")]),
    ("Raise resolution from [baseline, measured by week 2] to [target]",
     [("[baseline, measured by week 2]", "baseline", None), ("[target]", "target", None)]),
])
def test_blanks_and_their_roles(text, expected):
    assert [(p.text, p.role, p.unit) for p in placeholders(text)] == expected


@pytest.mark.parametrize("text", [
    "Increase NPS from 31 to [target 95%]",  # a number in brackets is a value, never a blank
    "Move the target to [proposal: 30%]",
    "Launch Plan X",
    "Support for iPhone X devices",  # a letter after a name is part of the name
    "Grow Twitter/X followers to 5,000",
    "Cut X-ray waits for walk-in patients",
    "Increase repeat purchase rate from 18% to 25% [stretch]",
    "Reduce churn from 5% to 3%",
    "Improve Helm Terraform Provider [P1][INFRA]",  # tags and notes in brackets are not blanks
    "[key Result] Capture app-state upon job failures",
    "Shared onboarding framework and tools are identified [shared with the partner team]",
])
def test_no_blank(text):
    assert placeholders(text) == ()


def test_without_placeholders_keeps_the_words():
    assert without_placeholders("Increase X from [current %] to [target %] by Q3") == "Increase X from to by Q3"


DRAFT = "Objective: Make onboarding effortless so new customers reach value fast\nQ3 2026\n- {kr}\n- Reduce median time to first value from 9 days to 3 days\n"


@pytest.mark.parametrize("kr", [
    "Increase onboarding completion rate from [current %] to [target %] by end of Q3 2026",
    "Increase onboarding completion from [current amount] to [target amount] by end of Q3 2026",
    "Reduce payment failure rate from <baseline> to [target %] by end of Q3 2026",
    "Increase [metric to choose] from [current] to [target] by end of Q3 2026",
    "Increase weekly active users from X to Y by end of Q3 2026",
    "Achieve X% of weekly active users on the new app by end of Q3 2026",
])
def test_check_reports_a_blank_once_as_a_warning(kr):
    findings = [f for f in check_text(DRAFT.format(kr=kr)).findings if f.location.key_result == 1]
    assert [f.name for f in findings] == ["kr-unfilled-placeholder"]
    assert findings[0].severity.value == "warning"
    assert "measure" in findings[0].fix.lower() or "choose" in findings[0].fix.lower()


def test_the_fix_says_where_to_find_the_number():
    kr = "Reduce first response time from [current hours] to [target hours] by end of Q3 2026"
    finding = next(f for f in check_text(DRAFT.format(kr=kr)).findings if f.location.key_result == 1)
    assert "helpdesk" in finding.fix
