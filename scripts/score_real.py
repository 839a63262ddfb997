"""Score a checker on the real corpus: structure and the rule groups, per split, at exact locations.

`okr-coach eval run --suite critique` reports the same figures for the checker of this checkout. This
script exists to score *another* checkout on the same records, e.g. the checker before a change, so that a
before/after pair comes from one scorer:

    uv run python scripts/score_real.py --split dev
    PYTHONPATH=/path/to/old/checkout uv run python scripts/score_real.py --split test --include-sealed

The checker is whatever ``coach.check`` imports first on ``sys.path``; the records and the scoring come
from this checkout's ``coach/evals/real.py``, loaded by file path. The test split is sealed: say why you
measure it, and log it in evals/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
SETS = HERE / "evals" / "datasets" / "real" / "sets.jsonl"


@cache
def _load_real():
    spec = importlib.util.spec_from_file_location("real_corpus", HERE / "coach" / "evals" / "real.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["real_corpus"] = module
    spec.loader.exec_module(module)
    return module


def score(split: str) -> dict:
    real = _load_real()
    from coach.check import check_text
    from coach.errors import ParseError

    group_of = {rule: group for group, rules in real.RULE_GROUPS.items() for rule in rules}
    counts: Counter = Counter()
    structure = sets = crashes = 0
    doubted = Counter()  # (reading right?, layout doubt shown?) -> sets: does the doubt point at misreads?
    for line in SETS.read_text(encoding="utf-8").splitlines():
        record = real.RealSet.model_validate_json(line)
        if split != "all" and record.split != split:
            continue
        sets += 1
        expected = {(group_of.get(rule, rule), o, k) for rule, o, k in real.expected_labels(record)}
        try:
            report = check_text(record.draft, record.id)
        except Exception as exc:  # noqa: BLE001 - a draft the checker cannot read: every label is missed
            crashes += not isinstance(exc, ParseError)  # a ParseError (ShapeError too) is a clear exit 2, not a crash
            predicted, parsed = set(), []
        else:
            try:
                labels = real.predicted_labels(report)
            except ImportError:  # a checker older than the placeholder reader: its findings as they are
                labels = [(f.name, f.location.objective, f.location.key_result) for f in report.findings
                          if f.name in real.LABELLED_RULES]
            predicted = {(group_of.get(rule, rule), o, k) for rule, o, k in labels}
            if record.language != "en":
                predicted = set()
            parsed = [(o.text, [k.text for k in o.key_results]) for o in report.okr_set.objectives]
        right = real.structure_matches(parsed, record.structure)
        structure += right
        if parsed:
            doubted[right, bool(getattr(report, "layout_doubts", ()))] += 1  # an older checker has none
        for label in expected | predicted:
            counts[label[0], "tp" if label in expected and label in predicted
                   else "fn" if label in expected else "fp"] += 1
    groups = {}
    for group in [*real.RULE_GROUPS, "objective-has-metric", "too-many-krs"]:
        tp, fp, fn = counts[group, "tp"], counts[group, "fp"], counts[group, "fn"]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        groups[group] = {"precision": round(p, 3), "recall": round(r, 3),
                         "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}
    return {"split": split, "sets": sets, "structure": round(structure / sets, 3) if sets else 0.0,
            "structure_right": structure, "crashes": crashes, "groups": groups,
            "layout_doubts": {"on_misread": doubted[False, True], "misread": doubted[False, True] + doubted[False, False],
                              "on_right": doubted[True, True], "right": doubted[True, True] + doubted[True, False]}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=[*_load_real().REAL_SPLITS, "all"], default="dev")
    parser.add_argument("--include-sealed", action="store_true", help="needed for any split but dev")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.split != "dev" and not args.include_sealed:
        parser.error(f"the {args.split} split is sealed: add --include-sealed, and log the use in evals/README.md")
    result = score(args.split)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['sets']} sets ({args.split}); structure right on {result['structure_right']} "
          f"({result['structure']:.0%}); crashes {result['crashes']}")
    doubts = result["layout_doubts"]
    print(f"layout doubts shown on {doubts['on_misread']} of {doubts['misread']} misread sets and on "
          f"{doubts['on_right']} of {doubts['right']} sets read right\n")
    print("| group | F1 | precision | recall | tp | fp | fn |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, g in result["groups"].items():
        print(f"| {name} | {g['f1']:.2f} | {g['precision']:.2f} | {g['recall']:.2f} | {g['tp']} | {g['fp']} | {g['fn']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
