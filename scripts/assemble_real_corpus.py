"""Assemble evals/datasets/real/sets.jsonl from the collectors' files, and split it by source.

Every set gets ``split`` from its source group (a GitHub repository, or a web site), so that no repository
or site has sets on both sides: a team's wording habits cannot leak from ``dev`` into the sealed ``test``.
The group goes to ``test`` when a hash of its name falls under the threshold; the threshold is the
smallest one (from 50 of 100 upwards) that puts at least 40% of the sets in ``test``. The rule is fixed
before anyone looks at the drafts, and re-running the script never moves a set between splits unless
the threshold has to grow.

    uv run python scripts/assemble_real_corpus.py evals/datasets/real/collect-*.jsonl
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from urllib.parse import urlparse

OUT = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "real" / "sets.jsonl"
MIN_TEST_SHARE = 0.40
FIELDS = ("id", "split", "source", "source_kind", "for_themselves", "format", "layout", "language", "draft",
          "objectives", "note")


def source_group(source: str) -> str:
    """'owner/repo:path@commit' -> 'github:owner/repo'; a URL -> its host without 'www.'."""
    if source.startswith(("http://", "https://")):
        host = urlparse(source).netloc.lower()
        return "web:" + host.removeprefix("www.")
    return "github:" + source.split(":", 1)[0].lower()


def bucket(group: str) -> int:
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % 100


def main(paths: list[str]) -> None:
    records = []
    seen_drafts: set[str] = set()
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            problems = _problems(record)
            if problems:
                print(f"{path}:{number} {record.get('id')}: skipped: {'; '.join(problems)}", file=sys.stderr)
                continue
            key = " ".join(record["draft"].split())
            if key in seen_drafts:
                print(f"{path}:{number} {record['id']}: skipped: same draft as an earlier set", file=sys.stderr)
                continue
            seen_drafts.add(key)
            records.append(record)
    threshold = 50
    while True:
        test = [r for r in records if bucket(source_group(r["source"])) < threshold]
        if not records or len(test) / len(records) >= MIN_TEST_SHARE or threshold >= 100:
            break
        threshold += 1
    with OUT.open("w", encoding="utf-8") as handle:
        for record in records:
            record["split"] = "test" if bucket(source_group(record["source"])) < threshold else "dev"
            record.setdefault("language", "en")
            record.setdefault("note", "")
            out = {k: record[k] for k in FIELDS if k in record}
            handle.write(json.dumps(out, ensure_ascii=False) + "\n")
    krs = sum(len(o["key_results"]) for r in records for o in r["objectives"])
    n_test = sum(r["split"] == "test" for r in records)
    print(f"{len(records)} sets, {krs} key results; test {n_test} sets (threshold {threshold}); wrote {OUT}")


def _problems(record: dict) -> list[str]:
    problems = []
    draft = " ".join(str(record.get("draft", "")).lower().split())
    for field in ("id", "source", "draft", "objectives"):
        if not record.get(field):
            problems.append(f"no {field}")
    for objective in record.get("objectives") or []:
        starts = [objective.get("starts", "")] + [k.get("starts", "") for k in objective.get("key_results") or []]
        for words in starts:
            if words and " ".join(words.lower().split()) not in draft:
                problems.append(f"'{words[:40]}' is not in the draft")
        if not objective.get("key_results"):
            problems.append("an objective without key results")
    return problems


if __name__ == "__main__":
    main(sys.argv[1:])
