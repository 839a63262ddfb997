"""The five eval suites: how one case is run through the service under test and scored.

Each suite turns one dataset case into a per-case record ``{"metrics", "score", "passed", "output"}``
(plus ``"counts"`` where the aggregate needs raw counts). The services are called exactly as the CLI and
the web app call them, so the eval measures the product, not a copy of it:

- critique   ``coach.check.check_text`` on the draft; findings matched on (rule, objective, key_result).
- rewrite    ``coach.critique.critique_text`` on a one-objective draft built from the case; every
             suggestion for the flagged key result is re-checked and scored.
- checkin    ``coach.checkins.facts.build_facts`` + the narrative writer; statuses, flags, faithfulness.
- retrieval  ``coach.knowledge.KnowledgeBase.search``; recall@k and reciprocal rank.
- suggest    ``coach.critique.critique_text`` on real activity key results; metric fit, nonsense, and
             whether each suggestion passes ``check`` when pasted back (:mod:`coach.evals.suggest`).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any

from coach.errors import ParseError
from coach.evals import metrics as m
from coach.evals.datasets import CheckinCase, CritiqueCase, RetrievalCase, RewriteCase
from coach.evals.real import predicted_labels, structure_matches
from coach.rules.registry import names_with_role

OUTCOME_BLOCKERS = names_with_role("not-outcome")
RETRIEVAL_DEPTH = 10
#: Similarity below which a rewrite no longer talks about the same thing (per method; see docs/evals.md).
INTENT_FLOOR = {"embedding": 0.35, "lexical": 0.15}


@dataclass
class Context:
    """What every case of a run shares: settings, the (cached) LLM, the embedder, the knowledge base."""

    settings: Any
    llm: Any = None  # CachingLLM or None (offline engine)
    fast: bool = False
    judge: Any = None  # coach.evals.judge.Judge or None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _kb: Any = None
    _kb_error: str | None = None
    _embedder: Any = None
    _similarity: str | None = None

    # The knowledge base and embedder are opened once, lazily, by the first case that needs them.
    def knowledge_base(self):
        with self._lock:
            if self._kb is None and self._kb_error is None:
                try:
                    from coach.knowledge import KnowledgeBase

                    kb = KnowledgeBase.open(self.settings)
                    ensure = getattr(kb, "ensure_builtin", None)
                    if callable(ensure):
                        ensure()
                    self._kb = kb
                except Exception as exc:  # noqa: BLE001 - reported per case, never fatal for other suites
                    self._kb_error = f"{type(exc).__name__}: {exc}"
            if self._kb is None:
                raise RuntimeError(f"knowledge base unavailable ({self._kb_error})")
            return self._kb

    def similarity_method(self) -> str:
        with self._lock:
            if self._similarity is None:
                self._similarity, self._embedder = _load_embedder(self.fast)
            return self._similarity

    def similarity(self, a: str, b: str) -> float:
        if self.similarity_method() == "lexical":
            return m.lexical_similarity(a, b)
        vectors = self._embedder([a, b])
        return m.cosine(vectors[0], vectors[1])


def _load_embedder(fast: bool):
    """The knowledge module's local MiniLM embedder, or the lexical fallback when ``--fast``.

    If the local model cannot load, the lexical measure is used and the run's config says so
    (``config.similarity``), so two runs with different measures are never compared silently.
    """
    if fast:
        return "lexical", None
    try:
        from coach.knowledge.embeddings import LocalEmbedder

        embedder = LocalEmbedder()
        embedder.embed_documents(["warm up"])
        return "embedding", embedder.embed_documents
    except Exception:  # noqa: BLE001 - see the docstring
        return "lexical", None


# --------------------------------------------------------------------------- critique


def run_critique(case: CritiqueCase, ctx: Context) -> dict:
    from coach.check import check_text

    settings = ctx.settings.model_copy(update={"profile": case.profile})
    expected = [(e.rule, e.objective, e.key_result) for e in case.expected]
    extra_metrics: dict[str, float] = {}
    if case.labelled_rules is not None:  # a real-corpus case: score only what it is labelled for
        try:
            report = check_text(case.draft, f"{case.id}", settings)
        except ParseError:  # a draft a user pasted that we cannot read: every label is missed
            predicted, parsed = [], []
        else:
            labelled = set(case.labelled_rules)
            predicted = [label for label in predicted_labels(report) if label[0] in labelled]
            parsed = [(o.text, [k.text for k in o.key_results]) for o in report.okr_set.objectives]
        extra_metrics["structure"] = float(structure_matches(parsed, case.structure or []))
    else:
        report = check_text(case.draft, f"{case.id}", settings)
        predicted = [(f.name, f.location.objective, f.location.key_result) for f in report.findings]
    counts = m.match_counts(expected, predicted)
    if case.labelled_rules is not None:
        counts.update(group_counts(expected, predicted))
    rule_counts = [c for name, c in counts.items() if not name.startswith(m.GROUP_PREFIX)]
    tp = sum(c[0] for c in rule_counts)
    fp = sum(c[1] for c in rule_counts)
    fn = sum(c[2] for c in rule_counts)
    precision, recall, f1 = m.prf(tp, fp, fn)
    exact = fp == 0 and fn == 0
    missed = sorted(_labels_minus(expected, predicted), key=str)
    extra = sorted(_labels_minus(predicted, expected), key=str)
    return {"metrics": {"precision": precision, "recall": recall, "f1": f1, "exact": float(exact), **extra_metrics},
            "counts": counts, "score": f1, "passed": exact,
            "output": {"missed": [_label_text(x) for x in missed], "extra": [_label_text(x) for x in extra]}}


def group_counts(expected: list, predicted: list) -> dict[str, list[int]]:
    """Counts of the rule groups of the independent measurement (activity counts kr-binary with it, ...).

    The baseline group is scored on key results that are not labelled activities, as in that measurement.
    """
    from coach.evals.real import RULE_GROUPS

    activity = set(RULE_GROUPS["activity"])
    active_krs = {(o, k) for rule, o, k in expected if rule in activity}
    out = {}
    for group, rules in RULE_GROUPS.items():
        members = set(rules)

        def keep(label, group=group, members=members):
            if label[0] not in members:
                return False
            return group != "baseline" or (label[1], label[2]) not in active_krs

        exp = {(o, k) for rule, o, k in expected if keep((rule, o, k))}
        pred = {(o, k) for rule, o, k in predicted if keep((rule, o, k))}
        out[f"{m.GROUP_PREFIX}{group}"] = [len(exp & pred), len(pred - exp), len(exp - pred)]
    return out


def _labels_minus(a, b):
    from collections import Counter

    return list((Counter(a) - Counter(b)).elements())


def _label_text(label) -> str:
    rule, objective, key_result = label
    where = "set" if objective is None else (f"O{objective}" if key_result is None else f"O{objective}.KR{key_result}")
    return f"{rule} @ {where}"


# --------------------------------------------------------------------------- rewrite


def rewrite_draft(case: RewriteCase) -> str:
    """A one-objective draft the way a manager would paste it: context line, period, objective, KRs."""
    lines = []
    context = case.context.strip()
    other_krs: list[str] = []
    if context.lower().startswith("other kr"):
        other_krs = [part.strip() for part in context.split(":", 1)[1].split(";") if part.strip()]
    elif context:
        lines.append(f"Team context: {context}")
    if case.period:
        lines.append(f"Period: {case.period}")
    lines.append(f"Objective: {case.objective}")
    lines.append(f"KR1: {case.key_result}")
    lines.extend(f"KR{i}: {text}" for i, text in enumerate(other_krs, start=2))
    return "\n".join(lines) + "\n"


def run_rewrite(case: RewriteCase, ctx: Context) -> dict:
    from coach.critique import critique_text
    from coach.suggest.verify import check_rewrite

    draft = rewrite_draft(case)
    kb = _quiet_kb(ctx)
    critique = critique_text(draft, case.id, ctx.settings, llm=ctx.llm, kb=kb)
    okr_set = critique.report.okr_set
    suggestions = [s for s in critique.suggestions
                   if s.kind == "key_result" and s.location.objective == 1 and s.location.key_result == 1]
    source_text = f"{case.objective} {case.key_result} {case.context}"
    method = ctx.similarity_method()
    floor = INTENT_FLOOR[method]
    scored = []
    for suggestion in suggestions:
        remaining = check_rewrite(okr_set, suggestion, draft, ctx.settings)
        names = {f.name for f in remaining}
        errors = sorted(f.name for f in remaining if str(f.severity) == "error" and not f.name.startswith("suggestion-"))
        invented = m.invented_numbers(suggestion.text, case.allowed_numbers, source_text)
        similarity = ctx.similarity(case.key_result, suggestion.text)
        keep = m.must_keep_share(suggestion.text, case.must_keep)
        scored.append({
            "text": suggestion.text, "source": suggestion.source, "verified_by_service": suggestion.verified,
            "no_error": not errors, "errors": errors, "outcome": not (names & set(OUTCOME_BLOCKERS)),
            "similarity": round(similarity, 4), "must_keep": keep,
            "intent_kept": keep == 1.0 and similarity >= floor,
            "invented": invented, "words": m.word_count(suggestion.text),
        })
    if scored:
        metrics = {
            "verified": m.mean(float(s["no_error"]) for s in scored),
            "outcome": m.mean(float(s["outcome"]) for s in scored),
            "intent_kept": m.mean(float(s["intent_kept"]) for s in scored),
            "intent_similarity": m.mean(s["similarity"] for s in scored),
            "must_keep": m.mean(s["must_keep"] for s in scored),
            "no_invented": m.mean(float(not s["invented"]) for s in scored),
            "invented_numbers": float(sum(len(s["invented"]) for s in scored)),
            "length_words": m.mean(float(s["words"]) for s in scored),
            "suggestions": float(len(scored)), "has_suggestion": 1.0,
        }
    else:  # no rewrite offered for a line that needed one: every quality share is zero for this case
        metrics = {"verified": 0.0, "outcome": 0.0, "intent_kept": 0.0, "intent_similarity": 0.0, "must_keep": 0.0,
                   "no_invented": 1.0, "invented_numbers": 0.0, "length_words": None, "suggestions": 0.0,
                   "has_suggestion": 0.0}
    good = [s for s in scored if s["no_error"] and s["outcome"] and s["intent_kept"] and not s["invented"]]
    score = m.mean([metrics["verified"], metrics["outcome"], metrics["intent_kept"], metrics["no_invented"]])
    output = {"draft": draft, "writer": critique.writer, "notices": critique.notices, "suggestions": scored,
              "similarity_method": method}
    if ctx.judge is not None and suggestions:
        output["judge"] = ctx.judge.grade_rewrite(case, suggestions[0].text)
        metrics["judge_pass"] = output["judge"]["pass_rate"]
    return {"metrics": metrics, "score": score, "passed": bool(scored) and len(good) == len(scored),
            "output": output}


class _NoKnowledge:
    """Stands in for the knowledge base when ``--fast``: findings keep their rules' static citations."""

    def search(self, query: str, k: int):
        return []


