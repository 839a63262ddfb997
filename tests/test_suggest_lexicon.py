"""The metric lexicon and the pure parts of the template writer and the verifier (no rules needed)."""

from __future__ import annotations

import pytest

from coach.errors import ConfigError
from coach.suggest.lexicon import GENERIC_DOMAIN, builtin_lexicon, load_lexicon, read_lexicon
from coach.suggest.template_writer import deadline_phrase, focus_of, subject_of
from coach.suggest.verify import find_invented_numbers, normalise_number, unmarked_numbers
from coach.model import OkrSet

REQUIRED_DOMAINS = [
    "onboarding", "website", "sales", "support", "hiring", "reliability", "marketing", "product usage",
    "security and compliance", "training and enablement", "content", "partnerships", "finance and cost",
    "data and analytics", "community", GENERIC_DOMAIN,
]


def test_lexicon_has_every_required_domain_and_metrics_without_numbers():
    lexicon = builtin_lexicon()
    names = [d.name for d in lexicon.domains]
    for name in REQUIRED_DOMAINS:
        assert name in names
    assert names[-1] == GENERIC_DOMAIN
    for domain in lexicon.domains:
        assert len(domain.metrics) >= 2, domain.name
        for metric in domain.metrics:
            assert unmarked_numbers(metric.metric) == [], metric.metric


@pytest.mark.parametrize(("key_result", "objective", "domain"), [
    ("Launch the new onboarding flow", "", "onboarding"),
    ("Redesign the pricing page", "", "website"),
    ("Make 200 sales calls", "", "sales"),
    ("Set up a help desk for enterprise customers", "", "support"),
    ("Hire 3 account executives", "", "hiring"),
    ("Migrate to Kubernetes", "", "reliability"),
    ("Run 6 webinars for prospects", "", "marketing"),
    ("Launch the mobile app", "", "product usage"),
    ("Get SOC 2 Type II certified", "", "security and compliance"),
    ("Hold 4 workshops on security", "Make the team confident", "training and enablement"),
    ("Publish 12 blog posts", "", "content"),
    ("Set up a partner portal", "", "partnerships"),
    ("Renegotiate vendor contracts", "", "finance and cost"),
    ("Roll out Looker dashboards", "", "data and analytics"),
    ("Start a Discord community", "", "community"),
    ("Do the thing", "Be better", GENERIC_DOMAIN),
    # the objective breaks a tie the key result leaves open
    ("Finish it", "Grow our partner channel", "partnerships"),
])
def test_domain_detection(key_result, objective, domain):
    lexicon = builtin_lexicon()
    assert lexicon.detect(key_result, objective, focus=focus_of(key_result, lexicon)).name == domain


@pytest.mark.parametrize(("text", "subject"), [
    ("Launch the new onboarding flow", "onboarding"),
    ("Publish 12 blog posts", "blog posts"),
    ("Hold 4 workshops on security", "security"),
    ("Get SOC 2 Type II certified", "SOC 2 Type II"),
    ("Leverage synergies to drive excellence in customer support", "customer support"),
    ("Make onboarding delightful", "onboarding"),
    ("Implement Salesforce", "Salesforce"),
    ("Launch", ""),
    # work verbs the rule-checker knows are stripped too, not only the lexicon's own list
    ("Open 2 new pantry locations", "pantry locations"),
    ("Extend the loyalty scheme to 40 stores", "loyalty scheme"),
    ("Run weekly after-school clinics", "after-school clinics"),
])
def test_subject_keeps_the_drafts_words(text, subject):
    lexicon = builtin_lexicon()
    domain = lexicon.detect(text, focus=focus_of(text, lexicon))
    assert subject_of(text, lexicon, domain) == subject


@pytest.mark.parametrize(("period", "phrase"), [
    (None, "by [end of cycle]"), ("Q3 2026", "by end of Q3 2026"), ("by end of Q2", "by end of Q2"),
    ("End of H1", "by End of H1"),
])
def test_deadline_phrase_reuses_the_period(period, phrase):
    assert deadline_phrase(OkrSet(period=period)) == phrase


