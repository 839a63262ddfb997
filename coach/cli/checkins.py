"""``okr-coach okrs ...`` (stored OKR sets) and ``okr-coach checkin ...`` (history and narratives)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


def register(subparsers) -> None:
    okrs = subparsers.add_parser("okrs", help="store OKR sets that check-ins refer to",
                                 description="Store and list OKR sets for check-ins.")
    okrs_sub = okrs.add_subparsers(dest="okrs_command", metavar="ACTION")
    add = okrs_sub.add_parser("add", help="parse an OKR draft and store it")
    add.add_argument("file", help="OKR draft (text, Markdown, YAML or JSON), or - for stdin")
    add.add_argument("--name", help="name to store it under (default: team and period, or the file name)")
    add.add_argument("--replace", action="store_true", help="replace a stored set with the same name")
    add.set_defaults(func=_okrs_add)
    lst = okrs_sub.add_parser("list", help="list stored OKR sets")
    lst.set_defaults(func=_okrs_list)
    okrs.set_defaults(func=lambda args: _help(okrs))

    checkin = subparsers.add_parser("checkin", help="import check-ins, show history, write narratives",
                                    description="Weekly check-ins per key result: import, history, narratives.")
    sub = checkin.add_subparsers(dest="checkin_command", metavar="ACTION")
    imp = sub.add_parser("add", help="import check-ins from CSV, YAML or JSON (all rows or none)")
    imp.add_argument("file", help="check-in file (.csv, .yaml, .json), or - for stdin")
    imp.add_argument("--set", dest="set_name", help="stored OKR set (default: the file's 'set', or the only set)")
    imp.set_defaults(func=_checkin_add)
    hist = sub.add_parser("history", help="show or export the check-in history")
    hist.add_argument("--set", dest="set_name", help="stored OKR set (default: the only set)")
    hist.add_argument("--kr", help="only this key result, e.g. O1.KR2")
    hist.add_argument("--format", choices=["text", "csv", "json"], default="text")
    hist.set_defaults(func=_checkin_history)
    nar = sub.add_parser("narrate", help="write the weekly, monthly or retro narrative")
    nar.add_argument("--kind", choices=["weekly", "monthly", "retro"], default="weekly")
    nar.add_argument("--set", dest="set_names", action="append", default=[],
                     help="stored OKR set (repeat for a monthly review of several)")
    nar.add_argument("--team", help="only the sets of this team")
    nar.add_argument("--as-of", type=_date, help="date to read the check-ins at, YYYY-MM-DD "
                                                 "(default: today, or the end of the cycle if earlier)")
    nar.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    nar.add_argument("--charts", type=Path, metavar="DIR",
                     help="write one PNG progress chart per key result to DIR and link them (Markdown)")
    nar.set_defaults(func=_checkin_narrate)
    checkin.set_defaults(func=lambda args: _help(checkin))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def _okrs_add(args) -> int:
    from coach.checkins import service
    from coach.cli import read_input, settings_from_args

    text, source = read_input(args.file)
    stored = service.add_okr_set(settings_from_args(args), text, source, name=args.name, replace=args.replace)
    krs = sum(1 for _ in stored.okr_set.iter_key_results())
    period = stored.period or "no period"
    print(f"stored '{stored.name}': {len(stored.okr_set.objectives)} objectives, {krs} key results ({period})")
    return 0


def _okrs_list(args) -> int:
    from coach.checkins import service
    from coach.cli import settings_from_args

    sets = service.list_okr_sets(settings_from_args(args))
    if not sets:
        print("no OKR sets stored yet; add one with 'okr-coach okrs add FILE'")
        return 0
    for s in sets:
        dates = f"{s.okr_set.starts} to {s.okr_set.ends}" if s.okr_set.starts and s.okr_set.ends else "undated"
        krs = sum(1 for _ in s.okr_set.iter_key_results())
        print(f"{s.name}\tteam: {s.team or '-'}\tperiod: {s.period or '-'} ({dates})\t{krs} KRs\t"
              f"{s.checkins} check-ins")
    return 0


def _checkin_add(args) -> int:
    from coach.checkins import importer, service
    from coach.cli import read_input, settings_from_args

    # one limit for check-in files, the importer's (docs/checkins.md), not the CLI's default for drafts
    text, source = read_input(args.file, kind="checkins", limit_bytes=importer.MAX_BYTES)
    result = service.import_checkins(settings_from_args(args), text, source, set_name=args.set_name)
    print(f"imported {result.imported} check-ins into '{result.set_name}' from {result.source}")
    return 0


def _checkin_history(args) -> int:
    from coach.checkins import service
    from coach.cli import settings_from_args

    checkins = service.checkin_history(settings_from_args(args), set_name=args.set_name, kr=args.kr)
    if args.format == "csv":
        sys.stdout.write(service.history_csv(checkins))
    elif args.format == "json":
        sys.stdout.write(service.history_json(checkins))
    else:
        if not checkins:
            print("no check-ins yet; import some with 'okr-coach checkin add FILE'")
        for c in checkins:
            value = "-" if c.value is None else f"{c.value:g}"
            conf = c.confidence.raw if c.confidence else "-"
            print(f"{c.date}  {c.key_result:<8} value {value:<10} confidence {conf:<10} {c.what_changed or ''}")
    return 0


def _checkin_narrate(args) -> int:
    from coach.checkins import service
    from coach.checkins.render import render_narrative
    from coach.cli import settings_from_args

    settings = settings_from_args(args)
    report = service.narrate_stored(settings, kind=args.kind, set_names=args.set_names, team=args.team,
                                    as_of=args.as_of)
    links = None
    if args.charts:
        links = service.write_chart_files(report, args.charts)
    fmt = args.format
    if args.charts and fmt == "text":
        fmt = "markdown"  # charts are linked from Markdown
    sys.stdout.write(render_narrative(report.narrative, fmt, charts=links))
    for notice in report.narrative.notices:
        print(f"okr-coach: notice: {notice}", file=sys.stderr)
    return 0
