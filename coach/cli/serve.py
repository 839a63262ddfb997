"""``okr-coach serve``: start the web app on 127.0.0.1 (offline unless an LLM is configured)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="start the web app (coach chat, check-in studio, knowledge, evals)",
        description="Start the okr-coach web app. It binds 127.0.0.1 by default, makes no request to the "
                    "internet, and uses an LLM only when one is configured. Set OKR_COACH_AUTH=user:password "
                    "(or ui.auth in okr-coach.toml) to require a login.")
    parser.add_argument("--host", help="interface to bind (default 127.0.0.1; use 0.0.0.0 only behind auth)")
    parser.add_argument("--port", type=int, help="port (default 7860)")
    parser.add_argument("--profile", help="methodology profile preselected in the chat (default from settings)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach.cli import ExitCode, settings_from_args
    from coach.errors import CoachError
    from coach.ui.app import launch

    settings = settings_from_args(args, ui={"host": args.host, "port": args.port})
    where = f"http://{settings.ui.host}:{settings.ui.port}"
    print(f"okr-coach web app on {where} (Ctrl+C to stop)", flush=True)
    try:
        launch(settings)
    except OSError as exc:  # Gradio reports a busy port or a bad interface as OSError
        raise CoachError(f"--host {settings.ui.host} --port {settings.ui.port}: cannot start the server ({exc})",
                         hint="pick a free port with --port, or stop the program using it") from exc
    return ExitCode.OK
