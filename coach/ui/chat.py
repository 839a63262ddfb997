"""The coach chat: paste a draft, get findings at once and rewrites after; accept them; ask questions.

The callbacks are plain functions of (inputs, session) that return a :class:`ChatView`; the Gradio
wiring in :func:`build` only turns views into component updates. They call the same services as the CLI:
``coach.check.check_text`` (re-checks), ``coach.critique.iter_critique`` (findings first, then
suggestions) and ``coach.ask.ask`` (follow-up questions answered from the knowledge base).
"""

from __future__ import annotations

import dataclasses
import hashlib
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from coach.config import Settings
from coach.errors import CoachError
from coach.model import CheckReport, Suggestion
from coach.reading.placeholders import has_placeholder
from coach.ui import format as fmt
from coach.ui.limits import check_draft_size
from coach.ui.revise import StaleSuggestionError, apply_suggestion, draft_json, draft_markdown
from coach.ui.sanitize import safe_markdown
from coach.ui.services import SharedKnowledge
from coach.ui.state import ChatSession

Mode = Literal["auto", "draft", "question"]
MODES: list[tuple[str, Mode]] = [("Auto-detect", "auto"), ("Critique a draft", "draft"), ("Ask a question", "question")]
Message = dict[str, Any]
#: A streaming reply updates the page at most this often (seconds). Every update makes the browser
#: re-render the chat; a long draft yields hundreds of suggestions, one event each.
STREAM_INTERVAL = 0.5

_QUESTION_STARTS = ("what", "why", "how", "when", "where", "which", "who", "should", "can", "could", "is ", "are ",
                    "do ", "does ", "would", "explain", "tell me", "help")


@dataclass
class ChatView:
    """Everything the chat screen shows after one step of a callback."""

    history: list[Message]
    session: ChatSession
    suggestion_choices: list[str] = field(default_factory=list)
    revised_draft: str = ""
    downloads: tuple[str | None, str | None] = (None, None)
    clear_input: bool = False


def classify(text: str, mode: Mode) -> Literal["draft", "question"]:
    """Whether a message is a draft to critique or a question (``mode`` wins unless it is ``auto``).

    Auto: one or two short lines that end with '?' or start like a question are questions; everything
    else is treated as a draft (and a draft that cannot be parsed gets the parser's message and fix).
    """
    if mode != "auto":
        return mode
    stripped = text.strip()
    lines = [line for line in stripped.splitlines() if line.strip()]
    if len(lines) <= 2 and len(stripped) <= 400:
        lowered = stripped.lower()
        if stripped.endswith("?") or lowered.startswith(_QUESTION_STARTS):
            return "question"
    return "draft"


def respond(message: str, mode: Mode, profile: str, history: list[Message], session: ChatSession,
            settings: Settings, *, knowledge: SharedKnowledge | None = None,
            files_dir: Path | None = None) -> Iterator[ChatView]:
    """Handle one chat message. Yields a view at once (findings) and again as suggestions arrive."""
    history = list(history or [])
    text = message or ""
    if not text.strip():
        yield ChatView(history, session, *_suggestion_state(session, files_dir))
        return
    history.append({"role": "user", "content": safe_markdown(_preview(text))})
    try:
        check_draft_size(text, settings.ui.max_draft_chars)
    except CoachError as exc:
        history.append(_assistant(f"**Not sent:** {safe_markdown(str(exc))}."))
        yield ChatView(history, session, *_suggestion_state(session, files_dir))
        return
    run_settings = settings.model_copy(update={"profile": profile or settings.profile})
    if classify(text, mode) == "question":
        yield from _answer(text, history, session, run_settings, knowledge, files_dir)
    else:
        yield from _critique(text, history, session, run_settings, knowledge, files_dir)


