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
