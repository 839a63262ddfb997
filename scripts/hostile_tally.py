"""Run the hostile-input suite of issue 13 and tally it: load held, faults survived, bad inputs tried, data lost.

    uv run python scripts/hostile_tally.py [--no-browser] [--json out.json]

Each test case (a parametrised case counts once) belongs to one tally, by the file and name patterns in
:data:`SUITE`; the issue's items name where they are replayed. ``data lost`` counts the failed cases
among those that check a store after a fault (kill -9, concurrent writers, refused writes): it must be 0.
Exit status 0 only when every case passed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: (tally, test file, name pattern or None for every case of the file, issue items it replays)
SUITE: list[tuple[str, str, str | None, str]] = [
    ("load", "tests/test_knowledge_scale.py", None, "1 (33,000 passages)"),
    ("load", "tests/browser/test_queue_browser.py", None, "held: 50-request burst"),
    ("load", "tests/browser/test_chat_long_draft_browser.py", None, "6 (20,000-character chat)"),
    ("load", "tests/test_ui_chat_stream.py", None, "6 (updates per second)"),
    ("fault", "tests/test_knowledge_store.py", r"kill|writer|busy|half|interrupt|lock|reader", "held: kill -9, writers"),
    ("fault", "tests/test_knowledge_freshness.py", None, "14"),
    ("fault", "tests/test_hostile_durability.py", r"kill", "held: kill -9 in checkin add"),
    ("fault", "tests/test_lock.py", None, "held: one writer"),
    ("fault", "tests/test_llm_http.py", None, "4, 5, 7 (hostile endpoint)"),
    ("fault", "tests/test_critique_http.py", None, "7"),
    ("fault", "tests/test_ui_serve_cleanup.py", None, "11"),
    ("fault", "tests/browser/test_hostile_llm_browser.py", None, "2, 4 (hostile LLM in the page)"),
    ("bad", "tests/test_qa_hostile_inputs.py", None, "3, 13 and the CLI audit"),
    ("bad", "tests/test_check_bounded_input.py", None, "3 (drafts)"),
    ("bad", "tests/test_checkins_bounds.py", None, "3"),
    ("bad", "tests/test_parse_robustness.py", None, "parser fuzzing"),
    ("bad", "tests/test_ui_sanitize.py", None, "2, held: XSS"),
    ("bad", "tests/browser/test_no_fetch_browser.py", None, "2 (canary)"),
    ("bad", "tests/test_ui_auth.py", None, "9, held: 401 and traversal"),
    ("bad", "tests/test_knowledge_ingest.py", r"symlink|link|bound|limit|large|skip", "12, 1 (upload bounds)"),
    ("bad", "tests/test_checkins_number_words.py", None, "8"),
    ("bad", "tests/test_regex_cache.py", None, "10"),
]
#: Files whose failures mean a store was left wrong after a fault.
DURABILITY = {"tests/test_knowledge_store.py", "tests/test_knowledge_freshness.py", "tests/test_hostile_durability.py",
              "tests/test_lock.py", "tests/test_checkins_store.py"}
LABELS = {"load": "load held", "fault": "faults survived", "bad": "bad inputs tried"}


def _cases(junit: Path) -> list[tuple[str, str, str]]:
    """(file, test name, outcome) for every case in a JUnit XML report."""
    out = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        file = case.get("file") or (case.get("classname", "").replace(".", "/") + ".py")
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
            elif child.tag == "skipped":
                outcome = "skipped"
        out.append((file, case.get("name", ""), outcome))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-browser", action="store_true", help="leave out the Chromium tests")
    parser.add_argument("--json", type=Path, help="also write the tally here")
    args = parser.parse_args(argv)
    rows = [r for r in SUITE if not (args.no_browser and "/browser/" in r[1])]
    files = sorted({r[1] for r in rows} | {"tests/test_hostile_durability.py"})
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "suite.xml"
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "junit_family=xunit1",
                        f"--junitxml={junit}", *files], cwd=ROOT, check=False)
        cases = _cases(junit)
    tally = {key: {"cases": 0, "passed": 0, "failed": 0} for key in LABELS}
    items: dict[str, str] = {}
    data_lost = 0
    for file, name, outcome in cases:
        for kind, pattern_file, pattern, replays in rows:
            file_matches = file.endswith(pattern_file.removeprefix("tests/")) or file == pattern_file
            if file_matches and (pattern is None or re.search(pattern, name)):
                if outcome != "skipped":
                    tally[kind]["cases"] += 1
                    tally[kind][outcome] += 1
                items[pattern_file] = replays
                if outcome == "failed" and pattern_file in DURABILITY:
                    data_lost += 1
                break
    for key, label in LABELS.items():
        t = tally[key]
        print(f"{label:>17}: {t['passed']} of {t['cases']} cases passed")
    print(f"{'data lost':>17}: {data_lost} (must be 0)")
    if args.json:
        args.json.write_text(json.dumps({"tally": tally, "data_lost": data_lost, "replays": items}, indent=2) + "\n")
    failed = sum(t["failed"] for t in tally.values())
    return 0 if failed == 0 and data_lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
