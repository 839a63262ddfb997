"""The ``okr-coach`` command line: a thin adapter over the service functions.

Each command group lives in its own module with a ``register(subparsers)`` function that adds its
parsers and sets ``func`` (called with the parsed ``args``; returns an exit code). Command modules
import nothing heavy at module level, so ``okr-coach check`` starts fast.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0  # no error-level finding / success
    FINDINGS = 1  # error-level findings (check, critique); infrastructure error (eval)
    USAGE = 2  # usage or input error
    QUALITY_GATE = 100  # eval: a quality gate failed


#: Command word -> the module that registers it, in the order the commands appear in ``--help``.
COMMANDS = {
    "check": "coach.cli.check",
    "rules": "coach.cli.rules",
    "critique": "coach.cli.critique",
    "ask": "coach.cli.ask",
    "knowledge": "coach.cli.knowledge",
    "okrs": "coach.cli.checkins",
    "checkin": "coach.cli.checkins",
    "eval": "coach.cli.evals",
    "serve": "coach.cli.serve",
}
#: Each command module once (coach.cli.checkins registers two commands).
COMMAND_MODULES = list(dict.fromkeys(COMMANDS.values()))

#: Read-only commands that finish in well under a second: see :func:`entry`.
QUICK_COMMANDS = frozenset({"check", "rules"})

#: Global options that take a value (the word after them is not the command).
_VALUE_OPTIONS = frozenset({"--config", "--data-dir"})


def command_word(argv: list[str]) -> str | None:
    """The command a command line names (``check`` in ``--offline check x.md``), or None if it names none."""
    words = iter(argv)
    for word in words:
        if word in _VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser. Given the command line, only its command's module is imported and registered.

    Registering all eight command modules costs a cold ``okr-coach check`` more than 10 ms; ``--help``,
    no command or an unknown word registers all of them, so help and "invalid choice" errors list every
    command.
    """
    parser = argparse.ArgumentParser(
        prog="okr-coach",
        description="Coach OKR drafts: rule findings with cited methodology, outcome rewrites, "
        "check-in narratives and evals. Offline by default.",
    )
    parser.add_argument("--config", type=Path, help="team settings file (default: ./okr-coach.toml or "
                        "[tool.okr-coach] in ./pyproject.toml)")
    parser.add_argument("--data-dir", type=Path, help="where the knowledge base and check-in store live")
    parser.add_argument("--offline", action="store_true", default=None,
                        help="never call an LLM, even when one is configured")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    command = command_word(argv) if argv is not None else None
    for name in [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


class _VersionAction(argparse.Action):
    """``--version`` that reads the package metadata only when asked.

    ``importlib.metadata`` costs tens of milliseconds to import, which every cold
    ``okr-coach check`` would otherwise pay.
    """

    def __call__(self, parser, namespace, values, option_string=None):
        sys.stdout.write(f"okr-coach {_version()}\n")  # stdout, like argparse's own version action
        parser.exit()


def settings_from_args(args: argparse.Namespace, **extra):
    """Settings with the global flags (and ``extra`` overrides from a command) applied."""
    from coach.config import load_settings

    overrides = {"data_dir": getattr(args, "data_dir", None), "offline": getattr(args, "offline", None),
                 "profile": getattr(args, "profile", None)}
    overrides.update(extra)
    return load_settings(overrides, config_file=getattr(args, "config", None))


#: What ``read_input`` reads -> (what it should be, how to fix a binary file, what to pass instead of a folder,
#: how to fix an oversized one).
_INPUT_KINDS = {
    "draft": ("a text draft", "export the document as plain text, Markdown, YAML or JSON",
              "pass a draft file (.md, .txt, .yaml, .json)", "split the document or paste one team's OKRs at a time"),
    "checkins": ("a check-in file", "export the check-ins as CSV, YAML or JSON",
                 "pass a check-in file (.csv, .yaml, .json)", "split the file and import the parts one by one"),
    "question": ("a question", "type the question as plain text", "pass the question in quotes",
                 "ask one short question"),
}


def read_input(path: str, *, limit_bytes: int = 5_000_000, kind: str = "draft") -> tuple[str, str]:
    """Read a draft (or a check-in file, or a question: ``kind``) from a file or ``-`` (stdin).

    Returns ``(text, source_name)``. UTF-8 (with or without BOM) and UTF-16 with a BOM are read; binary,
    undecodable or oversized input raises a :class:`~coach.errors.CoachError` naming the file.
    """
    import codecs

    from coach.errors import CoachError, InputTooLargeError

    noun, binary_fix, folder_fix, size_fix = _INPUT_KINDS[kind]
    if path == "-":
        data = sys.stdin.buffer.read(limit_bytes + 1)
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise CoachError(f"{path}: no such file", hint="check the path, or pass '-' to read standard input")
        if p.is_dir():
            raise CoachError(f"{path}: is a directory", hint=folder_fix)
        try:
            with p.open("rb") as fh:
                data = fh.read(limit_bytes + 1)
        except OSError as exc:
            raise CoachError(f"{path}: cannot be read ({exc.strerror or exc})",
                             hint="check the file's permissions") from exc
        name = path
    if len(data) > limit_bytes:
        limit = f"{limit_bytes // 1_000_000} MB" if limit_bytes >= 1_000_000 else f"{limit_bytes:,} bytes"
        raise InputTooLargeError(f"{name}: larger than {limit}", hint=size_fix)
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if b"\x00" in data:
            raise CoachError(f"{name}: looks like a binary file, not {noun}", hint=binary_fix) from exc
        raise CoachError(f"{name}: byte {exc.start} is not valid {'UTF-16' if encoding == 'utf-16' else 'UTF-8'}",
                         hint="save the file as UTF-8 text") from exc
    if "\x00" in text:
        raise CoachError(f"{name}: looks like a binary file, not {noun}", hint=binary_fix)
    return text, name


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return ExitCode.USAGE
    from coach.errors import CoachError

    try:
        return int(args.func(args))
    except CoachError as exc:
        print(f"okr-coach: error: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        print("okr-coach: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK


def entry() -> None:
    """The ``okr-coach`` process: :func:`main`, tuned for the quick commands, then exit with its code.

    ``check`` and ``rules`` are on the path of every keystroke-sized interaction, so for them the process
    skips work nobody asked for: pydantic's plugin discovery (it scans every installed distribution's
    entry points; set ``PYDANTIC_DISABLE_PLUGINS`` yourself to override), cyclic garbage collection while
    the modules load, and the collection of every object at interpreter exit (``gc.freeze``). Both
    commands only read files and write standard output, so nothing waits on that final collection.
    Every command then stores what it built for the start-up cache (:mod:`coach.disk_cache`: compiled
    regular expressions, expanded word lists) for the next process. Tests call :func:`main`, which changes none of this.
    """
    quick = command_word(sys.argv[1:]) in QUICK_COMMANDS
    if quick:
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        gc.disable()
    code = main()
    from coach import disk_cache

    disk_cache.flush()
    if quick:
        gc.freeze()
    sys.exit(code)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("okr-coach")
    except PackageNotFoundError:
        return "0+unknown"


if __name__ == "__main__":
    entry()
