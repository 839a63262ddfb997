"""Score the rule-checker against the labelled critique drafts.

    uv run python evals/score_rules.py [--split dev|holdout|all] [--show-errors] [--rule NAME]

For each rule: precision, recall and F1 over (rule, objective, key_result) tuples, summed over the drafts
of the split, then the macro average over the rules that occur in the split. Tune rules on ``dev`` only;
``holdout`` is for an honest final figure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.check import check_text  # noqa: E402
from coach.config import Settings  # noqa: E402
from coach.parse import parse_draft  # noqa: E402
from coach.rules import all_rules  # noqa: E402

DATASET = ROOT / "evals" / "datasets" / "critique" / "cases.jsonl"
#: The rules the project sets a target for (F1 >= 0.85 on dev).
GATED_RULES = ("kr-is-activity", "kr-no-metric", "kr-missing-baseline", "kr-missing-target",
               "kr-not-time-bound", "kr-maintain-kpi")


@dataclass
class RuleScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_cases(split: str = "dev", path: Path = DATASET) -> list[dict]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [c for c in cases if split == "all" or c["split"] == split]


def predicted(case: dict) -> set[tuple[str, int | None, int | None]]:
    report = check_text(case["draft"], case["id"], Settings(profile=case.get("profile", "default")))
    return {(f.name, f.location.objective, f.location.key_result) for f in report.findings}


def expected(case: dict) -> set[tuple[str, int | None, int | None]]:
    return {(e["rule"], e["objective"], e["key_result"]) for e in case["expected"]}


def score_cases(cases: list[dict]) -> tuple[dict[str, RuleScore], list[tuple[str, str, tuple]]]:
    """Per-rule counts and the list of errors as (case id, 'FP'|'FN', tuple)."""
    scores = {rule.name: RuleScore() for rule in all_rules()}
    errors: list[tuple[str, str, tuple]] = []
    for case in cases:
        got, want = predicted(case), expected(case)
        for item in got & want:
            scores[item[0]].tp += 1
        for item in got - want:
            scores[item[0]].fp += 1
            errors.append((case["id"], "FP", item))
        for item in want - got:
            scores.setdefault(item[0], RuleScore()).fn += 1
            errors.append((case["id"], "FN", item))
    return scores, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "holdout", "all"), default="dev")
    parser.add_argument("--show-errors", action="store_true", help="list every false positive and negative")
    parser.add_argument("--rule", help="only show errors of this rule")
    args = parser.parse_args(argv)
    cases = load_cases(args.split)
    scores, errors = score_cases(cases)
    print(f"split={args.split} drafts={len(cases)}")
    print(f"{'rule':26} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}")
    present = []
    for name, s in scores.items():
        if s.tp + s.fp + s.fn == 0:
            print(f"{name:26} {'':>4} {'':>4} {'':>4} {'':>6} {'':>6} {'n/a':>6}")
            continue
        present.append(s)
        gate = " *" if name in GATED_RULES else ""
        print(f"{name:26} {s.tp:4d} {s.fp:4d} {s.fn:4d} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f}{gate}")
    macro = sum(s.f1 for s in present) / len(present) if present else 0.0
    total = RuleScore(*(sum(getattr(s, k) for s in present) for k in ("tp", "fp", "fn")))
    print(f"{'macro F1':26} {'':>4} {'':>4} {'':>4} {'':>6} {'':>6} {macro:6.2f}")
    print(f"{'micro F1':26} {total.tp:4d} {total.fp:4d} {total.fn:4d} {total.precision:6.2f} "
          f"{total.recall:6.2f} {total.f1:6.2f}")
    print("* gated rules (target F1 >= 0.85 on dev)")
    if args.show_errors or args.rule:
        by_case = {c["id"]: c for c in cases}
        for case_id, kind, (rule, obj, kr) in errors:
            if args.rule and rule != args.rule:
                continue
            text = _line(by_case[case_id], obj, kr)
            print(f"{kind} {case_id} {rule} O{obj}.KR{kr}: {text}")
    return 0


def _line(case: dict, objective: int | None, key_result: int | None) -> str:
    if objective is None:
        return ""
    try:
        okr_set = parse_draft(case["draft"])
        obj = okr_set.objectives[objective - 1]
        return obj.text if key_result is None else obj.key_results[key_result - 1].text
    except (IndexError, Exception):  # noqa: BLE001 - display only
        return "?"


if __name__ == "__main__":
    sys.exit(main())
