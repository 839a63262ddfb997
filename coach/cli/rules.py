"""``okr-coach rules``: list the rules, explain one, or list the methodology profiles."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("rules", help="list the rules, explain one, list profiles",
                                   description="List every rule (code, name, severity, summary).")
    sub = parser.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")
    explain = sub.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="CODE|NAME", help="e.g. OKR101 or kr-is-activity")
    explain.set_defaults(func=run_explain)
    profiles = sub.add_parser("profiles", help="list methodology profiles and their limits")
    profiles.set_defaults(func=run_profiles)
    parser.set_defaults(func=run_list)


def run_list(args: argparse.Namespace) -> int:
    from coach.rules import all_rules

    for rule in all_rules():
        sys.stdout.write(f"{rule.code}  {rule.name:26} {rule.severity.value:8} {rule.summary}\n")
    return 0


def run_explain(args: argparse.Namespace) -> int:
    from coach.rules import get_rule

    sys.stdout.write(get_rule(args.rule).docs())
    return 0


def run_profiles(args: argparse.Namespace) -> int:
    from coach.rules import load_profile, profile_names

    for name in profile_names():
        profile = load_profile(name)
        limits = profile.limits
        objectives = (f"{limits.min_objectives}-{limits.max_objectives}" if limits.min_objectives
                      else f"at most {limits.max_objectives}")
        sys.stdout.write(f"{name:10} objectives: {objectives:10} key results per objective: "
                         f"{limits.min_key_results}-{limits.max_key_results}   {profile.description}\n")
    return 0