def _quiet_kb(ctx: Context):
    if ctx.fast:
        return _NoKnowledge()
    try:
        return ctx.knowledge_base()
    except RuntimeError:
        return _NoKnowledge()


# --------------------------------------------------------------------------- retrieval


def run_retrieval(case: RetrievalCase, ctx: Context) -> dict:
    kb = ctx.knowledge_base()
    citations = kb.search(case.question, RETRIEVAL_DEPTH)
    ranked = list(dict.fromkeys(c.anchor for c in citations))
    rank = m.first_hit_rank(ranked, case.anchors)
    metrics = {f"recall@{k}": m.recall_at(rank, k) for k in (1, 3, 5)}
    metrics["mrr"] = m.reciprocal_rank(rank)
    return {"metrics": metrics, "score": metrics["mrr"], "passed": metrics["recall@3"] == 1.0,
            "output": {"rank": rank, "top": ranked[:5]}}


# --------------------------------------------------------------------------- check-ins


def checkin_inputs(case: CheckinCase):
    """The parsed OKR set and :class:`~coach.model.CheckIn` rows of a case, as the store would hold them."""
    from coach.checkins.confidence import parse_confidence
    from coach.model import CheckIn
    from coach.parse import parse_draft

    okr_set = parse_draft(json.dumps(case.okr_set.model_dump(exclude_none=True)), source=f"{case.id}.json")
    rows = []
    for entry in case.checkins:
        data = entry.model_dump(exclude_none=True)
        raw = data.pop("confidence", None)
        rows.append(CheckIn(**data, confidence=parse_confidence(raw) if raw is not None else None))
    return okr_set, rows


