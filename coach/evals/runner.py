"""Run eval suites: cases in a thread pool, LLM answers through the cache, one directory per run.

    okr-coach eval run --suite rewrite --prompt rewrite_key_results@2 --repeats 3 --concurrency 8

With no LLM configured the suites evaluate the offline engine (rules, template writer, deterministic
narratives), so the same command runs in CI. A run is saved as ``<data_dir>/evals/runs/<run-id>/`` (or
``--out DIR``) with ``run.json`` (config, git commit, prompt versions and hashes, per-case results, metrics,
usage and cost) and the JSON, Markdown and HTML reports.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.evals import suites as suite_impl
from coach.evals.cache import CachingLLM, ResponseCache, Usage, track
from coach.evals.datasets import CASE_SPLITS, SUITES, load_cases
from coach.evals.real import SEALED_SPLITS
from coach.evals.metrics import aggregate
from coach.evals.pricing import cost_usd, load_prices

RUN_FORMAT = 1
LLM_SUITES = ("rewrite", "checkin", "suggest")


class EvalError(CoachError):
    """An eval cannot run as asked (bad flag, unknown run, unusable output directory)."""


@dataclass
class RunConfig:
    suites: list[str] = field(default_factory=lambda: list(SUITES))
    split: str = "all"
    model: str | None = None
    repeats: int = 1
    concurrency: int = 4
    use_cache: bool = True
    fast: bool = False
    pins: dict[str, str] = field(default_factory=dict)  # prompt name -> "name@version"
    judge: bool = False
    out: Path | None = None
    ids: list[str] | None = None
    prices: Path | None = None
    progress: bool = True
    label: str | None = None
    datasets: Path | None = None  # a folder with <suite>/*.jsonl instead of evals/datasets/
    tags: list[str] | None = None  # only cases with at least one of these tags (--tag)
    exclude_tags: list[str] | None = None  # leave out cases with any of these tags (--exclude-tag)
    include_sealed: bool = False  # also run the sealed real-corpus test split (--include-sealed)

    def __post_init__(self) -> None:
        unknown = [s for s in self.suites if s not in SUITES]
        if unknown:
            raise EvalError(f"--suite {unknown[0]!r} is not a suite", hint=f"use {', '.join(SUITES)} or all")
        if self.split not in (*CASE_SPLITS, "all"):
            raise EvalError(f"--split {self.split!r} is not a split", hint=f"use {', '.join(CASE_SPLITS)} or all")
        if self.split in SEALED_SPLITS and not self.include_sealed:
            raise EvalError(f"--split {self.split} is a sealed split of the real corpus",
                            hint="add --include-sealed, and log the use in evals/README.md (each use spends it)")
        if not 1 <= self.repeats <= 50:
            raise EvalError(f"--repeats {self.repeats}: use a number from 1 to 50")
        if not 1 <= self.concurrency <= 64:
            raise EvalError(f"--concurrency {self.concurrency}: use a number from 1 to 64")
        clash = set(self.tags or ()) & set(self.exclude_tags or ())
        if clash:
            raise EvalError(f"--tag and --exclude-tag both name {sorted(clash)[0]!r}", hint="keep one of the two")


def parse_suites(value: str) -> list[str]:
    names = [s.strip() for s in value.split(",") if s.strip()]
    return list(SUITES) if names == ["all"] or not names else names


def parse_pins(values: list[str] | None) -> dict[str, str]:
    """``["rewrite_key_results@2"]`` -> ``{"rewrite_key_results": "rewrite_key_results@2"}`` (checked to load)."""
    pins: dict[str, str] = {}
    for value in values or []:
        name, sep, version = value.partition("@")
        if not name or not sep or not version.isdigit():
            raise EvalError(f"--prompt {value!r}: write NAME@VERSION", hint="e.g. --prompt rewrite_key_results@2")
        from coach.llm import load_prompt

        load_prompt(value)  # raises PromptError naming the missing file or variable
        pins[name] = value
    return pins


def runs_dir(settings) -> Path:
    return Path(settings.data_dir) / "evals" / "runs"


def new_run_id(suites: list[str]) -> str:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = "all" if set(suites) == set(SUITES) else "+".join(suites)
    return f"{stamp}-{name}-{secrets.token_hex(3)}"


def git_info(cwd: Path | None = None) -> dict[str, Any]:
    """The commit the code was run at, and whether the tree had local changes (None outside git)."""
    cwd = cwd or Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True,
                                timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd,
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        return {"commit": commit, "dirty": bool(dirty)}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def prompt_versions() -> dict[str, str]:
    """``{"name@version": content_hash}`` of every prompt file, so a run records what it could have used."""
    root = Path(__file__).resolve().parents[2] / "prompts"
    out: dict[str, str] = {}
    try:
        from coach.llm import load_prompt
    except ImportError:
        return out
    for path in sorted(root.glob("*/v*.toml")):
        ref = f"{path.parent.name}@{path.stem[1:]}"
        try:
            out[ref] = str(getattr(load_prompt(ref), "content_hash", ""))
        except Exception as exc:  # noqa: BLE001 - a broken prompt file is recorded, not fatal
            out[ref] = f"error: {exc}"
    return out


class _CaseContext:
    """The run's shared context with this repeat's LLM (repeats are separate cache entries)."""

    def __init__(self, shared: suite_impl.Context, llm) -> None:
        self._shared = shared
        self.llm = llm

    def __getattr__(self, name: str):
        return getattr(self._shared, name)


def _make_llm(settings, config: RunConfig, llm):
    if llm is not None:
        return llm
    if config.model:
        settings = settings.model_copy(update={"llm": settings.llm.model_copy(update={"model": config.model})})
    if not settings.llm_enabled:
        return None
    from coach.llm import make_llm

    return make_llm(settings)


def run_eval(settings, config: RunConfig, *, llm=None) -> dict:
    """Run the suites and save the run; returns the run as a dict (the content of ``run.json``).

    ``llm`` (a ``StructuredLLM``-like object) overrides the configured model; tests pass one built on the
    scripted server. Per-case failures are recorded in the case; a suite that cannot run at all (its
    service is missing or broken) is recorded with ``"error"`` and makes the run an infrastructure failure.
    """
    started = time.perf_counter()
    inner = _make_llm(settings, config, llm)
    cache = None
    if inner is not None and config.use_cache:
        cache = ResponseCache(Path(settings.data_dir) / "evals" / "cache.sqlite")
    wrapped = CachingLLM(inner, cache, pins=config.pins) if inner is not None else None
    judge = None
    if config.judge:
        if wrapped is None:
            raise EvalError("--judge needs an LLM", hint="configure [llm] model/base_url, or drop --judge")
        from coach.evals.judge import Judge

        judge = Judge(wrapped)
    ctx = suite_impl.Context(settings=settings, llm=wrapped, fast=config.fast, judge=judge)
    run_id = new_run_id(config.suites)
    total = Usage()
    suites_out: dict[str, dict] = {}
    prices = load_prices(config.prices, data_dir=Path(settings.data_dir))
    model_name = wrapped.model_name if wrapped else None
    try:
        for suite in config.suites:
            result = _run_suite(suite, ctx, config, total, prices, model_name)
            if result is not None:
                suites_out[suite] = result
    finally:
        if cache is not None:
            cache.close()
    if not suites_out:
        raise EvalError(f"no case of {', '.join(config.suites)} matches --ids/--tag/--exclude-tag "
                        f"(ids {config.ids}, tags {config.tags}, excluded {config.exclude_tags})",
                        hint="check the tag names in the dataset files, or drop the filter")
    cost = cost_usd(model_name, total.prompt_tokens, total.completion_tokens, prices) if wrapped else 0.0
    run = {
        "format": RUN_FORMAT,
        "run_id": run_id,
        "label": config.label,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - started, 3),
        "config": {
            "suites": config.suites, "split": config.split, "repeats": config.repeats,
            "concurrency": config.concurrency, "cache": config.use_cache, "fast": config.fast,
            "judge": config.judge, "engine": "llm" if wrapped else "offline",
            "model": model_name, "endpoint": wrapped.endpoint if wrapped else None,
            "prompt_pins": config.pins, "ids": config.ids, "tags": config.tags,
            "exclude_tags": config.exclude_tags,
            "similarity": ctx._similarity,
        },
        "git": git_info(),
        "prompts": {"used": total.prompts, "available": prompt_versions()},
        "usage": {**total.as_dict(), "cache_hit_rate": _hit_rate(total), "cost_usd": cost},
        "suites": suites_out,
    }
    out = config.out or runs_dir(settings) / run_id
    save_run(run, out)
    run["path"] = str(out)
    return run


def _hit_rate(usage: Usage) -> float | None:
    return usage.cache_hits / usage.calls if usage.calls else None


def _run_suite(suite: str, ctx, config: RunConfig, total: Usage, prices, model_name) -> dict | None:
    """One suite's records, metrics, usage and latency; None when the filters leave it no case."""
    started = time.perf_counter()
    from coach.evals.datasets import dataset_dir, select

    path = dataset_dir(suite, config.datasets) if config.datasets else None
    cases = select(load_cases(suite, path=path, split=config.split), ids=config.ids, tags=config.tags,
                   exclude_tags=config.exclude_tags)
    if not config.include_sealed:
        cases = [case for case in cases if case.split not in SEALED_SPLITS]
    if not cases:
        return None
    runner = suite_impl.SUITE_RUNNERS[suite]
    work = [(case, repeat) for case in cases for repeat in range(config.repeats)]
    records: list[dict] = []
    usage = Usage()
    bar = _progress(len(work), f"eval {suite}", config.progress)
    try:
        with ThreadPoolExecutor(max_workers=config.concurrency, thread_name_prefix=f"eval-{suite}") as pool:
            futures = [pool.submit(_run_case, runner, case, repeat, ctx) for case, repeat in work]
            for future in as_completed(futures):
                record, case_usage = future.result()
                records.append(record)
                usage.add(case_usage)
                bar.update(1)
    finally:
        bar.close()
    records.sort(key=lambda r: (r["id"], r["repeat"]))
    total.add(usage)
    errors = [r for r in records if r.get("error")]
    latencies = [r["latency_s"] for r in records]
    out = {
        "cases": records,
        "metrics": aggregate(suite, records),
        "usage": {**usage.as_dict(), "cache_hit_rate": _hit_rate(usage),
                  "cost_usd": cost_usd(model_name, usage.prompt_tokens, usage.completion_tokens, prices)
                  if ctx.llm is not None else 0.0},
        "latency": {"median_s": round(statistics.median(latencies), 4) if latencies else None,
                    "p95_s": round(_p95(latencies), 4) if latencies else None,
                    "wall_s": round(time.perf_counter() - started, 3)},
    }
    if records and len(errors) == len(records):
        out["error"] = f"every case failed; first error: {errors[0]['error']}"
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _run_case(runner, case, repeat: int, ctx) -> tuple[dict, Usage]:
    llm = ctx.llm.with_sample(repeat) if ctx.llm is not None else None
    case_ctx = _CaseContext(ctx, llm)
    record = {"id": case.id, "split": case.split, "tags": list(case.tags), "repeat": repeat, "error": None,
              "input": input_excerpt(case)}
    started = time.perf_counter()
    with track() as usage:
        try:
            record.update(runner(case, case_ctx))
        except Exception as exc:  # noqa: BLE001 - one broken case must not stop the run; it is reported
            record.update({"metrics": {}, "score": None, "passed": False, "output": {},
                           "error": f"{type(exc).__name__}: {exc}"[:500]})
    record["latency_s"] = round(time.perf_counter() - started, 4)
    record["usage"] = usage.as_dict()
    return record, usage


