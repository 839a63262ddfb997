"""The check-in studio: load check-ins (a stored OKR set, or uploaded files), edit them in a table,
write the weekly / monthly / retro narrative, see progress charts, copy or download the Markdown.

Edits in the table belong to the browser session: they shape the narrative but are never written to the
shared check-in store (use ``okr-coach checkin import`` for that). Service calls are the CLI's:
``coach.checkins.service`` (stored sets, history, facts, narrate, charts) and
``coach.checkins.render.render_narrative``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.config import Settings
from coach.errors import CoachError
from coach.ui.limits import CHECKIN_TYPES, DRAFT_TYPES, check_upload, read_text_upload
from coach.ui.revise import draft_markdown
from coach.ui.sanitize import safe_markdown
from coach.ui.state import StudioSession

KIND_LABELS = {"Weekly check-in": "weekly", "Monthly review": "monthly", "Retrospective": "retro"}
TABLE_SOURCE = "studio-table.csv"


def columns() -> list[str]:
    """The table's columns: the check-in import format, so the table can be exported and imported."""
    from coach.checkins.service import EXPORT_COLUMNS

    return list(EXPORT_COLUMNS)


@dataclass
class StudioView:
    """What the studio shows after a callback."""

    session: StudioSession
    status: str
    rows: list[list[str]] = field(default_factory=list)
    narrative: str = ""
    narrative_source: str = ""
    charts: list[tuple[str, str]] = field(default_factory=list)  # (png path, caption)
    download: str | None = None


def stored_set_choices(settings: Settings) -> list[tuple[str, str]]:
    """(label, name) of the stored OKR sets, for the picker."""
    from coach.checkins.service import list_okr_sets

    try:
        sets = list_okr_sets(settings)
    except CoachError:
        return []
    return [(f"{s.name} ({' · '.join(p for p in (s.team, s.period) if p) or 'no team or period'})", s.name)
            for s in sets]


def _rows_from_checkins(checkins) -> list[list[str]]:
    from coach.checkins.service import history_csv

    return [row for row in csv.reader(io.StringIO(history_csv(checkins, spreadsheet_safe=False)))][1:]


def load_stored(set_name: str | None, session: StudioSession, settings: Settings) -> StudioView:
    """Open a stored OKR set and its check-in history in the table."""
    from coach.checkins.service import checkin_history, list_okr_sets

    if not set_name:
        return StudioView(session, "Pick a stored OKR set first (or upload files below).")
    try:
        stored = next((s for s in list_okr_sets(settings) if s.name == set_name), None)
        if stored is None:
            return StudioView(session, f"**Not found:** no stored OKR set is called '{safe_markdown(set_name)}'.")
        rows = _rows_from_checkins(checkin_history(settings, set_name=set_name))
    except CoachError as exc:
        return StudioView(session, f"**Could not load:** {safe_markdown(str(exc))}.")
    new = StudioSession(set_id=stored.name, okr_set_label=stored.name, okr_text=draft_markdown(stored.okr_set),
                        okr_source=f"{stored.name}.md")
    return StudioView(new, _loaded_status(new, rows), rows)


def load_uploads(okr_path: str | None, checkin_path: str | None, session: StudioSession,
                 settings: Settings) -> StudioView:
    """Read an uploaded OKR set and check-in file; validate the check-ins against the set."""
    from coach.checkins.importer import read_checkin_file, validate
    from coach.parse import parse_draft

    if not okr_path or not checkin_path:
        return StudioView(session, "Upload both files: the OKR set (Markdown, text, YAML or JSON) and the "
                                   "check-ins (CSV, YAML or JSON).")
    limit = settings.ui.max_file_mb
    try:
        okr_file = check_upload(okr_path, DRAFT_TYPES, limit, field="OKR set file")
        checkin_file = check_upload(checkin_path, CHECKIN_TYPES, limit, field="Check-in file")
        okr_text = read_text_upload(okr_file, settings.ui.max_draft_chars, field="OKR set file")
        checkin_text = read_text_upload(checkin_file, 50 * settings.ui.max_draft_chars, field="Check-in file")
        okr_set = parse_draft(okr_text, source=okr_file.name)
        batch = validate(read_checkin_file(checkin_text, checkin_file.name), okr_set)
    except CoachError as exc:
        return StudioView(session, f"**Could not load:** {safe_markdown(str(exc))}.")
    new = StudioSession(set_id=None, okr_set_label=okr_file.name, okr_text=okr_text, okr_source=okr_file.name)
    rows = _rows_from_checkins(batch.checkins)
    return StudioView(new, _loaded_status(new, rows), rows)


