"""Render a run of several sets (:class:`~coach.alignment.service.RunReport`): text, Markdown, JSON, SARIF, GitHub.

* text / markdown: each set's report as ``coach.render`` prints it, then the alignment summary.
* json: ``{"schema_version": 1, "kind": "run", "reports": [<check report v1>...], "alignment": {...}}``.
* sarif: SARIF 2.1.0, one result per finding, located by file and line (GitHub code scanning reads it).
* github: workflow commands (``::error file=...,line=...::``) that GitHub Actions shows as annotations.
No third-party dependency.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from coach.model import Finding, Severity
from coach.render import finding_to_json, md_escape, render_report, report_to_json

RUN_FORMATS = ("text", "json", "markdown", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_run(run, fmt: str, *, color: bool = False) -> str:
    if fmt == "sarif":
        return json.dumps(run_to_sarif(run), ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        return _github(run)
    if fmt == "json":
        return json.dumps(run_to_json(run), ensure_ascii=False, indent=2) + "\n"
    if fmt in ("text", "markdown"):
        parts = [render_report(report, fmt, color=color) for report in run.reports]
        if run.has_links:
            parts.append(summary_markdown(run) if fmt == "markdown" else summary_text(run))
        return "\n".join(parts)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(RUN_FORMATS)}")


# --------------------------------------------------------------------------- summary


def _summary_rows(run) -> list[tuple[str, str]]:
    s = run.summary
    return [("sets", str(s.sets)), ("objectives", str(s.objectives)),
            ("linked objectives", f"{s.linked_objectives} of {s.child_objectives} in sets with a parent"),
            ("orphans", str(s.orphans)),
            ("dependencies", f"{s.dependencies} ({s.unacknowledged} unacknowledged)"),
            ("parent objectives supported", f"{s.supported_parent_objectives} of {s.parent_objectives}"),
            ("conflicts", str(s.conflicts)), ("broken references", str(s.broken_references)),
            ("alignment health", f"{s.health}/100 (formula: docs/alignment.md)")]


def summary_text(run) -> str:
    return "Alignment\n" + "".join(f"  {k}: {v}\n" for k, v in _summary_rows(run))


def summary_markdown(run) -> str:
    rows = "".join(f"| {k} | {md_escape(v)} |\n" for k, v in _summary_rows(run))
    return f"## Alignment\n\n| measure | value |\n| --- | --- |\n{rows}"


# --------------------------------------------------------------------------- JSON


def run_to_json(run) -> dict[str, Any]:
    if len(run.reports) == 1 and not run.has_links:
        return report_to_json(run.reports[0])
    graph = run.graph
    return {
        "schema_version": 1, "kind": "run", "profile": run.profile,
        "reports": [report_to_json(r) for r in run.reports],
        "alignment": {
            "summary": run.summary.to_json(),
            "sets": [{"id": n.id, "name": n.name, "source": n.okr_set.source,
                      "parent": graph.sets[n.parent].id if n.parent is not None else None, "depth": n.depth}
                     for n in graph.sets],
            "links": [{"kind": e.kind, "from": f"{graph.sets[e.source.set].id} {e.source.ref}",
                       "to": f"{graph.sets[e.target.set].id} {e.target.ref}" if e.target else None,
                       "as_written": e.ref.text, "problem": e.problem} for e in graph.edges],
        },
    }


# --------------------------------------------------------------------------- SARIF


def _uri(source: str) -> str:
    """The file as a URI relative to the working directory (what code scanning resolves against the repo)."""
    if source.startswith("<"):
        return source.strip("<>")
    path = Path(source)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _rule_list(codes: set[str]) -> list[Any]:
    from coach.rules.registry import all_rules

    return [rule for rule in all_rules() if rule.code in codes]


def run_to_sarif(run) -> dict[str, Any]:
    """The run as one SARIF 2.1.0 log (validated against the OASIS schema in tests/test_check_ci.py)."""
    from coach.cli import _version

    findings = list(run.findings)
    rules = _rule_list({f.code for _, f in findings})
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = []
    for report, f in findings:
        uri = _uri(report.okr_set.source)
        region = {"startLine": f.location.line or 1}
        results.append({
            "ruleId": f.code, "ruleIndex": index[f.code], "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f"{f.message}. Fix: {f.fix}" if not f.message.endswith(".") else
                        f"{f.message} Fix: {f.fix}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
            "partialFingerprints": {"okrCoachFinding/v1": _fingerprint(uri, f)},
            "properties": {"name": f.name, "ref": finding_to_json(f)["ref"], "evidence": f.evidence,
                           "citation": f"knowledge/{f.citation.anchor}"},
        })
    driver = {
        "name": "okr-coach", "version": _version(),
        "rules": [{"id": r.code, "name": r.name, "shortDescription": {"text": r.summary},
                   "fullDescription": {"text": r.rationale.text},
                   "help": {"text": r.fix, "markdown": r.docs()},
                   "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
                   "properties": {"tags": ["okr", r.scope.value]}} for r in rules],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints"}]}


def _fingerprint(uri: str, f: Finding) -> str:
    """Stable across line moves: file, rule and the words that triggered it."""
    key = "\x1f".join((uri, f.code, f.evidence or f.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


# --------------------------------------------------------------------------- GitHub workflow commands


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(run) -> str:
    lines = []
    for report, f in run.findings:
        props = [f"file={_escape_property(_uri(report.okr_set.source))}"]
        if f.location.line:
            props.append(f"line={f.location.line}")
        props.append(f"title={_escape_property(f'{f.code} {f.name}')}")
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::"
                     f"{_escape_data(f.message)} (fix: {_escape_data(f.fix)})")
    counts = {s: sum(1 for _, f in run.findings if f.severity is s) for s in Severity}
    summary = (f"okr-coach: {len(run.reports)} set(s), {counts[Severity.ERROR]} errors, "
               f"{counts[Severity.WARNING]} warnings, {counts[Severity.INFO]} info")
    if run.has_links:
        summary += f"; alignment health {run.summary.health}/100"
    lines.append(f"::notice title=okr-coach::{_escape_data(summary)}")
    return "\n".join(lines) + "\n"
