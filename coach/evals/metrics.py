"""Metric functions: pure, small, and tested on hand-made inputs.

Each suite has per-case metrics (computed once per case and stored in the run) and an aggregate over
cases (:func:`aggregate`). Aggregates are recomputed from per-case records, so a bootstrap can resample
cases and recompute exactly the same numbers (see :mod:`coach.evals.compare`).

critique   precision, recall, F1 per rule and macro-averaged; a finding matches a label when
           (rule, objective, key_result) are equal.
rewrite    verified share, outcome-ness, intent kept (similarity + must_keep words), invented numbers,
           length in words.
checkin    status agreement, progress error, flag F1, narrative faithfulness and coverage.
retrieval  recall@1/3/5 and mean reciprocal rank.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from coach.evals.real import REAL_SPLITS

# --------------------------------------------------------------------------- precision / recall


def safe_ratio(numerator: float, denominator: float, *, empty: float) -> float:
    return numerator / denominator if denominator else empty


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1. With nothing predicted and nothing expected all three are 1.0 (nothing to miss);
    with nothing predicted but something expected, precision is 0.0 (the rule failed to speak)."""
    if tp + fp + fn == 0:
        return 1.0, 1.0, 1.0
    precision = safe_ratio(tp, tp + fp, empty=0.0)
    recall = safe_ratio(tp, tp + fn, empty=1.0)
    f1 = safe_ratio(2 * precision * recall, precision + recall, empty=0.0)
    return precision, recall, f1


Label = tuple[str, int | None, int | None]  # (rule, objective, key_result)


def match_counts(expected: Iterable[Label], predicted: Iterable[Label]) -> dict[str, list[int]]:
    """Per rule ``[tp, fp, fn]``; labels are multisets matched on (rule, objective, key_result)."""
    exp, pred = Counter(expected), Counter(predicted)
    counts: dict[str, list[int]] = {}
    for label in exp.keys() | pred.keys():
        tp = min(exp[label], pred[label])
        row = counts.setdefault(label[0], [0, 0, 0])
        row[0] += tp
        row[1] += pred[label] - tp
        row[2] += exp[label] - tp
    return counts


def sum_counts(per_case: Iterable[dict[str, Sequence[int]]]) -> dict[str, list[int]]:
    total: dict[str, list[int]] = {}
    for counts in per_case:
        for rule, (tp, fp, fn) in counts.items():
            row = total.setdefault(rule, [0, 0, 0])
            row[0] += tp
            row[1] += fp
            row[2] += fn
    return total


#: Counts under this prefix are rule groups of the real corpus (``group:activity``), not rules: they are
#: reported on their own and left out of the macro and micro figures.
GROUP_PREFIX = "group:"


def cohen_kappa(a: Sequence[bool], b: Sequence[bool]) -> float | None:
    """Cohen's kappa of two yes/no labellings of the same items; None when chance agreement is total
    (both labellers give one and the same value to every item, so agreement says nothing)."""
    n = len(a)
    if n != len(b):
        raise ValueError("both labellings must cover the same items")
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def per_rule_scores(counts: dict[str, Sequence[int]]) -> dict[str, dict[str, float]]:
    out = {}
    for rule in sorted(counts):
        tp, fp, fn = counts[rule]
        p, r, f = prf(tp, fp, fn)
        out[rule] = {"precision": p, "recall": r, "f1": f, "support": tp + fn, "predicted": tp + fp}
    return out


def macro_micro(counts: dict[str, Sequence[int]]) -> dict[str, float]:
    """Macro = unweighted mean over rules that were expected or predicted; micro = pooled counts."""
    rules = [r for r, (tp, fp, fn) in counts.items() if tp + fp + fn and not r.startswith(GROUP_PREFIX)]
    scores = per_rule_scores({r: counts[r] for r in rules})
    n = len(rules)
    tp = sum(counts[r][0] for r in rules)
    fp = sum(counts[r][1] for r in rules)
    fn = sum(counts[r][2] for r in rules)
    micro = prf(tp, fp, fn)
    return {
        "macro_precision": sum(s["precision"] for s in scores.values()) / n if n else 1.0,
        "macro_recall": sum(s["recall"] for s in scores.values()) / n if n else 1.0,
        "macro_f1": sum(s["f1"] for s in scores.values()) / n if n else 1.0,
        "micro_precision": micro[0], "micro_recall": micro[1], "micro_f1": micro[2],
    }


# --------------------------------------------------------------------------- numbers in rewrites