def input_excerpt(case, limit: int = 160) -> str:
    """A short, one-line view of what the case feeds the service (for reports; escaped there)."""
    if hasattr(case, "okr_set"):
        text = " / ".join(o.text for o in case.okr_set.objectives)
    else:
        text = getattr(case, "draft", None) or getattr(case, "key_result", None) or getattr(case, "question", "")
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _progress(total: int, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, file=sys.stderr, disable=not enabled, leave=False, unit="case")


# --------------------------------------------------------------------------- saving and loading


def save_run(run: dict, directory: Path) -> None:
    """Write ``run.json`` and the reports into ``directory`` atomically (a temp file, then a rename)."""
    from coach.evals.report import write_reports

    try:
        directory.mkdir(parents=True, exist_ok=True)
        _atomic_write(directory / "run.json", json.dumps(run, indent=1, ensure_ascii=False, default=str))
        write_reports(run, directory)
    except OSError as exc:
        raise EvalError(f"{directory}: cannot write the run ({exc.strerror or exc})",
                        hint="pass a writable --out directory") from exc


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def load_run(ref: str | Path, settings=None) -> dict:
    """A saved run from its directory, its ``run.json`` or its id under the data directory's runs."""
    candidates = [Path(ref)]
    if settings is not None:
        candidates.append(runs_dir(settings) / str(ref))
    for candidate in candidates:
        path = candidate / "run.json" if candidate.is_dir() else candidate
        if path.is_file() and path.name.endswith(".json"):
            try:
                run = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise EvalError(f"{path}: not a readable run ({exc})", hint="re-run the eval") from exc
            if not isinstance(run, dict) or "suites" not in run:
                raise EvalError(f"{path}: not an eval run (no 'suites')", hint="pass a run directory")
            problem = _shape_problem(run["suites"])
            if problem:
                raise EvalError(f"{path}: {problem}", hint="the file is damaged or not an okr-coach run; re-run the eval")
            run["path"] = str(path.parent)
            return run
    raise EvalError(f"no eval run '{ref}'", hint="see `okr-coach eval list` for run ids, or pass a run directory")