def _loaded_status(session: StudioSession, rows: list[list[str]]) -> str:
    krs = len({row[0] for row in rows if row})
    return (f"Loaded **{safe_markdown(session.okr_set_label)}**: {len(rows)} check-in row{'s' if len(rows) != 1 else ''} "
            f"for {krs} key result{'s' if krs != 1 else ''}. Edit the table if needed, then generate a narrative.")


def table_csv(rows: list[list[Any]] | None) -> str:
    """The table as a check-in CSV (blank rows dropped; cells stringified)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns())
    width = len(columns())
    for row in rows or []:
        cells = ["" if cell is None else str(cell).strip() for cell in list(row)[:width]]
        if any(cells):
            writer.writerow(cells + [""] * (width - len(cells)))
    return out.getvalue()


def generate(rows: list[list[Any]] | None, kind_label: str, as_of_text: str, session: StudioSession,
             settings: Settings, *, files_dir: Path) -> StudioView:
    """Facts from the (edited) table, the narrative, its charts and a Markdown file to download."""
    from coach.checkins.charts import write_charts
    from coach.checkins.render import render_narrative
    from coach.checkins.service import facts_from_files, narrate

    rows = [list(r) for r in rows or []]
    if not session.okr_text:
        return StudioView(session, "Load an OKR set and its check-ins first.", rows)
    kind = KIND_LABELS.get(kind_label, "weekly")
    try:
        as_of = dt.date.fromisoformat(as_of_text.strip()) if (as_of_text or "").strip() else None
    except ValueError:
        return StudioView(session, f"**As of:** '{safe_markdown(as_of_text)}' is not a date; write it as "
                                   "YYYY-MM-DD, or leave it empty for today.", rows)
    try:
        facts = facts_from_files(session.okr_text, session.okr_source, table_csv(rows), TABLE_SOURCE,
                                 kind=kind, as_of=as_of)
        narrative = narrate(facts, settings)
    except CoachError as exc:
        return StudioView(session, f"**Could not write the narrative:** {safe_markdown(str(exc))}.", rows)
    source = render_narrative(narrative, "markdown")
    digest = hashlib.sha256((source + kind).encode()).hexdigest()[:16]
    folder = files_dir / "narratives" / digest
    charts = write_charts(facts, folder / "charts")
    md_path = folder / f"{kind}-narrative.md"
    md_path.write_text(source, encoding="utf-8")
    new = dataclasses.replace(session, narrative_markdown=source)
    writer = "the LLM" if narrative.writer == "llm" else "the deterministic writer"
    status = f"{narrative.title}: written by {writer}, as of {narrative.as_of.isoformat()}."
    gallery = [(str(path), key) for key, path in sorted(charts.items())]
    return StudioView(new, status, rows, safe_markdown(source), source, gallery, str(md_path))


def narrative_endpoint(settings: Settings):
    """The stateless ``/narrative`` API: OKR set text + check-in text in, narrative Markdown out."""

    def narrative(okr_set: str, checkins: str, checkins_format: str = "csv", kind: str = "weekly",
                  as_of: str = "") -> str:
        """Write the weekly, monthly or retro narrative for an OKR set and its check-ins (Markdown)."""
        from coach.checkins.render import render_narrative
        from coach.checkins.service import KINDS, facts_from_files, narrate
        from coach.ui.limits import check_draft_size

        if kind not in KINDS:
            raise CoachError(f"kind '{kind}' is not one of {', '.join(KINDS)}", hint="pass weekly, monthly or retro")
        if checkins_format not in ("csv", "yaml", "json"):
            raise CoachError(f"checkins_format '{checkins_format}' is not csv, yaml or json",
                             hint="pass the format of the check-in text")
        check_draft_size(okr_set or "", settings.ui.max_draft_chars, what="okr_set")
        check_draft_size(checkins or "", 50 * settings.ui.max_draft_chars, what="checkins")
        when = dt.date.fromisoformat(as_of) if as_of else None
        facts = facts_from_files(okr_set, "okr_set.md", checkins, f"checkins.{checkins_format}", kind=kind,
                                 as_of=when)
        return render_narrative(narrate(facts, settings), "markdown")

    return narrative


# --------------------------------------------------------------------------- Gradio wiring


def build(settings: Settings, *, files_dir: Path):
    """Lay out the studio tab inside the current ``gr.Blocks`` and wire its events.

    Returns ``(fn, outputs)`` for the app's page-load event, which lists the stored OKR sets: each visit
    sees the sets stored since the server started, and the first page does not wait for the store.
    """
    import gradio as gr

    session = gr.State(StudioSession())
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=320):
            gr.Markdown("#### 1. Load check-ins")
            stored = gr.Dropdown(choices=[], value=None, label="Stored OKR set",
                                 elem_id="studio-stored", info="Sets added with 'okr-coach okrs add'.")
            with gr.Row():
                refresh = gr.Button("Refresh list", size="sm", elem_id="studio-refresh")
                load_stored_btn = gr.Button("Open set", size="sm", variant="primary", elem_id="studio-open")
            gr.Markdown("or upload files:")
            limit = f"up to {settings.ui.max_file_mb:g} MB"
            okr_file = gr.File(label=f"OKR set file (.md, .txt, .yaml, .json; {limit})",
                               file_types=list(DRAFT_TYPES), type="filepath", elem_id="studio-okr-file")
            checkin_file = gr.File(label=f"Check-in file (.csv, .yaml, .json; {limit})",
                                   file_types=list(CHECKIN_TYPES), type="filepath", elem_id="studio-checkin-file")
            load_files_btn = gr.Button("Load files", variant="primary", elem_id="studio-load-files")
        with gr.Column(scale=3, min_width=480):
            status = gr.Markdown("Load a stored OKR set or upload an OKR set and a check-in file.",
                                 elem_id="studio-status")
            table = gr.Dataframe(headers=columns(), datatype="str", type="array", interactive=True,
                                 label="Check-ins (editable: values, confidence, blockers, actions)",
                                 elem_id="studio-table", wrap=True, max_height=360, column_count=len(columns()))
            with gr.Row():
                kind = gr.Radio(list(KIND_LABELS), value="Weekly check-in", label="Narrative", elem_id="studio-kind",
                                scale=3)
                as_of = gr.Textbox(label="As of (YYYY-MM-DD, empty = today)", elem_id="studio-as-of", scale=2)
            generate_btn = gr.Button("Generate narrative", variant="primary", elem_id="studio-generate")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            narrative = gr.Markdown(elem_id="studio-narrative", buttons=["copy"])
            with gr.Accordion("Markdown source (copy)", open=False):
                source = gr.Textbox(show_label=False, lines=10, max_lines=30, elem_id="studio-source",
                                    buttons=["copy"])
            download = gr.DownloadButton("Download Markdown", value=None, interactive=False,
                                         elem_id="studio-download")
        with gr.Column(scale=2):
            charts = gr.Gallery(label="Progress charts (click to enlarge)", columns=1, height=900, elem_id="studio-charts",
                                object_fit="contain")

    outputs = [session, status, table, narrative, source, charts, download]

    def to_outputs(view: StudioView, *, keep_results: bool = False) -> tuple:
        return (view.session, view.status, view.rows, view.narrative, view.narrative_source, view.charts,
                gr.update(value=view.download, interactive=view.download is not None))

    def on_refresh():
        return gr.update(choices=stored_set_choices(settings))

    refresh.click(on_refresh, None, stored, api_visibility="private")
    load_stored_btn.click(lambda name, state: to_outputs(load_stored(name, state, settings)), [stored, session],
                          outputs, api_visibility="private")
    load_files_btn.click(lambda o, c, state: to_outputs(load_uploads(o, c, state, settings)),
                         [okr_file, checkin_file, session], outputs, api_visibility="private")
    generate_btn.click(lambda rows, k, a, state: to_outputs(generate(rows, k, a, state, settings, files_dir=files_dir)),
                       [table, kind, as_of, session], outputs, api_visibility="private")
    gr.api(narrative_endpoint(settings), api_name="narrative")
    return lambda: (on_refresh(),), [stored]
