"""`okr-coach check` starts cold without importing any heavy engine (torch, chromadb, langchain, gradio...)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "sentence_transformers", "chromadb", "langchain", "langchain_core", "langchain_openai",
         "gradio", "matplotlib", "openai", "transformers", "tokenizers", "safetensors", "numpy",
         "coach.knowledge.minilm")  # numpy: the embedding runtime loads only when a search needs it

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
        # the placeholder reading is part of check; the metric library and the embeddings are not
        assert "coach.reading.placeholders" in result["modules"]
        assert not {"coach.suggest.metric_library", "coach.knowledge.embeddings"} & set(result["modules"])


def test_rules_command_imports_nothing_heavy():
    _, result = _run_check(["rules"])
    assert result["code"] == 0
    assert not {m.split(".")[0] for m in result["modules"]} & set(HEAVY)


def _entry(args, **env):
    """The real `okr-coach` process (coach.cli:entry, via python -m coach)."""
    import os

    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={**os.environ, **env})


def test_the_entry_point_keeps_the_exit_codes_and_output():
    clean = _entry(["check", "examples/customer-success-clean.md"])
    flawed = _entry(["check", "examples/growth-draft.md"])
    missing = _entry(["check", "examples/no-such-draft.md"])
    assert (clean.returncode, flawed.returncode, missing.returncode) == (0, 1, 2)
    assert "kr-is-activity" in flawed.stdout and "no such file" in missing.stderr
    from coach.cli import main  # the same report as the in-process command
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["check", str(ROOT / "examples" / "growth-draft.md")]) == 1
    assert buf.getvalue().replace(str(ROOT / "examples") + "/", "examples/") == flawed.stdout


def test_a_quick_command_leaves_pydantic_plugins_to_the_user():
    probe = ("import os, sys; sys.argv = ['okr-coach', 'rules']\n"
             "import coach.cli\n"
             "try:\n    coach.cli.entry()\nexcept SystemExit:\n    pass\n"
             "print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'), file=sys.stderr)")
    import os

    off = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"})
    assert off.stderr.strip().splitlines()[-1] == "__all__"
    chosen = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "PYDANTIC_DISABLE_PLUGINS": "logfire"})
    assert chosen.stderr.strip().splitlines()[-1] == "logfire"


def test_command_word_skips_global_options():
    from coach.cli import command_word

    assert command_word(["check", "x.md"]) == "check"
    assert command_word(["--offline", "check", "x.md"]) == "check"
    assert command_word(["--config", "team.toml", "--data-dir", "d", "rules"]) == "rules"
    assert command_word(["--config=team.toml", "eval", "run"]) == "eval"
    assert command_word(["--help"]) is None and command_word([]) is None


def test_the_parser_registers_only_the_named_command_but_help_lists_all():
    from coach.cli import COMMAND_MODULES, COMMANDS, build_parser

    def commands(parser):
        return set(next(a for a in parser._actions if a.dest == "command").choices)

    everything = commands(build_parser(["--help"]))
    assert everything == set(COMMANDS)  # the map names every registered command, and only those
    assert set(COMMANDS.values()) == set(COMMAND_MODULES)
    assert commands(build_parser(["check", "x.md"])) == {"check"}
    assert commands(build_parser(["checkin", "show"])) == {"okrs", "checkin"}  # one module, two commands
    assert commands(build_parser(["chek", "x.md"])) == everything  # a typo still gets the full choice list


def test_an_unknown_command_names_the_choices(capsys):
    from coach.cli import main

    with __import__("pytest").raises(SystemExit) as exc:
        main(["chek", "x.md"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'chek'" in err and "check" in err and "serve" in err


def test_version_goes_to_standard_output(capsys):
    import pytest

    from coach.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    out, err = capsys.readouterr()
    assert out.startswith("okr-coach ") and out.strip().split()[1][0].isdigit() and err == ""
