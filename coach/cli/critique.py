"""``okr-coach critique FILE|-``: findings with cited passages, and verified outcome rewrites."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "critique", help="findings with cited methodology, plus verified outcome rewrites",
        description="Check a draft, cite the methodology behind each finding, and suggest rewrites: outcome key "
                    "results for activities, vague and yes/no key results, and 'verb + what + in order to + "
                    "business value' objectives. Every rewrite is re-checked by the rules before it is shown. "
                    "Uses the configured LLM (one request per draft) or, offline, the template writer. "
                    "Exit code: 0 no error-level finding, 1 error-level findings, 2 usage or input error.")
    parser.add_argument("file", metavar="FILE", help="the draft (.txt, .md, .yaml, .json), or '-' for standard input")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                        help="output format (default: text; json extends the 'check' JSON, see docs/critique.md)")
    parser.add_argument("--profile", help="methodology profile: default, focused, classic (default from settings)")
    parser.add_argument("--offline", dest="critique_offline", action="store_true",
                        help="never call an LLM: template suggestions only")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach.cli import ExitCode, read_input, settings_from_args
    from coach.critique import critique_text
    from coach.render_critique import render_critique

    extra = {"offline": True} if getattr(args, "critique_offline", False) else {}
    settings = settings_from_args(args, **extra)
    text, source = read_input(args.file)
    critique = critique_text(text, source, settings)
    print(render_critique(critique, args.format), end="")
    return ExitCode.FINDINGS if critique.report.has_errors else ExitCode.OK
