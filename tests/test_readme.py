"""The README stays true: its rule table comes from the registry, and CI runs its test command.

Regenerate the table with ``uv run python tests/test_readme.py --write``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START = "<!-- rules-table:start (generated from the registry; tests/test_readme.py keeps it in step) -->"
END = "<!-- rules-table:end -->"


def rules_table() -> str:
    from coach.rules import all_rules

    rows = ["| code | name | severity | what it flags |", "| --- | --- | --- | --- |"]
    for rule in all_rules():
        rows.append(f"| {rule.code} | `{rule.name}` | {rule.severity} | {rule.summary} |")
    return "\n".join(rows)


def readme_with_table(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{rules_table()}\n{END}{tail}"


def test_rule_table_matches_the_registry():
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, "README lost its rules-table markers"
    assert text == readme_with_table(text), "README rule table is stale: run `uv run python tests/test_readme.py --write`"


def test_ci_runs_the_readme_test_command():
    text = README.read_text(encoding="utf-8")
    commands = re.findall(r"^(\S.*?)\s+#", text.split("```bash", 1)[1].split("```", 1)[0], flags=re.M)
    assert len(commands) == 2, f"the first screen should give exactly two commands, found {commands}"
    serve, test = commands
    assert "okr-coach serve" in serve
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines(), f"`.ci/run` must run the README's test command: {test!r}"


def test_readme_links_resolve():
    text = README.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)\)", text):
        if "://" not in target:
            assert (ROOT / target).exists(), f"README links to missing {target}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(rules_table())
