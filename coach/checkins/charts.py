"""Progress charts: value over time against the expected pace line, target marked.

matplotlib is imported lazily (Agg backend, no pyplot) so the CLI starts fast and the web app can build
figures from several threads. :func:`progress_figure` returns a ``matplotlib.figure.Figure`` the web app
can show; :func:`write_charts` saves one PNG per KR for reports.
"""

from __future__ import annotations

import re
from pathlib import Path

from coach.checkins.facts import Facts, KrFacts, SetFacts


def progress_figure(kr: KrFacts, set_facts: SetFacts):
    """One KR's chart: check-in values, the pace line from start (cycle start) to target (cycle end)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.0, 3.2), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    points = [(p.date, p.value) for p in kr.history if p.value is not None]
    if points:
        ax.plot([d for d, _ in points], [v for _, v in points], marker="o", color="#1f6feb", label="value")
    start_date = set_facts.starts or (points[0][0] if points else None)
    if kr.start is not None and kr.target is not None and start_date and set_facts.ends:
        ax.plot([start_date, set_facts.ends], [kr.start, kr.target], linestyle="--", color="#8b949e",
                label="expected pace")
    if kr.target is not None:
        ax.axhline(kr.target, color="#2da44e", linewidth=1, label="target")
    if set_facts.ends:
        ax.axvline(set_facts.ends, color="#d0d7de", linewidth=1)
    title = f"{kr.ref}: {kr.text}"
    ax.set_title(title if len(title) <= 70 else title[:67] + "...", fontsize=9, loc="left")
    ax.set_ylabel(kr.unit or "value", fontsize=8)
    ax.tick_params(labelsize=7)
    fig.autofmt_xdate()
    if points or kr.target is not None:
        ax.legend(fontsize=7, loc="best")
    else:
        ax.text(0.5, 0.5, "no values reported yet", ha="center", va="center", transform=ax.transAxes)
    return fig


def chart_figures(facts: Facts) -> dict[str, object]:
    """A figure per KR, keyed ``O1.KR2`` (or ``set/O1.KR2`` when the facts hold several sets)."""
    several = len(facts.sets) > 1
    return {(f"{s.name}/{kr.ref}" if several else kr.ref): progress_figure(kr, s) for s, kr in facts.iter_key_results()}


def write_charts(facts: Facts, directory: Path, *, refs: set[str] | None = None) -> dict[str, Path]:
    """Save one PNG per KR into ``directory``; returns the key -> path map used for Markdown links."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    several = len(facts.sets) > 1
    out: dict[str, Path] = {}
    for set_facts, kr in facts.iter_key_results():
        key = f"{set_facts.name}/{kr.ref}" if several else kr.ref
        if refs is not None and key not in refs:
            continue
        stem = _safe(f"{set_facts.name}-{kr.ref}" if several else kr.ref)
        path = directory / f"{stem}.png"
        fig = progress_figure(kr, set_facts)
        fig.savefig(path, format="png")
        out[key] = path
    return out


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "chart"


__all__ = ["chart_figures", "progress_figure", "write_charts"]