#: A bracketed placeholder or marked proposal: ``[current %]``, ``[target value]``, ``[proposal: 30%]``.
PLACEHOLDER = re.compile(
    r"\[\s*(?:proposal|proposed|current|baseline|starting|start|today|target|goal|end|deadline|date|value|x|n|tbd)"
    r"\b[^\[\]]{0,80}\]", re.IGNORECASE)
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_NOT_QUANTITIES = [
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),                                           # 2026-09-30
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),                               # 30/06/2026
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE),   # 30 June
    re.compile(rf"\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b", re.IGNORECASE),              # June 30
    re.compile(r"\b(?:19|20)\d{2}(?:/\d{2})?\b"),                                   # 2026, 2026/27
    re.compile(r"\b(?:Q[1-4]|H[12]|FY\s?\d{2,4}|CY\s?\d{2,4})\b", re.IGNORECASE),   # Q3, H1, FY26
    re.compile(r"\b(?:week|day|sprint|month|wk)\s+\d{1,2}\b", re.IGNORECASE),       # by week 2 (a schedule)
    re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE),                           # 2nd
    re.compile(r"^\s*(?:\d{1,2}[.)]|KR\s*\d+(?:\.\d+)?\s*[:.)-]|[-*•])\s+", re.IGNORECASE),   # list markers
]
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?")


def stated_numbers(text: str) -> list[float]:
    """Numbers as written, leaving out years, period names, dates, schedule points and list markers.

    '1,200' -> 1200, '45%' -> 45, '$0.8M' -> 0.8, '$1k' -> 1: the same reading as the rewrite dataset's
    ``allowed_numbers``. Digits inside words (Q3, v2, KR1) are not numbers.
    """
    text = PLACEHOLDER.sub(" ", text)
    for pattern in _NOT_QUANTITIES:
        text = pattern.sub(" ", text)
    return [float(m.group(0).replace(",", "")) for m in _NUMBER.finditer(text)]


def invented_numbers(rewrite: str, allowed: Iterable[float], source_text: str = "") -> list[float]:
    """Numbers in ``rewrite`` that are neither allowed, nor stated in the source, nor placeholders/proposals."""
    permitted = {round(float(n), 9) for n in allowed} | {round(n, 9) for n in stated_numbers(source_text)}
    return [n for n in stated_numbers(rewrite) if round(n, 9) not in permitted]


# --------------------------------------------------------------------------- words and intent

_STOPWORDS = frozenset(
    "a an the and or of to in on at by for from with within into over under per our their its we us you your "
    "is are be been being was were this that these those it as than then so such more most less least all any "
    "each every new end".split())
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def word_count(text: str) -> int:
    return len(text.split())


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> Counter:
    return Counter(_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and not w.isdigit())


def lexical_similarity(a: str, b: str) -> float:
    """Cosine similarity of stemmed content-word counts: the documented ``--fast`` stand-in for embeddings."""
    va, vb = content_words(a), content_words(b)
    dot = sum(va[w] * vb[w] for w in va.keys() & vb.keys())
    norm = math.sqrt(sum(v * v for v in va.values())) * math.sqrt(sum(v * v for v in vb.values()))
    return dot / norm if norm else 0.0


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def must_keep_share(text: str, words: Sequence[str]) -> float:
    """Share of the ``must_keep`` words present (case-insensitive substring, as the dataset defines)."""
    lowered = text.lower()
    return safe_ratio(sum(w.lower() in lowered for w in words), len(words), empty=1.0)


# --------------------------------------------------------------------------- retrieval


def first_hit_rank(ranked: Sequence[str], relevant: Iterable[str]) -> int | None:
    """1-based rank of the first relevant item, or None when none of them was returned."""
    wanted = set(relevant)
    for rank, item in enumerate(ranked, start=1):
        if item in wanted:
            return rank
    return None


def recall_at(rank: int | None, k: int) -> float:
    """Hit@k for one question: 1.0 when any relevant anchor is in the top k (any one answers it)."""
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None) -> float:
    return 1.0 / rank if rank else 0.0


# --------------------------------------------------------------------------- narratives


def mentions(narrative: str, item: str, *, threshold: float = 0.6) -> bool:
    """Whether a narrative covers an item (a blocker, action or decision): its text, or most of its words."""
    if item.lower().strip() in narrative.lower():
        return True
    wanted = set(content_words(item))
    if not wanted:
        return True
    have = set(content_words(narrative))
    return len(wanted & have) / len(wanted) >= threshold


def mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


# --------------------------------------------------------------------------- suite aggregates

