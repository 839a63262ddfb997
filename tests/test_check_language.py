"""A draft not written in English gets one notice instead of findings, in the CLI, JSON and the web view."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from coach.check import check_text
from coach.parse.language import NOT_ENGLISH_NOTICE, english_share
from coach.render import render_report

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "coach" / "schemas" / "check-report.v1.json").read_text(encoding="utf-8"))

NOT_ENGLISH = {
    "german": "Ziel: Den Umsatz im Mittelstand steigern\n- Monatlichen Umsatz von 40.000 € auf 55.000 € erhöhen\n"
              "- Kündigungsrate unter 2 % senken\n- Neue Preisseite veröffentlichen\n",
    "french": "Objectif : Augmenter le chiffre d'affaires\n- Faire passer le revenu mensuel de 40 000 € à 55 000 €\n"
              "- Réduire le taux de désabonnement sous 2 %\n- Lancer la nouvelle page de tarifs\n",
    "spanish": "Objetivo: Aumentar las ventas en el mercado medio\n- Subir los ingresos mensuales de 40.000 € a 55.000 €\n"
               "- Reducir la tasa de cancelación por debajo del 2 %\n- Publicar la nueva página de precios\n",
    # a table's values are joined with English glue ('from 1,200 to 5,000 by 6月'); the CJK words still count
    "chinese-kr-table": "### O1：成为开发者首选的工具\n| KR | 当前 | 目标 | 期限 |\n|----|------|------|------|\n"
                        "| KR1.1 周活跃开发者 | 1,200 | 5,000 | 6月 |\n| KR1.2 插件数量 | 40 | 100 | 9月 |\n"
                        "| KR1.3 文档覆盖率 | 50% | 90% | 9月 |\n",
}
ENGLISH = ("Objective: Make checkout effortless for returning buyers\n- Launch the new checkout flow\n"
           "- Raise checkout conversion from 61% to 70% by the end of Q3\n- Cut Stripe payment errors to 1%\n")


@pytest.mark.parametrize("text", NOT_ENGLISH.values(), ids=NOT_ENGLISH.keys())
def test_a_draft_in_another_language_gets_the_notice_and_no_findings(text):
    report = check_text(text, "ziel.md")
    assert report.notice == NOT_ENGLISH_NOTICE and report.findings == []
    assert [len(o.key_results) for o in report.okr_set.objectives] == [3]  # the structure is still read


def test_an_english_draft_with_product_names_is_checked():
    report = check_text(ENGLISH, "draft.md")
    assert report.notice is None and any(f.name == "kr-is-activity" for f in report.findings)


def test_a_short_draft_is_not_judged_by_its_language():
    assert check_text("Objective: Kubernetes\n- Grafana Loki\n", "d.md").notice is None


def test_english_share_counts_function_words():
    share, words = english_share(["the rate of sign-ups for our teams"])
    assert share == 1.0 and words == 8  # sign-ups: two words


def test_renderers_show_the_notice_instead_of_findings(tmp_path, capsys):
    from coach.cli import main

    report = check_text(NOT_ENGLISH["german"], "ziel.md")
    text = render_report(report, "text")
    assert NOT_ENGLISH_NOTICE in text and "Score" not in text and "no findings" not in text
    assert NOT_ENGLISH_NOTICE in render_report(report, "markdown")
    doc = json.loads(render_report(report, "json"))
    jsonschema.validate(doc, SCHEMA)
    assert doc["notice"] == NOT_ENGLISH_NOTICE and doc["findings"] == []
    assert json.loads(render_report(check_text(ENGLISH, "d.md"), "json"))["notice"] is None

    path = tmp_path / "ziel.md"
    path.write_text(NOT_ENGLISH["french"], encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert NOT_ENGLISH_NOTICE in capsys.readouterr().out


def test_the_web_view_shows_the_notice():
    from coach.ui.format import report_markdown

    shown = report_markdown(check_text(NOT_ENGLISH["spanish"], "<draft>"))
    assert "okr-coach reads English drafts" in shown and "No rule fired" not in shown


def test_the_ascii_word_pattern_finds_the_words_the_unicode_one_finds():
    """english_tally reads an ASCII line with _ASCII_WORD_RE: on ASCII text it must find what _WORD_RE finds."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from coach.parse import language

    @settings(max_examples=3000, deadline=None, derandomize=True)
    @given(st.text(st.characters(max_codepoint=127), max_size=40))
    def check(text):
        assert language._ASCII_WORD_RE.findall(text) == language._WORD_RE.findall(text)

    check()