def _critique(text: str, history: list[Message], session: ChatSession, settings: Settings,
              knowledge: SharedKnowledge | None, files_dir: Path | None) -> Iterator[ChatView]:
    """Findings from the rules at once; then the critique adds retrieved passages and the rewrites."""
    from coach.check import check_text
    from coach.critique import cite_findings, iter_critique

    passage = knowledge.passage if knowledge is not None else None
    try:
        report = check_text(text, "<draft>", settings)
    except CoachError as exc:
        history.append(_assistant(f"**I could not read this as an OKR draft.** {safe_markdown(str(exc))}.\n\n"
                                  "Switch *Treat as* to *Ask a question* if this was a question."))
        yield ChatView(history, session, *_suggestion_state(session, files_dir))
        return
    new = ChatSession(draft=text, report=report, qa_history=list(session.qa_history))
    history.append(_assistant(fmt.report_markdown(report, passage)))
    findings_index = len(history) - 1
    yield ChatView(list(history), _snapshot(new), *_suggestion_state(new, files_dir), clear_input=True)

    # The offline writer needs no passages: while the index is still warming up, show its rewrites now and
    # add the retrieved passages when the index is ready. An LLM's rewrites are grounded in the passages,
    # so that path waits for them.
    cite_later = knowledge is not None and not knowledge.ready and not settings.llm_enabled
    if cite_later:
        events = iter_critique(text, "<draft>", settings, retrieve=False)
    else:
        kb = knowledge.searchable() if knowledge is not None else None
        events = iter_critique(text, "<draft>", settings, kb=kb)
    pending_index: int | None = None
    try:
        for event in events:
            if isinstance(event, CheckReport):  # the same findings, now with retrieved passages
                new.report = event
                history[findings_index] = _assistant(fmt.report_markdown(event, passage))
                yield ChatView(list(history), _snapshot(new), *_suggestion_state(new, files_dir), clear_input=True)
            elif isinstance(event, Suggestion):
                if pending_index is None:
                    history.append(_assistant("### Suggested rewrites"))
                    pending_index = len(history) - 1
                new.suggestions.append(event)
                history.append(_assistant(fmt.suggestion_markdown(event)))
                yield ChatView(list(history), _snapshot(new), *_suggestion_state(new, files_dir), clear_input=True)
            else:  # the final Critique: notices (e.g. the LLM failed and the templates took over)
                new.critique = event
                for notice in event.notices:
                    history.append(_assistant(f"*Note:* {safe_markdown(notice)}"))
    except CoachError as exc:
        history.append(_assistant(f"*Rewrites stopped:* {safe_markdown(str(exc))}."))
    if cite_later and new.report is not None:
        # Never hold a worker slot waiting for the warm-up: cite now if the index became ready meanwhile,
        # otherwise the findings keep the rules' own passages and say so. Done before the closing message,
        # so the closing message is the only update after the last suggestion.
        kb = knowledge.searchable() if knowledge.ready else None
        if kb is not None:
            notices: list[str] = []
            new.report = cite_findings(new.report, kb, notices)
            history[findings_index] = _assistant(fmt.report_markdown(new.report, passage))
            history.extend(_assistant(f"*Note:* {safe_markdown(notice)}") for notice in notices)
        elif knowledge.error is None:
            history.append(_assistant("*Note:* the knowledge base is still loading in the background; until "
                                      "it is ready, findings cite the rules' own passages."))
    if pending_index is None:
        history.append(_assistant("No rewrite to suggest: no key result or objective needs one."))
    else:
        history.append(_assistant("Tick the rewrites you want in **Suggestions** on the right and press "
                                  "**Accept selected**: the draft is updated and checked again."))
    yield ChatView(list(history), _snapshot(new), *_suggestion_state(new, files_dir), clear_input=True)


def _answer(question: str, history: list[Message], session: ChatSession, settings: Settings,
            knowledge: SharedKnowledge | None, files_dir: Path | None) -> Iterator[ChatView]:
    from coach.ask import ask

    try:
        kb = knowledge.searchable() if knowledge is not None else None
        answer = ask(question, settings, history=tuple(session.qa_history), kb=kb)
    except CoachError as exc:
        history.append(_assistant(f"**I could not answer that:** {safe_markdown(str(exc))}."))
        yield ChatView(history, session, *_suggestion_state(session, files_dir))
        return
    new = dataclasses.replace(session, qa_history=[*session.qa_history, (question, answer.text)])
    history.append(_assistant(fmt.answer_markdown(answer)))
    yield ChatView(history, new, *_suggestion_state(new, files_dir), clear_input=True)


