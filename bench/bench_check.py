"""Benchmark the rule-checker: rules only, parse + rules, and a cold `okr-coach check` vs `import pydantic`.

    uv run python bench/bench_check.py [--repeat 2000] [--cold-runs 11]

Prints medians (microseconds per 3-objective, 9-key-result draft), drafts per second, and the cold-start
ratio; writes the same figures as JSON to bench/results/check-<timestamp>.json (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.check import check_okr_set, check_text  # noqa: E402
from coach.config import Settings  # noqa: E402
from coach.parse import parse_draft  # noqa: E402
from coach.rules import check_set, load_profile  # noqa: E402
from coach.rules.analysis import _analyse_key_result, analyse_objective  # noqa: E402
from coach.rules.key_results.duplicate import signature  # noqa: E402
from coach.parse.measure import _extract_cached  # noqa: E402
from coach.reading import read, words_of  # noqa: E402
from coach.rules.lexicon import _word_spans, _words  # noqa: E402

#: Every cache keyed by a line's text: cleared before each timed call, so every draft counts as new. The
#: per-word table (coach.reading.words.word_class) stays warm, as it does in any process after one check.
PER_TEXT_CACHES = (_analyse_key_result, analyse_objective, signature, _words, _word_spans, words_of, read,
                   _extract_cached)

DRAFT = """Growth team — Q3 2026

Objective 1: Make onboarding effortless so new customers reach value in their first week
- Increase onboarding completion rate from 42% to 75%
- Launch the new setup wizard
- Reduce median time to first value from 9 days to 3 days

Objective 2: Grow revenue to €1.5M ARR
- Raise trial-to-paid conversion by 25%
- Keep monthly logo churn below 3%
- Improve customer happiness significantly

