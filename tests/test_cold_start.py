"""`okr-coach check` starts cold without importing any heavy engine (torch, chromadb, langchain, gradio...)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "sentence_transformers", "chromadb", "langchain", "langchain_core", "langchain_openai",
         "gradio", "matplotlib", "openai", "transformers")

_PROBE = """
import json, sys
from coach.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _run_check(args):
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    return proc, json.loads(proc.stderr.strip().splitlines()[-1])


def test_check_imports_nothing_heavy(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("Q3 2026\nObjective: Make help effortless so customers stay\n"
                     "- Reduce first response time from 9 hours to 2 hours\n- Launch a chatbot\n", encoding="utf-8")
    for fmt in ("text", "json", "markdown"):
        proc, result = _run_check(["check", str(draft), "--format", fmt])
        assert result["code"] == 1, proc.stdout
        loaded = {m.split(".")[0] for m in result["modules"]}
        assert not loaded & set(HEAVY), f"check --format {fmt} imported {sorted(loaded & set(HEAVY))}"


def test_rules_command_imports_nothing_heavy():
    _, result = _run_check(["rules"])
    assert result["code"] == 0
    assert not {m.split(".")[0] for m in result["modules"]} & set(HEAVY)
