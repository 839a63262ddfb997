"""``okr-coach check FILE|-``: run the rules over a draft and print findings and scores."""

from __future__ import annotations

import argparse
import os
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check", help="check an OKR draft against the rules",
        description="Check an OKR draft (text, Markdown, YAML or JSON) against the rules. "
                    "Exit 0: no error-level finding; 1: error-level findings; 2: usage or input error.")
    parser.add_argument("file", metavar="FILE", help="draft file, or '-' to read standard input")
    parser.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text",
                        help="output format (default: text; json follows schema version 1, see docs/json-output.md)")
    parser.add_argument("--profile", help="methodology profile (see `okr-coach rules profiles`)")
    parser.add_argument("--select", action="append", metavar="RULES",
                        help="only these rules: codes, code prefixes or names, comma-separated (repeatable)")
    parser.add_argument("--ignore", action="append", metavar="RULES",
                        help="skip these rules: codes, code prefixes or names, comma-separated (repeatable)")
    parser.set_defaults(func=run)


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def run(args: argparse.Namespace) -> int:
    from coach.check import check_text
    from coach.cli import ExitCode, read_input, settings_from_args
    from coach.render import render_report

    settings = settings_from_args(args)
    select, ignore = _split(args.select), _split(args.ignore)
    if select is not None or ignore is not None:  # flags replace the team file's lists
        rules = settings.rules.model_copy(update={k: v for k, v in (("select", select), ("ignore", ignore))
                                                  if v is not None})
        settings = settings.model_copy(update={"rules": rules})
    text, source = read_input(args.file)
    report = check_text(text, source, settings)
    color = args.format == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    sys.stdout.write(render_report(report, args.format, color=color))
    return ExitCode.FINDINGS if report.has_errors else ExitCode.OK
