"""``okr-coach ask QUESTION``: an answer about OKR practice from the knowledge base, with citations."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ask", help="answer a question about OKR practice from the knowledge base, with citations",
        description="Answer a question about objectives, key results, check-ins or grading from the knowledge "
                    "base. With a configured LLM the answer is written from the retrieved passages and cites "
                    "them; offline it shows the closest passages. Exit code: 0 answered, 2 usage or input error.")
    parser.add_argument("question", metavar="QUESTION",
                        help="the question in quotes, e.g. \"How many key results per objective?\", or '-' to read "
                             "it from standard input")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                        help="output format (default: text; json is {version: 1, text, citations, source, notices})")
    parser.add_argument("--offline", dest="ask_offline", action="store_true",
                        help="never call an LLM: show the closest passages")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach.ask import MAX_QUESTION_CHARS, ask, render_answer
    from coach.cli import ExitCode, read_input, settings_from_args

    extra = {"offline": True} if getattr(args, "ask_offline", False) else {}
    settings = settings_from_args(args, **extra)
    question = args.question
    if question == "-":
        question, _ = read_input("-", limit_bytes=4 * MAX_QUESTION_CHARS, kind="question")
    answer = ask(question, settings)
    print(render_answer(answer, args.format))
    return ExitCode.OK
