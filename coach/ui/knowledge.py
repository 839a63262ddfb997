"""The knowledge screen: add documents (with a progress bar), list sources, remove one, search passages.

The knowledge base is the team's shared library (one per data directory), so this screen changes what
everyone's chat cites; that is on purpose. Uploads are checked (type, size) and copied into
``<data dir>/documents/`` under their own file name before indexing, so a citation reads
``playbook.md#anchor`` and a document re-uploaded under the same name replaces the old passages.
Service calls are ``coach.knowledge.KnowledgeBase`` ``add`` / ``list_sources`` / ``remove`` / ``search``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coach.errors import CoachError
from coach.ui import format as fmt
from coach.ui.limits import DOCUMENT_TYPES, check_upload
from coach.ui.sanitize import safe_inline, safe_markdown
from coach.ui.services import SharedKnowledge

SOURCE_COLUMNS = ["document", "origin", "kind", "passages", "sections", "indexed"]
SEARCH_RESULTS = 5
MAX_QUERY_CHARS = 500

Progress = Callable[[int, int], None]


@dataclass
class Sources:
    rows: list[list[str]] = field(default_factory=list)
    removable: list[tuple[str, str]] = field(default_factory=list)  # (label, source)
    status: str = ""


def documents_dir(knowledge: SharedKnowledge) -> Path:
    return Path(knowledge.settings.data_dir) / "documents"


def list_sources(knowledge: SharedKnowledge) -> Sources:
    """Every indexed document (built-in notes first) and the ones that can be removed."""
    try:
        infos = knowledge.open().list_sources()
    except CoachError as exc:
        return Sources(status=f"**Could not read the knowledge base:** {safe_markdown(str(exc))}.")
    rows = [[info.name, info.origin, info.kind, str(info.chunks), str(info.sections), (info.indexed_at or "")[:19]]
            for info in infos]
    removable = [(info.name, info.source) for info in infos if info.origin == "added"]
    builtin = sum(1 for info in infos if info.origin == "builtin")
    status = f"{len(infos)} document{'s' if len(infos) != 1 else ''}: {builtin} built-in note{'s' if builtin != 1 else ''}, " \
             f"{len(removable)} added."
    return Sources(rows, removable, status)


def add_documents(paths: list[str] | None, knowledge: SharedKnowledge, *, progress: Progress | None = None) -> str:
    """Check, copy and index uploaded documents; returns a status line (Markdown)."""
    if not paths:
        return "Choose one or more documents first (.md, .txt or .pdf)."
    settings = knowledge.settings
    try:
        checked = [check_upload(p, DOCUMENT_TYPES, settings.ui.max_file_mb, field="Document") for p in paths]
        kb = knowledge.searchable() or knowledge.open()
        target = documents_dir(knowledge)
        target.mkdir(parents=True, exist_ok=True)
        copies = []
        for path in checked:
            copy = target / path.name
            shutil.copyfile(path, copy)
            copies.append(copy)
        report = kb.add(copies, progress=progress or False)
    except CoachError as exc:
        return f"**Not added:** {safe_markdown(str(exc))}."
    lines = [f"Indexed: {safe_markdown(report.summary())}."]
    lines += [f"- {safe_inline(d.name)}: {d.status} ({d.chunks_added} new passages)" for d in report.documents]
    lines += [f"- skipped {safe_inline(Path(s.path).name)}: {safe_markdown(s.reason)}" for s in report.skipped]
    return "\n".join(lines)


def remove_document(source: str | None, knowledge: SharedKnowledge) -> str:
    """Remove one added document (its passages and the stored copy)."""
    if not source:
        return "Pick an added document to remove (built-in notes cannot be removed)."
    if source not in {s for _, s in list_sources(knowledge).removable}:
        return "That document is not in the knowledge base any more; press Refresh."
    try:
        removed = knowledge.open().remove(source)
    except CoachError as exc:
        return f"**Not removed:** {safe_markdown(str(exc))}."
    copy = Path(source)
    if copy.parent == documents_dir(knowledge) and copy.is_file():
        copy.unlink()
    return f"Removed {safe_inline(copy.name)} ({removed} passages)."


def search(query: str, knowledge: SharedKnowledge) -> str:
    """The best passages for a query, each expandable to its text."""
    query = (query or "").strip()
    if not query:
        return "Type what you are looking for, e.g. *how many key results per objective*."
    if len(query) > MAX_QUERY_CHARS:
        return f"**Too long:** the search is {len(query):,} characters; the limit is {MAX_QUERY_CHARS}."
    kb = knowledge.searchable()
    if kb is None:
        return f"**Search unavailable:** {safe_markdown(knowledge.error or 'the knowledge base could not open')}."
    try:
        results = kb.search(query, SEARCH_RESULTS)
    except CoachError as exc:
        return f"**Search failed:** {safe_markdown(str(exc))}."
    if not results:
        return "No passage matches; add your team's documents above."
    parts = [f"**{len(results)} passage{'s' if len(results) != 1 else ''}** for “{safe_inline(query)}”:"]
    for i, citation in enumerate(results, start=1):
        parts.append(f"**{i}. {safe_inline(citation.heading or citation.anchor)}**")
        text = citation.text or ""
        if text:
            parts.append(fmt.details_block(f"Read the passage ({citation.anchor})", fmt.quote(safe_markdown(text))))
        else:
            parts.append(f"`{safe_inline(citation.anchor).replace('`', '')}`")
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- Gradio wiring


def build(knowledge: SharedKnowledge):
    """Lay out the knowledge tab inside the current ``gr.Blocks`` and wire its events.

    Returns ``(fn, outputs)`` for the app's page-load event, which fills the source list.
    """
    import gradio as gr

    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=320):
            gr.Markdown("#### Add documents")
            files = gr.File(label=f"Documents (.md, .txt, .pdf; up to {knowledge.settings.ui.max_file_mb:g} MB each)",
                            file_count="multiple", type="filepath",
                            file_types=list(DOCUMENT_TYPES), elem_id="kb-files")
            add = gr.Button("Add to knowledge base", variant="primary", elem_id="kb-add")
            add_status = gr.Markdown(elem_id="kb-add-status")
            gr.Markdown("#### Remove a document")
            with gr.Row():
                removable = gr.Dropdown([], value=None, label="Added document", elem_id="kb-remove-pick", scale=3)
                remove = gr.Button("Remove", variant="stop", elem_id="kb-remove", scale=1)
            remove_status = gr.Markdown(elem_id="kb-remove-status")
        with gr.Column(scale=2, min_width=480):
            with gr.Row():
                sources_status = gr.Markdown(elem_id="kb-sources-status")
                refresh = gr.Button("Refresh", size="sm", scale=0, elem_id="kb-refresh")
            sources = gr.Dataframe(headers=SOURCE_COLUMNS, datatype="str", interactive=False, label="Sources",
                                   elem_id="kb-sources", max_height=300, wrap=True)
            gr.Markdown("#### Search passages")
            with gr.Row():
                query = gr.Textbox(show_label=False, placeholder="e.g. how many key results per objective",
                                   elem_id="kb-query", scale=4, max_length=MAX_QUERY_CHARS)
                go = gr.Button("Search", variant="primary", elem_id="kb-search", scale=1)
            results = gr.Markdown(elem_id="kb-results")

    def sources_outputs():
        listing = list_sources(knowledge)
        return listing.status, listing.rows, gr.update(choices=listing.removable, value=None)

    def on_add(paths, progress=gr.Progress()):
        progress(0, desc="Reading documents")

        def report(done: int, total: int) -> None:
            progress((done, total), desc="Embedding passages", unit="passages")

        return (add_documents(paths, knowledge, progress=report), *sources_outputs(), None)

    def on_remove(source):
        return (remove_document(source, knowledge), *sources_outputs())

    listing = [sources_status, sources, removable]
    refresh.click(sources_outputs, None, listing, api_visibility="private")
    add.click(on_add, [files], [add_status, *listing, files], api_visibility="private")
    remove.click(on_remove, [removable], [remove_status, *listing], api_visibility="private")
    go.click(lambda q: search(q, knowledge), [query], results, api_visibility="private")
    query.submit(lambda q: search(q, knowledge), [query], results, api_visibility="private")
    return sources_outputs, listing

