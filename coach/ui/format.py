"""Markdown for the web app's messages: findings, suggestions, answers and citations.

Every piece of text that came from a user, a document or an LLM goes through
:func:`coach.ui.sanitize.safe_markdown` here; the only raw HTML is the ``<details>`` wrapper this module
writes itself (its summary is HTML-escaped). Functions are pure: objects in, a Markdown string out.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from coach.model import CheckReport, Citation, Finding, OkrSet, Severity, Suggestion, kr_ref
from coach.ui.sanitize import safe_inline, safe_markdown

#: Looks up the source text of a ``file.md#anchor`` citation (``None`` when it cannot be found).
PassageLookup = Callable[[str], "str | None"]

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_SEVERITY_BADGE = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}
_MAX_PASSAGE_CHARS = 1_500


def details_block(summary: str, body_markdown: str) -> str:
    """A collapsible block: ``summary`` is plain text (escaped here), ``body_markdown`` already safe."""
    return (f"<details><summary>{html.escape(summary)}</summary>\n\n{body_markdown.strip()}\n\n</details>")


def quote(markdown: str) -> str:
    """Markdown as a block quote (each line prefixed), so passages read as quoted source text."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in markdown.strip().splitlines())


def citation_block(citation: Citation, lookup: PassageLookup | None = None, *, label: str = "Source") -> str:
    """A citation as a collapsible block holding the passage, or a plain line when no text is known."""
    text = citation.text
    if not text and lookup is not None:
        text = lookup(citation.anchor)
    where = citation.anchor + (f" ({citation.heading})" if citation.heading else "")
    if not text:
        return f"*{label}:* `{safe_inline(citation.anchor).replace('`', '')}`"
    if len(text) > _MAX_PASSAGE_CHARS:
        text = text[:_MAX_PASSAGE_CHARS].rsplit(" ", 1)[0] + " ..."
    return details_block(f"{label}: {where}", quote(safe_markdown(text)))


def _location_label(finding: Finding) -> str:
    loc = finding.location
    if loc.objective is None:
        return "Whole set"
    if loc.key_result is None:
        return f"O{loc.objective}"
    return kr_ref(loc.objective, loc.key_result)


def _item_text(okr_set: OkrSet, finding: Finding) -> str | None:
    loc = finding.location
    if loc.objective is None or not 1 <= loc.objective <= len(okr_set.objectives):
        return None
    objective = okr_set.objectives[loc.objective - 1]
    if loc.key_result is None:
        return None  # the objective's text is already the group heading
    if 1 <= loc.key_result <= len(objective.key_results):
        return objective.key_results[loc.key_result - 1].text
    return None


def finding_markdown(okr_set: OkrSet, finding: Finding, lookup: PassageLookup | None = None) -> str:
    """One finding: severity, code and name, where, the words concerned, the fix and the cited passage."""
    where = _location_label(finding)
    lines = [f"**{_SEVERITY_BADGE[finding.severity]}** `{finding.code}` {finding.name} · **{where}**"]
    item = _item_text(okr_set, finding)
    if item:
        lines.append(f"“{safe_inline(item)}”")
    lines.append(safe_markdown(finding.message))
    if finding.evidence:
        lines.append(f"*Words:* “{safe_inline(finding.evidence)}”")
    lines.append(f"*Fix:* {safe_markdown(finding.fix)}")
    parts = ["  \n".join(lines)]
    citations = finding.citations or [finding.citation]
    parts.extend(citation_block(c, lookup, label="Why (source)") for c in citations[:2])
    return "\n\n".join(parts)


def _counts(findings: Iterable[Finding]) -> str:
    findings = list(findings)
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        n = sum(1 for f in findings if f.severity is severity)
        if n:
            parts.append(f"{n} {severity.value}{'s' if n != 1 else ''}")
    return ", ".join(parts) if parts else "no findings"


