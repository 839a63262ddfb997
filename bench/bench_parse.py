"""Figures for the draft parser: how long a paste takes to read, cached and uncached.

    uv run python bench/bench_parse.py [--runs 300] [--big-runs 5]

1. A 3-objective, 9-KR draft, parsed with the measure cache warm ("cached": the web app re-reads the
   same draft on every edit) and with the cache cleared before every run ("all-new KR texts").
2. The cost of reading one new key result: ``extract_measure`` on the 9 KRs above plus 40 varied KR
   phrasings from the tests, cache cleared each time, divided per key result.
3. A draft just under the 1 MB limit (``MAX_DRAFT_CHARS``): the 9-KR draft repeated, two KRs of each copy
   numbered so they are new texts; measure cache cleared before each run.

Prints median and p95 in milliseconds (microseconds per KR) and writes ``bench/results/parse.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DRAFT_9_KRS = """# Growth team OKRs — Q3 2026

## Objective 1: Make onboarding effortless so new teams reach value in week one (owner: Ana)
- KR1: Increase onboarding completion rate from 42% to 75% by the end of Q3
- KR2: Cut time to first project from 3 days to 4 hours — @bruno
- KR3: Raise week-one activation to 48% (currently 32%)

## Objective 2: Grow self-serve revenue
- KR1: Grow MRR from €40k to €55k
- KR2: Raise trial-to-paid conversion by 25%
- KR3: Reach at least 120 paying agencies

## Objective 3: Make support effortless
- KR1: Resolve 90% of tickets within 2 days
- KR2: Reduce p95 page load time from 3.2 seconds to under 1.5 seconds
- KR3: Keep CSAT at or above 4.5/5 while halving the support backlog
"""

MORE_KRS = [
    "Grow ARR from €4M to €5.2M", "Grow revenue from $1.2m to $2bn by EOY",
    "Increase average deal size from £18k to £25K in Q3 2026", "Raise net revenue retention 2.0x to 3.0x",
    "Reduce time to first response from 3 days to 4 hours by 30 June", "Achieve a CSAT of 8.5 or higher",
    "Onboard at least 120 new partners", "No more than 5 P1 incidents per quarter",
    "Cut p95 page load time to under 2 seconds", "Increase trial-to-paid conversion by 25%",
    "Lift NPS by 10 points", "Double weekly active teams", "Halve the number of support tickets per customer",
    "Triple qualified pipeline in Q2", "Grow MAU 12,000 -> 18,000", "Increase activation to 48% (from 32%)",
    "Increase activation to 48%, up from 32%", "Raise activation to 48% (baseline: 32%)", "NPS 31 → 45",
    "KR 1.2: Reach 10,000 paying customers by 2026-09-30", "Maintain 99.9% uptime for the checkout API",
    "Keep monthly churn below 2%", "Sustain eNPS above 40", "Improve p95 latency from 800ms to 300ms",
    "Reduce churn 5% to 3% this quarter", "Bring down cost per lead from $85 to $60",
    "Reduce MTTR from 4h to 45 min", "Cut onboarding time 2x within 90 days", "Reduce P1 incidents to zero",
    "120+ enterprise customers by end of H2", "Weekly active users grow from 1,200 to 2,000",
    "Get to 500 weekly active teams", "CSAT ≥ 4.5/5", "Increase sign-ups by 2000 users",
    "Activation 32% today, 48% by Q3", "Decrease refund rate from 6.5 % to 4 %",
    "Hit 1.5M monthly visits in H2 2026", "Reduce support tickets 30% (from 1,400/month)",
    "Raise the share of dashboards refreshed within 15 minutes from 62% to 95%",
    "Train 100% of floor staff on the new lifting guidelines",
]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _summary(samples: list[float], scale: float = 1_000.0) -> dict:
    """Median and p95 of ``samples`` (seconds), in milliseconds by default."""
    return {"median": round(statistics.median(samples) * scale, 3), "p95": round(_percentile(samples, 0.95) * scale, 3),
            "runs": len(samples)}


def _time(call, runs: int, before=None) -> list[float]:
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def _big_draft(limit: int) -> str:
    """The 9-KR draft repeated up to ``limit`` characters; two KRs of each block carry its number, so a
    share of the key results are new texts (not served by the measure cache)."""
    block = DRAFT_9_KRS.split("\n", 2)[2] + "\n"
    parts, size, number = ["# Big OKRs — Q3 2026\n\n"], 0, 0
    while True:
        number += 1
        part = block.replace("€40k", f"€{number}k").replace("120 paying", f"{number} paying")
        if size + len(part) > limit - 40:
            break
        parts.append(part)
        size += len(part)
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="runs of the 9-KR draft (default 300)")
    parser.add_argument("--big-runs", type=int, default=5, help="runs of the 1 MB draft (default 5)")
    args = parser.parse_args(argv)

    from coach.parse import MAX_DRAFT_CHARS, extract_measure, parse_draft
    from coach.parse.measure import _extract_cached

    clear = _extract_cached.cache_clear
    draft = lambda: parse_draft(DRAFT_9_KRS, source="bench.md")  # noqa: E731
    okr_set = draft()
    assert sum(len(o.key_results) for o in okr_set.objectives) == 9, "the bench draft must have 9 KRs"
    krs = [kr.text for _, kr in okr_set.iter_key_results()] + MORE_KRS

    gc.disable()  # collector pauses are noise at this scale
    try:
        for _ in range(20):  # warm up imports and the regex cache
            clear()
            draft()
        cached = _time(draft, args.runs)
        uncached = _time(draft, args.runs, before=clear)
        per_kr = []
        for _ in range(max(20, args.runs // 10)):
            clear()
            start = time.perf_counter()
            for text in krs:
                extract_measure(text)
            per_kr.append((time.perf_counter() - start) / len(krs))
    finally:
        gc.enable()

    big_text = _big_draft(MAX_DRAFT_CHARS)
    big = _time(lambda: parse_draft(big_text, source="big.md"), args.big_runs, before=clear)

    results = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "draft_9_krs_cached_ms": _summary(cached),
        "draft_9_krs_all_new_ms": _summary(uncached),
        "new_kr_us": _summary(per_kr, scale=1_000_000.0) | {"krs_per_run": len(krs)},
        "draft_1mb_ms": _summary(big) | {"chars": len(big_text), "key_results": big_text.count("\n- KR")},
    }
    print(f"9-KR draft, cached      : median {results['draft_9_krs_cached_ms']['median']:8.3f} ms   "
          f"p95 {results['draft_9_krs_cached_ms']['p95']:8.3f} ms")
    print(f"9-KR draft, all-new KRs : median {results['draft_9_krs_all_new_ms']['median']:8.3f} ms   "
          f"p95 {results['draft_9_krs_all_new_ms']['p95']:8.3f} ms")
    print(f"one new KR ({len(krs)} texts)  : median {results['new_kr_us']['median']:8.1f} µs   "
          f"p95 {results['new_kr_us']['p95']:8.1f} µs")
    print(f"1 MB draft ({results['draft_1mb_ms']['key_results']:,} KRs): median {results['draft_1mb_ms']['median']:8.1f} ms   "
          f"p95 {results['draft_1mb_ms']['p95']:8.1f} ms")
    out = ROOT / "bench" / "results" / "parse.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
