"""Benchmark ingestion throughput with the local embeddings.

    uv run python bench/bench_ingest.py [--passages 500] [--runs 3]

Each run adds generated Markdown playbooks (one passage per section) to a fresh temporary store with the
real all-MiniLM-L6-v2 model (loaded once, before timing) and measures passages per second for the whole
``add`` (read, chunk, embed, write). It also times re-adding the same files, which should embed nothing.
Prints medians and writes bench/results/ingest-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_retrieval import generate_playbooks  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from coach.config import load_settings
    from coach.knowledge import KnowledgeBase
    from coach.knowledge.embeddings import LocalEmbedder

    LocalEmbedder().embed_query("warm up")  # load the model outside the timings
    rates, readd = [], []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="okr-bench-ingest-") as tmp:
            files = generate_playbooks(Path(tmp) / "playbooks", args.passages, seed=run)
            kb = KnowledgeBase.open(load_settings({"data_dir": tmp}))
            start = time.perf_counter()
            report = kb.add(files, progress=False)
            elapsed = time.perf_counter() - start
            rates.append(report.chunks_added / elapsed)
            start = time.perf_counter()
            again = kb.add(files, progress=False)
            readd.append(time.perf_counter() - start)
            assert again.chunks_added == 0 and again.chunks_unchanged == report.chunks_added
            print(f"run {run + 1}: {report.chunks_added} passages in {elapsed:.1f} s "
                  f"({rates[-1]:.1f} passages/s); unchanged re-add {readd[-1] * 1000:.0f} ms")

    median_rate = statistics.median(rates)
    print(f"ingestion median {median_rate:.1f} passages/s over {args.runs} runs of {args.passages}; "
          f"re-adding unchanged files median {statistics.median(readd) * 1000:.0f} ms")
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"ingest-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({
        "benchmark": "ingest", "passages": args.passages, "runs": args.runs,
        "median_passages_per_s": round(median_rate, 1), "passages_per_s": [round(r, 1) for r in rates],
        "median_unchanged_readd_ms": round(statistics.median(readd) * 1000, 1),
        "embedder": "local:all-MiniLM-L6-v2", "python": platform.python_version(),
        "machine": platform.machine(), "cpus": os.cpu_count(),
    }, indent=2), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
