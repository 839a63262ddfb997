"""Run the rules over a set: ``check_set(okr_set, profile, rules) -> list[Finding]``."""

from __future__ import annotations

from coach.config import RulesSettings
from coach.model import Finding, OkrSet
from coach.rules.base import CheckContext
from coach.rules.profiles import Profile, load_profile
from coach.rules.registry import select_rules


def resolve_profile(profile: str | Profile, rules: RulesSettings | None = None) -> Profile:
    if isinstance(profile, Profile):
        return profile
    return load_profile(profile, (rules or RulesSettings()).extend)


def check_set(okr_set: OkrSet, profile: str | Profile = "default",
              rules: RulesSettings | None = None) -> list[Finding]:
    """Every finding of the selected rules, ordered set-level first, then by objective, key result, code.

    Pure: reads only the packaged word lists and profiles (once per process).
    """
    chosen = select_rules(rules)
    ctx = CheckContext.build(okr_set, resolve_profile(profile, rules))
    findings = [f for rule in chosen for f in rule.check(ctx)]
    return sorted(findings, key=finding_order)


def finding_order(finding: Finding) -> tuple[int, int, str]:
    loc = finding.location
    return (loc.objective or 0, loc.key_result or 0, finding.code)