def report_markdown(report: CheckReport, lookup: PassageLookup | None = None) -> str:
    """The rule findings of a check, grouped by objective (set-level first), worst first in each group."""
    okr_set = report.okr_set
    n_krs = sum(len(o.key_results) for o in okr_set.objectives)
    if report.notice:  # the checker could not judge this text: one notice, no findings, no score
        return f"### Rule check\n\n**Notice:** {safe_inline(report.notice)}."
    head = (f"### Rule check: {_counts(report.findings)}\n"
            f"Score **{report.scores.set}/100** · profile `{report.profile}` · "
            f"{len(okr_set.objectives)} objective{'s' if len(okr_set.objectives) != 1 else ''}, "
            f"{n_krs} key result{'s' if n_krs != 1 else ''}")
    if okr_set.period:
        head += f" · period {safe_inline(okr_set.period)}"
    if report.layout_doubts:  # the findings may be about the wrong lines: say so before them
        from coach.render import layout_doubt_sentence

        head += f"\n\n**Check the reading:** {safe_inline(layout_doubt_sentence(report.layout_doubts))}"
    if not report.findings:
        return head + "\n\nNo rule fired: this draft follows the methodology's checks."
    groups: dict[int | None, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.location.objective, []).append(finding)
    sections = [head]
    for position in sorted(groups, key=lambda p: (p is not None, p or 0)):
        items = sorted(groups[position], key=lambda f: (f.location.key_result or 0, _SEVERITY_ORDER[f.severity]))
        if position is None:
            title = "Whole set"
        else:
            objective = okr_set.objectives[position - 1] if 1 <= position <= len(okr_set.objectives) else None
            score = _objective_score(report, position)
            title = f"Objective {position}" + (f": {safe_inline(objective.text)}" if objective else "")
            if score is not None:
                title += f" (score {score})"
        sections.append(f"#### {title}")
        sections.extend(finding_markdown(okr_set, f, lookup) for f in items)
    return "\n\n".join(sections)


def _objective_score(report: CheckReport, position: int) -> int | None:
    scores = report.scores.objectives
    return scores[position - 1] if 1 <= position <= len(scores) else None


def suggestion_label(suggestion: Suggestion) -> str:
    """A short, stable label for a suggestion, used in the accept list: ``O1.KR2: new text``."""
    loc = suggestion.location
    if loc.key_result is not None and loc.objective is not None:
        where = kr_ref(loc.objective, loc.key_result)
    else:
        where = f"O{loc.objective}" if loc.objective is not None else "set"
    text = " ".join(suggestion.text.split())
    return f"{where}: {text[:90]}{'...' if len(text) > 90 else ''}"


def suggestion_markdown(suggestion: Suggestion) -> str:
    """A rewrite with its original, provenance, verification result and the activity it moves."""
    label = suggestion_label(suggestion).split(":", 1)[0]
    writer = "LLM" if suggestion.source == "llm" else "template"
    if suggestion.verified:
        status = "re-checked: no error-level finding left"
    else:
        status = "re-checked: still has error-level findings, edit before use"
    lines = [f"**Suggested rewrite for {label}** ({writer}; {status})",
             f"Before: “{safe_inline(suggestion.original)}”",
             f"After: **“{safe_inline(suggestion.text)}”**"]
    if suggestion.question:
        lines.insert(1, f"Ask first: *{safe_inline(suggestion.question)}*")
    if suggestion.why:
        lines.append(f"Why: {safe_inline(suggestion.why)}")
    if suggestion.moved_to_initiatives:
        lines.append(f"Moves to Initiatives: “{safe_inline(suggestion.moved_to_initiatives)}”")
    body = "  \n".join(lines)
    if suggestion.rationale:
        body += "\n\n" + safe_markdown(suggestion.rationale)
    if suggestion.remaining_findings:
        left = "; ".join(f"`{f.code}` {f.name}" for f in suggestion.remaining_findings)
        body += f"\n\n*Still flagged:* {left}"
    return body


def answer_markdown(answer) -> str:
    """An answer to a follow-up question (``coach.ask.Answer``) with its numbered, expandable sources."""
    origin = "LLM answer from the knowledge base" if answer.source == "llm" else "Closest passages (no LLM)"
    parts = [f"*{origin}*", safe_markdown(answer.text)]
    if answer.citations:
        parts.append("**Sources**")
        parts.extend(citation_block(c, label=f"[{i}]") for i, c in enumerate(answer.citations, start=1))
    parts.extend(f"*Note:* {safe_markdown(notice)}" for notice in answer.notices)
    return "\n\n".join(parts)
