"""The registry: every rule, looked up by code or name, and selected by a team's settings.

Rules are listed explicitly (no import-time discovery) so that the order is stable and a newcomer can see
the whole rule set in one place. Selectors accept a code ("OKR103"), a code prefix ("OKR1", "OKR30") or
a name ("kr-missing-baseline").
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from coach.config import RulesSettings
from coach.errors import ConfigError
from coach.rules.base import Rule

RULE_MODULES = (
    "key_results.is_activity",
    "key_results.no_metric",
    "key_results.missing_baseline",
    "key_results.missing_target",
    "key_results.not_time_bound",
    "key_results.maintain_kpi",
    "key_results.direction_mismatch",
    "key_results.vague_wording",
    "key_results.binary",
    "key_results.duplicate",
    "objectives.has_metric",
    "objectives.is_activity",
    "objectives.no_why",
    "objectives.corporate_fog",
    "set.too_many_objectives",
    "set.too_few_krs",
    "set.too_many_krs",
    "set.initiative_as_kr",
)


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in code order."""
    rules = [importlib.import_module(f"coach.rules.{name}").RULE for name in RULE_MODULES]
    return tuple(sorted(rules, key=lambda r: r.code))


def get_rule(code_or_name: str) -> Rule:
    """The rule with this code (case-insensitive) or name; ConfigError listing the valid ones otherwise."""
    key = code_or_name.strip()
    for rule in all_rules():
        if key.upper() == rule.code or key.lower() == rule.name:
            return rule
    raise ConfigError(f"unknown rule {code_or_name!r}",
                      hint="use a code or name from `okr-coach rules`: "
                           + ", ".join(f"{r.code} {r.name}" for r in all_rules()))


def _matches(selector: str, rule: Rule) -> bool:
    key = selector.strip()
    return key.lower() == rule.name or (key.upper().startswith("OKR") and rule.code.startswith(key.upper()))


def _check_selectors(selectors: list[str], field: str) -> None:
    for selector in selectors:
        if not any(_matches(selector, rule) for rule in all_rules()):
            raise ConfigError(
                f"rules.{field}: unknown rule {selector!r}",
                hint="use a code (OKR103), a code prefix (OKR1) or a name (kr-missing-baseline); valid: "
                     + ", ".join(f"{r.code} {r.name}" for r in all_rules()))


def select_rules(settings: RulesSettings | None = None) -> tuple[Rule, ...]:
    """The rules to run: ``select`` (all when empty) minus ``ignore``. Unknown selectors raise ConfigError."""
    settings = settings or RulesSettings()
    _check_selectors(settings.select, "select")
    _check_selectors(settings.ignore, "ignore")
    chosen = [r for r in all_rules() if not settings.select or any(_matches(s, r) for s in settings.select)]
    return tuple(r for r in chosen if not any(_matches(s, r) for s in settings.ignore))
