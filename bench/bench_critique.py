"""Figures for ``okr-coach critique``: LLM requests per critique, and offline latency.

    uv run python bench/bench_critique.py [--runs 15] [--drafts 30] [--with-kb]

1. Requests per critique on the LLM path, against the scripted OpenAI-compatible server from
   ``tests/support/openai_server.py`` (real HTTP, real client): the normal case (a good answer; target 1)
   and the send-back case (a rejected rewrite, then a good one; target 2).
2. Offline critique latency: the median wall time of ``critique_text`` with the template writer over the
   labelled drafts in ``evals/datasets/critique/cases.jsonl`` (without the knowledge base by default, so the
   figure measures rules + writer + verification; ``--with-kb`` adds retrieval from the real knowledge base).

Prints a summary and writes ``bench/results/critique.json``.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DRAFT = """Team: Growth
Period: Q3 2026

Objective: Make onboarding effortless so new customers reach value in their first week
- Increase activation from 20% to 35%
- Launch the new onboarding flow
"""
GOOD = "Increase onboarding completion rate from [current %] to [target %] by end of Q3 2026"
BAD = "Launch the new onboarding flow for every new account by end of Q3 2026"


class NoKnowledge:
    def search(self, query, k):
        return []


def _answer(text: str) -> dict:
    return {"rewrites": [{"target": "O1.KR2", "kind": "key_result", "text": text,
                          "rationale": "an outcome instead of the work", "moved_to_initiatives": "Launch the new onboarding flow"}]}


def requests_per_critique(data_dir: Path) -> dict:
    from coach.config import Settings
    from coach.critique import critique_text
    from tests.support.openai_server import ScriptedOpenAIServer

    out = {}
    with ScriptedOpenAIServer() as server:
        settings = Settings(data_dir=data_dir, llm={"base_url": server.base_url, "model": server.model,
                                                    "api_key": "bench", "timeout": 5})
        cases = {"normal": [GOOD], "send_back": [BAD, GOOD]}
        for name, answers in cases.items():
            before = len(server.chat_requests)
            for text in answers:
                server.enqueue_json(_answer(text))
            critique = critique_text(DRAFT, "bench.txt", settings, kb=NoKnowledge())
            out[name] = {"requests": critique.requests, "http_requests": len(server.chat_requests) - before,
                         "writer": critique.writer,
                         "verified": sum(s.verified for s in critique.suggestions if s.source == "llm")}
    return out


def offline_latency(data_dir: Path, runs: int, drafts: int, with_kb: bool) -> dict:
    from coach.config import Settings
    from coach.critique import critique_text
    from coach.errors import CoachError

    cases = [json.loads(line) for line in (ROOT / "evals/datasets/critique/cases.jsonl").read_text().splitlines()
             if line.strip()][:drafts]
    settings = Settings(data_dir=data_dir, offline=True)
    kb = None if with_kb else NoKnowledge()
    for case in cases[:3]:  # warm-up: imports, word lists, the lexicon (and the embedding model with --with-kb)
        try:
            critique_text(case["draft"], "bench.txt", settings, kb=kb)
        except CoachError:
            pass
    per_draft: list[float] = []
    suggestions = verified = 0
    for _ in range(runs):
        for case in cases:
            start = time.perf_counter()
            try:
                critique = critique_text(case["draft"], "bench.txt", settings, kb=kb)
            except CoachError:
                continue
            per_draft.append((time.perf_counter() - start) * 1000)
            suggestions += len(critique.suggestions)
            verified += sum(s.verified for s in critique.suggestions)
    return {"drafts": len(cases), "runs": runs, "median_ms": round(statistics.median(per_draft), 2),
            "p90_ms": round(statistics.quantiles(per_draft, n=10)[-1], 2), "with_knowledge_base": with_kb,
            "suggestions": suggestions, "verified_share": round(verified / suggestions, 3) if suggestions else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--drafts", type=int, default=30)
    parser.add_argument("--with-kb", action="store_true", help="retrieve citations from the real knowledge base")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with tempfile.TemporaryDirectory() as tmp:
        requests = requests_per_critique(Path(tmp) / "llm")
        latency = offline_latency(Path(tmp) / "offline", args.runs, args.drafts, args.with_kb)
    result = {"requests_per_critique": requests, "offline_latency": latency}
    print(f"LLM requests per critique: normal {requests['normal']['requests']} (target 1), "
          f"with send-back {requests['send_back']['requests']} (target 2)")
    print(f"offline critique latency: median {latency['median_ms']} ms, p90 {latency['p90_ms']} ms over "
          f"{latency['drafts']} drafts x {latency['runs']} runs (knowledge base: {latency['with_knowledge_base']}); "
          f"{latency['suggestions']} suggestions, verified share {latency['verified_share']}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    name = "critique_with_kb.json" if args.with_kb else "critique.json"
    (out / name).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
