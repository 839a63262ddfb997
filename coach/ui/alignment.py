"""The alignment screen: upload or paste several OKR sets, see the map, the summary and the findings.

A thin adapter over :func:`coach.alignment.service.check_sources` (the same run as ``okr-coach check
DIR``). The map is the PNG painter's picture (no SVG is put into the page); the SVG is offered as a
download. Pasted sets are separated by ``==> name.md <==`` lines, the way ``head`` prints several files.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from coach.config import Settings
from coach.errors import CoachError
from coach.render import md_escape

EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "examples" / "alignment" / "problems"
MAX_SETS = 60
#: Pasted text may hold this many times the single-draft limit (ui.max_draft_chars).
PASTE_FACTOR = 10


@dataclass
class AlignmentView:
    summary: str
    findings: str
    png: bytes | None = None
    svg_path: str | None = None


def example_text() -> str:
    """The problem examples as one pasted text (empty when examples/ is not shipped)."""
    if not EXAMPLE_DIR.is_dir():
        return ""
    return "".join(f"==> {p.name} <==\n{p.read_text(encoding='utf-8').rstrip()}\n\n"
                   for p in sorted(EXAMPLE_DIR.iterdir()) if p.is_file())


def sources_from(files: list[str] | None, pasted: str | None, settings: Settings) -> list[tuple[str, str]]:
    """(text, name) of every uploaded file and pasted set, after the size and type checks."""
    from coach.rules.alignment._base import split_example
    from coach.ui.limits import DRAFT_TYPES, check_draft_size, check_upload, read_text_upload

    sources = []
    for path in files or []:
        p = check_upload(path, DRAFT_TYPES, settings.ui.max_file_mb, field="Sets")
        sources.append((read_text_upload(p, settings.ui.max_draft_chars, field="Sets"), p.name))
    if pasted and pasted.strip():
        check_draft_size(pasted, settings.ui.max_draft_chars * PASTE_FACTOR)
        sources.extend(split_example(pasted) if "==> " in pasted else [(pasted, "pasted.md")])
    if not sources:
        raise CoachError("no sets to check", hint="upload files or paste sets, each after a '==> name.md <==' line")
    if len(sources) > MAX_SETS:
        raise CoachError(f"{len(sources)} sets; the screen checks at most {MAX_SETS}",
                         hint="use `okr-coach check FOLDER` for larger runs")
    return sources


def check_alignment(files: list[str] | None, pasted: str | None, settings: Settings,
                    out_dir: Path | None = None) -> AlignmentView:
    from coach.alignment.service import check_sources
    from coach.alignment.svg import render_png, render_svg
    from coach.render_run import summary_markdown

    try:
        run = check_sources(sources_from(files, pasted, settings), settings)
    except CoachError as exc:
        return AlignmentView(summary=f"**Could not check the sets:** {md_escape(str(exc))}", findings="")
    rows = ["| set | where | rule | severity | message |", "| --- | --- | --- | --- | --- |"]
    for report, f in run.findings:
        if not f.code.startswith("OKR4"):
            continue
        where = "set" if f.location.objective is None else (
            f"O{f.location.objective}" + (f".KR{f.location.key_result}" if f.location.key_result else ""))
        rows.append(f"| {md_escape(Path(report.okr_set.source).name)} | {where} | {f.code} `{f.name}` | "
                    f"{f.severity.value} | {md_escape(f.message)} |")
    others = sum(1 for _, f in run.findings if not f.code.startswith("OKR4"))
    findings = ("### Alignment findings\n\n" + ("\n".join(rows) if len(rows) > 2 else "No alignment findings.")
                + f"\n\n{others} other findings in the sets themselves (see the coach chat or `okr-coach check`).")
    folder = out_dir or Path(tempfile.mkdtemp(prefix="okr-coach-map-"))
    svg_path = folder / "alignment-map.svg"
    svg_path.write_text(render_svg(run), encoding="utf-8")
    return AlignmentView(summary=summary_markdown(run), findings=findings, png=render_png(run, 1.5),
                         svg_path=str(svg_path))


def build(settings: Settings, *, files_dir: Path) -> None:
    """The screen's widgets and callbacks, inside the caller's ``gr.Tab``."""
    import io

    import gradio as gr
    from PIL import Image

    from coach.ui.limits import DRAFT_TYPES

    gr.Markdown("Check several OKR sets together: which team objective supports which company objective, "
                "dependencies between teams, conflicts. Link syntax: `Supports: Company O2`, "
                "`Depends on: Platform O1.KR3` (docs/alignment.md).")
    with gr.Row():
        with gr.Column(scale=1):
            upload = gr.File(label="Upload sets", file_count="multiple", file_types=list(DRAFT_TYPES),
                             elem_id="align-files")
            pasted = gr.Textbox(label="Or paste sets, each after a line '==> name.md <=='", lines=14,
                                max_lines=30, elem_id="align-paste")
            with gr.Row():
                example = gr.Button("Load the example", elem_id="align-example")
                run_button = gr.Button("Check alignment", variant="primary", elem_id="align-run")
        with gr.Column(scale=2):
            summary = gr.Markdown(elem_id="align-summary")
            picture = gr.Image(label="Alignment map", type="pil", interactive=False, elem_id="align-map")
            svg_file = gr.File(label="Map as SVG", interactive=False, elem_id="align-svg")
    findings = gr.Markdown(elem_id="align-findings")

    def on_run(files, text):
        out = Path(tempfile.mkdtemp(prefix="map-", dir=files_dir))
        view = check_alignment(files, text, settings, out)
        image = Image.open(io.BytesIO(view.png)) if view.png else None
        return view.summary, image, view.svg_path, view.findings

    example.click(example_text, None, pasted, api_visibility="private")
    run_button.click(on_run, [upload, pasted], [summary, picture, svg_file, findings], api_visibility="private")

