"""The work-or-result judgement on grammatical patterns real drafts use (coach/rules/judgement.py).

Each case is a pattern, written in our own words, with a contrast that must not be caught by it.
"""

from __future__ import annotations

import pytest

from coach.parse import extract_measure
from coach.rules.engine import resolve_profile
from coach.rules.judgement import judge_key_result
from coach.rules.lexicon import lexicon_for


def kind(text: str) -> str:
    facts = judge_key_result(text, extract_measure(text), lexicon_for(resolve_profile("default")))
    if facts.activity is not None:
        return "activity"
    if facts.binary is not None:
        return "binary"
    if facts.keep is not None:
        return "keep"
    return "metric" if facts.metric is not None else "none"


@pytest.mark.parametrize(("text", "expected"), [
    # what people *can* do is a capability of the product, yes or no; what they do is a behaviour to count
    ("Admins can pause a permission sync from the admin UI", "binary"),
    ("Customers are able to export their invoices", "binary"),
    ("Customers recommend us to their peers", "none"),
    # a causative 'make' with the thing and what it shall do is an order; with a quality, a wish
    ("Make the billing export to run without a VPN", "activity"),
    ("Make the library a welcoming space", "none"),
    ("Make the referral flow optimal", "none"),
    ("Make the agent to support proxy servers", "activity"),
    ("Make the checkout pleasant", "none"),
    ("Make shoppers trust the checkout", "none"),
    # a count that belongs to the work done as a means, with the benefit after it; a count of what it wins
    ("By translating 6 onboarding guides we reach Spanish speakers", "activity"),
    ("Closing 20 old support tickets frees the queue for new ones", "activity"),
    ("By winning 40 new clients we fund the team", "metric"),
    ("Closing 12 enterprise deals lets us hire", "metric"),
    # a count of outputs and the participle of the work that made them; a count of what it wins
    ("12 onboarding videos published on the help centre", "activity"),
    ("8 regional chapters formed", "metric"),
    ("2 site reliability engineers hired", "activity"),
    ("40 customers onboarded", "metric"),
    ("90 tickets answered within 4 hours", "metric"),
    # a thing to build with a count of its parts; with a count of what it wins, a result
    ("Plugin API with 10+ extension points", "activity"),
    ("Community newsletter with 5,000 subscribers", "metric"),
    # with nothing measured, a means clause of work says what will be done; a means that moves a result
    # or a feeling brought about is no task
    ("Strengthen the docs community by hosting a monthly writing sprint", "activity"),
    ("Smoother onboarding by reducing manual steps", "none"),
    ("Customers feel heard by receiving answers", "none"),
    # the name of a part before an order is not the statement; before a metric it is the metric
    ("Android app: migrate the settings screen to the new toolkit", "activity"),
    ("Activation: from 32% to 45%", "metric"),
    ("Average handle time: keep under 6 minutes", "keep"),
    # a system's behaviour beside a metric word is a milestone; a line that moves the metric is not
    ("The importer never drops rows when a file has a parse error", "binary"),
    ("Our teams measure and improve the satisfaction of their users", "metric"),
    # an enabling frame: the inner clause is the key result; with a count of people, the frame counts
    ("Enable the support team to keep first replies under 2 hours", "keep"),
    ("Help our partners to publish 6 case studies", "activity"),
    ("Enable single sign-on for every workspace", "activity"),
    # time given to the work again and again is an input; a bound on time is a service level
    ("Spend 2 hours every week on code review", "activity"),
    ("Median first reply under 2 hours per ticket", "metric"),
    # closing a list of defects is work whatever their kind
    ("Resolve the top 25 linter warnings in the payment service", "activity"),
    # a passive state may be placed by a short phrase; a bound on it makes a service level
    ("Export failure rate is logged in the ops dashboard", "binary"),
    ("Refund requests are answered within 2 days", "metric"),
    # a gerund reporting work under way, and a gerund that names the subject of a state
    ("Drafting the incident playbook for the support desk", "activity"),
    ("Packaging process is painless", "none"),
    # an aspect verb and the gerund of the work, and a verb chain that wishes for a state
    ("Begin instrumenting the search service", "activity"),
    # work reported as done (after 'We have' is taken off), and a result moved or a passive
    ("We have retired the legacy ticket queue", "activity"),
    ("Reduced the cold start of the mobile app to 2 seconds", "metric"),
    ("Adopted by 40% of squads", "metric"),
    # closing a list of defects is work; with a time bound it is a service level
    ("Resolve the sync conflicts issues in the desktop client", "activity"),
    ("Fix 12 crashes reported by beta testers", "activity"),
    # a metric word modifying a thing to build, and the metric itself
    ("Retention dashboard export tooling", "activity"),
    ("Retention of trial teams from 20% to 30%", "metric"),
    # a system that behaves a new way is a yes/no milestone; people's behaviour is not
    ("Failed uploads resume where they stopped", "binary"),
    ("The scheduler learns to skip idle shards", "binary"),
    ("Customers recommend the app to colleagues", "none"),
    # a degree of a quality with a participle wishes for a state; a plain participle reaches one
    ("Volunteers are better trained", "none"),
    ("Volunteer handbook published", "binary"),
    # a count of the work's outputs is a task; a count of what it wins, or a level of the object, a result
    ("Run 6 pricing workshops with the sales leads", "activity"),
    ("Sign 6 reseller partners in the Nordics", "metric"),
    ("Grow the waiting list to 300 households", "metric"),
    ("Win 12 paying bookshops", "metric"),
    # a share of a group that a task reaches is a task; with a time bound, a service level
    ("100% of new starters are given a security briefing", "activity"),
    ("95% of callers are answered within 2 minutes", "metric"),
    ("85% of members are satisfied with the app", "metric"),
    # a comparative in the task's purpose is not a bound on the task; a bound before the purpose still is
    ("100% of shift leads have attended 1 coaching clinic to make them more confident supervisors", "activity"),
    ("95% of callers are answered in less than 2 minutes so that queues stay short", "metric"),
    # a bare count of things to make is work (a metric word may modify them); a count won or in a unit is not
    ("Design: 4 onboarding checklists", "activity"),
    ("2 NPS dashboards", "activity"),
    ("150 paying teams", "metric"),
    ("20 NPS points", "metric"),
    # a light verb and one new thing to produce is an order, whatever number a later phrase holds
    ("Do a risk review of moving payroll to 2 more providers", "activity"),
    ("Make a 15% cut in cloud spend", "metric"),
    # a metric word with nothing to reach: the verb acts on it, or the line reports a state
    ("Gather statistics on feature usage in the admin console", "activity"),
    ("Checkout conversion is tracked", "binary"),
    ("Partner NPS up", "metric"),
    ("Drive down unit costs", "metric"),
    # a prefixed compound keeps its head's class; other compounds are adjectives
    ("The linter self-corrects its own warnings", "binary"),
    ("The exporter is able to resume an interrupted upload", "binary"),
    ("Ensure industry-leading mentoring for every apprentice", "none"),
    # 'up' after a verb or a pronoun is a particle, not a metric going up
    ("Come up with a pricing experiment plan", "activity"),
    ("Weekly active teams up 15%", "metric"),
])
def test_judgement_reads_the_pattern(text, expected):
    assert kind(text) == expected


def test_an_objective_is_read_without_its_numbering_and_role_label():
    from coach.check import check_text

    draft = "### 1. CEO: Grow careers\n- Raise internal promotions from 12% to 20%\n- Cut regretted attrition from 9% to 6%\n"
    assert "objective-has-metric" not in {f.name for f in check_text(draft).findings}
    draft = draft.replace("Grow careers", "Grow careers for 300 engineers")
    assert "objective-has-metric" in {f.name for f in check_text(draft).findings}


@pytest.mark.parametrize(("text", "target"), [
    # every number sits in the means clause: they count the means, the metric still needs its target
    ("Grow renewals revenue by calling 100% of the accounts at risk", False),
    ("Improve usability through shipping 3 fixes from the test sessions", False),
    # a number before the means clause is the metric's own
    ("Increase activation from 20% to 35% through the new onboarding flow", True),
])
def test_numbers_in_a_means_clause_are_not_the_target(text, target):
    facts = judge_key_result(text, extract_measure(text), lexicon_for(resolve_profile("default")))
    assert facts.activity is None and facts.metric is not None
    assert facts.has_target is target
