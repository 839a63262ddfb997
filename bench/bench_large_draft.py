"""Benchmark `check` on long drafts: is the work linear in the number of key results?

    uv run python bench/bench_large_draft.py [--sizes 500 2000 8000] [--repeat 3]

A pasted tracker export can hold thousands of rows. Each size is checked as three shapes (bullets under
one objective, a tab-separated table, one-line titles over blocks of lines, as a page copied without its
bullets gives them); the median time per key result is printed for each, and the ratio of the largest
size's per-key-result time to the smallest's (target below 2: linear work; a pairwise rule gives a ratio
near the size ratio). Writes bench/results/large-draft-<timestamp>.json (gitignored).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.check import check_text  # noqa: E402

SHAPES = {
    "bullets": lambda n: "Objective: Grow revenue\n" + "".join(f"- Revenue from region {i} up {i % 40 + 1}%\n"
                                                                for i in range(n)),
    "tab-table": lambda n: "Objective: Grow revenue\nKR\tOwner\tScore\n" + "".join(
        f"Revenue from region {i} up {i % 40 + 1}%\tana\t0.{i % 9}\n" for i in range(n)),
    "line-blocks": lambda n: "".join(f"Region {i} grows\n\nRevenue up {i % 40 + 1}%\nChurn below {i % 9 + 1}%\n\n"
                                     for i in range(n // 2)),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 8000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    for shape, build in SHAPES.items():
        results[shape] = {}
        for size in args.sizes:
            text = build(size)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                report = check_text(text, f"{shape}.txt")
                times.append(time.perf_counter() - start)
            krs = sum(len(o.key_results) for o in report.okr_set.objectives)
            results[shape][str(size)] = per_kr = statistics.median(times) / max(krs, 1) * 1e6
            print(f"{shape:12} {size:6} rows: {krs:6} key results, median {statistics.median(times):6.2f} s, "
                  f"{per_kr:7.1f} us per key result")
        small, large = results[shape][str(args.sizes[0])], results[shape][str(args.sizes[-1])]
        print(f"{shape:12} per-key-result time, {args.sizes[-1]} vs {args.sizes[0]} rows: ratio {large / small:.2f} "
              f"(target < 2)")
    out = ROOT / "bench" / "results" / f"large-draft-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
