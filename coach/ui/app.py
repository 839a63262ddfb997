"""The okr-coach web app: one ``gr.Blocks`` with a banner and five screens.

Offline guarantees (see ``docs/web-app.md``): Gradio analytics are switched off before gradio is
imported (by :func:`coach.ui.gradio_loader.import_gradio`, which also skips Gradio's stub rewriting), the theme uses system fonts only (nothing fetched from a font CDN), no share link, no run
history, no monitoring endpoint, and the server binds 127.0.0.1 unless told otherwise. Every screen keeps
its state in a ``gr.State`` (one copy per browser session).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

from coach.config import Settings
from coach.errors import ConfigError
from coach.ui.banner import banner_markdown
from coach.ui.gradio_loader import disable_telemetry, import_gradio

__all__ = ["build_app", "disable_telemetry", "launch", "launch_kwargs", "parse_auth", "theme"]

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
SYSTEM_MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"

CSS = """
#okr-banner { padding: 6px 12px; border-radius: 6px; border: 1px solid var(--border-color-primary);
              background: var(--background-fill-secondary); }
#kb-status { font-size: 0.85em; opacity: 0.8; }
#coach-chat details { margin: 4px 0 8px; }
#coach-chat details > summary, #kb-results details > summary { cursor: pointer; font-weight: 600; }
footer { display: none !important; }
"""


def theme():
    """Gradio's default theme with system fonts only (no Google Fonts request)."""
    gr = import_gradio()

    return gr.themes.Default(font=SYSTEM_FONTS, font_mono=SYSTEM_MONO_FONTS)


def example_drafts(folder: Path = EXAMPLES_DIR, limit: int = 8) -> list[tuple[str, str]]:
    """(label, text) of the example drafts in ``examples/`` (none when the folder is not shipped).

    Drafts are the text, Markdown, YAML and JSON files of ``examples/drafts/`` (or of ``examples/``
    itself), leaving out check-in files.
    """
    from coach.ui.limits import DRAFT_TYPES

    base = folder / "drafts" if (folder / "drafts").is_dir() else folder
    if not base.is_dir():
        return []
    found = []
    for path in sorted(base.iterdir()):
        if path.suffix.lower() not in DRAFT_TYPES or "checkin" in path.name.replace("-", "").lower():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found.append((path.stem.replace("_", " ").replace("-", " "), text))
    return found[:limit]


def build_app(settings: Settings, knowledge: Any = None) -> Any:
    """The ``gr.Blocks`` of the web app (not launched). Call :func:`launch` or use ``launch_kwargs``.

    ``knowledge`` is the shared :class:`~coach.ui.services.SharedKnowledge` (one is made when omitted).
    """
    gr = import_gradio()

    from coach.rules.profiles import profile_names
    from coach.ui import alignment, chat, checkins, evals
    from coach.ui import knowledge as knowledge_screen
    from coach.ui.services import SharedKnowledge

    files_dir = Path(tempfile.mkdtemp(prefix="okr-coach-ui-"))
    atexit.register(shutil.rmtree, files_dir, ignore_errors=True)
    profiles = list(profile_names())
    knowledge = knowledge or SharedKnowledge(settings)
    with gr.Blocks(title="okr-coach", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown(banner_markdown(settings), elem_id="okr-banner")
        kb_status = gr.Markdown(knowledge.status(), elem_id="kb-status")
        # the page announces when the knowledge base is ready (polled until it is, then the timer stops)
        kb_timer = gr.Timer(1.0, active=not knowledge.ready)
        kb_timer.tick(lambda: (knowledge.status(), gr.Timer(active=not knowledge.ready)), None,
                      [kb_status, kb_timer], api_visibility="private", show_progress="hidden", queue=False)
        with gr.Tabs():
            with gr.Tab("Coach chat", id="chat", elem_id="tab-chat"):
                chat.build(settings, files_dir=files_dir, knowledge=knowledge, examples=example_drafts(),
                           profiles=profiles)
            with gr.Tab("Check-in studio", id="studio", elem_id="tab-studio"):
                list_sets, set_widgets = checkins.build(settings, files_dir=files_dir)
            with gr.Tab("Knowledge", id="knowledge", elem_id="tab-knowledge"):
                list_sources, source_widgets = knowledge_screen.build(knowledge)
            with gr.Tab("Alignment", id="alignment", elem_id="tab-alignment"):
                alignment.build(settings, files_dir=files_dir)
            with gr.Tab("Evals", id="evals", elem_id="tab-evals"):
                list_runs, run_widgets = evals.build(settings)
        # the lists of the other screens are read when a page opens, each on its own (a knowledge base busy
        # indexing does not hold up the stored sets or the saved runs), and not while the server starts
        for fill, widgets in ((list_sets, set_widgets), (list_sources, source_widgets), (list_runs, run_widgets)):
            demo.load(fill, None, widgets, api_visibility="private")
    demo.queue(max_size=settings.ui.queue_size, default_concurrency_limit=settings.ui.concurrency)
    return demo


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """``user:password`` -> ``(user, password)``; ``None``/empty -> no auth."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ConfigError("OKR_COACH_AUTH / ui.auth must look like 'user:password'",
                          hint="set both a user name and a password, separated by ':'")
    return user, password


def launch_kwargs(settings: Settings) -> dict[str, Any]:
    """Arguments for ``Blocks.launch``: host, port, limits, theme, and every outbound feature off.

    With auth, Gradio's login form serves people and :class:`coach.ui.auth.BasicAuthBridge` lets scripts in
    with HTTP Basic and keeps the API description off the anonymous login page.
    """
    auth = parse_auth(settings.ui.auth)
    app_kwargs: dict[str, Any] = {}
    if auth is not None:
        from starlette.middleware import Middleware

        from coach.ui.auth import BasicAuthBridge

        app_kwargs["middleware"] = [Middleware(BasicAuthBridge, user=auth[0], password=auth[1])]
    return {
        "server_name": settings.ui.host,
        "server_port": settings.ui.port,
        "share": False,
        "auth": auth,
        "app_kwargs": app_kwargs,
        "max_file_size": int(settings.ui.max_file_mb * 1_000_000),
        "footer_links": [],
        "run_history": False,
        "enable_monitoring": False,
        "show_error": False,
        "ssr_mode": False,
        "pwa": False,
        "mcp_server": False,
        "theme": theme(),
        "css": CSS,
        "quiet": True,
    }


def launch(settings: Settings, **overrides: Any) -> Any:
    """Build and launch the app (blocks until stopped unless ``prevent_thread_lock=True``)."""
    from coach.ui.services import SharedKnowledge

    knowledge = SharedKnowledge(settings)
    demo = build_app(settings, knowledge)
    kwargs = launch_kwargs(settings)
    kwargs.update(overrides)
    _exit_on_termination()
    block = not kwargs.pop("prevent_thread_lock", False)
    demo.launch(prevent_thread_lock=True, **kwargs)
    # Warm the knowledge base in the background once the server listens: the first page does not share
    # the CPU with indexing, and no message waits for the warm-up (the page says when it is ready).
    knowledge.warm_up()
    if block:
        demo.block_thread()
    return demo


def _exit_on_termination() -> None:
    """SIGTERM/SIGHUP end the server like Ctrl+C does, so ``atexit`` removes the okr-coach-ui-* folder.

    Python's default for SIGTERM kills the process without running ``atexit``, which left revised drafts
    and narratives in the system temp directory.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum, frame):  # noqa: ARG001 - signal handler signature
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