def accept(selected: list[str], history: list[Message], session: ChatSession, settings: Settings,
           profile: str, *, knowledge: SharedKnowledge | None = None, files_dir: Path | None = None) -> ChatView:
    """Apply the chosen suggestions to the draft, re-check it, and offer the revised draft for download."""
    history = list(history or [])
    if session.report is None:
        history.append(_assistant("Paste a draft first: there is nothing to accept yet."))
        return ChatView(history, session, *_suggestion_state(session, files_dir))
    by_label = {fmt.suggestion_label(s): s for s in session.suggestions}
    chosen = [by_label[label] for label in selected or [] if label in by_label]
    if not chosen:
        history.append(_assistant("Tick at least one suggestion, then press **Accept selected**."))
        return ChatView(history, session, *_suggestion_state(session, files_dir))
    okr_set = session.report.okr_set
    taken: set[tuple[int | None, int | None]] = set()
    applied: list[Suggestion] = []
    for suggestion in chosen:
        key = (suggestion.location.objective, suggestion.location.key_result)
        if key in taken:  # two alternatives for the same line: the first one ticked wins
            continue
        try:
            okr_set = apply_suggestion(okr_set, suggestion)
        except StaleSuggestionError:
            continue
        taken.add(key)
        applied.append(suggestion)
    note = (f"Accepted {len(applied)} rewrite{'s' if len(applied) != 1 else ''}: "
            + ", ".join(fmt.suggestion_label(s).split(":", 1)[0] for s in applied) + ".")
    if any(has_placeholder(s.text) for s in applied):
        note += (" Replace the placeholders in brackets (such as [target %]) with your numbers in the revised "
                 "draft, then press **Re-check edited draft**.")
    return _recheck(draft_markdown(okr_set), history, session, settings, profile, knowledge, files_dir,
                    note=note,
                    consumed={fmt.suggestion_label(s) for s in applied}, accepted=applied)


def recheck_edited(text: str, history: list[Message], session: ChatSession, settings: Settings,
                   profile: str, *, knowledge: SharedKnowledge | None = None,
                   files_dir: Path | None = None) -> ChatView:
    """Re-check the revised draft after the user edited it by hand."""
    history = list(history or [])
    try:
        check_draft_size(text or "", settings.ui.max_draft_chars, what="The revised draft")
    except CoachError as exc:
        history.append(_assistant(f"**Not checked:** {safe_markdown(str(exc))}."))
        return ChatView(history, session, *_suggestion_state(session, files_dir))
    return _recheck(text or "", history, session, settings, profile, knowledge, files_dir,
                    note="Re-checked your edits.")


def _recheck(text: str, history: list[Message], session: ChatSession, settings: Settings, profile: str,
             knowledge: SharedKnowledge | None, files_dir: Path | None, *, note: str, consumed: set[str] = frozenset(),
             accepted: list[Suggestion] = ()) -> ChatView:
    from coach.check import check_text

    run_settings = settings.model_copy(update={"profile": profile or settings.profile})
    try:
        report = check_text(text, "revised draft", run_settings)
    except CoachError as exc:
        history.append(_assistant(f"**The revised draft does not parse:** {safe_markdown(str(exc))}."))
        return ChatView(history, session, *_suggestion_state(session, files_dir))
    applied_at = {(s.location.objective, s.location.key_result) for s in accepted}
    remaining = [s for s in session.suggestions
                 if fmt.suggestion_label(s) not in consumed
                 and (s.location.objective, s.location.key_result) not in applied_at]
    new = dataclasses.replace(session, draft=text, report=report, suggestions=remaining,
                              accepted=[*session.accepted, *sorted(consumed)])
    passage = knowledge.passage if knowledge is not None else None
    history.append(_assistant(f"{note}\n\n" + fmt.report_markdown(report, passage)))
    return ChatView(history, new, *_suggestion_state(new, files_dir))


def _suggestion_state(session: ChatSession, files_dir: Path | None) -> tuple[list[str], str, tuple[str | None, str | None]]:
    """(accept-list labels, revised draft text, download paths) for a session."""
    labels = [fmt.suggestion_label(s) for s in session.suggestions]
    if session.report is None:
        return labels, "", (None, None)
    markdown = draft_markdown(session.report.okr_set)
    return labels, markdown, write_downloads(session, files_dir) if files_dir else (None, None)


