"""The silencing table decides which finding hides which, whatever the selection."""

from __future__ import annotations

import pytest

from coach.config import RulesSettings
from coach.model import Citation, Finding, Location, Severity
from coach.parse import parse_draft
from coach.rules import silencing
from coach.rules.engine import check_set
from coach.rules.registry import all_rules

TASK_DRAFT = "Objective: Make onboarding effortless so customers stay\nKR1: Launch the new onboarding flow\nKR2: Reduce churn from 5% to 3%\n"


def _names_at(findings, objective, key_result):
    return {f.name for f in findings if (f.location.objective, f.location.key_result) == (objective, key_result)}


def test_every_rule_in_the_table_exists():
    names = {rule.name for rule in all_rules()}
    for silencer, silenced in silencing.SILENCES.items():
        assert silencer in names
        assert set(silenced) <= names


def test_a_task_is_reported_once():
    names = _names_at(check_set(parse_draft(TASK_DRAFT)), 1, 1)
    assert "kr-is-activity" in names
    assert not names & set(silencing.SILENCES["kr-is-activity"])


def test_ignoring_the_silencer_does_not_unsilence():
    chosen = RulesSettings(ignore=["kr-is-activity"])
    names = _names_at(check_set(parse_draft(TASK_DRAFT), rules=chosen), 1, 1)
    assert "kr-is-activity" not in names
    assert not names & {"kr-no-metric", "kr-missing-target"}


def _finding(name, objective, key_result):
    return Finding(code="OKR999", name=name, severity=Severity.WARNING, message="m", fix="f",
                   location=Location(objective=objective, key_result=key_result),
                   citation=Citation(anchor="key-results.md#x", source="key-results.md"))


@pytest.mark.parametrize(("silencer", "silenced"), [(k, v) for k, vs in silencing.SILENCES.items() for v in vs])
def test_apply_removes_only_at_the_same_location(silencer, silenced):
    same = [_finding(silencer, 1, 1), _finding(silenced, 1, 1), _finding(silenced, 1, 2)]
    kept = silencing.apply(same)
    assert [(f.name, f.location.key_result) for f in kept] == [(silencer, 1), (silenced, 2)]
