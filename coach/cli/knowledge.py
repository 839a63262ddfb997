"""``okr-coach knowledge ...``: add, list, remove, search, show and rebuild the knowledge base.

The knowledge base holds the built-in notes (``knowledge/``, indexed on first use) and whatever documents
a team adds. Exit codes: 0 success, 2 usage or input error (including "busy" and "half-written" stores).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "knowledge", help="the methodology knowledge base: add team documents, list, remove, search",
        description="Manage the knowledge base the coach cites: the built-in methodology notes plus your "
                    "team's own playbooks (Markdown, text, PDF, HTML). It lives in <data dir>/knowledge, or "
                    "on a Chroma server when chroma_url is set. See docs/knowledge-base.md.")
    commands = parser.add_subparsers(dest="knowledge_command", metavar="SUBCOMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, type=str,
                        help="where the knowledge base lives (default: settings / OKR_COACH_DATA_DIR)")

    add = commands.add_parser("add", parents=[common], help="index documents or folders (recursively)",
                              description="Index Markdown, text, PDF and HTML files; folders are read "
                                          "recursively (hidden files skipped). Unchanged files are left as they "
                                          "are; edited files have their passages replaced. Files that cannot be "
                                          "read are listed and skipped. Exit 2 when nothing could be indexed.")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument("--quiet", "-q", action="store_true", help="no progress bar, summary line only")
    add.set_defaults(func=run_add)

    listing = commands.add_parser("list", parents=[common], help="list indexed documents")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(func=run_list)

    remove = commands.add_parser("remove", parents=[common], help="remove an added document",
                                 description="Remove a document you added, by its source path (as `knowledge "
                                             "list` shows it), its path, or its file name when that is unique.")
    remove.add_argument("source", metavar="SOURCE")
    remove.set_defaults(func=run_remove)

    search = commands.add_parser("search", parents=[common], help="search passages (dense + BM25 hybrid)")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("-k", type=_positive, default=5, help="number of passages (default: 5)")
    search.add_argument("--format", choices=("text", "json"), default="text")
    search.set_defaults(func=run_search)

    show = commands.add_parser("show", parents=[common], help="print the section an anchor names",
                               description="Print a whole section, e.g. `okr-coach knowledge show "
                                           "key-results.md#baseline-and-target`.")
    show.add_argument("anchor", metavar="FILE#ANCHOR")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(func=run_show)

    rebuild = commands.add_parser("rebuild", parents=[common],
                                  help="re-index everything with the configured embedding model",
                                  description="Drop the index and re-embed the built-in notes and every added "
                                              "document that still exists. Use it after switching embedding "
                                              "models or after an interrupted `knowledge add`.")
    rebuild.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    rebuild.set_defaults(func=run_rebuild)

    parser.set_defaults(func=lambda args: _usage(parser))


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"-k {value!r}: expected a whole number") from None
    if not 1 <= number <= 100:
        raise argparse.ArgumentTypeError(f"-k {value}: expected 1 to 100")
    return number


def _usage(parser: argparse.ArgumentParser) -> int:
    from coach.cli import ExitCode

    parser.print_help(sys.stderr)
    return ExitCode.USAGE


def _open(args: argparse.Namespace, *, check: bool = True):
    from coach.cli import settings_from_args
    from coach.knowledge import KnowledgeBase

    return KnowledgeBase.open(settings_from_args(args), check=check)


def _print_report(report, *, quiet: bool) -> None:
    if not quiet:
        for doc in report.documents:
            detail = (f"{doc.chunks_added} added, {doc.chunks_unchanged} unchanged, "
                      f"{doc.chunks_removed} removed")
            print(f"{doc.status:>9}  {doc.source}  ({detail})")
    for skipped in report.skipped:
        print(f"  skipped  {skipped.path}: {skipped.reason}", file=sys.stderr)
    print(report.summary())


def run_add(args: argparse.Namespace) -> int:
    from coach.cli import ExitCode

    from coach.errors import KnowledgeError

    kb = _open(args, check=False)  # `add` again is one of the fixes for a half-written store
    report = kb.add(args.paths, progress=not args.quiet)
    if not report.documents and not report.skipped:  # only empty folders
        raise KnowledgeError(f"{', '.join(args.paths)}: no files found",
                             hint="pass Markdown, text, PDF or HTML files, or a folder that holds some")
    _print_report(report, quiet=args.quiet)
    return ExitCode.OK if report.documents else ExitCode.USAGE


def run_list(args: argparse.Namespace) -> int:
    from coach.cli import ExitCode

    from coach.errors import KnowledgeError

    kb = _open(args, check=False)
    try:
        kb.ensure_builtin(progress=True)
        problem = None
    except KnowledgeError as exc:  # still list what is there; say why the notes were not refreshed
        problem = exc
    sources = kb.list_sources()  # when this fails too, its error is the one message shown
    if problem is not None:
        print(f"okr-coach: warning: {problem}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps({"store": kb.where, "embedding_model": kb.embedder.name,
                          "sources": [s.model_dump() for s in sources]}, indent=2))
        return ExitCode.OK
    print(f"knowledge base at {kb.where} ({kb.embedder.name})")
    if not sources:
        print("no documents indexed")
    for s in sources:
        print(f"  {s.origin:<8} {s.kind:<8} {s.chunks:>5} passages  {s.source}")
    return ExitCode.OK


def run_remove(args: argparse.Namespace) -> int:
    from coach.cli import ExitCode

    kb = _open(args, check=False)
    removed = kb.remove(args.source)
    print(f"removed {removed} passages of {args.source}")
    return ExitCode.OK


def run_search(args: argparse.Namespace) -> int:
    from coach.cli import ExitCode

    from coach.errors import KnowledgeError

    if not args.query.strip():
        raise KnowledgeError("the search query is empty",
                             hint='type a few words, e.g. okr-coach knowledge search "stretch goal grading"')
    kb = _open(args)
    kb.ensure_builtin(progress=True)
    results = kb.search(args.query, k=args.k)
    if args.format == "json":
        print(json.dumps({"query": args.query, "results": [c.model_dump() for c in results]}, indent=2))
        return ExitCode.OK
    if not results:
        print("no passages found")
    for rank, citation in enumerate(results, start=1):
        print(f"{rank}. {citation.anchor}  [{citation.heading}]  score {citation.score:.4f}")
        body = " ".join((citation.text or "").split())
        print(textwrap.indent(textwrap.fill(textwrap.shorten(body, 400), 96), "   "))
        print()
    return ExitCode.OK


def run_show(args: argparse.Namespace) -> int:
    from coach.cli import ExitCode
    from coach.errors import KnowledgeError

    kb = _open(args, check=False)
    citation = kb.passage(args.anchor)
    if citation is None:
        raise KnowledgeError(f"no section has the anchor {args.anchor!r}",
                             hint="anchors look like FILE.md#heading-slug; `okr-coach knowledge search` shows them")
    if args.format == "json":
        print(json.dumps(citation.model_dump(), indent=2))
    else:
        print(f"{citation.anchor}  [{citation.heading}]\n\n{citation.text}")
    return ExitCode.OK


def run_rebuild(args: argparse.Namespace) -> int:
    from coach.cli import ExitCode

    kb = _open(args, check=False)
    report = kb.rebuild(progress=not args.quiet)
    _print_report(report, quiet=True)
    print(f"rebuilt {kb.where} with {kb.embedder.name}")
    return ExitCode.OK
