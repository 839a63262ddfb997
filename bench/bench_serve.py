"""Web app start-up: time to the first page, time until the knowledge base is warm, and server memory.

    uv run python bench/bench_serve.py [--runs 3]

Each run starts ``python -m coach serve`` on a free 127.0.0.1 port with a fresh data directory (so the
built-in notes are indexed from scratch, as on a first start), and measures from the spawn:

* first page: ``GET /`` answers 200 with the page;
* the server's CPU seconds (user + system) at both points, which a machine busy with other work
  distorts less than the wall-clock times;
* warm: the server prints ``okr-coach: Knowledge base ready.`` (notes indexed, model loaded, one search
  done); the resident set size (``VmRSS``) is read then.

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


def one_run(python: str, timeout: float = 600.0) -> dict:
    with tempfile.TemporaryDirectory(prefix="okr-bench-serve-") as tmp_name:
        tmp = Path(tmp_name)
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OKR_COACH_", "OPENAI_"))}
        env.update({"OKR_COACH_DATA_DIR": str(tmp / "data"), "XDG_DATA_HOME": str(tmp / "xdg"),
                    "GRADIO_TEMP_DIR": str(tmp / "gradio"), "PYTHONUNBUFFERED": "1"})
        log = tmp / "server.log"
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
    return {"first_page_s": round(first_page, 2), "knowledge_ready_s": round(warm, 2),
            "rss_mb_warm": round(rss_warm, 1), "cpu_s_at_first_page": round(cpu_first_page, 2),
            "cpu_s_at_ready": round(cpu_warm, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python", default=sys.executable, help="interpreter of the environment to measure")
    parser.add_argument("--label", default="", help="name of the environment, stored with the figures")
    args = parser.parse_args(argv)
    runs = []
    for number in range(args.runs):
        runs.append(one_run(args.python))
        print(f"run {number + 1}: {runs[-1]}")
    result = {
        "benchmark": "serve", "label": args.label, "runs": runs,
        "median_first_page_s": statistics.median(r["first_page_s"] for r in runs),
        "median_knowledge_ready_s": statistics.median(r["knowledge_ready_s"] for r in runs),
        "median_rss_mb_warm": statistics.median(r["rss_mb_warm"] for r in runs),
        "median_cpu_s_at_first_page": statistics.median(r["cpu_s_at_first_page"] for r in runs),
        "median_cpu_s_at_ready": statistics.median(r["cpu_s_at_ready"] for r in runs),
        "targets": {"first_page_s": FIRST_PAGE_TARGET_S, "rss_mb_warm": RSS_TARGET_MB},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "load_average": os.getloadavg()},
    }
    print(f"first page median {result['median_first_page_s']} s (target {FIRST_PAGE_TARGET_S} s); knowledge base "
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
