"""The examples are the tests: every bad example fires its rule, every good example does not."""

from __future__ import annotations

import pytest

from coach.rules import Scope, all_rules, check_set

CASES = [(rule, kind, example) for rule in all_rules() for kind in ("bad", "good")
         for example in getattr(rule, kind)]


def _fired(rule, example):
    if rule.scope is Scope.ALIGNMENT:  # several sets in one example, checked as one run
        return rule.example_findings(example)
    okr_set = rule.example_set(example)
    where = rule.example_location(example)
    return [f for f in check_set(okr_set) if f.code == rule.code
            and (where is None or (f.location.objective, f.location.key_result) == where)]


@pytest.mark.parametrize(("rule", "kind", "example"), CASES,
                         ids=[f"{r.code}-{k}-{i}" for i, (r, k, _) in enumerate(CASES)])
def test_example(rule, kind, example):
    fired = _fired(rule, example)
    if kind == "bad":
        assert fired, f"{rule.name} did not fire on bad example {example!r}"
        assert all(f.message and f.fix and f.citation.anchor for f in fired)
    else:
        assert not fired, f"{rule.name} fired on good example {example!r}: {[f.message for f in fired]}"
