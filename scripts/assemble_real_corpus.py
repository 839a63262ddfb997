"""Assemble evals/datasets/real/sets.jsonl from the collectors' files, and split it by source.

Every set gets ``split`` from its source group (a GitHub repository, or a web site), so that no repository
or site has sets on both sides: a team's wording habits cannot leak from ``dev`` into the sealed ``test``.
A new group goes to ``test`` when a hash of its name falls under the threshold; the threshold is the
smallest one (from 50 of 100 upwards) that puts at least 40% of the sets in ``test``. The rule was fixed
before anyone looked at the drafts, and a group keeps its split once given (``groups.json``).

    uv run python scripts/assemble_real_corpus.py evals/datasets/real/collect-{a,b,c,d}.jsonl \
        --dev evals/datasets/real/collect-g.jsonl --fresh evals/datasets/real/collect-{e,f}.jsonl \
        --blind evals/datasets/real/collect-{h,i}.jsonl --unseen evals/datasets/real/collect-{j,k,l,m}.jsonl \
        --novel evals/datasets/real/collect-{n,o}.jsonl --untouched evals/datasets/real/collect-{p,q}.jsonl \
        --kept evals/datasets/real/collect-{r,s}.jsonl

A batch collected later can be given one split as a whole: ``--dev FILE`` (drafts to tune on) or
``--fresh FILE`` (a second sealed split, collected after the ``test`` split was used, so that the checker
tuned since can be measured once more on writers nobody tuned on) or ``--blind FILE`` (a third, collected
after ``fresh`` was used, by collectors who reported only counts) or ``--unseen FILE`` (a fourth, collected
after ``blind`` was used, the same way) or ``--novel FILE`` (a fifth, after ``unseen`` was used) or
``--untouched FILE`` (a sixth, after ``novel`` was used) or ``--kept FILE`` (a seventh, after
``untouched`` was used). A group
that already has a split keeps
it, so a later batch can never move a draft someone tuned on into a sealed split.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from urllib.parse import urlparse

from coach.evals.real import REAL_SPLITS, bare  # the scorer's comparison: markup and spacing do not count

OUT = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "real" / "sets.jsonl"
#: Splits already given to source groups: once a group has a split it keeps it (nobody may tune on a
#: draft that later moves to test), and only new groups are placed by the hash rule.
GROUPS = OUT.with_name("groups.json")
#: One writer under several names (a copied repository, a second host of a wiki): one group, one split.
ALIASES = OUT.with_name("group-aliases.json")
MIN_TEST_SHARE = 0.40
#: The splits a batch can be given as a whole ('--novel FILE'); 'test' is only ever given by the hash rule.
BATCH_SPLITS = tuple(split for split in REAL_SPLITS if split != "test")
FIELDS = ("id", "split", "source", "source_kind", "for_themselves", "format", "layout", "language", "draft",
          "objectives", "note")


def source_group(source: str) -> str:
    """Who wrote it: 'owner/repo:path@commit' -> 'github:owner' (an organisation's repositories share their
    writers and habits); a URL -> its site ('dev.chromium.org' and 'www.chromium.org' are one site); then
    the aliases of group-aliases.json."""
    aliases = _aliases()
    for prefix, group in aliases.items():
        if ("/" in prefix or "://" in prefix) and source.startswith(prefix):
            return group
    group = _base_group(source)
    return aliases.get(group, group)


def _aliases() -> dict[str, str]:
    if not ALIASES.is_file():
        return {}
    return {k: v for k, v in json.loads(ALIASES.read_text(encoding="utf-8")).items() if not k.startswith("_")}


def _base_group(source: str) -> str:
    if source.startswith(("http://", "https://")):
        host = urlparse(source).netloc.lower().split(":")[0]
        labels = host.split(".")
        keep = 3 if len(labels) >= 3 and labels[-2] in ("co", "com", "org", "gov", "ac", "net") and len(labels[-1]) == 2 else 2
        return "web:" + ".".join(labels[-keep:])
    return "github:" + source.split("/", 1)[0].lower()


def bucket(group: str) -> int:
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % 100


def main(argv: list[str]) -> None:
    paths, batch_split, forced = [], None, {}
    for arg in argv:
        if arg.startswith("--") and arg[2:] in BATCH_SPLITS:
            batch_split = arg[2:]
            continue
        paths.append(arg)
        if batch_split:
            forced[arg] = batch_split
    records = []
    seen_drafts: set[str] = set()
    record_split: dict[str, str] = {}
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
            if path in forced:
                record_split[record["id"]] = forced[path]
    fixed: dict[str, str] = json.loads(GROUPS.read_text(encoding="utf-8")) if GROUPS.is_file() else {}
    for record in records:  # a later batch's groups take its split, unless a group already has one
        group = source_group(record["source"])
        if record["id"] in record_split and group not in fixed:
            fixed[group] = record_split[record["id"]]
        elif record["id"] in record_split and fixed[group] != record_split[record["id"]]:
            print(f"{record['id']}: its group {group} is already {fixed[group]}; it stays there", file=sys.stderr)
    threshold = 50

    def split_of(group: str) -> str:
        return fixed.get(group) or ("test" if bucket(group) < threshold else "dev")

    first = [r for r in records if r["id"] not in record_split]  # the share counts the first collection only
    while True:
        test = [r for r in first if split_of(source_group(r["source"])) == "test"]
        if not first or len(test) / len(first) >= MIN_TEST_SHARE or threshold >= 100:
            break
        threshold += 1
    groups = {source_group(r["source"]): split_of(source_group(r["source"])) for r in records}
    GROUPS.write_text(json.dumps(dict(sorted({**fixed, **groups}.items())), indent=1) + "\n", encoding="utf-8")
    with OUT.open("w", encoding="utf-8") as handle:
        for record in records:
            record["split"] = groups[source_group(record["source"])]
            record.setdefault("language", "en")
            record.setdefault("note", "")
            out = {k: record[k] for k in FIELDS if k in record}
            handle.write(json.dumps(out, ensure_ascii=False) + "\n")
    krs = sum(len(o["key_results"]) for r in records for o in r["objectives"])
    shares = ", ".join(f"{split} {sum(r['split'] == split for r in records)}" for split in REAL_SPLITS)
    print(f"{len(records)} sets, {krs} key results; {shares} sets (threshold {threshold}); wrote {OUT}")


def _problems(record: dict) -> list[str]:
    problems = []
    draft = " ".join(str(record.get("draft", "")).lower().split())
    bare_draft = bare(draft)
    for field in ("id", "source", "draft", "objectives"):
        if not record.get(field):
            problems.append(f"no {field}")
    for objective in record.get("objectives") or []:
        starts = [objective.get("starts", "")] + [k.get("starts", "") for k in objective.get("key_results") or []]
        for words in starts:
            said = " ".join(words.lower().split())
            if words and said not in draft and said.replace('"', '""') not in draft \
                    and bare(said) not in bare_draft:  # CSV doubles quotes; markup is not part of the words
                problems.append(f"'{words[:40]}' is not in the draft")
    return problems


if __name__ == "__main__":
    main(sys.argv[1:])
