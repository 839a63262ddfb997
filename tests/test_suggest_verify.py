"""The verifier is the check: a suggestion is verified only if accepting it leaves no error on its line."""

from __future__ import annotations

import pytest

from coach.check import check_text
from coach.model import Location, Suggestion
from coach.revise import apply_suggestion, draft_markdown
from coach.suggest.verify import check_rewrite, verify

DRAFT = """Period: Q3 2026

Objective 1: Make onboarding effortless so new customers reach value in their first week
- KR1: Launch the new onboarding flow
- KR2: Improve customer happiness
- KR3: Increase activation from 20% to 35%
"""


def _suggestion(kr: int, text: str, original: str) -> Suggestion:
    return Suggestion(kind="key_result", location=Location(objective=1, key_result=kr), original=original,
                      text=text, source="llm", verified=False)


@pytest.fixture(scope="module")
def okr_set():
    return check_text(DRAFT).okr_set


@pytest.mark.parametrize(("kr", "original", "text", "verified"), [
    (1, "Launch the new onboarding flow",
     "Increase onboarding completion from [current %] to [target %] by end of Q3 2026", True),
    (1, "Launch the new onboarding flow", "Increase onboarding completion from 20% to 60% by end of Q3 2026", False),
    (1, "Launch the new onboarding flow", "Increase onboarding completion to [target 60%] by end of Q3 2026", False),
    (1, "Launch the new onboarding flow", "Ship the onboarding flow to every new customer by end of Q3 2026", False),
    (2, "Improve customer happiness", "Raise CSAT from [baseline %] to [target %] by end of Q3 2026", True),
    (2, "Improve customer happiness", "Reduce server costs from [current] to [target] by end of Q3 2026", False),
])
def test_verified_means_no_error_after_accepting(okr_set, kr, original, text, verified):
    checked = verify(okr_set, _suggestion(kr, text, original))
    assert checked.verified is verified, checked.remaining_findings
    # the same verdict as the user's Re-check of the revised draft
    revised = check_text(draft_markdown(apply_suggestion(okr_set, checked)), "revised draft")
    errors = [f for f in revised.findings if f.severity.value == "error"
              and (f.location.objective, f.location.key_result) == (1, kr)]
    own = [f for f in checked.remaining_findings if f.name.startswith("suggestion-")]
    assert checked.verified == (not errors and not own)


def test_numbers_may_come_only_from_the_replaced_line(okr_set):
    # 20% and 35% are in KR3, not in KR1: copying them into KR1's rewrite is inventing its data
    names = [f.name for f in check_rewrite(okr_set, _suggestion(
        1, "Increase activation from 20% to 35% through the new onboarding flow by end of Q3 2026",
        "Launch the new onboarding flow"))]
    assert names.count("suggestion-invented-number") == 2


CARD_VAULT = "Migrate the card vault to the loyalty provider"


@pytest.mark.parametrize(("text", "refused"), [
    # the metric is about the work item itself: conversion 'on the vault loyalty screens'
    ("Increase visit-to-sign-up conversion on the vault loyalty screens from [current %] to [target %] "
     "by end of Q3 2026", True),
    # what the work should change, with no word of the work item
    ("Increase card payment authorisation success rate from [current %] to [target %] by end of Q3 2026", False),
])
def test_a_metric_of_the_work_item_is_refused(text, refused):
    draft = ("Period: Q3 2026\n\nObjective 1: Let card payments go through for every customer\n"
             f"- KR1: {CARD_VAULT}\n- KR2: Increase activation from 20% to 35%\n")
    okr_set = check_text(draft).okr_set
    checked = verify(okr_set, _suggestion(1, text, CARD_VAULT), settings=None)
    names = [f.name for f in checked.remaining_findings]
    assert ("suggestion-measures-the-work" in names) is refused, names
    assert checked.verified is not refused


def test_sharpening_a_named_metric_keeps_its_words():
    draft = ("Period: Q3 2026\n\nObjective 1: Answer customers fast\n- KR1: Reduce ticket backlog weekly\n"
             "- KR2: Increase activation from 20% to 35%\n")
    okr_set = check_text(draft).okr_set
    text = "Reduce ticket backlog from [current number] to [target number] by end of Q3 2026"
    checked = verify(okr_set, _suggestion(1, text, "Reduce ticket backlog weekly"), settings=None)
    assert "suggestion-measures-the-work" not in [f.name for f in checked.remaining_findings]


def test_a_feeling_may_be_measured_in_its_own_words():
    """'Young people feel supported' states a result: the survey share of exactly that is no work item."""
    draft = ("Objective 1: Every young person in the programme has a mentor they trust\n"
             "- KR1: Young people feel supported\n- KR2: Increase activation from 20% to 35%\n")
    okr_set = check_text(draft).okr_set
    text = ("Increase the share of young people who say they feel supported in a pulse survey "
            "from [current %] to [target %] by [end of cycle]")
    checked = verify(okr_set, _suggestion(1, text, "Young people feel supported"), settings=None)
    assert "suggestion-measures-the-work" not in [f.name for f in checked.remaining_findings]
