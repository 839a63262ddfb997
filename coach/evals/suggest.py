"""The ``suggest`` suite: does the writer's outcome metric fit the work, and does the loop agree with itself?

Each case of ``evals/datasets/suggest/`` is a key result real teams wrote as work (from the dev split of
the real-drafts corpus), with the metric families a coach would accept for it, or ``ask`` when the right
answer is a question. The case becomes a one-objective draft (the key result first, then its siblings),
the critique runs exactly as the CLI runs it, and the suggestions for that key result are scored:

- coverage: the key result gets an outcome suggestion or a coaching question;
- metric fit: the first outcome suggestion's metric is in the acceptable families (non-ask cases);
- asked when right: ask cases get a question; over-asking: non-ask cases that got only a question;
- nonsense: a metric about the work item itself (two or more of the key result's own content words in the
  metric that no library metric uses) or from a function none of the acceptable families belongs to;
- loop agreement: a suggestion shown as verified, accepted into the draft and re-checked exactly as the
  user would (``apply_suggestion`` + ``draft_markdown`` + ``check_text``), has no error on that line;
- invented numbers: numbers in a suggestion that the key result it replaces does not state (schedule
  references such as "week 2" and the set's own period are not data);
- intent kept: the work is kept as an initiative or named in the why line.

The per-suggestion shares are pooled over the suite (numerator and denominator are summed per case, see
:func:`coach.evals.metrics.aggregate_stats`), so a case with three suggestions weighs three times.
"""

from __future__ import annotations

import re

from coach.evals.datasets import SuggestCase

PERIOD = "Q3 2026"
#: Findings that make the critique rewrite a key result (coach.suggest.template_writer.KEY_RESULT_TRIGGERS).
TRIGGERS = frozenset({"kr-is-activity", "kr-no-metric", "kr-binary", "kr-missing-target", "kr-vague-wording"})
_STOP = set("""a an the of for to in on at by with and or our we us all every new from into per is are be been
this that these those their its it as than up down more less most each any not no so also use used using
increase reduce raise grow cut lower improve current target value share number rate end cycle week weeks""".split())

#: Pooled shares of the suite: metric -> (numerator count, denominator count), both summed over cases.
POOLED = {
    "nonsense": ("n_nonsense", "n_metric"),
    "nonsense_work_item": ("n_work_item", "n_metric"),
    "nonsense_other_function": ("n_other_function", "n_metric"),
    "intent_kept": ("n_intent_kept", "n_metric"),
    "shown_verified": ("n_verified", "n_suggestions"),
    "loop_agreement": ("n_loop_ok", "n_verified"),
    "pass_when_pasted_back": ("n_pass_pasted", "n_suggestions"),
    "invented_numbers": ("n_invented", "n_suggestions"),
}
#: What the suite reports first, for the whole suite and per split.
HEADLINE = ("coverage", "coverage_of_flagged", "metric_fit", "metric_fit_any", "asked_when_right", "over_asking",
            "nonsense", "loop_agreement", "invented_numbers", "intent_kept")


def case_draft(case: SuggestCase) -> str:
    lines = [PERIOD, f"Objective: {case.objective}", f"- {case.key_result}"]
    lines += [f"- {kr}" for kr in case.other_key_results]
    return "\n".join(lines) + "\n"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z0-9\-']+", text.lower())


def metric_part(text: str) -> str:
    """The suggestion without placeholders, the deadline and the leading verb: its metric phrase."""
    from coach.suggest.verify import metric_phrase

    return metric_phrase(text)


def family_of(suggestion, metrics) -> tuple[str | None, str | None]:
    """(family, function) of a suggestion's metric: the library id it carries, else the library metric whose
    phrase shares most words with it (a writer that does not use the library, such as an LLM), else the
    family whose work phrases and cues it shares most (a metric the line named itself, kept when sharpened)."""
    metric_id = getattr(suggestion, "metric_id", None)
    if metric_id:
        for m in metrics:
            if m.id == metric_id:
                return m.family, m.function
    words = {w for w in _words(metric_part(suggestion.text)) if w not in _STOP}
    best, best_score = None, 0.0
    for m in metrics:
        theirs = {w for w in _words(m.metric) if w not in _STOP}
        if not theirs:
            continue
        score = len(words & theirs) / len(words | theirs) if words else 0.0
        if score > best_score:
            best, best_score = m, score
    if best is None or best_score < 0.2:
        # a metric the line itself names ('SUS usability'): the family whose work phrases and cues it uses
        from coach.suggest.metric_library import nearest_family

        family = nearest_family(metric_part(suggestion.text), metrics)
        fallback = next((m for m in metrics if m.family == family), None)
        return (fallback.family, fallback.function) if fallback else (None, None)
    return best.family, best.function


def about_the_work_item(suggestion_text: str, kr_text: str, vocabulary: set[str], own_metric: str = "") -> bool:
    """Two or more of the key result's own content words inside the metric, words that no library metric
    uses ('card vault', 'handbook page'): the metric measures the work item, not a result. The same test
    the verifier refuses a rewrite with (:func:`coach.suggest.verify.work_item_words`)."""
    from coach.suggest.verify import WORK_ITEM_WORDS, work_item_words

    return len(work_item_words(suggestion_text, kr_text, vocabulary, own_metric)) >= WORK_ITEM_WORDS


def invented_numbers(suggestion_text: str, kr_text: str) -> list[str]:
    from coach.suggest.verify import normalise_number

    allowed = {normalise_number(n) for n in re.findall(r"\d+(?:[.,]\d+)*", kr_text + " " + PERIOD)}
    text = re.sub(r"\b(?:week|day|sprint|month)\s+\d{1,2}\b", " ", suggestion_text, flags=re.I)
    return [n for n in re.findall(r"(?<![\w.])\d+(?:[.,]\d+)*", text) if normalise_number(n) not in allowed]


