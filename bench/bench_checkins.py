"""Benchmark check-ins: the deterministic narrative for 30 KRs x 12 weeks, and importing 10,000 rows.

    uv run python bench/bench_checkins.py [--repeat 30]

Prints medians and writes them as JSON to bench/results/checkins-<timestamp>.json.
* narrative: build the Facts, write the deterministic weekly narrative and run the faithfulness check
  (the whole offline path of ``okr-coach checkin narrate``), median over ``--repeat`` runs; target well
  under 100 ms.
* import: read, validate and store a 10,000-row CSV into a fresh SQLite store (one transaction), rows/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.checkins import service  # noqa: E402
from coach.checkins.facts import SetInput, build_facts  # noqa: E402
from coach.checkins.faithfulness import check_narrative  # noqa: E402
from coach.checkins.importer import read_checkin_file, validate  # noqa: E402
from coach.checkins.store import CheckInStore  # noqa: E402
from coach.checkins.synthetic import synthetic_checkins, synthetic_set  # noqa: E402
from coach.checkins.writers import write_narrative  # noqa: E402


def bench_narrative(repeat: int) -> dict:
    okrs = synthetic_set(30, seed=7)
    checkins = synthetic_checkins(okrs, 12, seed=7)
    as_of = dt.date(2026, 9, 22)
    facts_ms, write_ms, check_ms, total_ms = [], [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        facts = build_facts([SetInput("bench", okrs, checkins)], as_of=as_of, kind="weekly")
        t1 = time.perf_counter()
        draft = write_narrative(facts)
        t2 = time.perf_counter()
        violations = check_narrative(draft, facts)
        t3 = time.perf_counter()
        assert not violations, violations[:3]
        facts_ms.append((t1 - t0) * 1000)
        write_ms.append((t2 - t1) * 1000)
        check_ms.append((t3 - t2) * 1000)
        total_ms.append((t3 - t0) * 1000)
    return {"key_results": 30, "weeks": 12, "checkins": len(checkins), "repeat": repeat,
            "facts_ms_median": statistics.median(facts_ms), "write_ms_median": statistics.median(write_ms),
            "check_ms_median": statistics.median(check_ms), "total_ms_median": statistics.median(total_ms)}


def bench_import(rows: int, runs: int) -> dict:
    n_krs = max(rows // 50, 1)  # about 50 weekly check-ins per KR over a one-year cycle
    okrs = synthetic_set(n_krs, seed=3, starts=dt.date(2026, 1, 1), ends=dt.date(2026, 12, 31))
    checkins = synthetic_checkins(okrs, 56, seed=3)[:rows]
    text = service.history_csv(checkins)
    rate = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            store = CheckInStore(Path(tmp) / "checkins.sqlite3")
            store.add_set("bench", okrs)
            t0 = time.perf_counter()
            batch = validate(read_checkin_file(text, "bench.csv"), okrs)
            store.add_checkins("bench", batch.checkins, source="bench.csv", where=batch.where)
            elapsed = time.perf_counter() - t0
            store.close()
        rate.append(len(checkins) / elapsed)
    return {"rows": len(checkins), "runs": runs, "rows_per_s_median": statistics.median(rate),
            "seconds_median": len(checkins) / statistics.median(rate)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--import-runs", type=int, default=5)
    args = parser.parse_args()
    narrative = bench_narrative(args.repeat)
    imported = bench_import(args.rows, args.import_runs)
    print(f"narrative, 30 KRs x 12 weeks ({narrative['checkins']} check-ins): median "
          f"{narrative['total_ms_median']:.1f} ms (facts {narrative['facts_ms_median']:.1f}, write "
          f"{narrative['write_ms_median']:.1f}, faithfulness check {narrative['check_ms_median']:.1f})")
    print(f"import {imported['rows']:,} CSV rows: median {imported['rows_per_s_median']:,.0f} rows/s "
          f"({imported['seconds_median']:.2f} s)")
    result = {"bench": "checkins", "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "python": platform.python_version(), "machine": platform.machine(),
              "narrative": narrative, "import": imported}
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"checkins-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
