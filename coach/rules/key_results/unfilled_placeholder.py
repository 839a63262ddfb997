"""OKR111 kr-unfilled-placeholder."""

from __future__ import annotations

import re

from coach import regex_cache
from coach.model import Severity
from coach.reading.placeholders import placeholders, without_placeholders
from coach.rules.base import KeyResultRule, Rationale, quote

#: Where a team usually finds the number of a metric, by the words of the metric (first match wins).
_SOURCES = (
    (r"payment|card|checkout|authori[sz]ation|chargeback|basket|cart", "the payment provider's and shop's reports"),
    (r"revenue|arr|mrr|margin|cost|spend|budget|cash|runway|invoice|refund|price|profit|burn|dso|expense",
     "the finance reports"),
    (r"pipeline|win rate|deal|opportunit|quota|bookings|renewal|upsell|sales cycle|lead", "the CRM"),
    (r"ticket|csat|first response|resolution|support|contact rate|backlog|escalation|self-serve|deflection",
     "the helpdesk reports"),
    (r"latency|uptime|availability|incident|outage|error rate|deploy|lead time|build|mttr|p9\d|crash|page load",
     "monitoring and the delivery pipeline"),
    (r"attrition|retention of staff|engagement|enps|hire|hiring|offer|time to fill|headcount|employee|staff|"
     r"manager|training", "the HR system or a pulse survey"),
    (r"vulnerab|patch|phishing|audit|control|finding|access review|compliance|mfa", "the security tooling"),
    (r"traffic|visit|bounce|open rate|click|impression|share of voice|brand|subscriber|followers|ctr",
     "web and campaign analytics"),
    (r"nps|satisfaction|survey|say they|feel", "a customer or team survey"),
    (r"stock|inventory|order|deliver|fulfil|on-time|shipment|defect|yield|throughput|cycle time", "the operations system"),
    (r"dataset|data quality|freshness|pipeline run|dashboard|query|report", "the data platform"),
)
_DEFAULT_SOURCE = "the system that records it (analytics, CRM, helpdesk, finance or HR reports)"
_LEAD_VERB = regex_cache.compile(r"^(?:increase|reduce|raise|grow|cut|lower|improve|lift|decrease|boost|shorten|move|"
                        r"bring|get|take|drive|keep|hold|maintain|reach|hit)\s+", re.IGNORECASE)
_TAIL = regex_cache.compile(r"\s+(?:from|to|by|at|in|within|before|until)\b.*$", re.IGNORECASE)


def where_to_find(metric: str) -> str:
    """The usual home of a metric's number: 'the helpdesk reports' for a first-response time."""
    lowered = metric.lower()
    for pattern, source in _SOURCES:
        if re.search(pattern, lowered):
            return source
    return _DEFAULT_SOURCE


def _metric_words(item) -> str | None:
    """The metric the line names, from the judgement or, failing that, the words before 'from/to/by'."""
    if item.facts.metric is not None:
        return item.measure.metric or item.facts.metric.words
    words = _TAIL.sub("", _LEAD_VERB.sub("", without_placeholders(item.kr.text).strip()))
    return words.strip(" .,;:") or None


class KrUnfilledPlaceholder(KeyResultRule):
    """
    ## What it does
    Flags key results that still hold a placeholder where a value belongs: "from [current %] to
    [target %]", "from <baseline> to 40%", "to TBD", "from X to Y", "Increase [metric] ...". It names
    what to measure and where the number is usually found.

    ## Why is this bad?
    A key result with a blank cannot be graded, but it is not a task, a line without a metric or a line
    without a target: the team has chosen what to measure and only has to write the number in. A blank
    left past the first weeks of the cycle means nobody measured the starting point. A bracket that
    holds a number ("[target 95%]") is a value, not a blank, and is read as one.
    """

    code = "OKR111"
    name = "kr-unfilled-placeholder"
    severity = Severity.WARNING
    summary = "The key result still holds a placeholder where a value belongs."
    fix = ("Measure the value, write it in place of the placeholder, and set the target at the first check-in "
           "after the baseline is known.")
    rationale = Rationale("A key result is graded against numbers: measure the baseline in the first weeks "
                          "and write it in, instead of guessing one.",
                          "key-results.md#establishing-a-baseline-when-none-exists")
    bad = (
        "Increase onboarding completion rate from [current %] to [target %]",
        "Reduce payment failure rate from <baseline> to [target %]",
        "Reduce payment failure rate from TBD to 2%",
        "Increase weekly active teams from X to Y",
        "Grow net revenue retention from [current %] to 110%",
        "Increase [metric to choose] from [current] to [target]",
        "Raise first-contact resolution from [baseline, measured by week 2] to [target]",
    )
    good = (
        "Increase onboarding completion rate from 42% to 75%",
        "Increase NPS from 31 to [target 45]",  # a number in brackets is a value
        "Increase repeat purchase rate from 18% to 25% [stretch]",  # a note, not a blank
        "Launch Plan X",  # a name, not a blank
    )

    def check_key_result(self, item, ctx):
        blanks = placeholders(item.kr.text)
        if not blanks:
            return
        metric = _metric_words(item)
        labels = ", ".join(dict.fromkeys(f"'{p.text}' ({p.label})" for p in blanks))
        roles = {p.role for p in blanks}
        if "metric" in roles or not metric:
            what = "choose the metric that shows the change this work is meant to cause, then measure it"
        else:
            what = f"measure {metric} in {where_to_find(metric)}"
        if not item.facts.has_target and "target" not in roles:
            what += "; a target is still missing too"
        yield self.at(item, f"{quote(item.kr.text)} still has values to fill: {labels}",
                      evidence=blanks[0].text,
                      fix=f"{what[0].upper()}{what[1:]} and write the number in place of the placeholder; set the "
                          "target at the first check-in after the baseline is known.")


RULE = KrUnfilledPlaceholder()