def test_team_lexicon_adds_and_replaces_domains(tmp_path):
    (tmp_path / "metric_lexicon.toml").write_text(
        '[[domains]]\nname = "legal"\nkeywords = ["contract", "contracts", "legal"]\nsubject = "contracts"\n'
        'objective = "Make {subject} painless"\nvalue = "close deals faster"\n'
        '[[domains.metrics]]\nmetric = "median days to sign {subject}"\ndirection = "reduce"\nunit = "days"\n',
        encoding="utf-8")
    lexicon = load_lexicon(tmp_path)
    assert lexicon.detect("Review every legal contract template").name == "legal"
    assert lexicon.domains[-1].name == GENERIC_DOMAIN
    assert len(lexicon.domains) == len(builtin_lexicon().domains) + 1


@pytest.mark.parametrize(("content", "message"), [
    ("[[domains]]\nname = 'x'\n", "domains.0"),
    ("domains = 3", "domains"),
    ("nonsense = [", "not valid TOML"),
    ("colour = 'blue'", "colour: Extra inputs are not permitted"),
])
def test_bad_team_lexicon_names_the_file_and_field(tmp_path, content, message):
    path = tmp_path / "metric_lexicon.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_lexicon(tmp_path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_builtin_lexicon_refuses_a_metric_with_a_number(tmp_path):
    path = tmp_path / "lexicon.toml"
    path.write_text(
        '[[domains]]\nname = "generic"\nsubject = "x"\nobjective = "Make {subject} good"\nvalue = "win"\n'
        '[[domains.metrics]]\nmetric = "share of users active for 30 days"\ndirection = "increase"\nunit = "%"\n',
        encoding="utf-8")
    with pytest.raises(ConfigError, match="states a number"):
        read_lexicon(path)


# --------------------------------------------------------------------------- numbers and placeholders


@pytest.mark.parametrize(("raw", "normal"), [("1,200", "1200"), ("4.50", "4.5"), ("3,5", "3.5"), ("40", "40")])
def test_normalise_number(raw, normal):
    assert normalise_number(raw) == normal


@pytest.mark.parametrize(("rewrite", "draft", "invented"), [
    ("Increase activation from 20% to 35% by end of Q3 2026", "Activation 20% in Q3 2026", ["35"]),
    ("Increase activation from [current %] to [target %] by [end of cycle]", "Launch onboarding", []),
    ("Increase activation from 20% to [proposal: 35%]", "activation is 20%", ["35"]),  # no number in brackets
    ("Increase NPS from [current score] to [target 95%]", "Launch the NPS survey", ["95"]),
    ("Establish the baseline of activation by week 2", "Launch onboarding", []),
    ("Grow ARR from €1,200 to €1,500", "ARR is 1200 today", ["1,500"]),
    ("Cut p95 latency of the API in Q3 for FY26", "", []),
    ("Increase NPS from [baseline, measured by week 2] to 45", "NPS target 45", []),
])
def test_invented_numbers(rewrite, draft, invented):
    assert find_invented_numbers(rewrite, draft) == invented


@pytest.mark.parametrize(("text", "expected"), [
    ("Store staff feel valued",
     "Increase the share of store staff who say they feel valued in a pulse survey from [current %] to [target %] by end of Q3"),
    ("Every developer loves the security tooling",
     "Increase the share of developers who say they love the security tooling in a pulse survey from [current %] to "
     "[target %] by end of Q3"),
    ("Launch the new onboarding flow", None),
])
def test_statements_about_people_become_survey_shares(text, expected):
    from coach.suggest.template_writer import survey_key_result_text

    assert survey_key_result_text(text, "by end of Q3") == expected


def test_a_key_results_own_deadline_wins_over_the_period():
    assert deadline_phrase(OkrSet(period="H2 2026"), "31 October") == "by 31 October"
    assert deadline_phrase(OkrSet(period="H2 2026"), "within 90 days") == "within 90 days"


def test_objective_subjects_drop_numbers():
    lexicon = builtin_lexicon()
    text = "Bring burn below €150k/month so the runway lasts into 2028"
    assert subject_of(text, lexicon, lexicon.detect(text), keep_numbers=False) == "burn"
