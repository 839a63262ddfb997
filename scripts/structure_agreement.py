"""How far two independent readers agree on a real draft's structure, and how the parser compares.

The structure target (the parser reads the right objectives and key results on 98% of real sets) assumes
there is one right reading. This script measures how often two people reading the same draft find the same
one. The first reading is the collector's (``evals/datasets/real/sets.jsonl``); the second
(``evals/datasets/real/second-structure.jsonl``) is a labeller's who saw only the drafts and a page of
guidance, never the first reading, the parser or its docs: one line per set,
``{"id", "objectives": [{"starts", "key_results": [{"starts"}]}], "note"}``.

Two readings agree when they have the same objectives and key results in the same order: the counts match
and each pair of first words is the same text (one may run a little past the other, as
:func:`coach.evals.real.structure_matches` allows). Per split it prints the sets read twice, how many
readings agree (and how many agree on the counts alone), and how many the parser matches: the first
reading, the second, either. Sealed splits print these counts and nothing about any one draft.

    uv run python scripts/structure_agreement.py [--json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

from coach.evals.real import OPENED_SPLITS, REAL_SPLITS, SEALED_SPLITS, RealSet, structure_matches  # noqa: E402
from coach.evals.real import _starts_with  # noqa: E402
from coach.parse import parse_draft  # noqa: E402

REAL = HERE / "evals" / "datasets" / "real"
Structure = list[tuple[str, list[str]]]


def same_reading(a: Structure, b: Structure) -> bool:
    """Both readings hold the same objectives and key results, in order (first words compared both ways)."""
    if [len(krs) for _, krs in a] != [len(krs) for _, krs in b]:
        return False
    pairs = [(oa, ob) for (oa, _), (ob, _) in zip(a, b, strict=True)]
    pairs += [(ka, kb) for (_, kas), (_, kbs) in zip(a, b, strict=True) for ka, kb in zip(kas, kbs, strict=True)]
    return all(_starts_with(_unquoted(x), _unquoted(y)) or _starts_with(_unquoted(y), _unquoted(x)) for x, y in pairs)


def _unquoted(text: str) -> str:
    """Quotes do not count: a CSV cell doubles them ('""EduTechx""'), and readers copy them either way."""
    return text.translate({ord(ch): None for ch in "\"'“”‘’"})


def second_readings(path: Path = REAL / "second-structure.jsonl") -> dict[str, Structure]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out[record["id"]] = [(o["starts"], [k["starts"] for k in o["key_results"]]) for o in record["objectives"]]
    return out


def _parsed(record: RealSet) -> Structure | None:
    try:
        okr_set = parse_draft(record.draft, source=record.id)
    except Exception:  # noqa: BLE001 - a draft the parser refuses matches no reading
        return None
    return [(o.text, [k.text for k in o.key_results]) for o in okr_set.objectives]


def tally() -> dict[str, dict[str, int]]:
    second = second_readings()
    table: dict[str, dict[str, int]] = {}
    for line in (REAL / "sets.jsonl").read_text(encoding="utf-8").splitlines():
        record = RealSet.model_validate_json(line)
        if record.id not in second:
            continue
        first, other = record.structure, second[record.id]
        parsed = _parsed(record)
        row = table.setdefault(record.split, dict.fromkeys(
            ("sets", "agree", "same_counts", "parser_first", "parser_second", "parser_either"), 0))
        row["sets"] += 1
        row["agree"] += same_reading(first, other)
        row["same_counts"] += [len(k) for _, k in first] == [len(k) for _, k in other]
        if parsed is not None:
            on_first, on_second = structure_matches(parsed, first), structure_matches(parsed, other)
            row["parser_first"] += on_first
            row["parser_second"] += on_second
            row["parser_either"] += on_first or on_second
    return {split: table[split] for split in REAL_SPLITS if split in table}


def main(argv: list[str]) -> None:
    table = tally()
    total = {key: sum(row[key] for row in table.values()) for key in next(iter(table.values()))}
    if "--json" in argv:
        print(json.dumps({"splits": table, "all": total}, indent=2))
        return
    print("| split | sets read twice | readings agree | same counts | parser = first | parser = second "
          "| parser = either |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for split, row in [*table.items(), ("all", total)]:
        n = row["sets"]
        sealed = " (opened)" if split in OPENED_SPLITS else " (sealed)" if split in SEALED_SPLITS else ""
        print(f"| {split}{sealed} | {n} | {row['agree']} ({row['agree'] / n:.0%}) | {row['same_counts']} "
              f"| {row['parser_first']} | {row['parser_second']} | {row['parser_either']} |")


if __name__ == "__main__":
    main(sys.argv[1:])
