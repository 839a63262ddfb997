"""Compare two runs: paired by case id, with a bootstrap interval per metric and a sign test per suite.

Statistics (no scipy needed):

- **Paired bootstrap.** Resample the paired case ids with replacement (fixed seed, 2,000 resamples by
  default), recompute every suite metric on run A and run B for the same resample, and take the 2.5th and
  97.5th percentiles of B - A. Because the whole aggregate is recomputed, macro F1 and other non-mean
  metrics get honest intervals.
- **Sign test.** Per case, B wins when its score is higher, loses when lower; ties are dropped. The
  two-sided p-value is the exact binomial probability of a split at least as lopsided under p = 0.5.
- **Flaky cases.** A case whose pass/fail verdict differs between repeats of the same run.

A metric *regressed* when it moved the wrong way (see :data:`coach.evals.metrics.DIRECTION`) and its
interval excludes zero, or when it moved the wrong way by more than a ``--max-regression`` tolerance.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from coach.evals.metrics import aggregate, aggregate_stats, case_stats, direction, merge_stats

DEFAULT_RESAMPLES = 2000
DEFAULT_SEED = 20260101
EPSILON = 1e-9


# --------------------------------------------------------------------------- statistics


def sign_test(wins: int, losses: int) -> float:
    """Exact two-sided binomial p-value of ``wins`` vs ``losses`` under a fair coin (ties left out)."""
    n = wins + losses
    if n == 0:
        return 1.0
    k = min(wins, losses)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (``q`` in 0..1) of already sorted values."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    if low == high:
        return sorted_values[low]
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def paired_bootstrap(ids: Sequence[str], statistic: Callable[[list[str]], dict[str, float | None]], *,
                     resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED,
                     confidence: float = 0.95) -> dict[str, tuple[float, float]]:
    """Confidence intervals of every metric ``statistic`` returns (it gets a resample of ``ids``, with
    repeats, and returns ``{metric: B - A}``)."""
    rng = random.Random(seed)
    samples: dict[str, list[float]] = defaultdict(list)
    ids = list(ids)
    if not ids:
        return {}
    for _ in range(resamples):
        draw = [ids[rng.randrange(len(ids))] for _ in ids]
        for metric, diff in statistic(draw).items():
            if diff is not None:
                samples[metric].append(diff)
    tail = (1 - confidence) / 2
    out = {}
    for metric, values in samples.items():
        values.sort()
        out[metric] = (percentile(values, tail), percentile(values, 1 - tail))
    return out


def bootstrap_mean_difference(a: Sequence[float], b: Sequence[float], **kwargs) -> tuple[float, float]:
    """CI of mean(b - a) for paired values: the simplest use of :func:`paired_bootstrap`."""
    if len(a) != len(b):
        raise ValueError("paired values need equal lengths")
    keys = [str(i) for i in range(len(a))]
    diffs = {k: b[i] - a[i] for i, k in enumerate(keys)}

    def statistic(draw: list[str]) -> dict[str, float]:
        return {"mean": sum(diffs[k] for k in draw) / len(draw)}

    return paired_bootstrap(keys, statistic, **kwargs)["mean"]


# --------------------------------------------------------------------------- comparing runs


@dataclass
class MetricChange:
    suite: str
    metric: str
    a: float | None
    b: float | None
    delta: float | None
    ci_low: float | None
    ci_high: float | None
    direction: int
    verdict: str  # regression | worse | improvement | better | unchanged | neutral | n/a
    tolerance: float | None = None

    @property
    def is_regression(self) -> bool:
        return self.verdict == "regression"


@dataclass
class CaseChange:
    suite: str
    id: str
    a_score: float | None
    b_score: float | None
    a_passed: bool | None
    b_passed: bool | None
    change: str  # regressed | improved | same
    flaky_a: bool = False
    flaky_b: bool = False


@dataclass
class SuiteComparison:
    suite: str
    paired: int
    only_a: int
    only_b: int
    wins: int
    losses: int
    ties: int
    sign_p: float
    metrics: list[MetricChange] = field(default_factory=list)
    cases: list[CaseChange] = field(default_factory=list)


@dataclass
class Comparison:
    run_a: str
    run_b: str
    suites: list[SuiteComparison]
    resamples: int
    seed: int

    @property
    def regressions(self) -> list[MetricChange]:
        return [m for s in self.suites for m in s.metrics if m.is_regression]

    def as_dict(self) -> dict:
        data = asdict(self)
        data["regressions"] = [asdict(m) for m in self.regressions]
        return data


_VERDICT_ORDER = {"regression": 0, "worse": 1, "improvement": 2, "better": 3, "unchanged": 4, "neutral": 5, "n/a": 6}
_CHANGE_ORDER = {"regressed": 0, "improved": 1, "same": 2}


def _by_case(records: Sequence[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        grouped[record["id"]].append(record)
    return grouped


def _case_score(records: list[dict]) -> float | None:
    scores = [r.get("score") for r in records if not r.get("error") and r.get("score") is not None]
    return sum(scores) / len(scores) if scores else None


def _case_passed(records: list[dict]) -> bool | None:
    verdicts = [bool(r.get("passed")) for r in records if not r.get("error")]
    return None if not verdicts else sum(verdicts) * 2 >= len(verdicts)


def is_flaky(records: list[dict]) -> bool:
    """The verdict changed across repeats (an error counts as a failed verdict)."""
    verdicts = {bool(r.get("passed")) and not r.get("error") for r in records}
    return len(verdicts) > 1


def _verdict(delta: float | None, low: float | None, high: float | None, sense: int,
             tolerance: float | None) -> str:
    if delta is None:
        return "n/a"
    if sense == 0:
        return "neutral"
    signed = delta * sense
    if abs(delta) <= EPSILON:
        return "unchanged"
    significant = low is not None and high is not None and (low * sense > EPSILON or high * sense < -EPSILON)
    if signed < 0:
        if tolerance is not None:
            return "regression" if -signed > tolerance + EPSILON else "worse"
        return "regression" if significant and high * sense < 0 else "worse"
    return "improvement" if significant else "better"


def compare_suite(suite: str, records_a: Sequence[dict], records_b: Sequence[dict], *,
                  resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED,
                  tolerances: dict[str, float] | None = None) -> SuiteComparison:
    tolerances = tolerances or {}
    a, b = _by_case(records_a), _by_case(records_b)
    paired = sorted(a.keys() & b.keys())
    flat_a = [r for i in paired for r in a[i]]
    flat_b = [r for i in paired for r in b[i]]
    agg_a, agg_b = aggregate(suite, flat_a), aggregate(suite, flat_b)

    stats_a = {i: case_stats(a[i], suite) for i in paired}
    stats_b = {i: case_stats(b[i], suite) for i in paired}

    def statistic(draw: list[str]) -> dict[str, float | None]:
        sa = aggregate_stats(suite, merge_stats(stats_a[i] for i in draw), cases=len(draw))
        sb = aggregate_stats(suite, merge_stats(stats_b[i] for i in draw), cases=len(draw))
        return {m: (sb[m] - sa[m]) if sa.get(m) is not None and sb.get(m) is not None else None
                for m in sa.keys() & sb.keys()}

    intervals = paired_bootstrap(paired, statistic, resamples=resamples, seed=seed) if paired else {}
    metrics = []
    for metric in sorted(agg_a.keys() | agg_b.keys()):
        if metric in ("cases",):
            continue
        va, vb = agg_a.get(metric), agg_b.get(metric)
        delta = vb - va if va is not None and vb is not None else None
        low, high = intervals.get(metric, (None, None))
        tolerance = tolerances.get(metric, tolerances.get(f"{suite}.{metric}"))
        sense = direction(metric)
        metrics.append(MetricChange(suite, metric, va, vb, delta, low, high, sense,
                                    _verdict(delta, low, high, sense, tolerance), tolerance))
    metrics.sort(key=lambda m: (_VERDICT_ORDER[m.verdict], m.metric.startswith("rule:"),
                                -(abs(m.delta) if m.delta is not None else 0), m.metric))

    wins = losses = ties = 0
    cases = []
    for case_id in paired:
        sa, sb = _case_score(a[case_id]), _case_score(b[case_id])
        pa, pb = _case_passed(a[case_id]), _case_passed(b[case_id])
        if sa is not None and sb is not None and abs(sb - sa) > EPSILON:
            wins, losses = (wins + 1, losses) if sb > sa else (wins, losses + 1)
            change = "improved" if sb > sa else "regressed"
        else:
            ties += 1
            change = "same"
        if pa is True and pb is False:
            change = "regressed"
        elif pa is False and pb is True and change == "same":
            change = "improved"
        cases.append(CaseChange(suite, case_id, sa, sb, pa, pb, change, is_flaky(a[case_id]), is_flaky(b[case_id])))
    cases.sort(key=lambda c: (_CHANGE_ORDER[c.change], not (c.flaky_a or c.flaky_b),
                              (c.b_score or 0) - (c.a_score or 0), c.id))
    return SuiteComparison(suite, len(paired), len(a.keys() - b.keys()), len(b.keys() - a.keys()), wins, losses,
                           ties, sign_test(wins, losses), metrics, cases)


def compare_runs(run_a: dict, run_b: dict, *, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED,
                 tolerances: dict[str, float] | None = None) -> Comparison:
    """Compare every suite the two runs share; suites with regressions come first."""
    shared = [s for s in run_a.get("suites", {}) if s in run_b.get("suites", {})]
    suites = [compare_suite(s, run_a["suites"][s]["cases"], run_b["suites"][s]["cases"], resamples=resamples,
                            seed=seed, tolerances=tolerances) for s in shared]
    suites.sort(key=lambda s: (not any(m.is_regression for m in s.metrics), s.suite))
    return Comparison(run_a.get("run_id", "A"), run_b.get("run_id", "B"), suites, resamples, seed)
