"""Web app figures: time from submitting a draft to the findings showing in the page, and server memory.

Starts ``python -m coach serve`` on a free 127.0.0.1 port (offline default, temporary data dir), drives
headless Chromium (Debian's /usr/bin/chromium) with Playwright, and for each run measures, inside the
page, the time from the Send click to the first rule-check message in the chat (``performance.now()``
on both ends, so browser start-up and page load are not counted). The first runs are warm-up.
Memory is the server's resident set size (``VmRSS``) after warm-up and after the measured runs.

    uv run python bench/bench_ui.py [--runs 15] [--warmup 3]

Prints a summary and writes ``bench/results/bench_ui.json``. Target: median under 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
TARGET_MS = 300.0

DRAFT = """Team: Growth
Period: Q3 2026

Objective 1: Make onboarding effortless so new customers reach value in their first week
- KR1: Launch the new onboarding flow
- KR2: Increase activation rate from 20% to 35%
- KR3: Improve NPS significantly

Objective 2: Grow revenue to $5M
- KR1: Hire 3 account executives
- KR2: Keep monthly churn below 2%
"""

_MEASURE_JS = """async () => {
    const chat = document.querySelector('#coach-chat');
    const before = chat.innerText.split('Rule check:').length;
    const seen = new Promise(resolve => {
        const observer = new MutationObserver(() => {
            if (chat.innerText.split('Rule check:').length > before) { observer.disconnect(); resolve(performance.now()); }
        });
        observer.observe(chat, {childList: true, subtree: true, characterData: true});
    });
    const start = performance.now();
    document.querySelector('#chat-send').click();
    const end = await seen;
    return end - start;
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmRSS not found")


def _start_server(tmp: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OKR_COACH_", "OPENAI_"))}
    env.update({"OKR_COACH_DATA_DIR": str(tmp / "data"), "XDG_DATA_HOME": str(tmp / "xdg"), "HF_HUB_OFFLINE": "1",
                "GRADIO_TEMP_DIR": str(tmp / "gradio")})
    proc = subprocess.Popen([sys.executable, "-m", "coach", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=(tmp / "server.log").open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError((tmp / "server.log").read_text()[-3000:])
        try:
            with urllib.request.urlopen(url, timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("server did not start in 120 s")


def run(runs: int, warmup: int) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="okr-bench-ui-") as tmp_name:
        proc, url = _start_server(Path(tmp_name))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"])
                timings: list[float] = []
                rss_after_warmup = None
                for i in range(warmup + runs):
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(url)
                    page.wait_for_selector("#chat-input textarea")
                    page.locator("#chat-input textarea").fill(DRAFT)
                    elapsed = page.evaluate(_MEASURE_JS)
                    # let the rewrites finish so runs do not overlap on the server
                    page.wait_for_function("() => document.querySelector('#coach-chat').innerText"
                                           ".includes('Tick the rewrites') || document.querySelector('#coach-chat')"
                                           ".innerText.includes('No rewrite to suggest')", timeout=120_000)
                    context.close()
                    if i < warmup:
                        if i == warmup - 1:
                            rss_after_warmup = _rss_mb(proc.pid)
                        continue
                    timings.append(elapsed)
                browser.close()
            rss_end = _rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    median = statistics.median(timings)
    return {
        "benchmark": "ui_findings_latency",
        "description": "Send click -> first rule-check message in the chat (in-page performance.now), offline default",
        "runs": runs, "warmup": warmup,
        "median_ms": round(median, 1), "min_ms": round(min(timings), 1), "max_ms": round(max(timings), 1),
        "p90_ms": round(sorted(timings)[max(0, int(len(timings) * 0.9) - 1)], 1),
        "target_ms": TARGET_MS, "median_over_target": round(median / TARGET_MS, 3),
        "server_rss_mb_after_warmup": round(rss_after_warmup or 0, 1), "server_rss_mb_end": round(rss_end, 1),
        "timings_ms": [round(t, 1) for t in timings],
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    result = run(args.runs, args.warmup)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "bench_ui.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"findings latency: median {result['median_ms']} ms (min {result['min_ms']}, p90 {result['p90_ms']}, "
          f"max {result['max_ms']}) over {args.runs} runs; target {TARGET_MS:.0f} ms "
          f"(ratio {result['median_over_target']})")
    print(f"server RSS: {result['server_rss_mb_after_warmup']} MB after warm-up, {result['server_rss_mb_end']} MB at end")
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
