"""The evals screen: list saved eval runs, show one run's summary, compare two runs side by side.

Everything comes from ``coach.evals.service`` (list_runs, load_run_summary, compare) and is rendered with
the eval reports' own Markdown (``coach.evals.report``), so the page and ``okr-coach eval show/compare``
agree. Only runs from the list (and the committed baseline) can be opened: the choice is checked
against it, so a crafted request cannot make the server read an arbitrary path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.config import Settings
from coach.errors import CoachError
from coach.ui.sanitize import safe_inline, safe_markdown

BASELINE_CHOICE = "baseline (evals/baseline)"
RUN_COLUMNS = ["run", "created", "engine", "model", "split", "headline metrics"]


@dataclass
class RunList:
    choices: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    status: str = ""


def _refs(settings: Settings) -> dict[str, str]:
    """Dropdown label -> run reference (id, or the baseline directory)."""
    from coach.evals import service

    refs = {run["run_id"]: run["run_id"] for run in service.list_runs(settings) if run.get("run_id")}
    if (service.BASELINE_DIR / "run.json").is_file():
        refs[BASELINE_CHOICE] = str(service.BASELINE_DIR)
    return refs


def _headline(suites: dict) -> str:
    parts = []
    for name, suite in suites.items():
        if suite.get("error"):
            parts.append(f"{name}: failed")
            continue
        values = [f"{k} {v:.3f}" for k, v in suite.get("metrics", {}).items() if isinstance(v, int | float)][:3]
        parts.append(f"{name}: {', '.join(values) or 'no metrics'}")
    return "; ".join(parts)


def list_runs(settings: Settings) -> RunList:
    """The saved runs, newest first, as table rows and picker choices."""
    from coach.evals import service

    try:
        runs = service.list_runs(settings)
        choices = list(_refs(settings))
    except CoachError as exc:
        return RunList(status=f"**Could not list runs:** {safe_markdown(str(exc))}.")
    rows = [[str(r.get("run_id") or ""), str(r.get("created") or ""), str(r.get("engine") or ""),
             str(r.get("model") or "none"), str(r.get("split") or ""), _headline(r.get("suites", {}))] for r in runs]
    if runs:
        status = f"{len(runs)} saved run{'s' if len(runs) != 1 else ''}, newest first."
    else:
        status = "No saved runs yet: run `okr-coach eval run --suite all` (the committed baseline can be opened)."
    return RunList(choices, rows, status)


def _resolve(choice: str | None, settings: Settings) -> str:
    refs = _refs(settings)
    if not choice or choice not in refs:
        raise CoachError(f"run '{choice or ''}' is not in the list of saved runs",
                         hint="press Refresh and pick a run from the list")
    return refs[choice]


def show_run(choice: str | None, settings: Settings) -> str:
    """One run's report (summary, all metrics, failing cases) as safe Markdown."""
    from coach.evals import service
    from coach.evals.report import run_report_markdown

    try:
        run = service.load_run(settings, _resolve(choice, settings))
    except CoachError as exc:
        return f"**Could not open the run:** {safe_markdown(str(exc))}."
    return safe_markdown(run_report_markdown(run))


def compare_runs(choice_a: str | None, choice_b: str | None, settings: Settings) -> tuple[str, str, str]:
    """(comparison, A's report, B's report): the comparison lists regressions first."""
    from coach.evals import service
    from coach.evals.report import comparison_markdown

    if not choice_a or not choice_b:
        return "Pick two runs: A (usually the baseline) and B (the candidate).", "", ""
    if choice_a == choice_b:
        return "Pick two different runs to compare.", "", ""
    try:
        comparison = service.compare(settings, _resolve(choice_a, settings), _resolve(choice_b, settings))
    except CoachError as exc:
        return f"**Could not compare:** {safe_markdown(str(exc))}.", "", ""
    regressions = comparison.get("regressions", [])
    verdict = (f"**B regresses on {len(regressions)} metric{'s' if len(regressions) != 1 else ''}** "
               f"({', '.join(safe_inline(r['suite'] + '.' + r['metric']) for r in regressions)})."
               if regressions else "**No regression** of B against A.")
    return (verdict + "\n\n" + safe_markdown(comparison_markdown(comparison)), show_run(choice_a, settings),
            show_run(choice_b, settings))


# --------------------------------------------------------------------------- Gradio wiring


def build(settings: Settings):
    """Lay out the evals tab inside the current ``gr.Blocks`` and wire its events.

    Returns ``(fn, outputs)`` for the app's page-load event, which lists the saved runs: each visit sees
    the runs saved since the server started, and the first page does not wait for the evals engine.
    """
    import gradio as gr

    with gr.Row():
        status = gr.Markdown("Listing saved runs...", elem_id="evals-status")
        refresh = gr.Button("Refresh", size="sm", scale=0, elem_id="evals-refresh")
    table = gr.Dataframe(headers=RUN_COLUMNS, datatype="str", interactive=False,
                         label="Saved eval runs", elem_id="evals-runs", wrap=True, max_height=260)
    with gr.Tab("Show a run"):
        with gr.Row():
            run = gr.Dropdown([], value=None, label="Run", elem_id="evals-run", scale=3)
            show = gr.Button("Show", variant="primary", scale=1, elem_id="evals-show")
        report = gr.Markdown(elem_id="evals-report")
    with gr.Tab("Compare two runs"):
        with gr.Row():
            run_a = gr.Dropdown([], value=None, label="A (baseline)", elem_id="evals-a")
            run_b = gr.Dropdown([], value=None, label="B (candidate)", elem_id="evals-b")
            compare = gr.Button("Compare", variant="primary", elem_id="evals-compare")
        comparison = gr.Markdown(elem_id="evals-comparison")
        with gr.Row(equal_height=False):
            report_a = gr.Markdown(elem_id="evals-report-a")
            report_b = gr.Markdown(elem_id="evals-report-b")

    def on_refresh():
        runs = list_runs(settings)
        pick = gr.update(choices=runs.choices)
        return runs.status, runs.rows, pick, pick, pick

    def on_load():
        runs = list_runs(settings)
        pick = gr.update(choices=runs.choices, value=None)
        baseline = BASELINE_CHOICE if BASELINE_CHOICE in runs.choices else None
        return runs.status, runs.rows, pick, gr.update(choices=runs.choices, value=baseline), pick

    listing = [status, table, run, run_a, run_b]
    refresh.click(on_refresh, None, listing, api_visibility="private")
    show.click(lambda choice: show_run(choice, settings), [run], report, api_visibility="private")
    compare.click(lambda a, b: compare_runs(a, b, settings), [run_a, run_b], [comparison, report_a, report_b],
                  api_visibility="private")
    return on_load, listing
