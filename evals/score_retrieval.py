"""Score the knowledge base on the labelled retrieval questions.

    uv run python evals/score_retrieval.py                 # hybrid ranking, real MiniLM, every split
    uv run python evals/score_retrieval.py --ablation      # also dense-only and BM25-only
    uv run python evals/score_retrieval.py --json out.json --min-recall 0.9

Indexes ``knowledge/`` into a fresh store (a temporary folder unless ``--data-dir`` is given), asks every
question in ``evals/datasets/retrieval/cases.jsonl`` and reports, per split, recall@1/3/5 (a hit is any
expected anchor among the top k) and MRR (reciprocal rank of the first expected anchor in the top 10).
Tune on ``dev``; ``holdout`` is the figure to report. Exit code 1 when ``--min-recall`` is not reached on
every split.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CASES = REPO / "evals" / "datasets" / "retrieval" / "cases.jsonl"
DEPTH = 10


def load_cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(kb, cases: list[dict]) -> tuple[dict[str, dict[str, float]], list[dict]]:
    """Metrics per split (and 'all'), plus one row per case with the rank of its first hit."""
    rows = []
    for case in cases:
        anchors = [c.anchor for c in kb.search(case["question"], k=DEPTH)]
        rank = next((i for i, a in enumerate(anchors, start=1) if a in set(case["anchors"])), None)
        rows.append({"id": case["id"], "split": case["split"], "rank": rank, "top": anchors[:5],
                     "expected": case["anchors"], "question": case["question"]})
    metrics: dict[str, dict[str, float]] = {}
    for split in sorted({r["split"] for r in rows}) + ["all"]:
        chosen = [r for r in rows if split == "all" or r["split"] == split]
        n = len(chosen)
        metrics[split] = {"cases": n, **{f"recall@{k}": sum(1 for r in chosen if r["rank"] and r["rank"] <= k) / n
                                         for k in (1, 3, 5)},
                          "mrr": sum(1 / r["rank"] for r in chosen if r["rank"]) / n}
    return metrics, rows


def print_table(title: str, metrics: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"  {'split':<8} {'cases':>5} {'R@1':>6} {'R@3':>6} {'R@5':>6} {'MRR':>6}")
    for split, m in metrics.items():
        print(f"  {split:<8} {m['cases']:>5} {m['recall@1']:>6.3f} {m['recall@3']:>6.3f} "
              f"{m['recall@5']:>6.3f} {m['mrr']:>6.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--data-dir", type=Path, help="reuse a data directory (default: a fresh temp folder)")
    parser.add_argument("--ablation", action="store_true", help="also score dense-only and BM25-only ranking")
    parser.add_argument("--misses", action="store_true", help="list the questions with no hit in the top 5")
    parser.add_argument("--json", type=Path, help="write metrics and per-case ranks here")
    parser.add_argument("--min-recall", type=float, help="exit 1 unless recall@5 reaches this on every split")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from coach.config import load_settings
    from coach.knowledge import KnowledgeBase, Ranking

    with tempfile.TemporaryDirectory(prefix="okr-retrieval-") as tmp:
        settings = load_settings({"data_dir": str(args.data_dir or tmp)})
        kb = KnowledgeBase.open(settings, check=False)
        started = time.perf_counter()
        kb.ensure_builtin(progress=True)
        print(f"indexed {sum(s.chunks for s in kb.list_sources())} passages from "
              f"{len(kb.list_sources())} notes in {time.perf_counter() - started:.1f} s "
              f"with {kb.embedder.name}")
        cases = load_cases(args.cases)
        variants = {"hybrid (dense + BM25, RRF)": kb.ranking}
        if args.ablation:
            variants["dense only"] = Ranking(dense_weight=1.0, lexical_weight=0.0)
            variants["BM25 only"] = Ranking(dense_weight=0.0, lexical_weight=1.0)
        results = {}
        for title, ranking in variants.items():
            kb.ranking = ranking
            metrics, rows = score(kb, cases)
            results[title] = {"metrics": metrics, "cases": rows}
            print_table(title, metrics)
            if args.misses and title.startswith("hybrid"):
                for row in rows:
                    if not row["rank"] or row["rank"] > 5:
                        print(f"  miss {row['id']} ({row['split']}): {row['question']}\n"
                              f"       expected {row['expected']}\n       got      {row['top']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    hybrid = next(iter(results.values()))["metrics"]
    if args.min_recall is not None:
        failing = [s for s, m in hybrid.items() if m["recall@5"] < args.min_recall]
        if failing:
            print(f"\nrecall@5 below {args.min_recall} on: {', '.join(failing)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
