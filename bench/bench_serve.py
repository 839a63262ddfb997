"""Web app start-up: time to the first page, time until the knowledge base is warm, and server memory.

    uv run python bench/bench_serve.py [--runs 3]

Each run starts ``python -m coach serve`` on a free 127.0.0.1 port with a fresh data directory (so the
built-in notes are indexed from scratch, as on a first start), and measures from the spawn:

* first page: ``GET /`` answers 200 with the page;
* the server's CPU seconds (user + system) at both points, which a machine busy with other work
  distorts less than the wall-clock times;
* warm: the server prints ``okr-coach: Knowledge base ready.`` (notes indexed, model loaded, one search
  done); the resident set size (``VmRSS``) is read then.

Python's bytecode cache decides much of the first page, so ``--bytecode`` says which start is measured:

* ``cached`` (default): every start after the first one on a normal machine, or after an install that
  compiles (pip does; ``uv sync --compile-bytecode`` does). The server may write ``__pycache__`` (even
  where ``PYTHONDONTWRITEBYTECODE`` is set for this shell), and one untimed start runs first to fill it.
* ``none``: the very first start after a plain ``uv sync`` (uv does not compile by default): every module
  is compiled from source, into an empty ``PYTHONPYCACHEPREFIX`` per run, so nothing is reused.

It also times ``import gradio`` alone (a fresh interpreter each time, median of ``--import-runs``), plain
and as the app imports it (:func:`coach.ui.gradio_loader.import_gradio`), in the same bytecode mode: the
part of the first page that is Gradio's own.

Prints medians against the targets (first page 3 s, warm RSS 450 MB) and writes
``bench/results/serve-<timestamp>.json``.
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
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ui import _free_port, _rss_mb  # noqa: E402  (the same probes the UI bench uses)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
FIRST_PAGE_TARGET_S = 3.0
RSS_TARGET_MB = 450.0
READY = "okr-coach: Knowledge base ready."


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of the process so far: a figure a loaded machine distorts less than wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _bytecode_env(env: dict[str, str], bytecode: str, tmp: Path) -> dict[str, str]:
    """``env`` set up for the bytecode mode (see the module docstring)."""
    env = {k: v for k, v in env.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    if bytecode == "none":
        env.update({"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(tmp / "no-pycache")})
    return env


IMPORT_GRADIO = {
    "plain": "import gradio",
    "as the app does": "from coach.ui.gradio_loader import import_gradio; import_gradio()",
}


def import_times(python: str, bytecode: str, runs: int) -> dict:
    """Wall and CPU seconds of ``import gradio`` in a fresh interpreter (median of ``runs``), per way."""
    probe = ("import resource, time; t = time.perf_counter(); {stmt}; r = resource.getrusage(resource.RUSAGE_SELF);"
             " print(time.perf_counter() - t, r.ru_utime + r.ru_stime)")
    out = {}
    for way, stmt in IMPORT_GRADIO.items():
        walls, cpus = [], []
        for _ in range(runs):
            with tempfile.TemporaryDirectory(prefix="okr-bench-import-") as tmp_name:
                env = _bytecode_env(dict(os.environ), bytecode, Path(tmp_name))
                line = subprocess.run([python, "-c", probe.format(stmt=stmt)], cwd=ROOT, env=env, check=True,
                                      capture_output=True, text=True).stdout.split()
            walls.append(float(line[0]))
            cpus.append(float(line[1]))
        out[way] = {"median_wall_s": round(statistics.median(walls), 2), "median_cpu_s": round(statistics.median(cpus), 2),
                    "wall_s": [round(w, 2) for w in walls]}
    return out


def one_run(python: str, bytecode: str = "cached", timeout: float = 600.0) -> dict:
    with tempfile.TemporaryDirectory(prefix="okr-bench-serve-") as tmp_name:
        tmp = Path(tmp_name)
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OKR_COACH_", "OPENAI_"))}
        env.update({"OKR_COACH_DATA_DIR": str(tmp / "data"), "XDG_DATA_HOME": str(tmp / "xdg"),
                    "GRADIO_TEMP_DIR": str(tmp / "gradio"), "PYTHONUNBUFFERED": "1"})
        env = _bytecode_env(env, bytecode, tmp)
        log = tmp / "server.log"
        load_at_start = os.getloadavg()[0]
        start = time.perf_counter()
        proc = subprocess.Popen([python, "-m", "coach", "serve", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=log.open("w"), stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/"
        first_page = warm = None
        try:
            deadline = start + timeout
            while first_page is None and time.perf_counter() < deadline:
                if proc.poll() is not None:
                    raise RuntimeError(log.read_text()[-3000:])
                try:
                    with urllib.request.urlopen(url, timeout=5) as response:
                        if response.status == 200 and b"gradio" in response.read().lower():
                            first_page = time.perf_counter() - start
                            cpu_first_page = _cpu_s(proc.pid)
                except OSError:
                    time.sleep(0.05)
            while warm is None and time.perf_counter() < deadline:
                if proc.poll() is not None:
                    raise RuntimeError(log.read_text()[-3000:])
                if READY in log.read_text(errors="replace"):
                    warm = time.perf_counter() - start
                else:
                    time.sleep(0.05)
            if first_page is None or warm is None:
                raise RuntimeError(f"no first page or no ready announcement in {timeout:.0f} s")
            rss_warm, cpu_warm = _rss_mb(proc.pid), _cpu_s(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return {"load_1min_at_start": round(load_at_start, 2), "first_page_s": round(first_page, 2), "knowledge_ready_s": round(warm, 2),
            "rss_mb_warm": round(rss_warm, 1), "cpu_s_at_first_page": round(cpu_first_page, 2),
            "cpu_s_at_ready": round(cpu_warm, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python", default=sys.executable, help="interpreter of the environment to measure")
    parser.add_argument("--label", default="", help="name of the environment, stored with the figures")
    parser.add_argument("--bytecode", choices=["cached", "none"], default="cached",
                        help="measure starts with Python's bytecode cache filled (default) or with none at all")
    parser.add_argument("--import-runs", type=int, default=5, help="fresh interpreters timing 'import gradio'")
    args = parser.parse_args(argv)
    if args.bytecode == "cached":
        print("untimed start to fill the bytecode cache ...", flush=True)
        one_run(args.python, "cached")
    imports = import_times(args.python, args.bytecode, args.import_runs) if args.import_runs else {}
    for way, figures in imports.items():
        print(f"import gradio ({way}): median {figures['median_wall_s']} s wall, {figures['median_cpu_s']} s CPU "
              f"(runs {figures['wall_s']})")
    runs = []
    for number in range(args.runs):
        runs.append(one_run(args.python, args.bytecode))
        print(f"run {number + 1}: {runs[-1]}", flush=True)
    result = {
        "benchmark": "serve", "label": args.label, "bytecode": args.bytecode, "import_gradio": imports, "runs": runs,
        "median_first_page_s": statistics.median(r["first_page_s"] for r in runs),
        "median_knowledge_ready_s": statistics.median(r["knowledge_ready_s"] for r in runs),
        "median_rss_mb_warm": statistics.median(r["rss_mb_warm"] for r in runs),
        "median_cpu_s_at_first_page": statistics.median(r["cpu_s_at_first_page"] for r in runs),
        "median_cpu_s_at_ready": statistics.median(r["cpu_s_at_ready"] for r in runs),
        "targets": {"first_page_s": FIRST_PAGE_TARGET_S, "rss_mb_warm": RSS_TARGET_MB},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "load_average": os.getloadavg()},
    }
    print(f"bytecode {args.bytecode}: first page median {result['median_first_page_s']} s (target {FIRST_PAGE_TARGET_S} s); knowledge base "
          f"ready median {result['median_knowledge_ready_s']} s; warm RSS median {result['median_rss_mb_warm']} MB "
          f"(target {RSS_TARGET_MB:.0f} MB); server CPU seconds at first page {result['median_cpu_s_at_first_page']}, "
          f"at ready {result['median_cpu_s_at_ready']}; load average {os.getloadavg()[0]:.1f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"serve-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