def _shape_problem(suites: object) -> str | None:
    """What makes a run's ``suites`` unusable (compare, show and bless read every case), or None."""
    if not isinstance(suites, dict):
        return "'suites' is not a mapping of suite name to results"
    for name, suite in suites.items():
        if not isinstance(suite, dict):
            return f"suite '{name}' is not a mapping"
        if not isinstance(suite.get("cases"), list) or not isinstance(suite.get("metrics", {}), dict):
            return f"suite '{name}' has no list of 'cases' or its 'metrics' is not a mapping"
        for number, case in enumerate(suite["cases"], start=1):
            if not isinstance(case, dict) or not isinstance(case.get("id"), str):
                return f"suite '{name}' case {number} is not a mapping with an 'id'"
    return None


def list_runs(settings) -> list[dict]:
    """Summaries of the saved runs, newest first."""
    root = runs_dir(settings)
    out = []
    for path in sorted(root.glob("*/run.json"), reverse=True) if root.is_dir() else []:
        try:
            run = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        out.append(summary(run) | {"path": str(path.parent)})
    return out


HEADLINE = {
    "critique": ["macro_f1", "macro_precision", "macro_recall"],
    "rewrite": ["verified", "outcome", "intent_kept", "no_invented", "invented_numbers"],
    "checkin": ["status_agreement", "flag_f1", "faithfulness", "coverage"],
    "retrieval": ["recall@1", "recall@3", "recall@5", "mrr"],
    "suggest": ["coverage", "metric_fit", "nonsense", "loop_agreement", "invented_numbers", "asked_when_right"],
}


def summary(run: dict) -> dict:
    """The small view of a run that lists and the web app show."""
    return {
        "run_id": run.get("run_id"), "label": run.get("label"), "created": run.get("created"),
        "engine": run.get("config", {}).get("engine"), "model": run.get("config", {}).get("model"),
        "split": run.get("config", {}).get("split"), "commit": (run.get("git") or {}).get("commit"),
        "suites": {name: {"cases": len({c["id"] for c in s.get("cases", [])}), "error": s.get("error"),
                          "metrics": {k: s.get("metrics", {}).get(k) for k in HEADLINE.get(name, [])}}
                   for name, s in run.get("suites", {}).items()},
        "usage": run.get("usage", {}),
    }


def asdict_config(config: RunConfig) -> dict:
    data = asdict(config)
    data["out"] = str(config.out) if config.out else None
    data["prices"] = str(config.prices) if config.prices else None
    return data
