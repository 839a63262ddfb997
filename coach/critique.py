"""The ``critique`` use case: rule findings, cited passages, and verified rewrites.

    draft --check--> findings --retrieve--> cited findings --write--> rewrites --verify--> suggestions
                                                              (LLM or template)   (rules in context,
                                                                                   no invented numbers)

1. The rules run on the draft (:func:`coach.check.check_text`).
2. Each finding gets 1-3 passages from the knowledge base, found with a query built from the rule and the
   flagged line; the rule's own static citation stays. Without a knowledge base the static citations are
   shown and a notice says so. The findings are handed out at once (``on_findings`` / the first item of
   :func:`iter_critique`), before any suggestion work.
3. Key results flagged ``kr-is-activity``, ``kr-no-metric`` or ``kr-binary`` and objectives flagged
   ``objective-is-activity``, ``objective-no-why``, ``objective-corporate-fog`` or ``objective-has-metric``
   get rewrites: from the LLM in ONE request for the whole draft when one is configured, otherwise from the
   template writer.
4. Every rewrite is re-checked (:mod:`coach.suggest.verify`). LLM rewrites that still fail are sent back
   ONCE, all together, with what the rules found; whatever still fails is shown as failed
   (``verified=False`` with ``remaining_findings``), never as good.
5. Any :class:`~coach.errors.LLMError` falls back to the template writer and says so in ``notices``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from coach.errors import CoachError, LLMError
from coach.model import CheckReport, Citation, Critique, Finding, OkrSet, Suggestion
from coach.suggest.template_writer import Target, TemplateWriter, find_targets
from coach.suggest.verify import verify_all

log = logging.getLogger(__name__)

CITATIONS_PER_FINDING = 3
CritiqueEvent = CheckReport | Suggestion | Critique


class KnowledgeSearch(Protocol):
    """What the critique needs from the knowledge base (``coach.knowledge.KnowledgeBase`` provides it)."""

    def search(self, query: str, k: int) -> list[Citation]: ...


@dataclass
class _Run:
    """Mutable bookkeeping of one critique while it streams."""

    text: str
    settings: object
    report: CheckReport | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    requests: int = 0
    writer: str = "template"
    embedder: object | None = None  # the knowledge base's loaded model, when it is open

    def result(self) -> Critique:
        order = _draft_order(self.report.okr_set) if self.report else {}
        suggestions = sorted(self.suggestions, key=lambda s: order.get(_place(s), (10**6, 0)))
        return Critique(report=self.report, suggestions=suggestions, writer=self.writer,
                        notices=list(dict.fromkeys(self.notices)), requests=self.requests)


def critique_text(text: str, source: str, settings, *, llm=None, kb: KnowledgeSearch | None = None,
                  on_findings: Callable[[CheckReport], None] | None = None) -> Critique:
    """Critique a draft: findings with citations, then verified suggestions.

    ``on_findings(report)`` is called with the cited findings before any suggestion work, so a UI can
    show them at once. ``llm`` defaults to ``coach.llm.make_llm(settings)`` (None when no LLM is
    configured or ``settings.offline``); ``kb`` defaults to the knowledge base in the data directory.
    Raises :class:`~coach.errors.CoachError` (e.g. ``ParseError``) for unusable input.
    """
    critique: Critique | None = None
    for event in iter_critique(text, source, settings, llm=llm, kb=kb):
        if isinstance(event, CheckReport) and on_findings is not None:
            on_findings(event)
        elif isinstance(event, Critique):
            critique = event
    assert critique is not None  # iter_critique always ends with the Critique
    return critique


def iter_critique(text: str, source: str, settings, *, llm=None,
                  kb: KnowledgeSearch | None = None, retrieve: bool = True) -> Iterator[CritiqueEvent]:
    """The critique as a stream: the cited :class:`CheckReport` first, then each :class:`Suggestion` as soon
    as it is verified, and last the complete :class:`Critique` (suggestions in draft order, notices,
    request count). The web app renders the items as they come.

    ``retrieve=False`` skips the knowledge base (findings keep the rules' own citations): the web app uses
    it for template rewrites while the index is still loading, and cites with :func:`cite_findings` later.
    """
    from coach.check import check_text

    run = _Run(text=text, settings=settings)
    report = check_text(text, source, settings)
    if retrieve:
        if kb is None:
            kb = _open_knowledge_base(settings, run.notices)
        report = cite_findings(report, kb, run.notices)
        run.embedder = _loaded_embedder(kb)
    run.report = report
    yield run.report

    targets = find_targets(run.report.okr_set, run.report.findings)
    if targets:
        if llm is None:
            llm = _default_llm(settings, run.notices)
        if llm is not None:
            yield from _llm_suggestions(run, llm, targets)
        else:
            yield from _template_suggestions(run, targets)
        yield from _ensure_answered(run, targets)
    yield run.result()


# --------------------------------------------------------------------------- citations


_KB_CACHE: dict[tuple, KnowledgeSearch] = {}
_KB_LOCK = threading.Lock()


def _open_knowledge_base(settings, notices: list[str]) -> KnowledgeSearch | None:
    """The knowledge base of ``settings``, opened once per process (the embedding model loads once).

    A failure is not cached: the next critique tries again (the index may have been built meanwhile).
    """
    key = (str(getattr(settings, "data_dir", "")), getattr(settings, "chroma_url", None),
           repr(getattr(settings, "embeddings", None)))
    try:
        with _KB_LOCK:
            kb = _KB_CACHE.get(key)
            if kb is None:
                from coach.knowledge import KnowledgeBase

                kb = KnowledgeBase.open(settings)
                kb.ensure_builtin()
                _KB_CACHE[key] = kb
        return kb
    except Exception as exc:  # noqa: BLE001 - retrieval is an enrichment; the critique must still work
        log.debug("knowledge base unavailable", exc_info=True)
        notices.append(f"Knowledge base unavailable ({_short(exc)}); findings cite the rules' own passages only.")
        return None


def _loaded_embedder(kb):
    """The knowledge base's embedding model if it is a real, loaded one (never loads one just for matching)."""
    if kb is None:
        return None
    try:
        embedder = getattr(kb, "embedder", None)  # loaded by the search that cited the findings
    except Exception:  # noqa: BLE001 - matching works without it
        return None
    return embedder if hasattr(embedder, "embed_query") else None


#: Above this many findings a report cites by rule: one search per rule instead of one per flagged line.
LINE_CITATIONS_MAX = 60


def cite_findings(report: CheckReport, kb: KnowledgeSearch | None, notices: list[str]) -> CheckReport:
    """Attach the 1-3 most relevant passages to every finding (one batched search for the whole report).

    A report with more than :data:`LINE_CITATIONS_MAX` findings (a long paste) searches once per rule, with
    the rule's name and summary: each search embeds its query, and hundreds of line-specific queries would
    keep the reply waiting for tens of seconds to cite what the rule's own passages mostly already say.
    """
    if kb is None or not report.findings:
        return report
    if len(report.findings) > LINE_CITATIONS_MAX:
        queries = [rule_query(finding) for finding in report.findings]
    else:
        queries = [citation_query(finding, report.okr_set) for finding in report.findings]
    distinct = list(dict.fromkeys(queries))
    try:
        if hasattr(kb, "search_many"):
            found = kb.search_many(distinct, CITATIONS_PER_FINDING + 2)
        else:
            found = [kb.search(query, CITATIONS_PER_FINDING + 2) for query in distinct]
    except Exception as exc:  # noqa: BLE001 - retrieval is an enrichment; the critique must still work
        log.debug("knowledge search failed", exc_info=True)
        notices.append(f"Knowledge search failed ({_short(exc)}); findings cite the rules' own passages only.")
        return report
    passages = {query: _top_passages(hits) for query, hits in zip(distinct, found, strict=True)}
    cited = [finding.model_copy(update={"citations": passages[query]})
             for finding, query in zip(report.findings, queries, strict=True)]
    return report.model_copy(update={"findings": cited})


def citation_query(finding: Finding, okr_set: OkrSet) -> str:
    """What to search for: the rule's name and message, and the words of the line it flagged."""
    return f"{finding.name.replace('-', ' ')}: {finding.message}. {_line_text(finding, okr_set)}".strip()


def rule_query(finding: Finding) -> str:
    """What to search for when a long report cites by rule: the rule's name and its summary."""
    from coach.rules import get_rule

    try:
        summary = get_rule(finding.name).summary
    except CoachError:  # a finding of no registered rule (the verifier's own)
        summary = finding.message
    return f"{finding.name.replace('-', ' ')}: {summary}"


def _line_text(finding: Finding, okr_set: OkrSet) -> str:
    loc = finding.location
    for objective in okr_set.objectives:
        if objective.position != loc.objective:
            continue
        if loc.key_result is None:
            return objective.text
        for kr in objective.key_results:
            if kr.position == loc.key_result:
                return kr.text
    return ""


#: Built-in notes about the coach itself, not about OKR practice: they answer `ask`, never back a finding.
NOT_METHODOLOGY = frozenset({"knowledge/README.md"})


def _top_passages(citations: list[Citation]) -> list[Citation]:
    seen: set[str] = set()
    out: list[Citation] = []
    for citation in citations:
        if citation.source in NOT_METHODOLOGY:
            continue
        if citation.anchor not in seen:
            seen.add(citation.anchor)
            out.append(citation)
        if len(out) == CITATIONS_PER_FINDING:
            break
    return out


# --------------------------------------------------------------------------- writers


def _default_llm(settings, notices: list[str]):
    if not getattr(settings, "llm_enabled", False):
        return None
    try:
        from coach.llm import make_llm

        return make_llm(settings)
    except CoachError as exc:
        notices.append(f"LLM not usable ({exc}); showing template suggestions.")
        return None


def _template_suggestions(run: _Run, targets: list[Target]) -> Iterator[Suggestion]:
    """The offline writer's suggestions, each verified; a baseline KR the rules do not accept yet is left out
    (it is an optional extra, and the coach does not show its own suggestions as failed)."""
    from coach.suggest.lexicon import load_lexicon
    from coach.suggest.metric_library import library

    writer = TemplateWriter(load_lexicon(getattr(run.settings, "data_dir", None)), embedder=run.embedder,
                            metrics=library(run.settings))
    for batch in _batched(writer.write(run.report.okr_set, targets)):
        for checked in verify_all(run.report.okr_set, batch, run.settings):
            if checked.kind == "baseline_key_result" and not checked.verified:
                log.debug("baseline KR left out: %s", [f.name for f in checked.remaining_findings])
                continue
            run.suggestions.append(checked)
            yield checked


def _ensure_answered(run: _Run, targets: list[Target]) -> Iterator[Suggestion]:
    """Coverage by construction: a key result the critique flags and no writer answered with a verified
    rewrite gets the coaching question and its labelled-placeholder skeleton, verified like any rewrite, so
    no flagged line is left with failed guesses only."""
    from coach.suggest.template_writer import TemplateWriter, _own_deadline, deadline_phrase

    answered = {_place(s) for s in run.suggestions if s.verified and s.kind == "key_result"}
    missing = [t for t in targets if t.kind == "key_result" and _target_place(t) not in answered]
    if not missing:
        return
    okr_set = run.report.okr_set
    writer = TemplateWriter()
    questions = [writer.question_suggestion(okr_set, t, deadline_phrase(okr_set, _own_deadline(t)),
                                            t.text if t.moves_to_initiatives else None) for t in missing]
    for checked in verify_all(okr_set, questions, run.settings):
        if not checked.verified:  # the skeleton itself failed: say so rather than hide the line
            log.warning("question skeleton not verified for %s: %s", checked.location,
                        [f.name for f in checked.remaining_findings])
        run.suggestions.append(checked)
        yield checked


#: Suggestions verified together (:func:`coach.suggest.verify.verify_all`): one parse of the revised draft per
#: batch instead of one per suggestion, while the first ones still reach the page early.
VERIFY_BATCH = 48


def _batched(items: Iterator[Suggestion], size: int = VERIFY_BATCH) -> Iterator[list[Suggestion]]:
    batch: list[Suggestion] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _llm_suggestions(run: _Run, llm, targets: list[Target]) -> Iterator[Suggestion]:
    from coach.suggest.llm_writer import LLMWriter
    from coach.suggest.metric_library import library

    okr_set = run.report.okr_set
    writer = LLMWriter(llm, metrics=library(run.settings))
    passages = [c for f in run.report.findings if _is_target_finding(f, targets) for c in f.citations]
    try:
        run.requests += 1
        first = writer.write(okr_set, run.text, targets, passages)
    except LLMError as exc:
        run.notices.append(f"{describe_llm_error(exc, run.settings)}; showing template suggestions.")
        yield from _template_suggestions(run, targets)
        return
    run.writer = "llm"
    _note_dropped(run, first.dropped)

    failed: list[Suggestion] = []
    for checked in verify_all(okr_set, first.suggestions, run.settings):
        if checked.verified:
            run.suggestions.append(checked)
            yield checked
        else:
            failed.append(checked)

    answered = {_place(s) for s in first.suggestions}
    unanswered = [t for t in targets if _target_place(t) not in answered]
    if unanswered:
        run.notices.append("The LLM gave no rewrite for " + ", ".join(t.ref for t in unanswered)
                           + "; template suggestions are shown for those lines.")
        yield from _template_suggestions(run, unanswered)

    if failed:
        yield from _send_back(run, writer, targets, passages, failed)


def _send_back(run: _Run, writer, targets: list[Target], passages: list[Citation],
               failed: list[Suggestion]) -> Iterator[Suggestion]:
    """The one second request: every rejected rewrite, with what the rules still found."""
    okr_set = run.report.okr_set
    places = {_place(s) for s in failed}
    retry_targets = [t for t in targets if _target_place(t) in places]
    try:
        run.requests += 1
        second = writer.write(okr_set, run.text, retry_targets, passages, feedback=failed)
    except LLMError as exc:
        run.notices.append(f"Sending {len(failed)} rejected rewrite(s) back failed "
                           f"({describe_llm_error(exc, run.settings)}); they are shown as failed.")
        second = None
    if second is not None:
        _note_dropped(run, second.dropped)
    retried = verify_all(okr_set, second.suggestions if second else [], run.settings)
    for target in retry_targets:
        place = _target_place(target)
        new = [s for s in retried if _place(s) == place]
        old = [s for s in failed if _place(s) == place]
        for suggestion in new + old[len(new):]:  # a failed first try stays visible unless it was replaced
            run.suggestions.append(suggestion)
            yield suggestion
    still_failing = sum(1 for s in run.suggestions if not s.verified and s.source == "llm")
    if still_failing:
        run.notices.append(f"{still_failing} LLM rewrite(s) still break a rule after one send-back; "
                           "they are marked as failed with the remaining findings.")


def describe_llm_error(exc: LLMError, settings) -> str:
    """A one-line reason for the notices: 'LLM timed out after 60 s'."""
    timeout = getattr(getattr(settings, "llm", None), "timeout", None)
    reasons = {
        "timeout": f"LLM timed out after {timeout:g} s" if timeout else "LLM timed out",
        "rate_limit": "LLM endpoint kept rate-limiting the request",
        "refusal": "LLM refused the request",
        "truncated": "LLM answer was cut off before it was complete",
        "invalid_output": "LLM answer did not match the expected format",
        "connection": "LLM endpoint could not be reached",
    }
    return reasons.get(exc.kind, f"LLM request failed ({_short(exc)})")


def _note_dropped(run: _Run, dropped: list[str]) -> None:
    if dropped:
        shown = "; ".join(dropped[:3]) + ("; ..." if len(dropped) > 3 else "")
        run.notices.append(f"Ignored {len(dropped)} item(s) of the LLM answer: {shown}.")


def _is_target_finding(finding: Finding, targets: list[Target]) -> bool:
    return any(finding in t.findings for t in targets)


def _place(s: Suggestion) -> tuple[int | None, int | None]:
    return (s.location.objective, s.location.key_result)


def _target_place(t: Target) -> tuple[int | None, int | None]:
    return (t.objective.position, t.key_result_position)


def _draft_order(okr_set: OkrSet) -> dict[tuple[int | None, int | None], tuple[int, int]]:
    order: dict[tuple[int | None, int | None], tuple[int, int]] = {}
    rank = 0
    for objective in okr_set.objectives:
        order[(objective.position, None)] = (rank, 0)
        rank += 1
        for kr in objective.key_results:
            order[(objective.position, kr.position)] = (rank, 0)
            rank += 1
    return order


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."
