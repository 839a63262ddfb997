"""Drafts as they arrive from real tools: Notion and Confluence exports, Google Docs outlines, Word pastes.

Each case is a whole draft and the structure a reader expects from it: objective texts with their owners
and key results (text, owner), plus team and period where the draft names them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from coach.parse import parse_draft
from tests.support.parsing import structure

TODAY = dt.date(2026, 5, 10)

SHAPES = {
    "notion export, pipe-separated owner and status fields": (
        "Objective 1 | Owner: Priya | Status: On track\n"
        "Grow paid workspaces in DACH\n\n"
        "KR 1.1 | Increase paid workspaces from 310 to 450 | Owner: Jonas\n"
        "KR 1.2 | Raise trial-to-paid conversion from 9% to 13% | Owner: Priya | Confidence: 7\n\n"
        "Objective 2 | Owner: Lena\n"
        "Make billing self-serve\n\n"
        "KR 2.1 | Cut billing tickets from 220 to 80 a month | Owner: Lena\n",
        None, None,
        [("Grow paid workspaces in DACH", "Priya",
          [("Increase paid workspaces from 310 to 450", "Jonas"),
           ("Raise trial-to-paid conversion from 9% to 13%", "Priya")]),
         ("Make billing self-serve", "Lena", [("Cut billing tickets from 220 to 80 a month", "Lena")])]),
    "google docs outline numbering 1. / 1.1": (
        "Marketing OKRs Q1 2027\n\n"
        "1. Build a pipeline sales can rely on\n"
        "1.1 Increase marketing-qualified leads from 400 to 650 per month\n"
        "1.2 Raise MQL-to-SQL conversion from 18% to 25%\n"
        "2. Make the brand known among CFOs\n"
        "2.1 Grow newsletter subscribers from 3,000 to 8,000\n"
        "2.2 Reach 40% aided awareness among target CFOs\n",
        "Marketing", "Q1 2027",
        [("Build a pipeline sales can rely on", None,
          [("Increase marketing-qualified leads from 400 to 650 per month", None),
           ("Raise MQL-to-SQL conversion from 18% to 25%", None)]),
         ("Make the brand known among CFOs", None,
          [("Grow newsletter subscribers from 3,000 to 8,000", None),
           ("Reach 40% aided awareness among target CFOs", None)])]),
    "tab-indented key results": (
        "Objective: Make releases boring\n"
        "\tReduce change failure rate from 15% to 5%\n"
        "\tCut lead time for changes from 9 days to 2 days\n"
        "Objective: Keep customers informed\n"
        "\tRaise status page subscribers from 1,200 to 5,000\n",
        None, None,
        [("Make releases boring", None, [("Reduce change failure rate from 15% to 5%", None),
                                         ("Cut lead time for changes from 9 days to 2 days", None)]),
         ("Keep customers informed", None, [("Raise status page subscribers from 1,200 to 5,000", None)])]),
    "arrow bullets": (
        "Objective: Delight new users\n→ Increase day-7 retention from 22% to 30%\n→ Raise onboarding NPS from 31 to 45\n\n"
        "Objective: Grow the partner channel\n→ Sign 15 new agency partners\n",
        None, None,
        [("Delight new users", None, [("Increase day-7 retention from 22% to 30%", None),
                                      ("Raise onboarding NPS from 31 to 45", None)]),
         ("Grow the partner channel", None, [("Sign 15 new agency partners", None)])]),
    "en dash bullets": (
        "Objective: Faster hiring\n– Cut time to hire from 48 to 30 days\n– Raise offer acceptance rate from 70% to 85%\n",
        None, None,
        [("Faster hiring", None, [("Cut time to hire from 48 to 30 days", None),
                                  ("Raise offer acceptance rate from 70% to 85%", None)])]),
    "OKR 1: as the objective label": (
        "OKR 1: Make the mobile app fast\n- Reduce cold start time from 4.1s to 1.5s\n- Cut crash rate from 1.2% to 0.3%\n"
        "OKR 2: Win back lapsed users\n- Reactivate 5,000 lapsed users\n",
        None, None,
        [("Make the mobile app fast", None, [("Reduce cold start time from 4.1s to 1.5s", None),
                                             ("Cut crash rate from 1.2% to 0.3%", None)]),
         ("Win back lapsed users", None, [("Reactivate 5,000 lapsed users", None)])]),
    "objectives ending with a colon, indented key results": (
        "Make the warehouse safer:\n    Reduce lost-time injuries from 6 to 1\n"
        "    Raise near-miss reports from 20 to 60 a quarter\n"
        "Ship orders faster:\n    Cut pick-to-dispatch time from 5 hours to 2 hours\n",
        None, None,
        [("Make the warehouse safer", None, [("Reduce lost-time injuries from 6 to 1", None),
                                             ("Raise near-miss reports from 20 to 60 a quarter", None)]),
         ("Ship orders faster", None, [("Cut pick-to-dispatch time from 5 hours to 2 hours", None)])]),
    "emoji bullets": (
        "🎯 Objective: Build a community developers love\n✅ Grow Discord members from 2,000 to 6,000\n"
        "✅ Raise monthly active contributors from 40 to 120\n"
        "🎯 Objective: Make docs self-serve\n✅ Cut docs-related support tickets by 40%\n",
        None, None,
        [("Build a community developers love", None, [("Grow Discord members from 2,000 to 6,000", None),
                                                      ("Raise monthly active contributors from 40 to 120", None)]),
         ("Make docs self-serve", None, [("Cut docs-related support tickets by 40%", None)])]),
    "Key Results: header line before the bullets": (
        "Objective: Make onboarding effortless\nKey Results:\n- Increase activation from 32% to 45%\n"
        "- Reduce time to first value from 3 days to 1 day\n\n"
        "Objective: Keep churn low\nKey Results:\n- Reduce logo churn from 2.5% to 1.5% a month\n",
        None, None,
        [("Make onboarding effortless", None, [("Increase activation from 32% to 45%", None),
                                               ("Reduce time to first value from 3 days to 1 day", None)]),
         ("Keep churn low", None, [("Reduce logo churn from 2.5% to 1.5% a month", None)])]),
    "windows line endings": (
        "Team: Finance\r\nPeriod: Q2 2026\r\n\r\nObjective: Close the books faster\r\n"
        "- Cut month-end close from 10 days to 5 days\r\n- Reduce manual journal entries from 400 to 150\r\n",
        "Finance", "Q2 2026",
        [("Close the books faster", None, [("Cut month-end close from 10 days to 5 days", None),
                                           ("Reduce manual journal entries from 400 to 150", None)])]),
    "non-breaking and thin spaces from a word processor": (
        "Objective:\u00a0Make search useful\n-\u00a0Raise search click-through from 28%\u00a0to 40%\n"
        "-\u00a0Cut zero-result searches from 12%\u202fto\u20095%\u200b\n",
        None, None,
        [("Make search useful", None, [("Raise search click-through from 28% to 40%", None),
                                       ("Cut zero-result searches from 12% to 5%", None)])]),
    "smart quotes": (
        "Objective: Make \u201cfirst week\u201d magical for new hires\n"
        "- Raise new-hire \u2018week one\u2019 survey score from 6.8 to 8.5\n"
        "- Cut laptop set-up time from 2 days to 2 hours\n",
        None, None,
        [("Make \u201cfirst week\u201d magical for new hires", None,
          [("Raise new-hire \u2018week one\u2019 survey score from 6.8 to 8.5", None),
           ("Cut laptop set-up time from 2 days to 2 hours", None)])]),
    "confluence table with # and status columns": (
        "| # | Objective | Key Result | Owner | Status |\n|---|---|---|---|---|\n"
        "| 1 | Make checkout trustworthy | Reduce failed payments from 4% to 2% | Lee | On track |\n"
        "| | | Raise checkout NPS from 31 to 45 | Sam | At risk |\n"
        "| 2 | Expand to Iberia | Reach 500 paying merchants in Spain | Ana | Not started |\n",
        None, None,
        [("Make checkout trustworthy", None, [("Reduce failed payments from 4% to 2%", "Lee"),
                                              ("Raise checkout NPS from 31 to 45", "Sam")]),
         ("Expand to Iberia", None, [("Reach 500 paying merchants in Spain", "Ana")])]),
    "bold objective lines with numbered key results": (
        "**Objective 1 — Reduce cost to serve**\n1. Cut cost per ticket from $9 to $6\n"
        "2. Raise self-service resolution from 35% to 55%\n\n"
        "**Objective 2 — Grow expansion revenue**\n1. Increase net revenue retention from 104% to 112%\n",
        None, None,
        [("Reduce cost to serve", None, [("Cut cost per ticket from $9 to $6", None),
                                         ("Raise self-service resolution from 35% to 55%", None)]),
         ("Grow expansion revenue", None, [("Increase net revenue retention from 104% to 112%", None)])]),
    "OKR headings with a Key results sub-heading": (
        "## OKR 1: Make data trustworthy\n### Key results\n- Raise tables with owners from 40% to 90%\n"
        "- Cut data incidents from 12 to 3 a quarter\n"
        "## OKR 2: Make self-serve analytics real\n### Key results\n- Grow weekly dashboard viewers from 150 to 400\n",
        None, None,
        [("Make data trustworthy", None, [("Raise tables with owners from 40% to 90%", None),
                                          ("Cut data incidents from 12 to 3 a quarter", None)]),
         ("Make self-serve analytics real", None, [("Grow weekly dashboard viewers from 150 to 400", None)])]),
    # a tracker pasted as text: baseline and target sit in their own columns under a header row
    "pipe columns with a baseline and a target, no leading pipe": (
        "Ref | Metric | Baseline | Target | Owner\n"
        "Objective 1: Keep tenants warm so fewer homes fall into damp\n"
        "KR1 | Boiler first-time fix rate | 71% | 88% | Repairs\n"
        "KR2 | Homes with a damp report open | 340 | 120 | Surveys\n"
        "KR3 | Smart thermostats fitted | - | done | Assets\n",
        None, None,
        [("Keep tenants warm so fewer homes fall into damp", None,
          [("Boiler first-time fix rate from 71% to 88%", "Repairs"),
           ("Homes with a damp report open from 340 to 120", "Surveys"),
           ("Smart thermostats fitted", "Assets")])]),
    "tab-separated export with Current and Goal columns": (
        "Objective: Get parcels to customers sooner so they order again\n"
        "Key result\tCurrent\tGoal\tDRI\n"
        "Median delivery time in hours\t52\t30\tMarta\n"
        "Parcels delivered on the first attempt\t83%\t92%\tOwen\n",
        None, None,
        [("Get parcels to customers sooner so they order again", None,
          [("Median delivery time in hours from 52 to 30", "Marta"),
           ("Parcels delivered on the first attempt from 83% to 92%", "Owen")])]),
    "aligned columns with a start value only on some rows": (
        "Objective: Make the help centre the first place people look\n"
        "Measure                          Start     Target\n"
        "Self-service article views       9,000     15,000\n"
        "Searches with no result          n/a       under 5%\n",
        None, None,
        [("Make the help centre the first place people look", None,
          [("Self-service article views from 9,000 to 15,000", None),
           ("Searches with no result to under 5%", None)])]),
    "markdown table with Baseline and Target columns": (
        "| Objective | Key result | Baseline | Target | Owner |\n|---|---|---|---|---|\n"
        "| Cut the wait for a GP appointment | Days to a routine appointment | 14 | 7 | Dr Shah |\n"
        "| | Online consultations answered same day | 60% | 85% | Nadia |\n",
        None, None,
        [("Cut the wait for a GP appointment", None,
          [("Days to a routine appointment from 14 to 7", "Dr Shah"),
           ("Online consultations answered same day from 60% to 85%", "Nadia")])]),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_real_world_shapes(name):
    text, team, period, objectives = SHAPES[name]
    okr_set = parse_draft(text, source="draft.md", today=TODAY)
    assert (okr_set.team, okr_set.period) == (team, period)
    assert [(o.text, o.owner, [(kr.text, kr.owner) for kr in o.key_results]) for o in okr_set.objectives] == objectives


def test_value_columns_feed_the_measure_and_leave_prose_alone():
    text = ("Objective: Answer the phone faster so callers do not give up\n"
            "Metric\tBaseline\tTarget\n"
            "Average wait in minutes\t14\t5\n"
            "- Call abandonment from 31% to 12%\n")
    okr_set = parse_draft(text, source="draft.txt", today=TODAY)
    first, second = okr_set.objectives[0].key_results
    assert (first.measure.baseline, first.measure.target) == (14, 5)
    assert second.text == "Call abandonment from 31% to 12%"
    # a sentence that mentions a baseline and a target is not a header
    prose = ("Objective: Make onboarding effortless\n"
             "- Baseline and target for activation agreed with finance\n- Raise activation from 32% to 45%\n")
    assert [kr.text for kr in parse_draft(prose, source="d.txt", today=TODAY).objectives[0].key_results] == [
        "Baseline and target for activation agreed with finance", "Raise activation from 32% to 45%"]


def test_row_id_column_and_a_pipe_header_over_tab_rows():
    text = ("Fields: KR | Measure | Current | Goal | Weight | Owner\n"
            "Objective 1: Keep the lab's turnaround short so clinicians trust our results\n"
            "KR1.1\tSamples reported within 24h\t81%\t95%\t50%\tPriya\n"
            "KR1.2\tSet up the new analyser\t-\t-\t50%\tOwen\n")
    okr_set = parse_draft(text, source="draft.txt", today=TODAY)
    first, second = okr_set.objectives[0].key_results
    assert (first.text, first.owner, first.measure.baseline, first.measure.target) == (
        "Samples reported within 24h from 81% to 95%", "Priya", 81, 95)
    assert (second.text, second.owner) == ("Set up the new analyser", "Owen")


def test_measures_survive_odd_spaces_and_crlf():
    text = "Objective:\u00a0Make search useful\r\n-\u00a0Raise search click-through from 28%\u00a0to\u202f40%\r\n"
    kr = parse_draft(text).key_result("O1.KR1")
    assert (kr.measure.baseline, kr.measure.target, kr.measure.unit, kr.line) == (28, 40, "%", 2)


def test_outline_numbering_keeps_line_numbers_and_ignores_plain_numbered_krs():
    okr_set = parse_draft(SHAPES["google docs outline numbering 1. / 1.1"][0], today=TODAY)
    assert [kr.line for _, kr in okr_set.iter_key_results()] == [4, 5, 7, 8]
    # a numbered list with no sub-numbers under a labelled objective stays a list of key results
    flat = parse_draft("Objective: Grow\n1. Raise A from 1 to 2\n2. Raise B from 3 to 4\n")
    assert [kr.text for _, kr in flat.iter_key_results()] == ["Raise A from 1 to 2", "Raise B from 3 to 4"]


@pytest.mark.parametrize("title", ["OKRs — Q3 2026", "OKRs: Q3 2026", "OKR review notes"])
def test_okr_words_in_titles_are_not_objective_labels(title):
    okr_set = parse_draft(f"{title}\n\nObjective: Grow\n- Raise A from 1 to 2\n", today=TODAY)
    assert [o.text for o in okr_set.objectives] == ["Grow"]


def test_lettered_outline_markers_are_bullets_not_numbers():
    text = ("Objective 1. Get invoices paid on time so suppliers keep working with us\n"
            "   1.a Invoices paid within terms from 64% to 90%\n"
            "   1b) Move the payables ledger to the new ERP\n"
            "   (c) Disputed invoices down from 120 to 40\n"
            "   iv. Retire the old approval spreadsheet\n")
    krs = parse_draft(text, today=TODAY).objectives[0].key_results
    assert [kr.text for kr in krs] == ["Invoices paid within terms from 64% to 90%",
                                        "Move the payables ledger to the new ERP",
                                        "Disputed invoices down from 120 to 40",
                                        "Retire the old approval spreadsheet"]
    assert 1 not in krs[0].measure.numbers and krs[1].measure.numbers == []
    # a figure with a unit letter at the start of a line is not an outline marker
    plain = parse_draft("Objective: Grow the list\n- 5k new subscribers from the spring campaign\n", today=TODAY)
    assert plain.objectives[0].key_results[0].text == "5k new subscribers from the spring campaign"


TRACKER = ("Goals export — Ops — Q2 2027\n"
           "Objective: Ship orders the day they are placed so buyers come back   [Progress: 55%] [Status: At risk]\n"
           "  KR: Same-day dispatch from 48% to 80%   [30%] [Behind]\n"
           "  KR: Pick errors per 1,000 lines from 6 to 2   (Confidence: 0.7)\n"
           "  KR: [on track] Warehouse staff turnover from 35% to 20%\n"
           "  KR: Roll out handheld scanners | Sam Otieno | 70%\n"
           "  KR: Cut packaging cost per order     (45%)\n"
           "  KR: Reduce late pallets progress: 10%\n")


def test_tracker_columns_are_not_part_of_the_text():
    objective = parse_draft(TRACKER, today=TODAY).objectives[0]
    assert objective.text == "Ship orders the day they are placed so buyers come back"
    krs = objective.key_results
    assert [kr.text for kr in krs] == ["Same-day dispatch from 48% to 80%", "Pick errors per 1,000 lines from 6 to 2",
                                       "Warehouse staff turnover from 35% to 20%", "Roll out handheld scanners",
                                       "Cut packaging cost per order", "Reduce late pallets"]
    assert krs[3].owner == "Sam Otieno"
    assert [kr.measure.numbers for kr in krs[4:]] == [[], []]


@pytest.mark.parametrize("kr", ["Lift trial conversion (from 12%) to 18%", "Reach 80% test coverage (today 55%)",
                                "Cut returns to 9% (Q1: 14%)", "Grow the waitlist | 2,000 sign-ups",
                                "Keep the on-call rota green"])
def test_look_alike_numbers_and_words_stay_in_the_text(kr):
    parsed = parse_draft(f"Objective: Grow\n- {kr}\n", today=TODAY).objectives[0].key_results[0]
    assert parsed.text == kr


def test_pdf_line_breaks_inside_a_key_result_are_rejoined():
    text = ("Objective 2: Keep the fleet on the road so drivers are not\n"
            "left waiting for a van\n"
            "1. Raise vans available at 07:00 from 88% to\n"
            "95% by the end of June\n"
            "2. Cut mean time to repair a breakdown from 30 to 18 work-\n"
            "ing hours\n"
            "3. Parts stock-outs per month from 14 to 4\n"
            "Tyre checks done on schedule\n")
    krs = parse_draft(text, today=TODAY).objectives[0].key_results
    assert [kr.text for kr in krs][:3] == ["Raise vans available at 07:00 from 88% to 95% by the end of June",
                                           "Cut mean time to repair a breakdown from 30 to 18 working hours",
                                           "Parts stock-outs per month from 14 to 4"]
    assert (krs[0].measure.baseline, krs[0].measure.target) == (88, 95)
    # a line after a finished phrase is not glued on, even without punctuation
    assert "Tyre checks" not in krs[2].text


@pytest.mark.parametrize("first,second", [("- Raise NPS from 31 to 40", "Grow repeat orders from 2 to 3"),
                                          ("- Fewer than 5 open P1s", "Zero missed payroll runs")])
def test_separate_plain_lines_stay_separate(first, second):
    krs = parse_draft(f"Objective: Grow\n{first}\n{second}\n", today=TODAY).objectives[0].key_results
    assert all(second not in kr.text for kr in krs[:1])


def test_csv_export_with_value_columns():
    text = ("Tracker export (Q1 2027)\n"
            "name,owner,current,target,confidence\n"
            "Objective: Keep members renewing so the club can plan ahead,Ines,,,\n"
            "KR: Membership renewal rate,Ines,71%,82%,0.6\n"
            "KR: Reduce lapsed members from 340 to 150,Tom,,,0.8\n"
            "KR: Open a second climbing wall,Tom,,,0.5\n")
    objective = parse_draft(text, today=TODAY).objectives[0]
    assert (objective.text, objective.owner) == ("Keep members renewing so the club can plan ahead", "Ines")
    krs = objective.key_results
    assert [(kr.text, kr.owner) for kr in krs] == [("Membership renewal rate from 71% to 82%", "Ines"),
                                                   ("Reduce lapsed members from 340 to 150", "Tom"),
                                                   ("Open a second climbing wall", "Tom")]
    # commas in prose, or a sentence naming a baseline, are no CSV header
    prose = parse_draft("Objective: Grow\n- Baseline,target and owner agreed with finance\n"
                        "- Raise members from 1,200 to 1,500\n", today=TODAY).objectives[0].key_results
    assert [kr.text for kr in prose] == ["Baseline,target and owner agreed with finance",
                                         "Raise members from 1,200 to 1,500"]


def test_pipe_delimited_export_without_markdown_pipes_and_a_level_column_that_is_not_a_type():
    text = ("ID | Level   | Owner | Objective              | Key Result\n"
            "1  | Company | CEO   | Grow in the mid-market | Mid-market ARR from 2.1M to 3M\n"
            "2  | Team    | Sales | Shorten the sales cycle | Median days to close from 48 to 35\n")
    assert structure(text, "export.txt") == [("Grow in the mid-market", ["Mid-market ARR from 2.1M to 3M"]),
                                             ("Shorten the sales cycle", ["Median days to close from 48 to 35"])]


def test_yaml_key_results_named_by_description_and_blank_template_rows_skipped():
    text = """objectives:
  - objective_id: OBJ-1
    objective: Make the API dependable
    key_results:
      - kr_id: KR-1
        description: API uptime from 99.3% to 99.9%
        baseline: 99.3
        target: 99.9
      - metric: ""
      -
"""
    assert structure(text, "okrs.yaml") == [("Make the API dependable", ["API uptime from 99.3% to 99.9%"])]


def test_json_document_of_key_results_only():
    text = '{"version": 1, "keyResults": [{"keyResultId": "kr-1", "objectiveId": "obj-9", ' \
           '"title": "Weekly active teams from 40 to 90"}]}'
    assert structure(text, "okrs.json") == [("", ["Weekly active teams from 40 to 90"])]
