"""Eval use cases for the CLI and the web app: run, list, show, compare, bless, gate, validate.

Every function takes the settings and returns plain, JSON-ready structures (dicts and lists), so the
Gradio screens and ``okr-coach eval`` render the same answers.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from coach.evals import runner
from coach.evals.compare import DEFAULT_RESAMPLES, DEFAULT_SEED, compare_runs
from coach.evals.datasets import REPO_ROOT, validate_all
from coach.evals.runner import EvalError, RunConfig

BASELINE_DIR = REPO_ROOT / "evals" / "baseline"
#: Tolerance the gate allows on a headline metric when gate.toml names none (1 point on a 0-1 metric).
DEFAULT_GATE_TOLERANCE = 0.01


def list_runs(settings) -> list[dict]:
    """Saved runs, newest first: id, date, engine, model, and each suite's headline metrics."""
    return runner.list_runs(settings)


def load_run(settings, run: str | Path) -> dict:
    return runner.load_run(run, settings)


def load_run_summary(settings, run: str | Path) -> dict:
    """A run's summary, all its metrics and its failing cases (what ``eval show`` and the web app show)."""
    from coach.evals.report import run_report_json

    data = runner.load_run(run, settings)
    return run_report_json(data) | {"path": data.get("path")}


def compare(settings, run_a: str | Path, run_b: str | Path, *, tolerances: dict[str, float] | None = None,
            resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> dict:
    """Compare two saved runs (ids or directories): regressions first; see :mod:`coach.evals.compare`."""
    a, b = runner.load_run(run_a, settings), runner.load_run(run_b, settings)
    return compare_runs(a, b, resamples=resamples, seed=seed, tolerances=tolerances).as_dict()


def run(settings, config: RunConfig, *, llm=None) -> dict:
    return runner.run_eval(settings, config, llm=llm)


def validate(root: Path | None = None) -> dict[str, int]:
    """Validate every dataset file against its schema; raises ``DatasetError`` naming the bad line."""
    return validate_all(root)


# --------------------------------------------------------------------------- thresholds


def parse_thresholds(values: list[str] | None, flag: str) -> dict[str, float]:
    """``["critique.macro_f1=0.9", "recall@3=0.8"]`` -> ``{"critique.macro_f1": 0.9, "recall@3": 0.8}``."""
    out: dict[str, float] = {}
    for value in values or []:
        name, sep, number = value.partition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            out[name.strip()] = float(number)
        except ValueError:
            raise EvalError(f"{flag} {value!r}: write METRIC=NUMBER",
                            hint=f"e.g. {flag} critique.macro_f1=0.9 (suite prefix optional)") from None
    return out


def _metric_values(run: dict, name: str) -> list[tuple[str, float | None]]:
    head, _, rest = name.partition(".")
    suite, metric = (head, rest) if rest and head in run.get("suites", {}) else ("", name)
    found = []
    for suite_name, data in run.get("suites", {}).items():
        if suite and suite_name != suite:
            continue
        if metric in data.get("metrics", {}):
            found.append((f"{suite_name}.{metric}", data["metrics"][metric]))
    return found


def check_fail_under(run: dict, fail_under: dict[str, float]) -> list[str]:
    """Messages for every metric below its floor (or missing from the run)."""
    from coach.evals.metrics import direction

    problems = []
    for name, floor in fail_under.items():
        values = _metric_values(run, name)
        if not values:
            problems.append(f"{name}: not in this run (check the suite and metric name)")
        for full, value in values:
            sense = direction(full.split(".", 1)[1])
            if value is None or (value < floor if sense >= 0 else value > floor):
                word = "below" if sense >= 0 else "above"
                problems.append(f"{full} = {'n/a' if value is None else f'{value:.4f}'} is {word} {floor}")
    return problems


def regressions(comparison: dict) -> list[str]:
    return [f"{m['suite']}.{m['metric']}: {m['a']:.4f} -> {m['b']:.4f} ({m['delta']:+.4f}"
            + (f", tolerance {m['tolerance']}" if m.get("tolerance") is not None else
               f", 95% CI [{m['ci_low']:+.4f}, {m['ci_high']:+.4f}]") + ")"
            for m in comparison.get("regressions", [])]


# --------------------------------------------------------------------------- baseline and gate


def bless(settings, run: str | Path, to: Path = BASELINE_DIR, *, suites: list[str] | None = None,
          force: bool = False) -> dict:
    """Record a run (or some of its suites) as the baseline the gate compares with.

    With ``suites`` only those suites are replaced or added; the others stay as blessed, so two people can
    bless different suites without undoing each other. The baseline on disk is re-read just before it is
    written, and a suite whose blessed run is newer than this one is never replaced by older numbers
    (``force`` overrides). Every suite records the run it came from (``source``). Returns what changed.
    """
    data = runner.load_run(run, settings)
    chosen = list(data["suites"]) if suites is None else list(dict.fromkeys(suites))
    missing = [s for s in chosen if s not in data["suites"]]
    if missing:
        raise EvalError(f"--suite {missing[0]}: run {data.get('run_id')} has no such suite",
                        hint=f"it has {', '.join(data['suites'])}")
    broken = [s for s in chosen if data["suites"][s].get("error")]
    if broken:
        raise EvalError(f"suite {broken[0]} of run {data.get('run_id')} failed; a failed suite cannot be a baseline",
                        hint="fix it and run the eval again")
    source = {"run_id": data.get("run_id"), "created": data.get("created"),
              "commit": (data.get("git") or {}).get("commit")}
    path = to / "run.json"
    current = runner.load_run(path) if path.is_file() else None  # re-read now: someone may have blessed since
    stale = [] if force or current is None else [
        s for s in chosen if s in current["suites"] and _blessed_at(current, s) > str(source["created"] or "")]
    if stale:
        raise EvalError(f"the baseline's {', '.join(stale)} came from a newer run ({_blessed_at(current, stale[0])}) "
                        f"than {data.get('run_id')} ({source['created']}); not replacing it with older numbers",
                        hint="re-run the eval on the current code and bless that run, or pass --force")
    if suites is None or current is None:
        merged = {k: v for k, v in data.items() if k != "path"}
        merged["suites"] = {}
    else:
        merged = {k: v for k, v in current.items() if k != "path"}
        merged["config"] = dict(merged.get("config", {}))
        merged["config"]["suites"] = list(dict.fromkeys([*merged["config"].get("suites", []), *chosen]))
    for name in chosen:
        merged["suites"][name] = data["suites"][name] | {"source": source}
    merged["blessed"] = [*(current or {}).get("blessed", []), source | {"suites": chosen}] if suites else [
        source | {"suites": chosen}]
    runner.save_run(merged, to)
    return {"baseline": str(to), "suites": chosen, "from": source}


def _blessed_at(baseline: dict, suite: str) -> str:
    """When the run a baseline suite came from was made (ISO text, comparable as a string)."""
    source = baseline["suites"][suite].get("source") or {}
    return str(source.get("created") or baseline.get("created") or "")


@dataclass
class GateConfig:
    """``evals/baseline/gate.toml``: which suites the gate runs and how much each metric may drop."""

    suites: list[str] = field(default_factory=lambda: ["critique", "rewrite", "checkin"])
    fast: bool = True
    split: str = "all"
    default_tolerance: float = DEFAULT_GATE_TOLERANCE
    max_regression: dict[str, float] = field(default_factory=dict)
    fail_under: dict[str, float] = field(default_factory=dict)


def load_gate_config(baseline: Path) -> GateConfig:
    path = baseline / "gate.toml"
    if not path.is_file():
        return GateConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return GateConfig(**data)
    except (OSError, tomllib.TOMLDecodeError, TypeError) as exc:
        raise EvalError(f"{path}: not a valid gate file ({exc})",
                        hint="keys: suites, fast, split, default_tolerance, [max_regression], [fail_under]") from exc


def gate_tolerances(baseline_run: dict, config: GateConfig, overrides: dict[str, float]) -> dict[str, float]:
    """A tolerance for every headline metric of the baseline (per-rule metrics are reported, not gated)."""
    from coach.evals.metrics import direction

    tolerances: dict[str, float] = {}
    for suite, data in baseline_run.get("suites", {}).items():
        for metric in data.get("metrics", {}):
            if metric in ("cases",) or metric.startswith(("rule:", "tag:")) or direction(metric) == 0:
                continue
            tolerances[f"{suite}.{metric}"] = config.default_tolerance
    for source in (config.max_regression, overrides):
        for name, value in source.items():
            if "." in name and name.split(".")[0] in baseline_run.get("suites", {}):
                tolerances[name] = value
            else:
                for key in [k for k in tolerances if k.split(".", 1)[1] == name] or [name]:
                    tolerances[key] = value
    return tolerances


@dataclass
class GateResult:
    passed: bool
    problems: list[str]
    run: dict
    comparison: dict


def gate(settings, *, baseline: Path = BASELINE_DIR, max_regression: dict[str, float] | None = None,
         fail_under: dict[str, float] | None = None, out: Path | None = None, progress: bool = False) -> GateResult:
    """Run the offline suites the baseline names and compare: fails on a regression beyond tolerance."""
    if not (baseline / "run.json").is_file():
        raise EvalError(f"{baseline}: no baseline run.json", hint="record one with `okr-coach eval bless RUN`")
    baseline_run = runner.load_run(baseline)
    config = load_gate_config(baseline)
    unblessed = [s for s in config.suites if s not in baseline_run["suites"]]
    if unblessed:
        raise EvalError(f"{baseline / 'gate.toml'} gates {', '.join(unblessed)}, which {baseline / 'run.json'} "
                        "has no baseline for",
                        hint=f"run `okr-coach eval run --suite {','.join(unblessed)}` and "
                             f"`okr-coach eval bless RUN --suite {','.join(unblessed)}`")
    offline = settings.model_copy(update={"offline": True})
    run_config = RunConfig(suites=config.suites, split=config.split, fast=config.fast, concurrency=2,
                           progress=progress, out=out, label="gate")
    current = runner.run_eval(offline, run_config)
    broken = [f"{name}: {data['error']}" for name, data in current["suites"].items() if data.get("error")]
    if broken:
        raise EvalError("the gate could not run: " + "; ".join(broken), hint="fix the failing suite first")
    tolerances = gate_tolerances(baseline_run, config, max_regression or {})
    comparison = compare_runs(baseline_run, current, tolerances=tolerances).as_dict()
    problems = regressions(comparison) + check_fail_under(current, {**config.fail_under, **(fail_under or {})})
    return GateResult(not problems, problems, current, comparison)


def write_comparison(comparison: dict, directory: Path) -> list[Path]:
    from coach.evals.report import comparison_html, comparison_markdown

    directory.mkdir(parents=True, exist_ok=True)
    files = {directory / "compare.json": json.dumps(comparison, indent=1, default=str),
             directory / "compare.md": comparison_markdown(comparison),
             directory / "compare.html": comparison_html(comparison)}
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)


def judge_agreement(settings, *, llm=None, split: str = "all", use_cache: bool = True) -> dict:
    """How often the LLM judge agrees with the human labels in ``evals/datasets/judge/``."""
    from coach.evals.cache import CachingLLM, ResponseCache
    from coach.evals.datasets import load_cases
    from coach.evals.judge import Judge, agreement

    if llm is None:
        from coach.llm import make_llm

        llm = make_llm(settings)
    if llm is None:
        raise EvalError("judge-agreement needs an LLM", hint="configure [llm] model or base_url (or OKR_COACH_LLM_MODEL)")
    cache = ResponseCache(Path(settings.data_dir) / "evals" / "cache.sqlite") if use_cache else None
    try:
        result = agreement(Judge(CachingLLM(llm, cache)), load_cases("judge", split=split))
    finally:
        if cache is not None:
            cache.close()
    return result | {"model": getattr(llm, "model_name", None)}
