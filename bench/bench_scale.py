"""Benchmark the knowledge base at team scale: ingest and search at 1k, 10k and 100k passages.

    uv run python bench/bench_scale.py [--sizes 1000 10000 100000] [--queries 200] [--server]

Each size gets a fresh store filled with generated playbooks (one passage per section, 500 sections per
file, added in groups under the per-add bound). The deterministic hash embedder stands in for MiniLM so
the figures measure the store and the ranking, not the model (MiniLM embeds ~100 passages/s on two cores;
bench_ingest.py times it). Reported per size: ingest passages/s, the first search of a fresh process
(which loads the lexical index), and search p50/p95 over ``--queries`` warm searches.

``--server`` repeats every size against a ``chroma run`` server that this script starts on 127.0.0.1
with its own temporary folder and stops afterwards. Prints a table and writes bench/results/scale-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_retrieval import generate_playbooks, percentile, queries  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ChromaServer:
    """``chroma run`` on 127.0.0.1 with a private folder; ready once its heartbeat answers."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
        if chroma is None:
            raise SystemExit("the chroma command is not installed in this environment")
        self.log = open(folder / "chroma.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([chroma, "run", "--path", str(folder / "chroma"), "--host", "127.0.0.1",
                                      "--port", str(self.port)], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise SystemExit(f"chroma run exited with {self.proc.returncode}; see {folder / 'chroma.log'}")
                time.sleep(0.2)
        self.stop()
        raise SystemExit("chroma run did not answer within 60 s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def measure(size: int, n_queries: int, k: int, tmp: Path, chroma_url: str | None) -> dict:
    from coach.config import load_settings
    from coach.knowledge import KnowledgeBase, base
    from coach.knowledge.embeddings import HashEmbedder

    overrides = {"data_dir": str(tmp / "data")}
    if chroma_url:
        overrides["chroma_url"] = chroma_url
    settings = load_settings(overrides)
    files = generate_playbooks(tmp / "playbooks", size, seed=size, per_file=500)
    group = max(1, base.MAX_PASSAGES_PER_ADD // 500)
    kb = KnowledgeBase.open(settings, embedder=HashEmbedder())
    kb.ensure_builtin()
    start = time.perf_counter()
    added = 0
    for first in range(0, len(files), group):
        added += kb.add(files[first:first + group], progress=False).chunks_added
    ingest = time.perf_counter() - start
    fresh = KnowledgeBase.open(settings, embedder=HashEmbedder())  # a new process's first search
    fresh._builtin_checked = True  # the built-in notes are already indexed; time the search alone
    asked = queries(n_queries + 1)
    start = time.perf_counter()
    fresh.search(asked[0], k)
    first = time.perf_counter() - start
    times = []
    for question in asked[1:]:
        start = time.perf_counter()
        fresh.search(question, k)
        times.append(time.perf_counter() - start)
    return {"passages": added, "ingest_s": round(ingest, 2), "ingest_per_s": round(added / ingest, 1),
            "first_search_ms": round(first * 1000, 1),
            "search_p50_ms": round(percentile(times, 0.5) * 1000, 2),
            "search_p95_ms": round(percentile(times, 0.95) * 1000, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--server", action="store_true", help="also measure against a local `chroma run` server")
    parser.add_argument("--server-only", action="store_true", help="measure only against the server")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    modes = (["server"] if args.server_only else ["local"] + (["server"] if args.server else []))
    rows = []
    for mode in modes:
        for size in args.sizes:
            with tempfile.TemporaryDirectory(prefix="okr-bench-scale-") as name:
                tmp = Path(name)
                server = ChromaServer(tmp) if mode == "server" else None
                try:
                    row = {"store": mode, **measure(size, args.queries, args.k, tmp, server.url if server else None)}
                finally:
                    if server:
                        server.stop()
            rows.append(row)
            print(f"{mode:>6} {row['passages']:>7} passages: ingest {row['ingest_per_s']:>7.1f}/s "
                  f"({row['ingest_s']} s); first search {row['first_search_ms']} ms; "
                  f"search p50 {row['search_p50_ms']} ms, p95 {row['search_p95_ms']} ms", flush=True)
    out = ROOT / "bench" / "results" / f"scale-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"python": platform.python_version(), "machine": platform.machine(),
                               "queries": args.queries, "k": args.k, "rows": rows}, indent=2), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
