"""``okr-coach check PATH...``: run the rules over drafts (files, folders or '-') and print the findings.

One file prints exactly the single-set report. Several files or folders are checked as one run: each
set's own rules, then the alignment rules (OKR4xx) over the links between them, and a summary.
"""

from __future__ import annotations

import argparse
import os
import sys

#: Files a folder contributes (drafts only; check-in files are left out by name).
DRAFT_SUFFIXES = (".md", ".markdown", ".txt", ".yaml", ".yml", ".json")
MAX_FILES = 2_000


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check", help="check OKR drafts against the rules (several files or folders: alignment too)",
        description="Check OKR drafts (text, Markdown, YAML or JSON) against the rules. Several files or "
                    "folders are checked together, with the alignment rules (OKR4xx) over their links. "
                    "Exit 0: nothing at the --fail-on level; 1: findings at that level; 2: usage or input error.")
    parser.add_argument("file", metavar="PATH", nargs="+",
                        help="draft files or folders (searched recursively), or '-' to read standard input")
    parser.add_argument("--format", "-f", choices=("text", "json", "markdown", "sarif", "github"), default="text",
                        help="output format (default: text; json follows schema version 1, see docs/json-output.md; "
                             "sarif is SARIF 2.1.0 for code scanning; github prints workflow annotations)")
    parser.add_argument("--profile", help="methodology profile (see `okr-coach rules profiles`)")
    parser.add_argument("--select", action="append", metavar="RULES",
                        help="only these rules: codes, code prefixes or names, comma-separated (repeatable)")
    parser.add_argument("--ignore", action="append", metavar="RULES",
                        help="skip these rules: codes, code prefixes or names, comma-separated (repeatable)")
    parser.add_argument("--fail-on", choices=("error", "warning"), default="error",
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--diff", metavar="BASE_REF",
                        help="report only what the change since this git ref adds, and flag lowered targets "
                             "and removed key results (e.g. --diff origin/main)")
    parser.add_argument("--map", metavar="SVG", help="also write the alignment map as an SVG file")
    parser.set_defaults(func=run)


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def draft_paths(paths: list[str]) -> list[str]:
    """Files named, and the draft files under folders named (sorted, hidden folders skipped)."""
    from pathlib import Path

    from coach.errors import CoachError

    if "-" in paths and len(paths) > 1:
        raise CoachError("'-' (standard input) cannot be combined with other paths",
                         hint="pass files and folders, or pipe one draft into '-'")
    out: list[str] = []
    for path in paths:
        p = Path(path)
        if path != "-" and p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DRAFT_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts)
                           and "checkin" not in f.name.replace("-", "").lower())
            if not found:
                raise CoachError(f"{path}: the folder holds no drafts ({', '.join(DRAFT_SUFFIXES)})",
                                 hint="pass the folder with your OKR files, or the files themselves")
            out.extend(found)
        else:
            out.append(path)
    out = list(dict.fromkeys(out))
    if len(out) > MAX_FILES:
        raise CoachError(f"{len(out)} files to check, over the limit of {MAX_FILES}",
                         hint="check one folder at a time")
    return out


def run(args: argparse.Namespace) -> int:
    from coach.alignment.service import check_sources, diff_run
    from coach.cli import ExitCode, read_input, settings_from_args
    from coach.model import Severity

    settings = settings_from_args(args)
    select, ignore = _split(args.select), _split(args.ignore)
    if select is not None or ignore is not None:  # flags replace the team file's lists
        rules = settings.rules.model_copy(update={k: v for k, v in (("select", select), ("ignore", ignore))
                                                  if v is not None})
        settings = settings.model_copy(update={"rules": rules})
    paths = draft_paths(args.file)
    sources = [read_input(path) for path in paths]
    run_report = check_sources(sources, settings)
    if args.diff:
        from coach.alignment.diff import base_text
        from coach.errors import CoachError

        if "-" in paths:
            raise CoachError("--diff needs files in a git work tree, not standard input", hint="pass the files")
        run_report = diff_run(run_report, [base_text(path, args.diff) for path in paths], settings)
    if args.map:
        from pathlib import Path

        from coach.alignment.svg import render_svg

        Path(args.map).write_text(render_svg(run_report), encoding="utf-8")
    color = args.format == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if len(run_report.reports) == 1 and not run_report.has_links and args.format in ("text", "json", "markdown"):
        from coach.render import render_report

        sys.stdout.write(render_report(run_report.reports[0], args.format, color=color))
    else:
        from coach.render_run import render_run, summary_markdown

        sys.stdout.write(render_run(run_report, args.format, color=color))
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if args.format == "github" and step_summary and run_report.has_links:
            with open(step_summary, "a", encoding="utf-8") as fh:
                fh.write(summary_markdown(run_report) + "\n")
    at_least = Severity.WARNING if args.fail_on == "warning" else Severity.ERROR
    return ExitCode.FINDINGS if run_report.worst(at_least) else ExitCode.OK
