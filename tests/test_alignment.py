"""Several sets checked together: link syntax, the graph, the OKR4xx rules on the examples, the summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.alignment.service import AlignmentSummary, check_sources, health
from coach.cli import read_input
from coach.parse.links import parse_ref

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "alignment"


def _run(folder: Path):
    return check_sources([read_input(str(p)) for p in sorted(folder.iterdir())])


def _codes(run) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for report, f in run.findings:
        out.setdefault(Path(report.okr_set.source).name, set()).add(f.code)
    return out


@pytest.mark.parametrize(("text", "expected"), [
    ("Company O2", ("Company", 2, None)),
    ("company-q3-2026 O1.KR2", ("company-q3-2026", 1, 2)),
    ("Platform team O1 KR3", ("Platform team", 1, 3)),
    ("O3", (None, 3, None)),
    ("company-q3-2026", ("company-q3-2026", None, None)),
])
def test_references(text, expected):
    ref = parse_ref(text)
    assert (ref.set_name, ref.objective, ref.key_result) == expected


def test_text_links_attach_to_the_item_above_and_keep_line_numbers():
    draft = ("Team: Growth\nParent set: company\n\nObjective: Make the first week effortless so trials convert\n"
             "Supports: Company O1\nDepends on: Platform O1.KR3\n"
             "- KR1: Increase activation from 30% to 50% (parent: Company O1.KR2)\n"
             "  Contribution: activated trials convert three times as often\n"
             "- KR2: Reduce time to first report from 6 days to 2 days\n")
    company = "Team: Company\nObjective: Grow self-serve so we scale without sales\n- Increase A from 1 to 2\n- Increase B from 1 to 2\n"
    platform = "Team: Platform\nObjective: Make pages fast so nobody waits\n- Reduce X from 3 to 1\n- Reduce Y from 3 to 1\n- Reduce Z from 3 to 1\n"
    run = check_sources([(draft, "growth.md"), (company, "company.md"), (platform, "platform.md")])
    growth = run.graph.sets[0]
    assert growth.links.parent_set == "company" and growth.parent == 1
    objective = growth.okr_set.objectives[0]
    assert objective.line == 4 and objective.key_results[0].line == 7
    assert objective.key_results[0].text == "Increase activation from 30% to 50%"  # annotation cut out
    assert [r.text for r in growth.links.objectives[1].supports] == ["Company O1"]
    assert [r.text for r in growth.links.objectives[1].depends] == ["Platform O1.KR3"]
    kr_links = growth.links.key_results[(1, 1)]
    assert kr_links.supports[0].key_result == 2 and kr_links.contribution.startswith("activated")
    targets = {(e.kind, e.target.set, e.target.objective, e.target.key_result) for e in run.graph.edges}
    assert targets == {("supports", 1, 1, None), ("depends", 2, 1, 3), ("supports", 1, 1, 2)}


def test_a_sentence_after_supports_stays_the_parent_objective_in_words():
    draft = ("Supports: Become the default tool for small agencies\n\nObjective: Win agencies so we grow\n"
             "- Increase agency signups from 10 to 40\n- Increase agency retention from 70% to 85%\n")
    run = check_sources([(draft, "a.md")])
    assert run.reports[0].okr_set.parent_objective == "Become the default tool for small agencies"
    assert not run.graph.edges and not run.has_links


def test_yaml_and_json_links():
    yaml_text = ("id: team-a\nparent: company\nobjectives:\n  - objective: Make pages fast so nobody waits\n"
                 "    parent: Company O1\n    depends_on: [B O1.KR1]\n    key_results:\n"
                 "      - text: Reduce p95 latency from 900ms to 300ms\n        parent: Company O1.KR1\n"
                 "      - Reduce failed deploys from 9% to 3%\n")
    json_text = json.dumps({"id": "b", "team": "B", "objectives": [
        {"objective": "Ship data to every team so nobody waits", "acknowledges": "team-a O1",
         "key_results": ["Increase teams served from 3 to 9", "Reduce data lag from 6 hours to 1 hour"]}]})
    company = "Set: company\nTeam: Company\nObjective: Be fast so customers trust us\n- Reduce load time from 3s to 1s\n- Increase uptime from 99% to 99.9%\n"
    run = check_sources([(yaml_text, "a.yaml"), (json_text, "b.json"), (company, "company.md")])
    kinds = sorted((e.kind, e.source.set, e.target.set) for e in run.graph.edges if e.target)
    assert kinds == [("acknowledges", 1, 0), ("depends", 0, 1), ("supports", 0, 2), ("supports", 0, 2)]
    assert run.reports[0].okr_set.objectives[0].line == 4
    assert not any(f.code == "OKR404" for _, f in run.findings)  # b acknowledges the dependency


def test_links_of_drafts_the_readers_read_by_their_fallbacks():
    # an object literal pasted from code and a YAML excerpt cut from a bigger file: the alignment reads
    # their link fields the way the parser read the drafts, instead of failing on a second, stricter load
    literal = ("{\n  id: 'checkout',\n  // copied from the planning repo\n  objectives: [\n"
               "    {objective: 'Make paying painless', parent: 'Company O1',\n"
               "     key_results: ['Card failures from 4% to 2%',]},\n  ],\n}\n")
    excerpt = ('      owner: "ops"\n'
               "  id: warehouse\n"
               "  objectives:\n"
               '    - objective: "Ship every order the day it is placed"\n'
               "      parent: Company O1\n"
               "      key_results:\n"
               '        - "Same-day dispatch from 70% to 95%"\n')
    company = "Set: company\nTeam: Company\nObjective: Delight customers\n- NPS from 30 to 45\n"
    run = check_sources([(literal, "a.json"), (excerpt, "b.yaml"), (company, "company.md")])
    assert [r.okr_set.objectives[0].text for r in run.reports[:2]] == [
        "Make paying painless", "Ship every order the day it is placed"]
    assert sorted((e.kind, e.source.set, e.target.set) for e in run.graph.edges if e.target) == [
        ("supports", 0, 2), ("supports", 1, 2)]


def test_problem_examples_show_every_alignment_rule_where_it_belongs():
    codes = _codes(_run(EXAMPLES / "problems"))
    assert "OKR403" in codes["activation.yaml"]
    assert "OKR407" in codes["company.md"]
    assert {"OKR401", "OKR404", "OKR405", "OKR409"} <= codes["growth.md"]
    assert {"OKR402", "OKR405", "OKR406", "OKR408"} <= codes["product.md"]
    every = set().union(*codes.values())
    assert {f"OKR4{n:02d}" for n in range(1, 10)} <= every


def test_problem_summary_and_health_formula():
    summary = _run(EXAMPLES / "problems").summary
    assert (summary.sets, summary.objectives, summary.orphans, summary.dependencies, summary.unacknowledged,
            summary.broken_references, summary.conflicts) == (4, 8, 1, 1, 1, 1, 3)
    assert (summary.linked_objectives, summary.child_objectives) == (4, 5)
    assert (summary.supported_parent_objectives, summary.parent_objectives) == (4, 7)
    # (4/5 + (1 - 1/1) + 4/7) / 3 = 0.457 -> 46, minus 5 per conflict -> 31
    assert summary.health == 31


def test_clean_variant_has_no_finding_and_full_health():
    run = _run(EXAMPLES / "clean")
    assert [(r.okr_set.source, f.code) for r, f in run.findings] == []
    assert run.summary.health == 100 and run.summary.linked_objectives == run.summary.child_objectives == 4


def test_health_is_bounded_and_counts_nothing_to_measure_as_whole():
    empty = AlignmentSummary(1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert health(empty) == 100
    bad = AlignmentSummary(5, 10, 8, 0, 8, 4, 4, 0, 2, 0, 30, 0)
    assert health(bad) == 0


def test_dependency_acknowledged_by_an_initiative_that_names_the_team():
    platform = ("Team: Platform\nObjective: Make pages fast so nobody waits\n- KR1: Reduce p95 load from 3s to 1s\n"
                "- KR2: Reduce failed deploys from 9% to 3%\nInitiatives:\n- Report cache for Growth's onboarding\n")
    growth = ("Team: Growth\nObjective: Make the first week effortless so trials convert\nDepends on: Platform O1.KR1\n"
              "- Increase activation from 30% to 50%\n- Reduce time to first report from 6 days to 2 days\n")
    run = check_sources([(platform, "platform.md"), (growth, "growth.md")])
    assert not any(f.code == "OKR404" for _, f in run.findings)
    run = check_sources([(platform.replace("Growth's ", ""), "platform.md"), (growth, "growth.md")])
    assert [f.code for _, f in run.findings if f.code == "OKR404"] == ["OKR404"]


def test_cycles_and_self_references_terminate():
    a = "Set: a\nParent set: b\nObjective: Grow so we win\nSupports: b O1\n- Increase x from 1 to 2\n- Increase y from 1 to 2\n"
    b = "Set: b\nParent set: a\nObjective: Win so we grow\nSupports: a O1\n- Increase z from 1 to 2\n- Increase w from 1 to 2\n"
    run = check_sources([(a, "a.md"), (b, "b.md")])
    assert {n.depth for n in run.graph.sets} == {2}


def test_selection_hides_alignment_findings_but_not_the_summary():
    from coach.config import RulesSettings, Settings

    settings = Settings(rules=RulesSettings(ignore=["OKR4"]))
    run = check_sources([read_input(str(p)) for p in sorted((EXAMPLES / "problems").iterdir())], settings)
    assert not any(f.code.startswith("OKR4") for _, f in run.findings)
    assert run.summary.orphans == 1


def test_parent_column_of_a_table_export():
    table = ("| Objective | Key result | Owner | Parent |\n| --- | --- | --- | --- |\n"
             "| Make the first week effortless so trials convert | Increase trial activation from 30% to 50% | Ana | Company O1.KR2 |\n"
             "| | Reduce time to first report from 6 days to 2 days | Ben | |\n")
    company = "Team: Company\nObjective: Grow self-serve so we scale without sales\n- Increase A from 1 to 2\n- Increase B from 1 to 2\n"
    run = check_sources([(table, "linear.md"), (company, "company.md")])
    assert [(e.source.key_result, e.target.key_result) for e in run.graph.edges] == [(1, 2)]
    assert run.reports[0].okr_set.objectives[0].key_results[0].owner == "Ana"


try:
    from hypothesis import given, settings as hsettings, strategies as st
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    given = None

if given is not None:
    _LINKISH = st.lists(st.sampled_from(["Supports: ", "Depends on: ", "(parent: ", "O1", ".KR2", "Company ",
                                         "| Parent |", ",", "\t", "none", "\n", "Objective: ", "- ", ")", "x"]),
                        max_size=30).map("".join)

    @given(_LINKISH)
    @hsettings(max_examples=150, deadline=None)
    def test_strip_links_keeps_lines_and_never_raises(text):
        from coach.parse.links import strip_links

        stripped = strip_links(text)
        assert stripped.text.count("\n") == text.count("\n")
        assert all(1 <= p.line <= text.count("\n") + 1 for p in stripped.found)


def test_a_set_checked_alone_is_not_told_other_sets_are_missing():
    draft = ("Team: Growth\nObjective: Make the first week effortless so trials convert\nSupports: Company O1\n"
             "- Increase activation from 30% to 50%\n- Reduce time to first report from 6 days to 2 days\n")
    alone = check_sources([(draft, "growth.md")])
    assert not any(f.code == "OKR409" for _, f in alone.findings)
    other = "Team: Sales\nObjective: Close faster so revenue grows\n- Reduce cycle from 60 to 40 days\n- Increase win rate from 18% to 25%\n"
    together = check_sources([(draft, "growth.md"), (other, "sales.md")])
    assert [f.code for _, f in together.findings if f.code == "OKR409"] == ["OKR409"]


@pytest.mark.parametrize(("name", "separator"), [("jira.csv", ","), ("linear.tsv", "\t")])
def test_parent_column_of_csv_and_tab_exports(name, separator):
    rows = [["Objective", "Key result", "Owner", "Parent"],
            ["Make the first week effortless so trials convert", "Increase trial activation from 30% to 50%", "Ana",
             "Company O1.KR2"],
            ["", "Reduce time to first report from 6 days to 2 days", "Ben", ""]]
    export = "\n".join(separator.join(row) for row in rows) + "\n"
    company = "Team: Company\nObjective: Grow self-serve so we scale without sales\n- Increase A from 1 to 2\n- Increase B from 1 to 2\n"
    run = check_sources([(export, name), (company, "company.md")])
    assert [(e.source.key_result, e.target.set, e.target.key_result) for e in run.graph.edges] == [(1, 1, 2)]


if given is not None:
    _REF = st.builds(lambda s, o, k: f"{s} O{o}" + (f".KR{k}" if k else ""),
                     st.sampled_from(["a", "b", "Company", "nowhere", ""]), st.integers(0, 4), st.integers(0, 3))

    @given(st.lists(st.tuples(st.sampled_from(["Supports", "Depends on", "Acknowledges", "Parent set"]), _REF),
                    max_size=6),
           st.lists(st.tuples(st.sampled_from(["Supports", "Depends on"]), _REF), max_size=6))
    @hsettings(max_examples=60, deadline=None)
    def test_any_links_between_sets_give_findings_not_errors(links_a, links_b):
        def draft(name, links):
            lines = [f"Set: {name}", "Objective: Make onboarding effortless so trials convert"]
            lines += [f"{key}: {ref}" for key, ref in links]
            lines += ["- Increase activation from 30% to 50%", "- Reduce time to value from 9 days to 3 days"]
            return "\n".join(lines) + "\n"

        company = "Set: company\nTeam: Company\nObjective: Grow so we win\n- Increase A from 1 to 2\n- Increase B from 1 to 2\n"
        run = check_sources([(draft("a", links_a), "a.md"), (draft("b", links_b), "b.md"), (company, "company.md")])
        assert 0 <= run.summary.health <= 100
        assert all(f.code and f.message for _, f in run.findings)


def test_tracker_keys_in_parent_columns_link_exports():
    """A Jira export's Parent column names issue keys: within an export they are the structure (no link, no
    broken reference); across exports a key links the team objective to the company KR it supports."""
    company = ("Issue key,Issue Type,Summary,Parent,Assignee\n"
               "CO-1,Objective,Grow self-serve so we scale without sales,,Ana\n"
               "CO-2,Key Result,Increase self-serve signups from 200 to 400 a month,CO-1,Ana\n"
               "CO-3,Key Result,Increase trial-to-paid conversion from 8% to 12%,CO-1,Ben\n")
    team = ("Issue key,Issue Type,Summary,Parent,Assignee\n"
            "GR-1,Objective,Make the first week effortless so trials convert,CO-3,Cy\n"
            "GR-2,Key Result,Increase trial activation from 30% to 50%,GR-1,Cy\n"
            "GR-3,Key Result,Reduce time to first report from 6 days to 2 days,GR-1,Dee\n")
    run = check_sources([(company, "company.csv"), (team, "growth.csv")])
    assert [(e.source.set, e.source.objective, e.source.key_result, e.target.set, e.target.objective,
             e.target.key_result) for e in run.graph.edges] == [(1, 1, None, 0, 1, 2)]
    assert not [f for _, f in run.findings if f.name == "alignment-broken-reference"]
    without = company.replace("CO-3,Key Result", "CO-9,Key Result")  # the key the team names is not there
    missing = check_sources([(without, "company.csv"), (team, "growth.csv")])
    assert any("CO-3" in f.message for _, f in missing.findings if f.name == "alignment-broken-reference")
