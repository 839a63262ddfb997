"""Eval throughput: cases per second on the offline engine, and over the scripted OpenAI-compatible server
(fixed 50 ms per request) at concurrency 1 and 8; plus the cache figure (requests on a second, unchanged run)
and what the MiniLM intent measure costs compared with the lexical ``--fast`` one.

    uv run python bench/bench_evals.py [--repeats 3]

Prints a table and writes ``bench/results/bench_evals.json``. Medians over the repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from coach.config import Settings  # noqa: E402
from coach.evals.runner import RunConfig, run_eval  # noqa: E402
from tests.support.openai_server import ScriptedOpenAIServer  # noqa: E402

DELAY_S = 0.05
REWRITE = {"rewrites": [{
    "target": "O1.KR1", "kind": "key_result",
    "text": "Increase the share of customers who reach the intended result from [current %] to [target %] by [end of cycle]",
    "rationale": "Measures the result the work is meant to cause."}]}


def _cases(run: dict) -> int:
    return sum(len(s["cases"]) for s in run["suites"].values())


def offline(repeats: int) -> dict:
    times, cases = [], 0
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            run = run_eval(Settings(data_dir=Path(tmp)), RunConfig(suites=["critique", "rewrite", "checkin"],
                                                                   fast=True, progress=False))
            times.append(time.perf_counter() - started)
            cases = _cases(run)
    median = statistics.median(times)
    return {"cases": cases, "median_s": round(median, 3), "cases_per_s": round(cases / median, 1)}


def scripted(concurrency: int, repeats: int) -> dict:
    times, cases, requests, second_requests, hits = [], 0, 0, None, None
    for _ in range(repeats):
        with ScriptedOpenAIServer() as server, tempfile.TemporaryDirectory() as tmp:
            for _ in range(400):
                server.enqueue_json(REWRITE, delay=DELAY_S, usage=(900, 60))
            settings = Settings(data_dir=Path(tmp), llm={"base_url": server.base_url, "model": "scripted-model",
                                                          "api_key": "bench", "max_retries": 0, "timeout": 10})
            config = RunConfig(suites=["rewrite"], fast=True, progress=False, concurrency=concurrency)
            started = time.perf_counter()
            run = run_eval(settings, config)
            times.append(time.perf_counter() - started)
            cases, requests = _cases(run), len(server.chat_requests)
            again = run_eval(settings, config)
            second_requests = len(server.chat_requests) - requests
            hits = again["usage"]["cache_hits"]
    median = statistics.median(times)
    return {"concurrency": concurrency, "cases": cases, "requests": requests, "median_s": round(median, 3),
            "cases_per_s": round(cases / median, 1), "second_run_requests": second_requests,
            "second_run_cache_hits": hits}


def intent_measure_cost() -> dict:
    from coach.evals import metrics
    from coach.evals.datasets import load_cases
    from coach.knowledge.embeddings import LocalEmbedder

    cases = load_cases("rewrite")
    pairs = [(c.key_result, f"Increase {c.must_keep[0]} adoption from [current %] to [target %]") for c in cases]
    started = time.perf_counter()
    embedder = LocalEmbedder()
    embedder.embed_documents(["warm up"])
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    for a, b in pairs:
        embedder.embed_documents([a, b])
    embed_s = time.perf_counter() - started
    started = time.perf_counter()
    for a, b in pairs:
        metrics.lexical_similarity(a, b)
    lexical_s = time.perf_counter() - started
    return {"pairs": len(pairs), "minilm_load_s": round(load_s, 2), "minilm_pairs_s": round(embed_s, 3),
            "lexical_pairs_s": round(lexical_s, 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-minilm", action="store_true")
    args = parser.parse_args()
    result = {"offline": offline(args.repeats),
              "scripted": [scripted(c, args.repeats) for c in (1, 8)],
              "request_delay_s": DELAY_S, "repeats": args.repeats, "cpus": os.cpu_count()}
    if not args.skip_minilm:
        result["intent_measure"] = intent_measure_cost()
    one, eight = result["scripted"]
    result["speedup_8_vs_1"] = round(eight["cases_per_s"] / one["cases_per_s"], 2)
    off = result["offline"]
    print(f"offline engine (critique+rewrite+checkin, --fast): {off['cases']} cases in {off['median_s']} s "
          f"= {off['cases_per_s']} cases/s")
    for r in result["scripted"]:
        print(f"scripted server, {DELAY_S * 1000:.0f} ms/request, concurrency {r['concurrency']}: {r['cases']} cases, "
              f"{r['requests']} requests in {r['median_s']} s = {r['cases_per_s']} cases/s; second run: "
              f"{r['second_run_requests']} requests, {r['second_run_cache_hits']} cache hits")
    print(f"concurrency 8 vs 1: x{result['speedup_8_vs_1']}")
    if "intent_measure" in result:
        im = result["intent_measure"]
        print(f"intent measure over {im['pairs']} pairs: MiniLM load {im['minilm_load_s']} s + {im['minilm_pairs_s']} s; "
              f"lexical {im['lexical_pairs_s']} s")
    out = ROOT / "bench" / "results" / "bench_evals.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
