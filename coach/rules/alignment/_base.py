"""The base class of the alignment rules, and how their multi-set examples are read.

An alignment example is several drafts in one string, each starting with a ``==> file.md <==`` line
(the way ``head`` prints several files); the example is checked as one run of those files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from coach import regex_cache
from coach.model import Finding
from coach.rules.base import Rule, Scope

if TYPE_CHECKING:
    from coach.alignment.graph import AlignmentGraph, ItemKey
    from coach.rules.profiles import Profile

_FILE_RE = regex_cache.compile(r"^==> (.+?) <==\s*$", re.MULTILINE)


def split_example(example: str) -> list[tuple[str, str]]:
    """(text, file name) of each draft in a multi-set example."""
    parts = _FILE_RE.split(example)
    if len(parts) < 3:
        return [(example, "example.md")]
    return [(parts[i + 1].strip("\n") + "\n", parts[i]) for i in range(1, len(parts) - 1, 2)]


class AlignmentRule(Rule):
    """A rule over the graph of sets checked together. Findings come with the index of their set."""

    scope = Scope.ALIGNMENT
    example_period: ClassVar[str | None] = None
    __slots__ = ()

    def check(self, ctx) -> Iterator[Finding]:  # one set alone: nothing to compare
        return iter(())

    def check_graph(self, graph: AlignmentGraph, profile: Profile) -> Iterator[tuple[int, Finding]]:
        raise NotImplementedError

    def at(self, graph: AlignmentGraph, key: ItemKey, message: str, evidence: str | None = None,
           fix: str | None = None) -> tuple[int, Finding]:
        return key.set, self.finding(objective=key.objective, key_result=key.key_result, line=graph.line(key),
                                     message=message, evidence=evidence, fix=fix)

    # ---- examples and docs

    def example_findings(self, example: str) -> list[Finding]:
        """This rule's findings when the example's drafts are checked together."""
        from coach.alignment.service import check_sources

        run = check_sources(split_example(example))
        return [f for report in run.reports for f in report.findings if f.code == self.code]

    @classmethod
    def docs(cls) -> str:
        text = super().docs()
        for kind in ("bad", "good"):
            for example in getattr(cls, kind):
                from coach.rules.base import _one_line

                text = text.replace(f"- `{_one_line(example)}`", "```text\n" + example.strip() + "\n```")
        return text


class DiffRule(AlignmentRule):
    """A rule over a change (``check --diff BASE_REF``): each base key result and what became of it.

    Its examples name the base version of a file ``base/NAME`` and the changed version ``NAME``.
    """

    __slots__ = ()

    def check_graph(self, graph, profile):
        return iter(())

    def check_changes(self, changes, sets) -> Iterator[tuple[int, Finding]]:
        raise NotImplementedError

    def example_findings(self, example: str) -> list[Finding]:
        from coach.alignment.service import check_sources, diff_run

        files = split_example(example)
        head = [(text, name) for text, name in files if not name.startswith("base/")]
        base = {name.removeprefix("base/"): text for text, name in files if name.startswith("base/")}
        run = diff_run(check_sources(head), [base.get(name) for _, name in head])
        return [f for report in run.reports for f in report.findings if f.code == self.code]