def write_downloads(session: ChatSession, files_dir: Path) -> tuple[str, str]:
    """The revised draft as ``revised-draft.md`` and ``.json`` in a folder named by their content."""
    assert session.report is not None
    markdown = draft_markdown(session.report.okr_set)
    as_json = draft_json(session.report.okr_set)
    digest = hashlib.sha256((markdown + as_json).encode()).hexdigest()[:16]
    folder = files_dir / digest
    folder.mkdir(parents=True, exist_ok=True)
    md_path, json_path = folder / "revised-draft.md", folder / "revised-draft.json"
    if not md_path.exists():
        md_path.write_text(markdown, encoding="utf-8")
        json_path.write_text(as_json, encoding="utf-8")
    return str(md_path), str(json_path)


def _snapshot(session: ChatSession) -> ChatSession:
    """A copy of a session that later steps of a streaming callback do not change."""
    return dataclasses.replace(session, suggestions=list(session.suggestions), accepted=list(session.accepted),
                               qa_history=list(session.qa_history))


def _assistant(markdown: str) -> Message:
    return {"role": "assistant", "content": markdown}


def _preview(text: str, limit: int = 4_000) -> str:
    """The user's message as shown in the chat (long drafts are shortened; the full text is kept)."""
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + f"\n\n... ({len(text) - limit:,} more characters)"


def coalesce(views: Iterator[ChatView], interval: float = STREAM_INTERVAL) -> Iterator[ChatView]:
    """The first view at once, then at most one view per ``interval`` (the latest), and always the last.

    ``views`` runs in a worker thread so a view waiting for its turn is sent when the interval is over,
    not when the next (possibly slow) event arrives. Closing this generator (the browser left) stops the
    worker at its next view.
    """
    inbox: queue.Queue = queue.Queue()
    stop = threading.Event()
    end = object()

    def pump() -> None:
        try:
            for view in views:
                inbox.put(view)
                if stop.is_set():
                    break
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            inbox.put(_Raised(exc))
        finally:
            close = getattr(views, "close", None)
            if close is not None:
                close()
            inbox.put(end)

    threading.Thread(target=pump, name="okr-coach-chat-stream", daemon=True).start()
    pending: ChatView | None = None
    sent_at = None
    try:
        while True:
            wait = None if pending is None or sent_at is None else max(0.0, sent_at + interval - time.monotonic())
            try:
                item = inbox.get(timeout=wait)
            except queue.Empty:  # the interval is over: send the latest view
                assert pending is not None
                yield pending
                pending, sent_at = None, time.monotonic()
                continue
            if item is end:
                if pending is not None:
                    yield pending
                return
            if isinstance(item, _Raised):
                raise item.exc
            if sent_at is None or time.monotonic() - sent_at >= interval:
                yield item
                pending, sent_at = None, time.monotonic()
            else:
                pending = item
    finally:
        stop.set()


@dataclass
class _Raised:
    exc: BaseException


# --------------------------------------------------------------------------- Gradio wiring


