"""Agreement between the two labelling passes of the real corpus: Cohen's kappa per rule.

The first pass is ``evals/datasets/real/sets.jsonl``; the second (an independent labeller who saw only the
drafts, their structure and docs/rules.md) is ``evals/datasets/real/second-pass.jsonl``, one line per set it
labelled: ``{"id", "objectives": [{"starts", "rules": [...], "key_results": [{"starts", "rules": [...]}]}], "note"}``. Every key result
(objective for objective-has-metric) is one item per rule, labelled yes or no by each pass.

    uv run python scripts/real_agreement.py [--json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from coach.evals.metrics import cohen_kappa  # noqa: E402

REAL = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "real"
KR_RULES = ("kr-is-activity", "kr-binary", "kr-no-metric", "kr-missing-target", "kr-missing-baseline",
            "kr-maintain-kpi")
GROUPS = {"activity (with binary)": ("kr-is-activity", "kr-binary"),
          "no-metric (with missing-target)": ("kr-no-metric", "kr-missing-target")}


def pairs() -> tuple[list[tuple[set[str], set[str]]], list[tuple[set[str], set[str]]], int]:
    first = {json.loads(line)["id"]: json.loads(line) for line in (REAL / "sets.jsonl").read_text().splitlines()}
    krs, objectives, sets = [], [], 0
    latest = {}  # a labeller's correction of a set is a later line with the same id: the last one counts
    for line in (REAL / "second-pass.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        latest[record["id"]] = record
    for second in latest.values():
        record = first.get(second["id"])
        if record is None:
            continue
        if len(record["objectives"]) != len(second["objectives"]):
            raise SystemExit(f"{second['id']}: the passes disagree on the number of objectives")
        sets += 1
        for o1, o2 in zip(record["objectives"], second["objectives"], strict=True):
            objectives.append((set(o1["rules"]), set(o2["rules"])))
            if len(o1["key_results"]) != len(o2["key_results"]):
                raise SystemExit(f"{second['id']}: the passes disagree on the number of key results")
            for k1, k2 in zip(o1["key_results"], o2["key_results"], strict=True):
                krs.append((set(k1["rules"]), set(k2["rules"] if isinstance(k2, dict) else k2)))
    return krs, objectives, sets


def main(argv: list[str]) -> None:
    krs, objectives, sets = pairs()
    table = {}
    for rule in KR_RULES:
        table[rule] = _row([rule in a for a, _ in krs], [rule in b for _, b in krs])
    for name, rules in GROUPS.items():
        table[name] = _row([bool(a & set(rules)) for a, _ in krs], [bool(b & set(rules)) for _, b in krs])
    table["objective-has-metric"] = _row(["objective-has-metric" in a for a, _ in objectives],
                                         ["objective-has-metric" in b for _, b in objectives])
    if "--json" in argv:
        print(json.dumps({"sets": sets, "key_results": len(krs), "rules": table}, indent=2))
        return
    print(f"{sets} sets, {len(krs)} key results, {len(objectives)} objectives labelled twice\n")
    print("| rule | kappa | agreement | first pass yes | second pass yes |")
    print("| --- | --- | --- | --- | --- |")
    for rule, row in table.items():
        kappa = "n/a" if row["kappa"] is None else f"{row['kappa']:.2f}"
        print(f"| {rule} | {kappa} | {row['agreement']:.2f} | {row['first']} | {row['second']} |")


def _row(a: list[bool], b: list[bool]) -> dict:
    kappa = cohen_kappa(a, b)
    return {"kappa": None if kappa is None else round(kappa, 3),
            "agreement": sum(x == y for x, y in zip(a, b, strict=True)) / len(a) if a else 1.0,
            "first": sum(a), "second": sum(b)}


if __name__ == "__main__":
    main(sys.argv[1:])
