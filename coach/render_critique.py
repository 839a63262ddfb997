"""Text, Markdown and JSON renderings of a :class:`~coach.model.Critique`.

The JSON is the ``check`` JSON (``coach.render.render_report(report, "json")``, see docs/json-output.md)
extended with: per-finding ``citations`` (retrieved passages), a top-level ``suggestions`` list, and
``notices``, ``writer`` and ``requests``. Text and Markdown list each finding with its fix, the rule's own
citation and the retrieved passages, then the suggestions with an honest verified / failed mark.
"""

from __future__ import annotations

import json
from typing import Literal

from coach.model import Citation, Critique, Finding, OkrSet, Suggestion, kr_ref
from coach.render import md_escape

Format = Literal["text", "json", "markdown"]
FORMATS = ("text", "json", "markdown")
CRITIQUE_JSON_VERSION = 1


def render_critique(critique: Critique, fmt: Format = "text") -> str:
    if fmt == "json":
        return critique_json(critique)
    if fmt == "markdown":
        return _markdown(critique)
    if fmt == "text":
        return _text(critique)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


# --------------------------------------------------------------------------- JSON


def critique_dict(critique: Critique) -> dict:
    """The ``check`` JSON document plus the critique's additions."""
    doc = _check_dict(critique)
    findings = doc.get("findings")
    if isinstance(findings, list) and len(findings) == len(critique.report.findings):
        for item, finding in zip(findings, critique.report.findings, strict=True):
            if isinstance(item, dict):
                item["citations"] = [_citation(c) for c in finding.citations]
    doc["suggestions"] = [suggestion_dict(s) for s in critique.suggestions]
    doc["notices"] = list(critique.notices)
    doc["writer"] = critique.writer
    doc["requests"] = critique.requests
    doc["critique_version"] = CRITIQUE_JSON_VERSION
    return doc


def critique_json(critique: Critique) -> str:
    return json.dumps(critique_dict(critique), ensure_ascii=False, indent=2) + "\n"


def _check_dict(critique: Critique) -> dict:
    try:
        from coach.render import render_report
    except ImportError:  # the check renderer is not available: same fields, straight from the model
        return {"source": critique.report.okr_set.source, "profile": critique.report.profile,
                "findings": [_finding(f) for f in critique.report.findings],
                "scores": critique.report.scores.model_dump(mode="json")}
    return json.loads(render_report(critique.report, "json"))


def _finding(finding: Finding) -> dict:
    data = finding.model_dump(mode="json", exclude={"citations"})
    return data


def _citation(citation: Citation) -> dict:
    return citation.model_dump(mode="json")


def suggestion_dict(suggestion: Suggestion) -> dict:
    loc = suggestion.location
    return {
        "kind": suggestion.kind,
        "location": {"objective": loc.objective, "key_result": loc.key_result},
        "original": suggestion.original,
        "text": suggestion.text,
        "rationale": suggestion.rationale,
        "moved_to_initiatives": suggestion.moved_to_initiatives,
        "why": suggestion.why,
        "metric_id": suggestion.metric_id,
        "question": suggestion.question,
        "source": suggestion.source,
        "verified": suggestion.verified,
        "remaining_findings": [
            {"code": f.code, "name": f.name, "severity": str(f.severity), "message": f.message, "fix": f.fix,
             "evidence": f.evidence}
            for f in suggestion.remaining_findings],
    }


# --------------------------------------------------------------------------- text and Markdown


def _ref(objective: int | None, key_result: int | None) -> str:
    if objective is None:
        return "set"
    return f"O{objective}" if key_result is None else kr_ref(objective, key_result)


def _summary(critique: Critique) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in critique.report.findings:
        counts[str(f.severity)] += 1
    parts = [f"{n} {name}{'s' if n != 1 and name != 'info' else ''}" for name, n in counts.items()]
    return (f"{critique.report.okr_set.source}: {', '.join(parts)} "
            f"(profile {critique.report.profile}, score {critique.report.scores.set}/100)")


def _writer_line(critique: Critique) -> str:
    if critique.writer == "llm":
        return f"LLM writer, {critique.requests} request{'s' if critique.requests != 1 else ''}"
    return "template writer (offline)" if critique.requests == 0 else \
        f"template writer after {critique.requests} failed LLM request{'s' if critique.requests != 1 else ''}"


