"""OKR101 kr-is-activity."""

from __future__ import annotations

from coach.model import Severity
from coach.rules.base import KeyResultRule, Rationale, as_written, quote

_KINDS = {
    "task verb": "'{w}' is a task verb: this key result describes work, not a result",
    "output count": "'{w}' counts work produced: this key result measures output, not a result",
    "work noun": "'{w}' names a piece of work: this key result is a deliverable, not a result",
    "certification": "'{w}' is a task (earning a certificate), not a change in a result",
    "unread work": "'{w}' names no metric and no change to a result: it reads as work to do, not a result",
}


class KrIsActivity(KeyResultRule):
    """
    ## What it does
    Flags key results that state work to do or a deliverable to produce: they lead with a work verb
    (launch, ship, build, implement, roll out, migrate...), count outputs ("Publish 12 blog posts",
    "Make 200 sales calls", "Hold 4 workshops"), are a work noun with no metric ("Loyalty app redesign")
    or with only the scope of the work ("Roll-out of the portal to 100% of partners"), or a test to pass
    ("Pass the fire safety inspection").

    ## Why is this bad?
    Finishing the work says nothing about whether anything changed for customers or the business. A team
    can ship every item and still miss the point. The work belongs in the Initiatives block, under a key
    result that measures the change the work is meant to cause.

    A change verb applied to a metric is a result even when the line names the means:
    "Increase activation from 20% to 35% through the new onboarding flow" is fine. So is a count of work
    tracked from a starting value ("Safety near-miss reports from 3 to 10 per month"): the team measures
    a behaviour it wants to change.
    """

    code = "OKR101"
    name = "kr-is-activity"
    severity = Severity.ERROR
    roles = frozenset({'rewrite', 'initiative', 'not-outcome'})
    summary = "The key result describes work to do, not a change in a result."
    fix = ("Ask what should change if the work succeeds and measure that (from X to Y); move the work itself "
           "to the Initiatives block.")
    rationale = Rationale("Key results measure outcomes (a change in behaviour or results), not outputs "
                          "(the work done to cause it).", "key-results.md#outcomes-not-outputs")
    bad = (
        "Launch the new onboarding flow",
        "Launched the partner portal",
        "Rolling out Okta to every team by end of Q3",
        "Publish 12 blog posts",
        "Make 200 sales calls per rep",
        "Hold 4 customer workshops",
        "Get ISO 27001 certified",
        "Loyalty app redesign",
        "Go-live of the new CRM",
        "Every employee completes security awareness training",
        "Implement Salesforce",
        "Migrate the remaining 14 services to Kubernetes",
        "Hire 5 senior engineers",
        "Cascade the new values to every line manager",
        "Rollout of the booking app to 20 surgeries",
        "Pass the annual fire safety inspection",
    )
    good = (
        "Increase onboarding completion rate from 42% to 75% by the end of Q2",
        "Increase activation from 20% to 35% through the new onboarding flow",
        "Raise the share of releases shipped without rollback from 80% to 95%",
        "Design system adoption up from 40% to 70% of screens",
        "Extend runway from 12 to 18 months",
        "Managers complete the onboarding checklist for 90% of new hires, up from 60%",
        "Hold p99 latency under 500 ms",
        "Make onboarding delightful",
        "Scheduled inspections carried out on time from 65% to 90%",
        "Safety near-miss reports from 3 to 10 per month",
    )

    def check_key_result(self, item, ctx):
        hit = item.facts.activity
        if hit:
            words = as_written(item.kr.text, hit.words)
            message = _KINDS.get(hit.kind, _KINDS["task verb"]).format(w=words)
            yield self.at(item, f"{quote(item.kr.text)}: {message}", evidence=words)


RULE = KrIsActivity()