#: Which way is better for each aggregate metric (+1 higher, -1 lower, 0 neutral: reported, never gated).
DIRECTION: dict[str, int] = {
    "invented_numbers": -1, "invented_per_suggestion": -1, "progress_abs_error": -1, "unsupported_claims": -1, "length_words": 0,
    "errors": -1, "suggestions_per_case": 0, "cost_usd": -1, "latency_s": -1, "tokens": -1,
    # the suggest suite: shares where less is better, and a count the rule-checker decides (reported only)
    "nonsense": -1, "nonsense_work_item": -1, "nonsense_other_function": -1, "over_asking": -1,
    "not_flagged_by_check": 0,
}


def direction(metric: str) -> int:
    if metric.endswith((":support", ":cases")):  # sizes, not quality
        return 0
    return DIRECTION.get(metric.rsplit(":", 1)[-1], 1)


# --------------------------------------------------------------------------- slices of a suite

#: Subsets of the critique cases reported beside the whole set, as ``<slice>:<metric>``.
#: ``excl_ambiguous`` leaves out the drafts a careful coach could label differently (tag ``ambiguous``,
#: see evals/README.md); ``tag:fresh`` to ``tag:fresh5`` are the sets of drafts written
#: apart from the checker (``critique/fresh*.jsonl``; evals/README.md says which were later tuned on), so a
#: regression in how the checker generalises shows on its own. A slice with no case is left out.
CRITIQUE_SLICES: dict[str, tuple[str, str]] = {  # name -> ("without" | "with", tag)
    "excl_ambiguous": ("without", "ambiguous"),
    # the real corpus (evals/datasets/real/): per split, per kind of source, and who it was written for
    **{f"real:{split}": ("with", f"real-{split}") for split in REAL_SPLITS},
    "real:for-themselves": ("with", "for-themselves"),
    "real:for-others": ("with", "for-others"),
    **{f"real:kind-{kind}": ("with", f"kind-{kind}") for kind in (
        "handbook", "team-repo", "project-repo", "personal", "product-doc", "adr", "planning-doc",
        "practitioner-post", "vendor-examples")},
    "tag:fresh": ("with", "fresh"),
    "tag:fresh2": ("with", "fresh2"),
    "tag:fresh3": ("with", "fresh3"),
    "tag:fresh4": ("with", "fresh4"),
    "tag:fresh5": ("with", "fresh5"),
}
#: The metrics each slice reports.
SLICE_METRICS = ("macro_precision", "macro_recall", "macro_f1", "micro_f1", "case_exact", "structure",
                 "group:activity:f1", "group:no-metric:f1", "group:baseline:f1", "group:maintain:f1")


#: The suggest suite is reported for each split beside the whole set: ``dev:coverage``, ``holdout:nonsense``.
SUGGEST_SLICES: dict[str, tuple[str, str]] = {"dev": ("split", "dev"), "holdout": ("split", "holdout")}
SUITE_SLICES: dict[str, dict[str, tuple[str, str]]] = {"critique": CRITIQUE_SLICES, "suggest": SUGGEST_SLICES}


def in_slice(tags: Iterable[str], rule: tuple[str, str], split: str | None = None) -> bool:
    kind, tag = rule
    if kind == "split":
        return split == tag
    return (tag in set(tags)) == (kind == "with")


def slice_names(metrics: dict) -> list[str]:
    """The slices present in a suite's metrics (``excl_ambiguous``, ``tag:fresh``, ``dev``), in declaration order."""
    return [name for rules in SUITE_SLICES.values() for name in rules if f"{name}:cases" in metrics]


def slice_columns(metrics: dict) -> tuple[str, ...]:
    """The metrics a suite's slices report: the critique's, or the suggest suite's headline."""
    from coach.evals.suggest import HEADLINE

    return HEADLINE if any(f"{name}:cases" in metrics for name in SUGGEST_SLICES) else SLICE_METRICS


def case_stats(records: Sequence[dict], suite: str | None = None) -> dict:
    """Sufficient statistics of some records (one case, or many): per-metric sums and counts, raw counts,
    and the same statistics for every slice (subset by tag) the records fall in.

    Aggregates are sums of these, so a bootstrap adds up precomputed per-case statistics instead of
    re-reading every record for every resample.
    """
    slices = SUITE_SLICES.get(suite or "", {})
    sliced = {name: case_stats([r for r in records if in_slice(r.get("tags") or (), rule, r.get("split"))])
              for name, rule in slices.items()}
    sums: dict[str, list[float]] = {}
    counts: list[dict] = []
    errors = 0
    for record in records:
        if record.get("error"):
            errors += 1
            continue
        for name, value in record.get("metrics", {}).items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                entry = sums.setdefault(name, [0.0, 0])
                entry[0] += value
                entry[1] += 1
        if "counts" in record:
            counts.append(record["counts"])
    return {"sums": sums, "counts": sum_counts(counts), "records": len(records), "errors": errors,
            "ids": {r["id"] for r in records}, "slices": {k: v for k, v in sliced.items() if v["records"]}}