def _line_text(okr_set: OkrSet, objective: int | None, key_result: int | None) -> str:
    for o in okr_set.objectives:
        if o.position == objective:
            if key_result is None:
                return o.text
            for kr in o.key_results:
                if kr.position == key_result:
                    return kr.text
    return ""


def _passage_label(c: Citation) -> str:
    return f"{c.heading} ({c.anchor})" if c.heading else c.anchor


def _text(critique: Critique) -> str:
    okr_set = critique.report.okr_set
    out = [_summary(critique)]
    if critique.report.layout_doubts:  # the findings may be about the wrong lines: say so before them
        out.append("Check the reading: " + _doubt_sentence(critique))
    if not critique.report.findings:
        out.append("No findings: the draft passes every rule of this profile.")
    for f in critique.report.findings:
        loc = f.location
        where = _ref(loc.objective, loc.key_result)
        out.append("")
        out.append(f"{where}  {f.severity}  {f.code} {f.name}: {f.message}")
        line = _line_text(okr_set, loc.objective, loc.key_result)
        if line:
            out.append(f'    "{line}"')
        out.append(f"    fix: {f.fix}")
        out.append(f"    rule source: {f.citation.anchor}")
        for c in f.citations:
            out.append(f"    see also: {_passage_label(c)}")
    if critique.suggestions:
        out += ["", f"Suggestions ({_writer_line(critique)}):"]
        for s in critique.suggestions:
            loc = s.location
            mark = "verified" if s.verified else "FAILED  "
            label = {"objective": "objective", "baseline_key_result": "first KR", "key_result": "key result"}[s.kind]
            out.append(f"  {_ref(loc.objective, loc.key_result)}  [{mark}] {label} ({s.source}): {s.text}")
            if s.question:
                out.append(f"      ask first: {s.question}")
            if s.why:
                out.append(f"      why: {s.why}")
            if s.moved_to_initiatives:
                out.append(f"      move to Initiatives: {s.moved_to_initiatives}")
            for f in s.remaining_findings:
                out.append(f"      still {f.severity}: {f.name}: {f.message}")
    if critique.notices:
        out += ["", "Notices:"] + [f"  - {n}" for n in critique.notices]
    return "\n".join(out) + "\n"


def _doubt_sentence(critique: Critique) -> str:
    from coach.render import layout_doubt_sentence

    return layout_doubt_sentence(critique.report.layout_doubts)


def _markdown(critique: Critique) -> str:
    okr_set = critique.report.okr_set
    out = ["# OKR critique", "", md_escape(_summary(critique)), ""]
    if critique.report.layout_doubts:
        out += [f"**Check the reading:** {md_escape(_doubt_sentence(critique))}", ""]
    out.append("## Findings")
    out.append("")
    if not critique.report.findings:
        out.append("No findings: the draft passes every rule of this profile.")
    for f in critique.report.findings:
        loc = f.location
        line = _line_text(okr_set, loc.objective, loc.key_result)
        head = f"- **{_ref(loc.objective, loc.key_result)}** {f.severity} `{f.code}` {f.name}: {md_escape(f.message)}"
        out.append(head)
        if line:
            out.append(f"  - Line: {md_escape(line)}")
        out.append(f"  - Fix: {md_escape(f.fix)}")
        sources = [f"`{f.citation.anchor}`"] + [f"{md_escape(c.heading or '')} (`{c.anchor}`)" for c in f.citations]
        out.append(f"  - Sources: {'; '.join(sources)}")
    out.append("")
    if critique.suggestions:
        out += ["## Suggestions", "", f"_{_writer_line(critique)}_", ""]
        for s in critique.suggestions:
            loc = s.location
            mark = "verified" if s.verified else "**failed**"
            out.append(f"- **{_ref(loc.objective, loc.key_result)}** ({s.kind.replace('_', ' ')}, {s.source}, {mark}): "
                       f"{md_escape(s.text)}")
            out.append(f"  - Instead of: {md_escape(s.original)}")
            if s.question:
                out.append(f"  - Ask first: {md_escape(s.question)}")
            if s.why:
                out.append(f"  - Why: {md_escape(s.why)}")
            if s.moved_to_initiatives:
                out.append(f"  - Move to Initiatives: {md_escape(s.moved_to_initiatives)}")
            for f in s.remaining_findings:
                out.append(f"  - Still {f.severity}: {f.name}: {md_escape(f.message)}")
        out.append("")
    if critique.notices:
        out += ["## Notices", ""] + [f"- {md_escape(n)}" for n in critique.notices] + [""]
    return "\n".join(out)
