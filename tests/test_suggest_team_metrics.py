"""A team's own outcome metrics (``[suggest] metrics`` in okr-coach.toml): used by the writer and the
verifier like the built-in ones, and a bad file is refused with its path, line and field."""

from __future__ import annotations

import pytest

from coach.config import load_settings
from coach.critique import critique_text
from coach.errors import ConfigError
from coach.suggest.metric_library import library

TEAM_METRIC = '''# our lab's own metrics
[[metrics]]
id = "assay-turnaround"
function = "operations"
family = "assay-turnaround"
metric = "median hours from sample receipt to a signed assay report"
direction = "reduce"
unit = "hours"
moved_by = ["assay robot", "sample intake", "lims"]
cues = ["turnaround", "faster results"]
change = "get signed results back to clinicians sooner"
'''

DRAFT = ("Period: Q3 2026\nObjective: Give clinicians faster results so treatment starts sooner\n"
         "KR1: Install the second assay robot\nKR2: Cut repeat tests from 9% to 4% by 30 September 2026\n")


class NoKnowledge:
    embedder = None

    def search(self, query, k):
        return []


def _settings(tmp_path, text: str, name: str = "lab-metrics.toml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "okr-coach.toml").write_text(f'[suggest]\nmetrics = ["{name}"]\n', encoding="utf-8")
    return load_settings({"offline": True, "data_dir": str(tmp_path / "data")}, cwd=tmp_path, environ={})


def test_the_writer_proposes_a_team_metric_and_the_verifier_accepts_it(tmp_path):
    settings = _settings(tmp_path, TEAM_METRIC)
    assert library(settings)[-1].id == "assay-turnaround" and len(library(settings)) == len(library()) + 1
    critique = critique_text(DRAFT, "draft.txt", settings, kb=NoKnowledge())
    mine = [s for s in critique.suggestions if s.location.key_result == 1 and s.kind == "key_result"]
    assert mine and mine[0].metric_id == "assay-turnaround", [s.text for s in mine]
    assert mine[0].verified and "signed assay report" in mine[0].text
    assert "assay robot" in mine[0].why


def test_without_the_team_file_the_built_in_library_stays(tmp_path):
    settings = load_settings({"offline": True, "data_dir": str(tmp_path / "data")}, cwd=tmp_path, environ={})
    assert library(settings) == library()
    critique = critique_text(DRAFT, "draft.txt", settings, kb=NoKnowledge())
    assert not any(s.metric_id == "assay-turnaround" for s in critique.suggestions)


@pytest.mark.parametrize(("change", "words"), [
    (('unit = "hours"', 'unit = "fortnights"'), ["line 8", "assay-turnaround", "'unit'"]),
    (('direction = "reduce"\n', ''), ["line 2", "assay-turnaround", "'direction'", "Field required"]),
    (('metric = "median hours', 'metric = "median 48 hours'), ["line 6", "'metric'", "states a number"]),
    (('id = "assay-turnaround"', 'id = "activation-rate"'), ["line 3", "activation-rate", "already used in outcome_metrics.toml"]),
    (('cues = ["turnaround", "faster results"]', 'cues = ["turnaround", "faster results"'), ["lab-metrics.toml", "not valid TOML", "line 11"]),
])
def test_a_bad_team_file_is_refused_with_its_file_line_and_field(tmp_path, change, words):
    settings = _settings(tmp_path, TEAM_METRIC.replace(*change))
    with pytest.raises(ConfigError) as caught:
        library(settings)
    message = str(caught.value)
    assert str(tmp_path / "lab-metrics.toml") in message
    for word in words:
        assert word in message, message


def test_a_missing_team_file_names_the_setting(tmp_path):
    (tmp_path / "okr-coach.toml").write_text('[suggest]\nmetrics = ["nowhere.toml"]\n', encoding="utf-8")
    settings = load_settings({"offline": True}, cwd=tmp_path, environ={})
    with pytest.raises(ConfigError, match=r"\[suggest\] metrics: .*nowhere.toml is not a file"):
        critique_text(DRAFT, "draft.txt", settings, kb=NoKnowledge())
