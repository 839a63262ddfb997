"""Render a :class:`~coach.model.CheckReport` as plain text, Markdown or JSON (schema version 1).

Plain text is for terminals (optional ANSI colour, never required); Markdown is for pasting into a doc or
a pull request; JSON follows ``coach/schemas/check-report.v1.json`` (documented in docs/json-output.md).
No third-party dependency: this module is on the fast path of ``okr-coach check``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from coach.model import CheckReport, Finding, Severity, kr_ref

SCHEMA_VERSION = 1
Format = Literal["text", "json", "markdown"]
FORMATS: tuple[str, ...] = ("text", "json", "markdown")

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render_report(report: CheckReport, fmt: Format = "text", *, color: bool = False) -> str:
    """The report in ``fmt`` ('text', 'json' or 'markdown'), ending with a newline."""
    if fmt == "json":
        import json  # only this format needs it: a plain check starts without it

        return json.dumps(report_to_json(report), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(report)
    if fmt == "text":
        return _text(report, color=color)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


# --------------------------------------------------------------------------- JSON


def finding_to_json(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "fix": finding.fix,
        "location": {"objective": loc.objective, "key_result": loc.key_result, "line": loc.line},
        "ref": _ref(finding),
        "evidence": finding.evidence,
        "citation": {"anchor": finding.citation.anchor, "source": finding.citation.source},
    }


def report_to_json(report: CheckReport) -> dict[str, Any]:
    """The report as the JSON document of schema version 1 (see coach/schemas/check-report.v1.json)."""
    okr_set, scores = report.okr_set, report.scores
    counts = Counter(f.severity.value for f in report.findings)
    return {
        "schema_version": SCHEMA_VERSION,
        "source": okr_set.source,
        "profile": report.profile,
        "team": okr_set.team,
        "period": okr_set.period,
        "notice": report.notice,
        "layout_doubts": report.layout_doubts,
        "summary": {"errors": counts.get("error", 0), "warnings": counts.get("warning", 0),
                    "info": counts.get("info", 0), "objectives": len(okr_set.objectives),
                    "key_results": sum(len(o.key_results) for o in okr_set.objectives)},
        "scores": {"set": scores.set, "objectives": scores.objectives, "key_results": scores.key_results},
        "objectives": [
            {"position": o.position, "text": o.text, "line": o.line,
             "score": scores.objectives[i] if i < len(scores.objectives) else None,
             "key_results": [
                 {"position": kr.position, "ref": kr_ref(o.position, kr.position), "text": kr.text, "line": kr.line,
                  "score": _kr_score(report, i, j)} for j, kr in enumerate(o.key_results)]}
            for i, o in enumerate(okr_set.objectives)],
        "findings": [finding_to_json(f) for f in report.findings],
    }


def _kr_score(report: CheckReport, i: int, j: int) -> int | None:
    try:
        return report.scores.key_results[i][j]
    except IndexError:
        return None


def _ref(finding: Finding) -> str:
    loc = finding.location
    if loc.objective is None:
        return "set"
    if loc.key_result is None:
        return f"O{loc.objective}"
    return kr_ref(loc.objective, loc.key_result)


# --------------------------------------------------------------------------- text


def _groups(report: CheckReport) -> list[tuple[str, str | None, int | None, list[Finding]]]:
    """(heading, objective text, score, findings) for the set and each objective, in draft order."""
    groups = []
    set_level = [f for f in report.findings if f.location.objective is None]
    if set_level:
        groups.append(("Whole set", None, None, set_level))
    for i, objective in enumerate(report.okr_set.objectives):
        found = [f for f in report.findings if f.location.objective == objective.position]
        score = report.scores.objectives[i] if i < len(report.scores.objectives) else None
        groups.append((f"O{objective.position}", objective.text, score, found))
    return groups


def layout_doubt_sentence(doubts: list[str]) -> str:
    """One sentence for the reading doubts of a report: what looks wrong, then what to do about it."""
    from coach.parse.doubts import LAYOUT_FIX

    text = "; ".join(doubts)
    return f"{text[0].upper()}{text[1:]}: {LAYOUT_FIX}."


def _summary(report: CheckReport) -> str:
    counts = Counter(f.severity for f in report.findings)
    parts = [f"{counts.get(Severity.ERROR, 0)} error{'s' if counts.get(Severity.ERROR, 0) != 1 else ''}",
             f"{counts.get(Severity.WARNING, 0)} warning{'s' if counts.get(Severity.WARNING, 0) != 1 else ''}",
             f"{counts.get(Severity.INFO, 0)} info"]
    return ", ".join(parts)


def _text(report: CheckReport, *, color: bool) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    okr_set = report.okr_set
    n_krs = sum(len(o.key_results) for o in okr_set.objectives)
    lines = [paint(f"{okr_set.source}", _BOLD) + f"  profile {report.profile}, {len(okr_set.objectives)} objectives, "
             f"{n_krs} key results, period {okr_set.period or 'not stated'}"]
    if report.notice:  # no findings and no score: the checker could not judge this text
        return "\n".join([*lines, "", f"Notice: {report.notice}."]) + "\n"
    lines += [f"Score: {report.scores.set}/100 ({_summary(report)})", ""]
    if report.layout_doubts:
        lines += [paint("Check the reading: ", _BOLD) + layout_doubt_sentence(report.layout_doubts), ""]
    for heading, text, score, findings in _groups(report):
        title = heading if text is None else f"{heading}  {text}"
        lines.append(paint(title, _BOLD) + (f"  [{score}/100]" if score is not None else ""))
        if not findings:
            lines.append("  no findings")
        for f in findings:
            where = _ref(f) + (f" line {f.location.line}" if f.location.line else "")
            sev = paint(f.severity.value, _COLOURS[f.severity])
            lines.append(f"  {where}: {f.code} {f.name} ({sev})")
            lines.append(f"    {f.message}")
            lines.append(f"    fix: {f.fix}")
            lines.append(paint(f"    see: knowledge/{f.citation.anchor}", _DIM))
        lines.append("")
    lines.append(_summary(report) + (" - exit 1 (error-level findings)" if report.has_errors else ""))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- Markdown


def md_escape(text: str) -> str:
    """Draft text as literal Markdown on one line: no HTML, links, emphasis, headings or table breaks."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\r", " ").replace("\n", " ")


def _markdown(report: CheckReport) -> str:
    okr_set = report.okr_set
    if report.notice:
        return f"# OKR check: {md_escape(okr_set.source)}\n\n**Notice:** {md_escape(report.notice)}.\n"
    lines = [f"# OKR check: {md_escape(okr_set.source)}", "",
             f"Profile **{report.profile}**, period **{md_escape(okr_set.period or 'not stated')}**. "
             f"Set score **{report.scores.set}/100** ({_summary(report)}).", ""]
    if report.layout_doubts:
        lines += [f"**Check the reading:** {md_escape(layout_doubt_sentence(report.layout_doubts))}", ""]
    for heading, text, score, findings in _groups(report):
        title = heading if text is None else f"{heading}: {md_escape(text)}"
        lines.append(f"## {title}" + (f" ({score}/100)" if score is not None else ""))
        lines.append("")
        if not findings:
            lines.extend(["No findings.", ""])
            continue
        lines.append("| where | rule | severity | message | fix | see |")
        lines.append("| --- | --- | --- | --- | --- | --- |")
        for f in findings:
            lines.append(f"| {_ref(f)} | {f.code} `{f.name}` | {f.severity.value} | {md_escape(f.message)} | "
                         f"{md_escape(f.fix)} | `knowledge/{f.citation.anchor}` |")
        lines.append("")
    return "\n".join(lines)
