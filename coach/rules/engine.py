"""Run the rules over a set: ``check_set(okr_set, profile, rules) -> list[Finding]``."""

from __future__ import annotations

from coach.config import RulesSettings
from coach.model import Finding, OkrSet
from coach.rules.base import CheckContext
from coach.rules.profiles import Profile, load_profile
from coach.rules import silencing
from coach.rules.registry import all_rules, select_rules


def resolve_profile(profile: str | Profile, rules: RulesSettings | None = None) -> Profile:
    if isinstance(profile, Profile):
        return profile
    return load_profile(profile, (rules or RulesSettings()).extend)


def check_set(okr_set: OkrSet, profile: str | Profile = "default",
              rules: RulesSettings | None = None) -> list[Finding]:
    """Every finding of the selected rules, ordered set-level first, then by objective, key result, code.

    Rules that silence others (``coach.rules.silencing``) run even when not selected, so that a selection
    never changes what the selected rules report. Pure: reads only the packaged word lists and profiles.
    """
    chosen = select_rules(rules)
    shown = {rule.name for rule in chosen}
    extra = [rule for rule in all_rules() if rule.name in silencing.silencers() and rule.name not in shown]
    ctx = CheckContext.build(okr_set, resolve_profile(profile, rules))
    findings = silencing.apply(f for rule in (*chosen, *extra) for f in rule.check(ctx))
    return sorted((f for f in findings if f.name in shown), key=finding_order)


def finding_order(finding: Finding) -> tuple[int, int, str]:
    loc = finding.location
    return (loc.objective or 0, loc.key_result or 0, finding.code)