def pasted_back_errors(okr_set, suggestion, settings) -> list[str]:
    """Error findings on the suggestion's line after accepting it and re-checking the revised draft, as the
    web chat's Accept then Re-check does."""
    from coach.check import check_text
    from coach.ui.revise import apply_suggestion, draft_markdown

    revised = draft_markdown(apply_suggestion(okr_set, suggestion))
    report = check_text(revised, "revised draft", settings)
    loc = suggestion.location
    return [f.name for f in report.findings if f.severity.value == "error"
            and (f.location.objective, f.location.key_result) == (loc.objective, loc.key_result)]


class _NoPassages:
    """A knowledge base with no passages: findings keep their rules' own citations, matching stays lexical."""

    embedder = None

    def search(self, query, k):
        return []


def score_case(case: SuggestCase, critique, settings, metrics=None) -> dict:
    """The per-case row: what was flagged, each suggestion for the case's line and how it scores."""
    from coach.suggest.metric_library import library

    metrics = library(settings) if metrics is None else metrics  # with the team's metrics, as the writer had
    vocabulary = {w for m in metrics for w in _words(m.metric)}
    okr_set = critique.report.okr_set
    own = next((kr.measure.metric or "" for o in okr_set.objectives if o.position == 1
                for kr in o.key_results if kr.position == 1), "")
    mine = [s for s in critique.suggestions if (s.location.objective, s.location.key_result) == (1, 1)]
    outcome = [s for s in mine if s.kind == "key_result" and not getattr(s, "question", None)]
    questions = [s for s in mine if getattr(s, "question", None)]
    flagged = sorted({f.name for f in critique.report.findings
                      if (f.location.objective, f.location.key_result) == (1, 1)})
    rows = []
    for s in mine:
        question = getattr(s, "question", None)
        is_metric = s.kind == "key_result" and not question
        family, function = family_of(s, metrics) if not question else (None, None)
        rows.append({
            "kind": s.kind, "text": s.text, "verified": s.verified, "family": family, "function": function,
            "question": question, "why": getattr(s, "why", None) or s.rationale,
            "pasted_back_errors": pasted_back_errors(okr_set, s, settings),
            "invented": invented_numbers(s.text, case.key_result),
            "metric": is_metric,
            "work_item": is_metric and about_the_work_item(s.text, case.key_result, vocabulary, own),
            # a family the case accepts is never another function's metric ('community' is both an
            # engineering and a marketing family)
            "other_function": bool(is_metric and function and function not in case.functions
                                   and family not in case.acceptable_families),
            "intent_kept": bool(s.moved_to_initiatives and s.moved_to_initiatives.strip() == s.original.strip())
            or bool(getattr(s, "why", None)),
        })
    first = next((r for r in rows if r["metric"]), None)
    return {"flagged": flagged, "covered": bool(outcome or questions), "asked": bool(questions),
            "first_family": first["family"] if first else None,
            "fit": bool(first and first["family"] in case.acceptable_families),
            "fit_any": any(r["family"] in case.acceptable_families for r in rows if r["family"]),
            "suggestions": rows}


def case_metrics(case: SuggestCase, row: dict) -> dict[str, float]:
    """Per-case metrics; a metric is absent where the case says nothing about it (fit on an ask case)."""
    sugg = row["suggestions"]
    metric = [s for s in sugg if s["metric"]]
    verified = [s for s in sugg if s["verified"]]
    out = {"coverage": float(row["covered"]),
           "not_flagged_by_check": float(not set(row["flagged"]) & TRIGGERS),
           "n_suggestions": float(len(sugg)), "n_metric": float(len(metric)), "n_verified": float(len(verified)),
           "n_nonsense": float(sum(s["work_item"] or s["other_function"] for s in metric)),
           "n_work_item": float(sum(s["work_item"] for s in metric)),
           "n_other_function": float(sum(s["other_function"] for s in metric)),
           "n_intent_kept": float(sum(s["intent_kept"] for s in metric)),
           "n_loop_ok": float(sum(not s["pasted_back_errors"] for s in verified)),
           "n_pass_pasted": float(sum(not s["pasted_back_errors"] for s in sugg)),
           "n_invented": float(sum(bool(s["invented"]) for s in sugg))}
    if set(row["flagged"]) & TRIGGERS:
        out["coverage_of_flagged"] = float(row["covered"])
    if case.ask:
        out["asked_when_right"] = float(row["asked"])
    else:
        out["metric_fit"] = float(row["fit"])
        out["metric_fit_any"] = float(row["fit_any"])
        out["over_asking"] = float(row["asked"] and not any(s["family"] for s in sugg))
    return out


def run_suggest(case: SuggestCase, ctx) -> dict:
    """One case through ``coach.critique.critique_text`` (the LLM writer when the run has one)."""
    from coach.critique import critique_text

    critique = critique_text(case_draft(case), case.id, ctx.settings, llm=ctx.llm, kb=_NoPassages())
    row = score_case(case, critique, ctx.settings)
    metrics = case_metrics(case, row)
    sugg = row["suggestions"]
    right = row["asked"] if case.ask else row["fit"]
    clean = not any(s["work_item"] or s["other_function"] or s["invented"]
                    or (s["verified"] and s["pasted_back_errors"]) for s in sugg)
    parts = [metrics["coverage"], float(right), float(clean)]
    return {"metrics": metrics, "score": sum(parts) / len(parts), "passed": row["covered"] and right and clean,
            "output": {"writer": critique.writer, **row}}
