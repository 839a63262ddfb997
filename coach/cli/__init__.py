"""The ``okr-coach`` command line: a thin adapter over the service functions.

Each command group lives in its own module with a ``register(subparsers)`` function that adds its
parsers and sets ``func`` (called with the parsed ``args``; returns an exit code). Command modules
import nothing heavy at module level, so ``okr-coach check`` starts fast.
"""

from __future__ import annotations

import argparse
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


#: Command modules, in the order their commands appear in ``--help``.
COMMAND_MODULES = [
    "coach.cli.check",
    "coach.cli.rules",
    "coach.cli.critique",
    "coach.cli.ask",
    "coach.cli.knowledge",
    "coach.cli.checkins",
    "coach.cli.evals",
    "coach.cli.serve",
]


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


class _VersionAction(argparse.Action):
    """``--version`` that reads the package metadata only when asked.

    ``importlib.metadata`` costs tens of milliseconds to import, which every cold
    ``okr-coach check`` would otherwise pay.
    """

    def __call__(self, parser, namespace, values, option_string=None):
        parser.exit(message=f"okr-coach {_version()}\n")


def settings_from_args(args: argparse.Namespace, **extra):
    """Settings with the global flags (and ``extra`` overrides from a command) applied."""
    from coach.config import load_settings

    overrides = {"data_dir": getattr(args, "data_dir", None), "offline": getattr(args, "offline", None),
                 "profile": getattr(args, "profile", None)}
    overrides.update(extra)
    return load_settings(overrides, config_file=getattr(args, "config", None))


def read_input(path: str, *, limit_bytes: int = 5_000_000) -> tuple[str, str]:
    """Read a draft from a file or ``-`` (stdin). Returns ``(text, source_name)``.

    Binary, undecodable or oversized input raises a :class:`~coach.errors.CoachError` naming the file.
    """
    from coach.errors import CoachError, InputTooLargeError

    if path == "-":
        data = sys.stdin.buffer.read(limit_bytes + 1)
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise CoachError(f"{path}: no such file", hint="check the path, or pass '-' to read standard input")
        if p.is_dir():
            raise CoachError(f"{path}: is a directory", hint="pass a draft file (.md, .txt, .yaml, .json)")
        with p.open("rb") as fh:
            data = fh.read(limit_bytes + 1)
        name = path
    if len(data) > limit_bytes:
        raise InputTooLargeError(f"{name}: larger than {limit_bytes // 1_000_000} MB",
                                 hint="split the document or paste one team's OKRs at a time")
    if b"\x00" in data:
        raise CoachError(f"{name}: looks like a binary file, not a text draft",
                         hint="export the document as plain text, Markdown, YAML or JSON")
    try:
        return data.decode("utf-8-sig"), name
    except UnicodeDecodeError as exc:
        raise CoachError(f"{name}: byte {exc.start} is not valid UTF-8",
                         hint="save the file as UTF-8 text") from exc


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    parser = build_parser()
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


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("okr-coach")
    except PackageNotFoundError:
        return "0+unknown"


if __name__ == "__main__":
    sys.exit(main())