def narrative_text(draft) -> str:
    """Every sentence of a structured narrative, one per line (what coverage and faithfulness read)."""
    parts = [draft.headline]
    for note in draft.key_results:
        parts += [f"{note.kr}: {note.summary}", note.what_changed or "", *note.blockers, note.next_action or ""]
    for section in draft.sections:
        parts += section.items
    return "\n".join(p for p in parts if p)


def run_checkin(case: CheckinCase, ctx: Context) -> dict:
    from coach.checkins.facts import SetInput, build_facts

    okr_set, rows = checkin_inputs(case)
    facts = build_facts([SetInput(case.id, okr_set, rows)], as_of=case.as_of, kind=case.kind)
    by_ref = {kr.ref: kr for _, kr in facts.iter_key_results()}
    status_hits, progress_errors, value_hits = [], [], []
    got_status = {}
    for ref, want in case.expected.items():
        kr = by_ref.get(ref)
        got = kr.status if kr else None
        got_status[ref] = got
        status_hits.append(float(got == want.status))
        got_progress = None if kr is None or kr.progress_pct is None else kr.progress_pct / 100
        if want.progress is not None or got_progress is not None:
            progress_errors.append(1.0 if (want.progress is None) != (got_progress is None)
                                   else abs(want.progress - got_progress))
        if want.current is not None:
            value_hits.append(float(kr is not None and kr.value is not None and abs(kr.value - want.current) < 1e-6))
    expected_flags = [(f.flag, tuple(sorted(f.key_results)), None) for f in case.expected_flags]
    got_flags = [(f.code, tuple(sorted(f.key_results)), None) for s in facts.sets for f in s.flags]
    counts = m.match_counts(expected_flags, got_flags)
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    flag_f1 = m.prf(tp, fp, fn)[2]

    narrative, writer, notices = _write_narrative(facts, ctx)
    text = narrative_text(narrative)
    unsupported = _faithfulness(narrative, facts)
    coverage = {kind: [item for item in items if not m.mentions(text, item)]
                for kind, items in case.must_mention.items()}
    wanted = sum(len(items) for items in case.must_mention.values())
    missing = sum(len(items) for items in coverage.values())
    stated = {note.kr: note.status for note in narrative.key_results}
    narrative_agree = [float(stated.get(ref) == want.status) for ref, want in case.expected.items()
                       if ref in stated]
    metrics = {
        "status_agreement": m.mean(status_hits),
        "progress_abs_error": m.mean(progress_errors) if progress_errors else 0.0,
        "current_value": m.mean(value_hits) if value_hits else 1.0,
        "flag_f1": flag_f1,
        "faithfulness": float(not unsupported),
        "unsupported_claims": float(len(unsupported)),
        "coverage": m.safe_ratio(wanted - missing, wanted, empty=1.0),
        "narrative_status_agreement": m.mean(narrative_agree) if narrative_agree else 0.0,
    }
    score = m.mean([metrics["status_agreement"], metrics["flag_f1"], metrics["faithfulness"], metrics["coverage"]])
    passed = (metrics["status_agreement"] == 1.0 and flag_f1 == 1.0 and not unsupported
              and metrics["coverage"] == 1.0)
    return {"metrics": metrics, "counts": counts, "score": score, "passed": passed,
            "output": {"statuses": got_status, "flags": [f"{f[0]} {','.join(f[1])}" for f in got_flags],
                       "expected_flags": [f"{f[0]} {','.join(f[1])}" for f in expected_flags],
                       "uncovered": {k: v for k, v in coverage.items() if v}, "unsupported": unsupported,
                       "writer": writer, "notices": notices, "narrative": text}}


def _write_narrative(facts, ctx: Context):
    """The narrative from the LLM writer (with its faithfulness loop) when the run has an LLM, else the
    deterministic writer: ``coach.checkins.service.narrate``, as the CLI calls it."""
    from coach.checkins.service import narrate

    narrative = narrate(facts, None, llm=ctx.llm)
    return narrative.draft, narrative.writer, list(narrative.notices)


def _faithfulness(narrative, facts) -> list[str]:
    """The claims (numbers, dates, statuses, owners) the facts do not support."""
    from coach.checkins.faithfulness import check_narrative

    return [str(getattr(v, "message", v)) for v in check_narrative(narrative, facts)]


def run_suggest(case, ctx: Context) -> dict:
    """See :mod:`coach.evals.suggest`."""
    from coach.evals.suggest import run_suggest as run

    return run(case, ctx)


SUITE_RUNNERS = {"critique": run_critique, "rewrite": run_rewrite, "checkin": run_checkin,
                 "retrieval": run_retrieval, "suggest": run_suggest}
