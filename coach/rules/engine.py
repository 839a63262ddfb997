"""Run the rules over a set: ``check_set(okr_set, profile, rules) -> list[Finding]``."""

from __future__ import annotations

from functools import lru_cache

from coach.config import RulesSettings
from coach.model import Finding, OkrSet
from coach.rules.base import CheckContext, KeyResultRule, ObjectiveRule
from coach.rules.profiles import Profile, load_profile
from coach.rules import silencing
from coach.rules.registry import all_rules, selected


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
    ctx = CheckContext.build(okr_set, resolve_profile(profile, rules))
    return check_context(ctx, rules)


def _rules_to_run(rules: RulesSettings | None) -> tuple[tuple, frozenset[str]]:
    return _rules_for(()) if rules is None else _rules_for(tuple(rules.select), tuple(rules.ignore))


@lru_cache(maxsize=64)
def _rules_for(select: tuple[str, ...], ignore: tuple[str, ...] = ()) -> tuple[tuple, frozenset[str]]:
    """The rules to run and the names to show for one selection: worked out once per selection (some 30 us
    a check), as the rules and the silencing table never change in a process."""
    chosen = selected(select, ignore)
    shown = frozenset(rule.name for rule in chosen)
    extra = [rule for rule in all_rules() if rule.name in silencing.silencers() and rule.name not in shown]
    return (*chosen, *extra), shown


def check_context(ctx: CheckContext, rules: RulesSettings | None = None) -> list[Finding]:
    """:func:`check_set` on a context that is already built."""
    run, shown = _rules_to_run(rules)
    findings = silencing.apply(f for rule in run for f in rule.check(ctx))
    return sorted((f for f in findings if f.name in shown), key=finding_order)


def check_location(ctx: CheckContext, objective: int, key_result: int | None,
                   rules: RulesSettings | None = None) -> list[Finding]:
    """``[f for f in check_context(ctx, rules) if f is at (objective, key_result)]``, without judging the rest.

    A key-result or objective rule that keeps the base class's ``check`` yields only at the item it is given,
    so only the item at that place is passed to it; a rule with ``check_at(ctx, objective, key_result)``
    (a set rule that reports line by line) is asked for that place; every other rule (set and alignment rules, or a rule with
    its own ``check``) runs whole and its findings are filtered. Silencing acts within one location, so
    filtering before it changes nothing. The verifier re-checks one rewritten line of a long draft this way.
    """
    run, shown = _rules_to_run(rules)
    obj_item = next((o for o in ctx.objectives if o.objective.position == objective), None)
    kr_items = [] if obj_item is None or key_result is None else \
        [k for k in obj_item.key_results if k.kr.position == key_result]

    def at_place(rule):
        if hasattr(rule, "check_at"):  # a set rule that can look at one place
            return rule.check_at(ctx, objective, key_result)
        if isinstance(rule, KeyResultRule) and type(rule).check is KeyResultRule.check:
            return (f for item in kr_items for f in rule.check_key_result(item, ctx))
        if isinstance(rule, ObjectiveRule) and type(rule).check is ObjectiveRule.check:
            return (f for item in ([obj_item] if obj_item is not None else []) for f in rule.check_objective(item, ctx))
        return rule.check(ctx)

    here = (f for rule in run for f in at_place(rule)
            if (f.location.objective, f.location.key_result) == (objective, key_result))
    return sorted((f for f in silencing.apply(here) if f.name in shown), key=finding_order)


def finding_order(finding: Finding) -> tuple[int, int, str]:
    loc = finding.location
    return (loc.objective or 0, loc.key_result or 0, finding.code)
