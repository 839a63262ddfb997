"""The registry: every rule, looked up by code or name, and selected by a team's settings.

A rule is one module in its scope's folder (``key_results/``, ``objectives/``, ``set/``,
``alignment/``) that defines
``RULE``; the registry finds them there and orders them by code, so adding a rule touches its own file only. Selectors accept a code ("OKR103"), a code prefix ("OKR1", "OKR30") or
a name ("kr-missing-baseline").
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from coach.config import RulesSettings
from coach.errors import ConfigError
from coach.rules.base import Rule

#: The folders rules live in, one per scope: a rule is a module there with a module-level ``RULE``.
RULE_PACKAGES = ("key_results", "objectives", "set", "alignment")


def rule_modules() -> tuple[str, ...]:
    """Every rule module (``key_results.no_metric``, ...): adding a rule is adding a file to its folder.

    A rule is a ``.py`` file; the folder is listed directly (``pkgutil.iter_modules`` would cost a cold
    ``okr-coach check`` the import of pkgutil, about half a millisecond, for the same names).
    """
    from pathlib import Path

    here = Path(__file__).resolve().parent
    return tuple(f"{package}.{name}" for package in RULE_PACKAGES
                 for name in sorted(entry.name[:-3] for entry in (here / package).iterdir()
                                    if entry.name.endswith(".py") and entry.is_file())
                 if not name.startswith("_"))


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in code order."""
    rules = [importlib.import_module(f"coach.rules.{name}").RULE for name in rule_modules()]
    codes = [rule.code for rule in rules]
    clash = sorted({code for code in codes if codes.count(code) > 1})
    if clash:
        raise RuntimeError(f"two rules share the code {clash[0]}: give each rule file its own code")
    return tuple(sorted(rules, key=lambda r: r.code))


def rule_names() -> tuple[str, ...]:
    """Every rule's name, in code order: what datasets, schemas and docs accept."""
    return tuple(rule.name for rule in all_rules())


def names_with_role(role: str) -> tuple[str, ...]:
    """The names of the rules that declare ``role`` (see ``coach.rules.base.ROLES``), in code order."""
    from coach.rules.base import ROLES

    if role not in ROLES:
        raise ValueError(f"unknown rule role {role!r}; roles: {', '.join(ROLES)}")
    return tuple(rule.name for rule in all_rules() if role in rule.roles)


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


def _check_selectors(selectors: tuple[str, ...], field: str) -> None:
    for selector in selectors:
        if not any(_matches(selector, rule) for rule in all_rules()):
            raise ConfigError(
                f"rules.{field}: unknown rule {selector!r}",
                hint="use a code (OKR103), a code prefix (OKR1) or a name (kr-missing-baseline); valid: "
                     + ", ".join(f"{r.code} {r.name}" for r in all_rules()))


def select_rules(settings: RulesSettings | None = None) -> tuple[Rule, ...]:
    """The rules to run: ``select`` (all when empty) minus ``ignore``. Unknown selectors raise ConfigError."""
    if settings is None:
        return selected((), ())
    return selected(tuple(settings.select), tuple(settings.ignore))


@lru_cache(maxsize=64)
def selected(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[Rule, ...]:
    """:func:`select_rules` for the selectors themselves, worked out once per selection (the rules never
    change in a process). Unknown selectors raise ConfigError (and are not cached)."""
    _check_selectors(select, "select")
    _check_selectors(ignore, "ignore")
    chosen = [r for r in all_rules() if not select or any(_matches(s, r) for s in select)]
    return tuple(r for r in chosen if not any(_matches(s, r) for s in ignore))
