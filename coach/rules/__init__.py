"""The rule-checker: 18 rules about key results (OKR1xx), objectives (OKR2xx) and the set (OKR3xx).

Public entry points (see docs/architecture.md):

* :func:`check_set` - findings of the selected rules for an :class:`~coach.model.OkrSet`.
* :func:`all_rules`, :func:`get_rule` - the registry (code or name lookup).
* :func:`load_profile` - a methodology profile (limits and word lists), extended by team words.
* :func:`score` - quality scores 0-100 from findings.

One module per rule under ``key_results/``, ``objectives/`` and ``set/``; word lists in ``words/`` and
profiles in ``profiles/`` are data. Importing this package is cheap: pydantic and the standard library.
"""

from coach.rules.base import CheckContext, KeyResultRule, ObjectiveRule, Rationale, Rule, Scope, SetRule
from coach.rules.engine import check_set
from coach.rules.profiles import Limits, Profile, load_profile, profile_names, word_list_names
from coach.rules.registry import all_rules, get_rule, select_rules
from coach.rules.scoring import score

__all__ = [
    "CheckContext", "KeyResultRule", "Limits", "ObjectiveRule", "Profile", "Rationale", "Rule", "Scope",
    "SetRule", "all_rules", "check_set", "get_rule", "load_profile", "profile_names", "score", "select_rules",
    "word_list_names",
]
