"""Layout doubts: where the reading of a pasted layout looks wrong, the report says so and names the place.

Drafts here are written for these tests (shapes a misread leaves, and labelled look-alikes that must stay
quiet); none is taken from the eval datasets.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from coach.check import check_text
from coach.model import KeyResult, Objective, OkrSet
from coach.parse import parse_draft
from coach.parse.doubts import LONG_KEY_RESULT, MANY_KEY_RESULTS, MANY_OBJECTIVES, layout_doubts
from coach.render import render_report
from coach.ui.format import report_markdown
from tests.test_check import SCHEMA

#: Headed sections, each with its list.
UNEVEN = """## Grow the reading club
- Raise weekly attendance from 20 to 35 families
- Lift the share of loans renewed online from 30% to 60%

## Keep the library open on Saturdays

## Make the garden a place to learn
- Hold 3 planting days with the primary school
"""


def _doubts(text: str) -> list[str]:
    return layout_doubts(parse_draft(text, source="t.md"), text)


def test_an_objective_with_nothing_under_it_beside_ones_with_key_results_is_doubted():
    # the shape a misread leaves (a theme heading read as an objective), built as the parser would return it
    okr_set = OkrSet(source_format="markdown", objectives=[
        Objective(text="Families", position=1, line=1),
        Objective(text="Grow the reading club", position=2, line=2, key_results=[
            KeyResult(text="Raise weekly attendance from 20 to 35 families", position=1, line=3)]),
        Objective(text="Schools", position=3, line=4)])
    text = "**Families**\n## Grow the reading club\n- Raise weekly attendance from 20 to 35 families\n**Schools**\n"
    assert layout_doubts(okr_set, text) == ["O1, O3 have no key results, while other objectives do"]
    assert layout_doubts(okr_set.model_copy(update={"source_format": "yaml"}), text) == []


def test_an_objective_the_writer_labelled_is_not_doubted_for_having_no_key_results():
    text = ("Objective: Grow the reading club\n- Raise weekly attendance from 20 to 35 families\n"
            "Objective: Keep the library open on Saturdays\n"
            "Objective: Make the garden a place to learn\n- Hold 3 planting days\n")
    okr_set = parse_draft(text, source="t.md")
    assert [len(o.key_results) for o in okr_set.objectives] == [1, 0, 1]
    assert layout_doubts(okr_set, text) == []
    assert layout_doubts(okr_set) == ["O2 has no key results, while other objectives do"]  # no text: no label seen


def test_one_objective_holding_a_page_of_lines_is_doubted():
    many = MANY_KEY_RESULTS + 4
    text = "Objective: Run the food bank well\n" + "".join(
        f"- Volunteer shift {i} covered on Saturdays with {i + 2} people\n" for i in range(many))
    assert _doubts(text) == [f"O1 ({many}) holds more than {MANY_KEY_RESULTS} key results"]


def test_more_objectives_than_a_team_sets_is_doubted():
    n = MANY_OBJECTIVES + 2
    text = "".join(f"Objective: Theme number {i} for the parish\n- Raise turnout from {i} to {i + 9}\n"
                   for i in range(1, n + 1))
    assert _doubts(text) == [f"the draft reads as {n} objectives"]


def test_a_key_result_as_long_as_a_paragraph_is_doubted_and_the_places_are_capped():
    long = "Raise repeat orders from 20% to 30% " + "and keep the notes of the weekly stand-up here " * 8
    assert len(long) > LONG_KEY_RESULT
    text = "Objective: Keep customers coming back\n" + "".join(f"- {long}{i}\n" for i in range(5))
    doubts = _doubts(text)
    assert len(doubts) == 1 and doubts[0].startswith("O1.KR1 (")
    assert "and 2 more are as long as a paragraph" in doubts[0]


@pytest.mark.parametrize("text", [
    "objectives:\n  - objective: Grow the club\n    key_results: []\n  - objective: Open on Saturdays\n"
    "    key_results:\n      - Raise attendance from 20 to 35\n",
    '{"objectives": [{"objective": "Grow the club", "key_results": []},'
    ' {"objective": "Open on Saturdays", "key_results": ["Raise attendance from 20 to 35"]}]}',
])
def test_structured_drafts_raise_no_doubt(text):
    okr_set = parse_draft(text, source="t")
    assert okr_set.source_format in ("yaml", "json")
    assert layout_doubts(okr_set, text) == []


def test_a_clean_markdown_draft_raises_no_doubt():
    text = UNEVEN.replace("## Keep the library open on Saturdays\n",
                          "## Keep the library open on Saturdays\n- Open 40 Saturdays of the 52\n")
    assert [len(o.key_results) for o in parse_draft(text, source="t.md").objectives] == [2, 1, 1]
    assert _doubts(text) == []


def test_the_report_shows_the_doubt_in_every_format_before_the_findings():
    text = "".join(f"## Theme {i} for the parish\n- Raise turnout from {i} to {i + 9} by June\n"
                   for i in range(1, MANY_OBJECTIVES + 3))
    report = check_text(text, "club.md")
    assert report.layout_doubts
    plain = render_report(report, "text")
    assert "Check the reading: The draft reads as 9 objectives" in plain and "'Objective:'" in plain
    assert plain.index("Check the reading") < plain.index("O1  ")
    doc = json.loads(render_report(report, "json"))
    jsonschema.validate(doc, SCHEMA)
    assert doc["layout_doubts"] == report.layout_doubts
    assert "**Check the reading:**" in render_report(report, "markdown")
    assert "**Check the reading:**" in report_markdown(report)


def test_a_report_without_doubts_says_nothing_about_the_reading():
    report = check_text("Objective: Grow the club\n- Raise attendance from 20 to 35 by June\n", "c.md")
    assert report.layout_doubts == []
    assert "Check the reading" not in render_report(report, "text")
    assert json.loads(render_report(report, "json"))["layout_doubts"] == []


def test_the_critique_shows_the_doubt_before_its_findings():
    from coach.config import default_settings
    from coach.critique import iter_critique
    from coach.model import Critique
    from coach.render_critique import render_critique

    text = "".join(f"## Theme {i} for the parish\n- Raise turnout from {i} to {i + 9} by June\n"
                   for i in range(1, MANY_OBJECTIVES + 3))
    settings = default_settings().model_copy(update={"offline": True})
    critique = next(e for e in iter_critique(text, "parish.md", settings, retrieve=False) if isinstance(e, Critique))
    plain = render_critique(critique, "text")
    assert "Check the reading: The draft reads as 9 objectives" in plain
    assert plain.index("Check the reading") < plain.index("O1")
    assert "**Check the reading:**" in render_critique(critique, "markdown")
    assert json.loads(render_critique(critique, "json"))["layout_doubts"] == critique.report.layout_doubts
