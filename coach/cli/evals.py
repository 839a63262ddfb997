"""``okr-coach eval``: validate datasets, run suites, compare runs, bless a baseline, gate CI.

Exit codes: 0 pass, 100 a quality gate failed (``--fail-under``, ``--max-regression``, ``gate``), 1 an
infrastructure error (a suite could not run, the LLM endpoint failed, a dataset or run file is broken).
Mistakes the argument parser catches (an unknown flag, a missing argument) exit 2 like every other
command; a flag value the eval code rejects (``--suite nope``, ``--repeats 0``) exits 1 with a message, so
CI reads it as "the gate could not run", never as a pass or a quality failure.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coach.cli import ExitCode

SUITE_CHOICES = ["critique", "rewrite", "checkin", "retrieval", "suggest", "all"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("eval", help="evaluate rules, rewrites, narratives and retrieval on golden data",
                                   description="Run the eval suites, compare runs and gate CI on a blessed baseline.")
    sub = parser.add_subparsers(dest="eval_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: (parser.print_help(), ExitCode.USAGE)[1])

    p = sub.add_parser("validate", help="check every dataset file against its schema")
    p.add_argument("--export-schemas", action="store_true", help="also rewrite coach/evals/schemas/*.schema.json")
    p.set_defaults(func=_validate)

    p = sub.add_parser("run", help="run suites and save the run (offline engine unless an LLM is configured)")
    p.add_argument("--suite", default="all", help="critique, rewrite, checkin, retrieval, suggest, all, or a comma list")
    p.add_argument("--prompt", action="append", metavar="NAME@VERSION",
                   help="pin a prompt version, e.g. rewrite_key_results@2 (repeatable)")
    p.add_argument("--model", help="LLM model name (overrides the configured one)")
    p.add_argument("--repeats", type=int, default=1, help="run every case N times (flaky cases are marked)")
    p.add_argument("--split", default="all",
                   help="dev, holdout, all, or a sealed real-corpus split (test, fresh, blind, unseen, novel, untouched, kept: needs --include-sealed)")
    p.add_argument("--include-sealed", action="store_true",
                   help="also run the sealed real-corpus splits (log each use in evals/README.md)")
    p.add_argument("--concurrency", type=int, default=4, help="cases run in parallel (LLM calls in a thread pool)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the response cache")
    p.add_argument("--fast", action="store_true",
                   help="lexical intent similarity and no knowledge base for rewrites (no model load)")
    p.add_argument("--judge", action="store_true", help="also grade rewrites with the LLM judge (needs an LLM)")
    p.add_argument("--ids", help="only these case ids (comma-separated)")
    p.add_argument("--tag", action="append", metavar="TAG",
                   help="only cases with this tag, e.g. --tag fresh (repeatable or comma-separated: any of them)")
    p.add_argument("--exclude-tag", action="append", metavar="TAG",
                   help="leave out cases with this tag, e.g. --exclude-tag ambiguous (repeatable or comma-separated)")
    p.add_argument("--out", type=Path, help="write the run here instead of <data_dir>/evals/runs/<run-id>/")
    p.add_argument("--prices", type=Path, help="TOML price table ([models.\"NAME\"] input/output USD per 1M)")
    p.add_argument("--label", help="a short name shown in `eval list`")
    p.add_argument("--datasets", type=Path, help="a folder with <suite>/*.jsonl to use instead of evals/datasets/")
    _gate_flags(p)
    p.add_argument("--baseline", type=Path, help="run to compare with for --max-regression (default evals/baseline/)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_run)

    p = sub.add_parser("compare", help="compare two runs: paired bootstrap CIs, sign test, regressions first")
    p.add_argument("run_a", metavar="RUN_A")
    p.add_argument("run_b", metavar="RUN_B")
    p.add_argument("--max-regression", action="append", metavar="METRIC=DELTA",
                   help="fail (exit 100) when METRIC drops by more than DELTA (repeatable)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--out", type=Path, help="also write compare.json/.md/.html into this directory")
    p.add_argument("--resamples", type=int, default=2000)
    p.set_defaults(func=_compare)

    p = sub.add_parser("list", help="list saved runs, newest first")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_list)

    p = sub.add_parser("show", help="show a run's metrics and failing cases")
    p.add_argument("run", metavar="RUN")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")
    p.set_defaults(func=_show)

    p = sub.add_parser("bless", help="record a run as the baseline the gate compares with")
    p.add_argument("run", metavar="RUN")
    p.add_argument("--to", type=Path, default=None, help="baseline directory (default evals/baseline/)")
    p.add_argument("--suite", help="bless only these suites of the run (comma list); the others stay as blessed")
    p.add_argument("--force", action="store_true",
                   help="replace a baseline suite even when it came from a newer run than this one")
    p.set_defaults(func=_bless)

    p = sub.add_parser("gate", help="CI: run the offline suites and fail (exit 100) on regression vs the baseline")
    p.add_argument("--baseline", type=Path, default=None, help="baseline directory (default evals/baseline/)")
    _gate_flags(p)
    p.add_argument("--out", type=Path, help="keep the gate's run here")
    p.set_defaults(func=_gate)

    p = sub.add_parser("judge-agreement", help="how often the LLM judge agrees with the human labels")
    p.add_argument("--model", help="LLM model name")
    p.add_argument("--split", choices=["dev", "holdout", "all"], default="all")
    p.add_argument("--no-cache", action="store_true")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_judge_agreement)


def _gate_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fail-under", action="append", metavar="METRIC=VALUE",
                   help="fail (exit 100) when METRIC is below VALUE, e.g. critique.macro_f1=0.9 (repeatable)")
    p.add_argument("--max-regression", action="append", metavar="METRIC=DELTA",
                   help="fail (exit 100) when METRIC drops more than DELTA below the baseline (repeatable)")


def _infrastructure(fn):
    """Map failures the user cannot fix with a flag (LLM down, broken run file, suite crash) to exit 1."""
    def wrapped(args):
        from coach.errors import CoachError, LLMError
        from coach.evals.datasets import DatasetError
        from coach.evals.runner import EvalError

        try:
            return fn(args)
        except (LLMError, DatasetError, OSError) as exc:
            print(f"okr-coach eval: infrastructure error: {exc}", file=sys.stderr)
            return ExitCode.FINDINGS
        except EvalError as exc:
            print(f"okr-coach eval: error: {exc}", file=sys.stderr)
            return ExitCode.FINDINGS
        except CoachError:
            raise
    return wrapped


def _settings(args, **extra):
    from coach.cli import settings_from_args

    return settings_from_args(args, **extra)


@_infrastructure
def _validate(args) -> int:
    from coach.evals import service
    from coach.evals.datasets import export_schemas

    counts = service.validate()
    for suite, n in counts.items():
        print(f"{suite:10} {n:4} cases  ok")
    if args.export_schemas:
        for path in export_schemas():
            print(f"wrote {path}")
    return ExitCode.OK


@_infrastructure
def _run(args) -> int:
    from coach.evals import service
    from coach.evals.runner import RunConfig, parse_pins, parse_suites

    settings = _settings(args, **({"llm": {"model": args.model}} if args.model else {}))
    fail_under = service.parse_thresholds(args.fail_under, "--fail-under")
    max_regression = service.parse_thresholds(args.max_regression, "--max-regression")
    config = RunConfig(suites=parse_suites(args.suite), split=args.split, model=args.model, repeats=args.repeats,
                       concurrency=args.concurrency, use_cache=not args.no_cache, fast=args.fast,
                       pins=parse_pins(args.prompt), judge=args.judge,
                       ids=[i.strip() for i in args.ids.split(",")] if args.ids else None,
                       out=args.out, prices=args.prices, progress=not args.quiet, label=args.label,
                       datasets=args.datasets, tags=_tag_list(args.tag, "--tag"),
                       exclude_tags=_tag_list(args.exclude_tag, "--exclude-tag"),
                       include_sealed=args.include_sealed)
    run = service.run(settings, config)
    _print_run(run)
    broken = [name for name, s in run["suites"].items() if s.get("error")]
    if broken:
        for name in broken:
            print(f"suite {name} could not run: {run['suites'][name]['error']}", file=sys.stderr)
        return ExitCode.FINDINGS
    problems = service.check_fail_under(run, fail_under)
    if max_regression:
        baseline = args.baseline or service.BASELINE_DIR
        comparison = service.compare(settings, baseline, run["path"], tolerances=max_regression)
        problems += service.regressions(comparison)
    return _verdict(problems)


def _tag_list(values: list[str] | None, flag: str) -> list[str] | None:
    """``["fresh", "a,b"]`` -> ``["fresh", "a", "b"]``; None when the flag was not given."""
    if not values:
        return None
    from coach.evals.runner import EvalError

    tags = [t.strip() for v in values for t in v.split(",") if t.strip()]
    if not tags:
        raise EvalError(f"{flag} needs a tag name", hint=f"e.g. {flag} fresh")
    return tags


def _verdict(problems: list[str]) -> int:
    if problems:
        print("quality gate FAILED:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return ExitCode.QUALITY_GATE
    return ExitCode.OK


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _print_run(run: dict) -> None:
    from coach.evals.metrics import slice_names
    from coach.evals.runner import HEADLINE

    usage = run.get("usage", {})
    print(f"run {run['run_id']}  ({run['config']['engine']}, {run['duration_s']} s)  saved to {run.get('path')}")
    for name, suite in run["suites"].items():
        metrics = suite.get("metrics", {})
        shown = "  ".join(f"{k}={_fmt(metrics.get(k))}" for k in HEADLINE.get(name, []))
        print(f"  {name:9} {int(metrics.get('cases') or 0):3} cases  {shown}")
        for part in slice_names(metrics):
            keys = HEADLINE[name] if name == "suggest" else ("macro_f1", "macro_precision", "macro_recall")
            figures = "  ".join(f"{k}={_fmt(metrics.get(f'{part}:{k}'))}" for k in keys)
            print(f"    {part:16} {int(metrics.get(f'{part}:cases') or 0):3} cases  {figures}")
    if run.get("config", {}).get("tags") or run.get("config", {}).get("exclude_tags"):
        print(f"  cases with tags {run['config'].get('tags') or 'any'}, "
              f"without {run['config'].get('exclude_tags') or 'none'}")
    rate = usage.get("cache_hit_rate")
    cost = usage.get("cost_usd")
    print(f"  model requests {usage.get('requests', 0)}, cache hits {usage.get('cache_hits', 0)}"
          f" (hit rate {_fmt(rate)}), tokens {usage.get('prompt_tokens', 0)}+{usage.get('completion_tokens', 0)},"
          f" cost {'n/a' if cost is None else f'${cost:.4f}'}")


@_infrastructure
def _compare(args) -> int:
    from coach.evals import service
    from coach.evals.report import comparison_markdown

    settings = _settings(args)
    if not 1 <= args.resamples <= 100_000:
        from coach.evals.runner import EvalError

        raise EvalError(f"--resamples {args.resamples}: use a number from 1 to 100000", hint="the default is 2000")
    tolerances = service.parse_thresholds(args.max_regression, "--max-regression")
    comparison = service.compare(settings, args.run_a, args.run_b, tolerances=tolerances or None,
                                 resamples=args.resamples)
    if args.out:
        service.write_comparison(comparison, args.out)
    if args.format == "json":
        print(json.dumps(comparison, indent=1, default=str))
    else:
        print(comparison_markdown(comparison))
    return _verdict(service.regressions(comparison)) if tolerances else ExitCode.OK


@_infrastructure
def _list(args) -> int:
    from coach.evals import service

    runs = service.list_runs(_settings(args))
    if args.format == "json":
        print(json.dumps(runs, indent=1, default=str))
        return ExitCode.OK
    if not runs:
        print("no eval runs yet; start one with `okr-coach eval run`")
    for r in runs:
        suites = ", ".join(f"{k}({v['cases']})" for k, v in r["suites"].items())
        print(f"{r['run_id']}  {r.get('engine') or '?':7} {r.get('model') or '-':14} {suites}"
              + (f"  [{r['label']}]" if r.get("label") else ""))
    return ExitCode.OK


@_infrastructure
def _show(args) -> int:
    from coach.evals import service
    from coach.evals.report import run_report_markdown

    settings = _settings(args)
    if args.format == "json":
        print(json.dumps(service.load_run_summary(settings, args.run), indent=1, default=str))
    else:
        print(run_report_markdown(service.load_run(settings, args.run)))
    return ExitCode.OK


@_infrastructure
def _bless(args) -> int:
    from coach.evals import service

    from coach.evals.runner import parse_suites

    suites = parse_suites(args.suite) if args.suite else None
    done = service.bless(_settings(args), args.run, args.to or service.BASELINE_DIR, suites=suites, force=args.force)
    print(f"baseline for {', '.join(done['suites'])} recorded in {done['baseline']} from run {done['from']['run_id']};"
          " commit it so the gate compares with it")
    return ExitCode.OK


@_infrastructure
def _gate(args) -> int:
    from coach.evals import service

    settings = _settings(args)
    result = service.gate(settings, baseline=args.baseline or service.BASELINE_DIR,
                          max_regression=service.parse_thresholds(args.max_regression, "--max-regression"),
                          fail_under=service.parse_thresholds(args.fail_under, "--fail-under"), out=args.out)
    _print_run(result.run)
    if result.passed:
        print("quality gate passed: no regression against the baseline")
    return _verdict(result.problems)


@_infrastructure
def _judge_agreement(args) -> int:
    from coach.evals import service

    settings = _settings(args, **({"llm": {"model": args.model}} if args.model else {}))
    result = service.judge_agreement(settings, split=args.split, use_cache=not args.no_cache)
    if args.format == "json":
        print(json.dumps(result, indent=1))
        return ExitCode.OK
    print(f"judge {result.get('model')}: agreement {_fmt(result['agreement'])} on {result['items']} items")
    for kind in ("pointwise", "pairwise"):
        part = result[kind]
        print(f"  {kind:9} {part['items']:3} items  agreement {_fmt(part['agreement'])}  kappa {_fmt(part['kappa'])}")
    for d in result["disagreements"]:
        print(f"  - {d['id']}: human {d['human']}, judge {d['judge']}" + (f" ({d['criterion']})" if d["criterion"] else ""))
    return ExitCode.OK
