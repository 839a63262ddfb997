"""Benchmark the chat's streaming of a long draft: updates sent, bytes sent, time to findings and to done.

    uv run python bench/bench_chat_stream.py [--chars 20000] [--runs 1]

Runs the chat callback (``coach.ui.chat.respond``, offline writer) on a generated draft of ``--chars``
characters, once sending every step (as before issue 13) and once through ``coalesce`` (what the app
sends). Bytes are what Gradio would put on the wire: the JSON of its diff between consecutive chat
values (``gradio.utils.diff``, the same function its streaming uses). Prints medians and writes
bench/results/chat-stream-<timestamp>.json. The knowledge base is built and its model loaded before
the timings, as in a running server.
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


def long_draft(chars: int) -> str:
    lines, n = ["Period: Q3 2026", ""], 0
    while sum(len(line) + 1 for line in lines) < chars - 200:
        if n % 8 == 0:
            lines += ["", f"Objective {n // 8 + 1}: Make onboarding effortless for segment {n // 8 + 1} so new "
                          "customers reach value fast"]
        lines.append(f"- KR{n % 8 + 1}: Launch the new onboarding checklist and improve the activation "
                     f"experience for cohort {n} teams")
        n += 1
    return "\n".join(lines)


def measure(text: str, settings, *, coalesced: bool) -> dict:
    from gradio.utils import diff

    from coach.ui.chat import ChatSession, coalesce, respond

    started, cpu = time.perf_counter(), time.process_time()
    steps = respond(text, "draft", "default", [], ChatSession(), settings)
    stream = coalesce(steps) if coalesced else steps
    first = None
    previous = None
    updates = sent = 0
    for view in stream:
        now = time.perf_counter() - started
        first = first if first is not None else now
        payload = view.history if previous is None else diff(previous, view.history)
        sent += len(json.dumps(payload))
        previous = [dict(m) for m in view.history]
        updates += 1
    return {"coalesced": coalesced, "updates": updates, "bytes_sent": sent, "findings_s": round(first or 0, 2),
            "done_s": round(time.perf_counter() - started, 2), "cpu_s": round(time.process_time() - cpu, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from coach.check import check_text
    from coach.config import Settings

    text = long_draft(args.chars)
    rows = []
    with tempfile.TemporaryDirectory(prefix="okr-bench-chat-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", offline=True)
        check_text(text, "<warm-up>", settings)  # word lists and profiles load outside the timings
        from coach.critique import _open_knowledge_base

        kb = _open_knowledge_base(settings, [])  # a running server has its index built and its model loaded
        if kb is not None:
            kb.search("warm-up", 3)
        for coalesced in (False, True):
            runs = [measure(text, settings, coalesced=coalesced) for _ in range(args.runs)]
            row = {"coalesced": coalesced, **{key: statistics.median([r[key] for r in runs])
                                              for key in ("updates", "bytes_sent", "findings_s", "done_s", "cpu_s")}}
            rows.append(row)
            print(f"{'coalesced' if coalesced else 'every step':>10}: {row['updates']} updates, "
                  f"{row['bytes_sent'] / 1e6:.2f} MB of diffs; findings after {row['findings_s']} s, "
                  f"done after {row['done_s']} s ({row['cpu_s']} s of CPU)", flush=True)
    out = ROOT / "bench" / "results" / f"chat-stream-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"chars": len(text), "rows": rows}, indent=2), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