def merge_stats(stats: Iterable[dict]) -> dict:
    """The statistics of several records together (written for speed: the bootstrap calls it ~8,000 times)."""
    sums: dict[str, list[float]] = {}
    counts: dict[str, list[int]] = {}
    records = errors = 0
    ids: set[str] = set()
    sliced: dict[str, list[dict]] = {}
    for s in stats:
        for name, (total, n) in s["sums"].items():
            entry = sums.get(name)
            if entry is None:
                sums[name] = [total, n]
            else:
                entry[0] += total
                entry[1] += n
        for rule, (tp, fp, fn) in s["counts"].items():
            row = counts.get(rule)
            if row is None:
                counts[rule] = [tp, fp, fn]
            else:
                row[0] += tp
                row[1] += fp
                row[2] += fn
        records += s["records"]
        errors += s["errors"]
        ids.update(s["ids"])
        for name, part in s.get("slices", {}).items():
            sliced.setdefault(name, []).append(part)
    return {"sums": sums, "counts": counts, "records": records, "errors": errors, "ids": ids,
            "slices": {name: merge_stats(parts) for name, parts in sliced.items()}}


def aggregate(suite: str, records: Sequence[dict]) -> dict[str, float | None]:
    """Suite metrics from per-case records (each ``{"metrics": {...}, "error": ...}``; repeats included)."""
    return aggregate_stats(suite, case_stats(records, suite))


def aggregate_stats(suite: str, stats: dict, *, cases: int | None = None) -> dict[str, float | None]:
    """Suite metrics from :func:`case_stats` / :func:`merge_stats` output."""
    ok = stats["records"] - stats["errors"]
    out: dict[str, float | None] = {"cases": float(cases if cases is not None else len(stats["ids"])),
                                    "errors": float(stats["errors"])}
    means = {name: (total / n if n else None) for name, (total, n) in stats["sums"].items()}
    if suite == "critique":
        counts = stats["counts"]
        out.update(macro_micro(counts))
        for rule, s in per_rule_scores(counts).items():
            key = rule if rule.startswith(GROUP_PREFIX) else f"rule:{rule}"
            out[f"{key}:precision"] = s["precision"]
            out[f"{key}:recall"] = s["recall"]
            out[f"{key}:f1"] = s["f1"]
        out["case_exact"] = means.get("exact")
        if "structure" in means:
            out["structure"] = means["structure"]
        for name, part in stats.get("slices", {}).items():
            sub = aggregate_stats(suite, part | {"slices": {}}, cases=len(part["ids"]))
            out[f"{name}:cases"] = sub["cases"]
            out.update({f"{name}:{metric}": sub[metric] for metric in SLICE_METRICS if metric in sub})
        return out
    for name in sorted(means):
        out[name] = means[name]
    if suite == "rewrite":
        n_suggestions = stats["sums"].get("suggestions", [0.0, 0])[0]
        out["invented_numbers"] = stats["sums"].get("invented_numbers", [0.0, 0])[0]
        out["invented_per_suggestion"] = safe_ratio(out["invented_numbers"], n_suggestions, empty=0.0)
        out.pop("suggestions", None)
        out["suggestions_per_case"] = safe_ratio(n_suggestions, ok, empty=0.0)
    if suite == "suggest":
        from coach.evals.suggest import HEADLINE, POOLED

        total = {name: total for name, (total, _) in stats["sums"].items()}
        for name, (num, den) in POOLED.items():
            out[name] = total[num] / total[den] if total.get(den) else None
        out["not_flagged_by_check"] = total.get("not_flagged_by_check", 0.0)
        out["suggestions_per_case"] = safe_ratio(total.get("n_suggestions", 0.0), ok, empty=0.0)
        for name in [k for k in out if k.startswith("n_")]:
            out.pop(name)
        for name, part in stats.get("slices", {}).items():
            sub = aggregate_stats(suite, part | {"slices": {}}, cases=len(part["ids"]))
            out[f"{name}:cases"] = sub["cases"]
            out.update({f"{name}:{metric}": sub[metric] for metric in HEADLINE if metric in sub})
    if suite == "checkin":
        out.update({f"flags_{k.split('_', 1)[1]}": v for k, v in macro_micro(stats["counts"]).items()
                    if k.startswith("micro_")})
    return out