Objective 3: Leverage synergies across our marketing channels
- Post on LinkedIn 3 times a week
- Increase branded search volume from 12k to 18k per month
- Improve brand awareness
"""


def _median_us(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1000


ONE_MODEL = "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM(x=1)"


def _cold(cmd: list[str], runs: int, env: dict | None = None) -> float:
    return _interleaved({"cmd": (cmd, env)}, runs)["cmd"]


#: CPU seconds (user + system) of the last :func:`_interleaved` call's commands, by name: on a shared machine
#: wall time includes waiting for a core, CPU time much less so.
CPU: dict[str, float] = {}


def _interleaved(commands: dict[str, tuple[list[str], dict | None]], runs: int) -> dict[str, float]:
    """Median wall time of each command, run in turn (A B A B ...) so a noisy spell hits both sides."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (cmd, env) in commands.items():
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            if hasattr(os, "wait4"):
                _, _, usage = os.wait4(proc.pid, 0)
                proc.returncode = 0  # reaped by wait4
                cpu[name].append(usage.ru_utime + usage.ru_stime)
            else:  # pragma: no cover - not POSIX: wall time only
                proc.wait()
                cpu[name].append(float("nan"))
            samples[name].append(time.perf_counter() - start)
    CPU.clear()
    CPU.update({name: statistics.median(values) for name, values in cpu.items()})
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--cold-runs", type=int, default=11)
    args = parser.parse_args(argv)

    okr_set = parse_draft(DRAFT)
    assert sum(len(o.key_results) for o in okr_set.objectives) == 9
    profile = load_profile("default")
    settings = Settings()
    check_text(DRAFT, settings=settings)  # warm: word lists, lexicon, regexes

    rules_us = _median_us(lambda: check_set(okr_set, profile), args.repeat)

    def clear() -> None:
        for cache in PER_TEXT_CACHES:
            cache.cache_clear()

    def uncached() -> None:  # as if every draft were new: no analysis cached from the previous run
        clear()
        check_set(okr_set, profile)

    def fresh_full() -> None:  # parse + rules with no per-text cache
        clear()
        check_text(DRAFT, settings=settings)

    uncached_us = _median_us(uncached, args.repeat)
    report_us = _median_us(lambda: check_okr_set(okr_set, settings), args.repeat)
    fresh_us = _median_us(fresh_full, args.repeat)
    full_us = _median_us(lambda: check_text(DRAFT, settings=settings), args.repeat)

    draft_dir = tempfile.TemporaryDirectory()  # per run: two benches at once must not share the file
    draft_path = Path(draft_dir.name) / "draft.md"
    draft_path.write_text(DRAFT, encoding="utf-8")
    cli = [sys.executable, "-m", "coach", "check", str(draft_path)]  # coach.cli:entry, as the okr-coach script
    pydantic = [sys.executable, "-c", "import pydantic"]
    # As installed: compiled bytecode (pip writes .pyc files at install; this machine sets
    # PYTHONDONTWRITEBYTECODE, so the bench keeps its own bytecode in a temporary folder) and the regex
    # cache a first `okr-coach` run writes (coach/regex_cache.py), in a temporary cache home.
    with tempfile.TemporaryDirectory() as pyc, tempfile.TemporaryDirectory() as cache_home:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "OKR_COACH_REGEX_CACHE")}
        env.update(PYTHONPYCACHEPREFIX=pyc, XDG_CACHE_HOME=cache_home)
        probe = subprocess.run(cli, cwd=ROOT, capture_output=True, text=True, check=False, env=env)
        if probe.returncode not in (0, 1):
            raise SystemExit(f"okr-coach check failed (exit {probe.returncode}): {probe.stderr}")
        _cold(pydantic, 1, env)
        # Context for the ratio: `import pydantic` is lazy (pydantic 2.x loads BaseModel's machinery on
        # first use), so any program that defines and validates one model already pays this much.
        timed = _interleaved({"pydantic": (pydantic, env), "cli": (cli, env),
                              "one_model": ([sys.executable, "-c", ONE_MODEL], env)}, args.cold_runs)
        pydantic_s, cli_s, one_model_s = timed["pydantic"], timed["cli"], timed["one_model"]
        pydantic_cpu, cli_cpu = CPU["pydantic"], CPU["cli"]
        # The very first run on a machine: no regex cache yet (each run starts from an empty cache home).
        first_runs = []
        for _ in range(args.cold_runs):
            with tempfile.TemporaryDirectory() as empty:
                first_runs.append(_cold(cli, 1, {**env, "XDG_CACHE_HOME": empty}))
        first_s = statistics.median(first_runs)
        # From source: no bytecode for pydantic or for us, as this machine runs by default.
        src_env = {k: v for k, v in env.items() if k != "PYTHONPYCACHEPREFIX"}
        src_env["PYTHONDONTWRITEBYTECODE"] = "1"
        timed = _interleaved({"pydantic": (pydantic, src_env), "cli": (cli, src_env)}, args.cold_runs)
        pydantic_src_s, cli_src_s = timed["pydantic"], timed["cli"]
    draft_dir.cleanup()

    result = {
        "draft": "3 objectives, 9 key results",
        "repeat": args.repeat,
        "rules_only_median_us": round(rules_us, 1),
        "rules_only_uncached_median_us": round(uncached_us, 1),
        "check_okr_set_median_us": round(report_us, 1),
        "parse_and_rules_median_us": round(full_us, 1),
        "parse_and_rules_no_text_cache_median_us": round(fresh_us, 1),
        "rules_only_drafts_per_second": round(1e6 / rules_us),
        "parse_and_rules_drafts_per_second": round(1e6 / full_us),
        "cold_cli_check_median_s": round(cli_s, 3),
        "cold_import_pydantic_median_s": round(pydantic_s, 3),
        "cold_ratio": round(cli_s / pydantic_s, 2),
        "cold_cli_check_cpu_median_s": round(cli_cpu, 3),
        "cold_import_pydantic_cpu_median_s": round(pydantic_cpu, 3),
        "cold_cpu_ratio": round(cli_cpu / pydantic_cpu, 2),
        "cold_one_pydantic_model_median_s": round(one_model_s, 3),
        "cold_one_pydantic_model_ratio": round(one_model_s / pydantic_s, 2),
        "cold_first_run_median_s": round(first_s, 3),
        "cold_first_run_ratio": round(first_s / pydantic_s, 2),
        "cold_cli_check_from_source_median_s": round(cli_src_s, 3),
        "cold_import_pydantic_from_source_median_s": round(pydantic_src_s, 3),
        "cold_ratio_from_source": round(cli_src_s / pydantic_src_s, 2),
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(f"rules only (warm): median {rules_us:8.1f} us/draft  ({result['rules_only_drafts_per_second']:,} drafts/s)")
    print(f"rules only, no analysis cache: median {uncached_us:8.1f} us/draft  ({round(1e6 / uncached_us):,} drafts/s)")
    print(f"rules + scores:    median {report_us:8.1f} us/draft")
    print(f"parse + rules:     median {full_us:8.1f} us/draft  ({result['parse_and_rules_drafts_per_second']:,} drafts/s)")
    print(f"parse + rules, no per-text cache: median {fresh_us:8.1f} us/draft  (target <= 1000)")
    print(f"cold `okr-coach check` (installed: bytecode, regex cache): median {cli_s * 1000:.0f} ms "
          f"vs `import pydantic` {pydantic_s * 1000:.0f} ms -> ratio {result['cold_ratio']:.2f} (target < 3)")
    print(f"  CPU time (user + system, less sensitive to a busy machine): {cli_cpu * 1000:.0f} ms vs "
          f"{pydantic_cpu * 1000:.0f} ms -> ratio {result['cold_cpu_ratio']:.2f}; load average "
          f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "")
    print(f"  context: a script that defines and validates one pydantic model: {one_model_s * 1000:.0f} ms "
          f"-> ratio {result['cold_one_pydantic_model_ratio']:.2f}")
    print(f"  first run on a machine (no regex cache yet): {first_s * 1000:.0f} ms "
          f"-> ratio {result['cold_first_run_ratio']:.2f}")
    print(f"  from source (no bytecode anywhere): {cli_src_s * 1000:.0f} ms vs {pydantic_src_s * 1000:.0f} ms "
          f"-> ratio {result['cold_ratio_from_source']:.2f}")
    out = ROOT / "bench" / "results" / f"check-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)  # gitignored, so absent in a fresh clone
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