def build(settings: Settings, *, files_dir: Path, knowledge: SharedKnowledge | None,
          examples: list[tuple[str, str]], profiles: list[str]) -> None:
    """Lay out the chat tab inside the current ``gr.Blocks`` and wire its events."""
    import gradio as gr

    session = gr.State(ChatSession())
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=420):
            chatbot = gr.Chatbot(label="Coach", show_label=False, height=560, elem_id="coach-chat", sanitize_html=True,
                                 buttons=["copy"], feedback_options=None, layout="panel",
                                 placeholder="Paste an OKR draft below (or pick an example) and press **Send**. "
                                             "Rule findings appear at once; rewrites follow.")
            draft_box = gr.Textbox(label="Your draft or question", lines=7, max_lines=20, elem_id="chat-input",
                                   placeholder="Objective 1: ...\n- KR1.1: ...\n\nor a question about OKRs")
            with gr.Row():
                mode = gr.Radio([label for label, _ in MODES], value=MODES[0][0], label="Treat as",
                                elem_id="chat-mode", scale=3)
                profile = gr.Dropdown(profiles, value=settings.profile if settings.profile in profiles else profiles[0],
                                      label="Methodology profile", elem_id="chat-profile", scale=2)
            with gr.Row():
                send = gr.Button("Send", variant="primary", elem_id="chat-send")
                clear = gr.Button("New conversation", elem_id="chat-clear")
            if examples:
                gr.Examples(examples=[[text] for _, text in examples], inputs=[draft_box],
                            example_labels=[name for name, _ in examples], label="Example drafts")
        with gr.Column(scale=2, min_width=320):
            choices = gr.CheckboxGroup([], label="Suggestions", elem_id="chat-suggestions",
                                       info="Tick the rewrites to apply to your draft.")
            accept_btn = gr.Button("Accept selected", elem_id="chat-accept")
            revised = gr.Textbox(label="Revised draft (editable)", lines=12, max_lines=30, elem_id="chat-revised",
                                 buttons=["copy"])
            recheck_btn = gr.Button("Re-check edited draft", elem_id="chat-recheck")
            with gr.Row():
                download_md = gr.DownloadButton("Download Markdown", value=None, elem_id="chat-download-md",
                                                interactive=False)
                download_json = gr.DownloadButton("Download JSON", value=None, elem_id="chat-download-json",
                                                  interactive=False)

    outputs = [chatbot, session, choices, revised, download_md, download_json, draft_box]
    mode_of = {label: value for label, value in MODES}

    def to_outputs(view: ChatView, *, keep_ticks: bool = False) -> tuple:
        """The outputs of one view. ``keep_ticks``: a later update of the same reply, which only adds
        suggestions, so the boxes a user ticked meanwhile stay ticked (their labels do not change)."""
        md_path, json_path = view.downloads
        ticks = gr.update(choices=view.suggestion_choices) if keep_ticks else \
            gr.update(choices=view.suggestion_choices, value=[])
        return (view.history, view.session, ticks,
                view.revised_draft,
                gr.update(value=md_path, interactive=md_path is not None),
                gr.update(value=json_path, interactive=json_path is not None),
                "" if view.clear_input else gr.skip())

    def on_send(message, mode_label, profile_name, history, state):
        views = respond(message, mode_of.get(mode_label, "auto"), profile_name, history, state, settings,
                        knowledge=knowledge, files_dir=files_dir)
        for number, view in enumerate(coalesce(views)):
            yield to_outputs(view, keep_ticks=number > 0)

    def on_accept(selected, history, state, profile_name):
        return to_outputs(accept(selected, history, state, settings, profile_name, knowledge=knowledge,
                                 files_dir=files_dir))

    def on_recheck(text, history, state, profile_name):
        return to_outputs(recheck_edited(text, history, state, settings, profile_name, knowledge=knowledge,
                                         files_dir=files_dir))

    def on_clear():
        return to_outputs(ChatView([], ChatSession()))

    inputs = [draft_box, mode, profile, chatbot, session]
    # The UI events carry per-session state, so they are not client endpoints; /critique (gr.api) is.
    send.click(on_send, inputs, outputs, api_visibility="private")
    draft_box.submit(on_send, inputs, outputs, api_visibility="private")
    accept_btn.click(on_accept, [choices, chatbot, session, profile], outputs, api_visibility="private")
    recheck_btn.click(on_recheck, [revised, chatbot, session, profile], outputs, api_visibility="private")
    clear.click(on_clear, None, outputs, api_visibility="private")
    gr.api(critique_endpoint(settings), api_name="critique")



def critique_endpoint(settings: Settings) -> Callable[[str, str], str]:
    """The stateless ``/critique`` API (for ``gradio_client``): draft and profile in, Critique JSON out."""

    def critique(draft: str, profile: str = "") -> str:
        """Critique an OKR draft: rule findings with citations, then verified rewrites, as JSON."""
        from coach.critique import critique_text

        check_draft_size(draft or "", settings.ui.max_draft_chars)
        run_settings = settings.model_copy(update={"profile": profile or settings.profile})
        return critique_text(draft or "", "<api>", run_settings).model_dump_json()

    return critique
