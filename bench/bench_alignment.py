"""Benchmark alignment: 50 sets and 1,000 key results checked as one run (every rule, then OKR4xx).

    uv run python bench/bench_alignment.py [--repeat 5] [--sets 50] [--krs-per-objective 5]

The generated run is a company set, 7 department sets under it and team sets under the departments, every
objective linked to a parent objective and some KRs to parent KRs, with dependencies between teams. Prints
the median seconds of `check_sources` (parse, rules, graph, alignment rules, summary), of the alignment
step alone, of the SVG map and of a cold `okr-coach check DIR --format sarif` process; writes the figures as JSON to bench/results/alignment-<timestamp>.json.
Target (issue 14): the whole run in under 2 s.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.alignment.service import check_reports, check_sources, read_linked  # noqa: E402
from coach.alignment.svg import render_svg  # noqa: E402
from coach.config import default_settings  # noqa: E402

METRICS = ["activation", "retention", "conversion", "page load time", "signups", "renewals", "NPS",
           "tickets resolved", "pipeline", "deploy frequency", "uptime", "referrals"]


def generate(n_sets: int, krs_per_objective: int, objectives_per_set: int = 4) -> list[tuple[str, str]]:
    """(text, name) of ``n_sets`` drafts with ``n_sets * objectives_per_set * krs_per_objective`` KRs."""
    out = []
    departments = max(1, (n_sets - 1) // 7)
    for i in range(n_sets):
        name = "company" if i == 0 else (f"dept-{i}" if i <= departments else f"team-{i}")
        parent = None if i == 0 else ("company" if i <= departments else f"dept-{1 + i % departments}")
        lines = [f"Team: {name.title()}", f"Set: {name}", "Period: Q3 2026"]
        if parent:
            lines.append(f"Parent set: {parent}")
        for o in range(1, objectives_per_set + 1):
            lines += ["", f"Objective {o}: Make {METRICS[(i + o) % len(METRICS)]} work for customers of "
                          f"unit {i} so the company grows"]
            if parent:
                lines.append(f"Supports: {parent} O{1 + (o + i) % objectives_per_set}")
            if i > departments and o == 1:
                lines.append(f"Depends on: team-{departments + 1 + (i + 1 - departments) % (n_sets - departments - 1 or 1)} O2.KR1")
            for k in range(1, krs_per_objective + 1):
                metric = METRICS[(i * 3 + o + k) % len(METRICS)]
                kr = f"- KR{k}: Increase {metric} of unit {i} line {o}.{k} from {10 + k}% to {40 + k}%"
                if parent and k == 1:
                    kr += f" (parent: {parent} O{1 + (o + i) % objectives_per_set}.KR1)"
                lines.append(kr)
        out.append(("\n".join(lines) + "\n", f"{name}.md"))
    return out


def _cold_cli(sources: list[tuple[str, str]], runs: int) -> float:
    """Median seconds of a fresh `python -m coach check DIR --format sarif` process (start-up included)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for text, name in sources:
            Path(tmp, name).write_text(text, encoding="utf-8")
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "coach", "check", tmp, "--format", "sarif"], cwd=ROOT,
                           stdout=subprocess.DEVNULL, check=False)
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sets", type=int, default=50)
    parser.add_argument("--krs-per-objective", type=int, default=5)
    args = parser.parse_args()
    sources = generate(args.sets, args.krs_per_objective)
    settings = default_settings()
    check_sources(sources[:2], settings)  # warm the word lists and profiles once, as a running process has
    whole, align, svg = [], [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        read = [read_linked(text, name, settings) for text, name in sources]
        mid = time.perf_counter()
        run = check_reports(read, settings)
        end = time.perf_counter()
        render_svg(run)
        svg.append(time.perf_counter() - end)
        whole.append(end - start)
        align.append(end - mid)
    cold = _cold_cli(sources, max(3, args.repeat // 2))
    n_krs = sum(len(o.key_results) for r in run.reports for o in r.okr_set.objectives)
    figures = {"sets": len(run.reports), "key_results": n_krs, "links": len(run.graph.edges),
               "findings": sum(1 for _ in run.findings), "health": run.summary.health,
               "median_run_s": round(statistics.median(whole), 3),
               "median_alignment_step_s": round(statistics.median(align), 4),
               "median_svg_s": round(statistics.median(svg), 4),
               "median_cold_cli_s": round(cold, 3), "target_s": 2.0,
               "python": platform.python_version(), "machine": platform.machine()}
    for key, value in figures.items():
        print(f"{key:>26}: {value}")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"alignment-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
