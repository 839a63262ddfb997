"""Render a :class:`~coach.checkins.narrative.Narrative` as plain text, Markdown or JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping

from coach.checkins.narrative import SECTIONS, KrNote, Narrative

FORMATS = ("text", "markdown", "json")


def render_narrative(narrative: Narrative, fmt: str = "text", *, charts: Mapping[str, str] | None = None) -> str:
    """``charts`` maps a KR key (``O1.KR2`` or ``set/O1.KR2``) to an image path linked from Markdown."""
    if fmt == "json":
        data = json.loads(narrative.model_dump_json())
        if charts:
            data["charts"] = dict(charts)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(narrative, charts or {})
    return _text(narrative)


def chart_key(note: KrNote) -> str:
    return f"{note.set}/{note.kr}" if note.set else note.kr


def _who(note: KrNote) -> str:
    parts = [p for p in (note.set, note.owner and f"owner {note.owner}", note.status) if p]
    return f" ({', '.join(parts)})" if parts else ""


def _headings(narrative: Narrative) -> dict[str, str]:
    return dict(SECTIONS[narrative.kind])


def _text(n: Narrative) -> str:
    lines = [f"{n.title} - as of {n.as_of.isoformat()} ({_writer(n)})", "", n.draft.headline, ""]
    for notice in n.notices:
        lines.insert(1, f"Notice: {notice}")
    for note in n.draft.key_results:
        lines.append(f"{note.kr}{_who(note)}")
        lines.append(f"  {note.summary}")
        if note.what_changed:
            lines.append(f"  What changed: {note.what_changed}")
        for blocker in note.blockers:
            lines.append(f"  Blocker: {blocker}")
        lines.append(f"  Next action: {note.next_action or 'none recorded'}")
        lines.append("")
    headings = _headings(n)
    for section in n.draft.sections:
        lines.append(headings.get(section.key, section.key.capitalize()))
        lines.extend(f"  - {item}" for item in section.items)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _writer(n: Narrative) -> str:
    return f"written by {n.model or 'the LLM'}" if n.writer == "llm" else "deterministic writer"


def _md(text: str) -> str:
    """Escape the characters that would turn user text into Markdown or HTML structure."""
    return text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*") \
        .replace("_", "\\_").replace("[", "\\[").replace("]", "\\]").replace("`", "\\`")


def _markdown(n: Narrative, charts: Mapping[str, str]) -> str:
    lines = [f"# {n.title}", "", f"As of {n.as_of.isoformat()} - {_writer(n)}.", ""]
    for notice in n.notices:
        lines += [f"> **Notice:** {_md(notice)}", ""]
    lines += [_md(n.draft.headline), ""]
    if n.draft.key_results:
        lines += ["## Key results", ""]
    for note in n.draft.key_results:
        lines += [f"### {_md(note.kr)}{_md(_who(note))}", "", _md(note.summary), ""]
        if note.what_changed:
            lines += [f"**What changed:** {_md(note.what_changed)}", ""]
        if note.blockers:
            lines += ["**Blockers:**", *[f"- {_md(b)}" for b in note.blockers], ""]
        lines += [f"**Next action:** {_md(note.next_action) if note.next_action else 'none recorded'}", ""]
        chart = charts.get(chart_key(note))
        if chart:
            lines += [f"![{note.kr} progress]({chart})", ""]
    headings = _headings(n)
    for section in n.draft.sections:
        lines += [f"## {headings.get(section.key, section.key.capitalize())}", ""]
        lines += [f"- {_md(item)}" for item in section.items] + [""]
    return "\n".join(lines).rstrip() + "\n"
