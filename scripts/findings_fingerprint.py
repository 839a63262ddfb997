"""One hash of everything the checker says about every draft we hold: proof that a speed change changed nothing.

    uv run python scripts/findings_fingerprint.py [--profiles default,classic,focused] [--dump FILE]

Checks every draft in ``evals/datasets/**/*.jsonl`` (``draft`` fields, ``okr_set`` objects, and the
objective/key-result pairs of the rewrite and suggestion sets), every draft under ``examples/`` (one file at
a time, and each ``examples/alignment`` folder as one run), every rule's ``bad``/``good`` example ("corpus"), and
every string literal of ``tests/test_*.py`` ("tests": keyed by content, so an edited test file changes that
line only by the literals it adds or drops; diff two ``--dump`` files to see which). For each it records the findings (code, name,
severity, location, message, fix, citation, evidence) and, separately, the parsed set and scores, then prints one
SHA-256 per part. A refactor that claims "no behaviour change" must leave every line of the output as it was;
``--dump`` writes the records themselves, so two dumps can be diffed to find what moved.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.alignment.service import check_sources  # noqa: E402
from coach.check import check_okr_set, check_text  # noqa: E402
from coach.config import RulesSettings, Settings  # noqa: E402
from coach.errors import CoachError  # noqa: E402
from coach.model import OkrSet  # noqa: E402
from coach.rules import Scope, all_rules, check_set  # noqa: E402

DRAFT_SUFFIXES = (".md", ".txt", ".yaml", ".yml", ".json", ".csv", ".tsv")


def _finding(f) -> dict:
    return f.model_dump(mode="json")  # code, name, severity, location, message, fix, citation, evidence


def _report(report) -> tuple[list, str]:
    findings = [_finding(f) for f in report.findings]
    rest = json.dumps({"set": report.okr_set.model_dump(mode="json"), "scores": report.scores.model_dump(mode="json"),
                       "notice": report.notice}, sort_keys=True, default=str)
    return findings, rest


def _drafts_in(value, path: str):
    """(where, kind, payload) for every draft-like value inside one JSON record."""
    if isinstance(value, dict):
        if isinstance(value.get("draft"), str):
            yield f"{path}.draft", "text", value["draft"]
        if isinstance(value.get("okr_set"), dict):
            yield f"{path}.okr_set", "set", value["okr_set"]
        objective, kr = value.get("objective"), value.get("key_result")
        if isinstance(objective, str) and isinstance(kr, str):
            others = value.get("other_key_results") or []
            lines = [f"Objective: {objective}", f"- {kr}", *(f"- {o}" for o in others if isinstance(o, str))]
            yield f"{path}.pair", "text", "\n".join(lines) + "\n"
        for key, sub in value.items():
            if isinstance(sub, (dict, list)) and key != "okr_set":
                yield from _drafts_in(sub, f"{path}.{key}")
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _drafts_in(sub, f"{path}[{i}]")


def cases():
    """(id, kind, payload) for every draft, in a fixed order."""
    for file in sorted((ROOT / "evals" / "datasets").rglob("*.jsonl")):
        rel = file.relative_to(ROOT)
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield from ((f"{rel}:{n}{where}", kind, payload)
                            for where, kind, payload in _drafts_in(json.loads(line), ""))
    for file in sorted((ROOT / "examples").rglob("*")):
        if file.is_file() and file.suffix in DRAFT_SUFFIXES and "checkin" not in file.name:
            yield str(file.relative_to(ROOT)), "text", file.read_text(encoding="utf-8")
    for folder in sorted({f.parent for f in (ROOT / "examples" / "alignment").rglob("*") if f.is_file()}):
        files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix in DRAFT_SUFFIXES)
        yield str(folder.relative_to(ROOT)), "run", [(f.read_text(encoding="utf-8"), f.name) for f in files]
    for rule in all_rules():
        for kind in ("bad", "good"):
            for i, example in enumerate(getattr(rule, kind)):
                yield f"rule:{rule.code}:{kind}:{i}", "example", (rule, example)
    literals = {}  # by content, not by file and line: editing a test file only adds or drops literals
    for file in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 12:
                literals.setdefault(hashlib.sha256(node.value.encode()).hexdigest()[:16], node.value)
    for digest in sorted(literals):
        yield f"tests:{digest}", "literal", literals[digest]


def run(profiles: list[str]) -> dict[str, list]:
    parts: dict[str, list] = {"findings": [], "sets": [], "errors": []}
    for case_id, kind, payload in cases():
        if kind == "example":
            rule, example = payload
            if rule.scope is Scope.ALIGNMENT:
                fired = rule.example_findings(example)
            else:
                fired = check_set(rule.example_set(example))
            parts["findings"].append([case_id, [_finding(f) for f in fired]])
            continue
        for profile in profiles if kind != "run" else profiles[:1]:
            settings = Settings(profile=profile, rules=RulesSettings())
            key = f"{case_id}@{profile}"
            try:
                if kind == "run":
                    result = check_sources(payload, settings)
                    reports = result.reports
                    findings = [[_finding(f) for f in r.findings] for r in reports]
                    parts["findings"].append([key, findings, [_finding(f) for f in result.findings]])
                    parts["sets"].append([key, [_report(r)[1] for r in reports]])
                    continue
                if kind == "set":
                    report = check_okr_set(OkrSet.model_validate(payload), settings)
                else:
                    report = check_text(payload, source="draft", settings=settings)
            except CoachError as exc:  # most test literals are not drafts: which error they give counts too
                parts["errors"].append([key, type(exc).__name__, str(exc)])
                continue
            except Exception as exc:  # noqa: BLE001 - a crash is behaviour too
                parts["errors"].append([key, "CRASH " + type(exc).__name__, str(exc)])
                continue
            findings, rest = _report(report)
            parts["findings"].append([key, findings])
            parts["sets"].append([key, rest])
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", default="default,classic,focused")
    parser.add_argument("--dump", type=Path, help="write every record as JSON lines, to diff two runs")
    parser.add_argument("--compare", type=Path, metavar="DUMP",
                        help="a dump of an earlier run: count the records that changed, appeared or went")
    args = parser.parse_args(argv)
    parts = run(args.profiles.split(","))
    for origin in ("corpus", "tests"):  # the drafts we hold, then the literals of the test files
        total = hashlib.sha256()
        for name, records in parts.items():
            mine = [r for r in records if r[0].startswith("tests:") == (origin == "tests")]
            blob = json.dumps(mine, sort_keys=True, default=str, ensure_ascii=False).encode()
            total.update(blob)
            print(f"{origin:6} {name:8} {len(mine):6} cases  sha256 {hashlib.sha256(blob).hexdigest()}")
        print(f"{origin:6} {'all':8} {'':12} sha256 {total.hexdigest()}")
    if args.compare:
        before = {tuple(r[:2]): r for r in map(json.loads, args.compare.read_text(encoding="utf-8").splitlines())}
        now = {(name, r[0]): json.loads(json.dumps([name, *r], default=str, ensure_ascii=False))
               for name, records in parts.items() for r in records}
        changed = sorted(k for k in before.keys() & now.keys() if before[k] != now[k])
        print(f"against {args.compare}: {len(changed)} changed, {len(now.keys() - before.keys())} new, "
              f"{len(before.keys() - now.keys())} gone")
        for key in changed[:200]:
            print("  changed:", *key)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for name, records in parts.items():
                for record in records:
                    fh.write(json.dumps([name, *record], default=str, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
