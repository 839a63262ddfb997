"""The rule base classes and the context a check runs in.

A rule is a small, frozen object in the style of ruff and proselint::

    class KrMissingBaseline(KeyResultRule):
        \"\"\"## What it does ... ## Why is this bad? ...\"\"\"
        code = "OKR103"
        name = "kr-missing-baseline"
        severity = Severity.WARNING
        summary = "A key result has a target but no starting value."
        fix = "State where the metric is today: 'from X to Y'."
        rationale = Rationale("...", "key-results.md#baseline-and-target")
        bad = ("Grow ARR to $5M",)
        good = ("Grow ARR from $4M to $5M",)

        def check_key_result(self, item, ctx):
            if ...:
                yield self.finding(item, message="...", evidence="...")

``bad`` and ``good`` are the tests (``tests/test_rules_examples.py``) and the documentation. A one-line
example is wrapped in a minimal set (an objective with a purpose, the period ``Q3 2026`` unless the rule
says otherwise); a multi-line example is a whole draft, read by :func:`coach.parse.parse_draft`.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from enum import StrEnum
from functools import lru_cache
from typing import ClassVar, NamedTuple

from coach.model import Citation, Finding, KeyResult, Measure, Objective, OkrSet, Severity
from coach.rules.analysis import KrFacts, ObjectiveFacts, analyse_objective
from coach.rules.judgement import judge_key_result
from coach.reading.annotations import core_text
from coach.rules.lexicon import Lexicon, lexicon_for
from coach.rules.profiles import Profile


class Scope(StrEnum):
    KEY_RESULT = "key_result"
    OBJECTIVE = "objective"
    SET = "set"
    ALIGNMENT = "alignment"  # several sets checked together (coach.rules.alignment)


#: The roles a rule can declare.
ROLES = {
    "rewrite": "the critique offers a rewrite of the flagged line",
    "sharpen": "the line names its metric: a rewrite keeps it and adds the numbers",
    "initiative": "the flagged line is work: a rewrite keeps it as an initiative",
    "not-outcome": "a line with this finding is not a measurable outcome",
}

FAMILY_RANGES = {Scope.KEY_RESULT: (100, 199), Scope.OBJECTIVE: (200, 299), Scope.SET: (300, 399),
                 Scope.ALIGNMENT: (400, 499)}


class Rationale(NamedTuple):
    """Why the rule exists, in one or two sentences, and the knowledge/ section that explains it.

    A NamedTuple, not a frozen dataclass: every cold ``okr-coach check`` defines this class, and a frozen
    dataclass compiles six methods from source when it is defined.
    """

    text: str
    anchor: str

    @property
    def citation(self) -> Citation:
        """Built once per anchor: every finding of a rule cites the same passage (nothing edits a citation)."""
        return _citation(self.anchor)


@lru_cache(maxsize=None)
def _citation(anchor: str) -> Citation:
    """The citation of a rationale's knowledge/ anchor (a few dozen anchors, one per rule at most)."""
    return Citation(anchor=anchor, source=anchor.split("#", 1)[0])


# --------------------------------------------------------------------------- context


class KrItem(NamedTuple):
    """One key result in its set, with the facts the rules read."""

    objective: Objective
    kr: KeyResult
    measure: Measure
    facts: KrFacts
    objective_deadline: str | None = None  # "Objective: ... by end of Q3" covers its key results


class ObjectiveItem(NamedTuple):
    objective: Objective
    facts: ObjectiveFacts
    key_results: tuple[KrItem, ...]


class CheckContext(NamedTuple):
    """Everything a rule may look at: the set, the profile, and facts computed once per check."""

    okr_set: OkrSet
    profile: Profile
    lexicon: Lexicon
    objectives: tuple[ObjectiveItem, ...]
    key_results: tuple[KrItem, ...] = ()

    @classmethod
    def build(cls, okr_set: OkrSet, profile: Profile) -> CheckContext:
        lex = lexicon_for(profile)
        objectives = tuple(_objective_item(objective, lex) for objective in okr_set.objectives)
        return cls(okr_set, profile, lex, objectives, tuple(kr for item in objectives for kr in item.key_results))

    def with_objective(self, okr_set: OkrSet, index: int) -> CheckContext:
        """The context of ``okr_set``, a copy of this context's set in which only objective ``index`` (0-based,
        with its key results) differs: that objective's facts are read again, every other one is reused.

        Equal to ``CheckContext.build(okr_set, self.profile)`` because an objective's facts are read from that
        objective alone (:func:`_objective_item`); the rules still see the whole set.
        """
        objectives = list(self.objectives)
        objectives[index] = _objective_item(okr_set.objectives[index], self.lexicon)
        return type(self)(okr_set, self.profile, self.lexicon, tuple(objectives),
                          tuple(kr for item in objectives for kr in item.key_results))

    @property
    def period(self) -> str | None:
        """The cycle the whole set is for, if the draft names one."""
        return self.okr_set.period

    @property
    def has_outcome_kr(self) -> bool:
        return any(item.facts.is_outcome for item in self.key_results)


def _objective_item(objective: Objective, lex: Lexicon) -> ObjectiveItem:
    """The facts of one objective and its key results: read from that objective alone."""
    deadline = _deadline_of(objective.text)
    items = []
    for kr in objective.key_results:
        measure = _measure_of(kr.text) if _is_empty(kr.measure) else kr.measure
        items.append(KrItem(objective, kr, measure, judge_key_result(kr.text, measure, lex), deadline))
    return ObjectiveItem(objective, analyse_objective(core_text(objective.text), lex), tuple(items))


def _is_empty(measure: Measure) -> bool:
    """True for a Measure nobody filled in (a set built by hand rather than by the parser)."""
    return (measure.metric is None and measure.direction is None and not measure.numbers
            and measure.deadline is None and measure.factor is None)


def _deadline_of(text: str) -> str | None:
    from coach.parse import find_deadline

    return find_deadline(text)


def _measure_of(text: str) -> Measure:
    """Read a key result's measure when the caller built the set by hand (no parser pass)."""
    from coach.parse import extract_measure

    return extract_measure(text)


# --------------------------------------------------------------------------- rules


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement a ``check_*`` method."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    scope: ClassVar[Scope]
    summary: ClassVar[str]
    fix: ClassVar[str]
    rationale: ClassVar[Rationale]
    bad: ClassVar[tuple[str, ...]]
    good: ClassVar[tuple[str, ...]]
    #: Period of the minimal set a one-line example is wrapped in (None: a set with no period).
    example_period: ClassVar[str | None] = "Q3 2026"
    #: What other parts of okr-coach do with a finding of this rule (see :data:`ROLES`); other modules ask
    #: the registry (``names_with_role``) instead of keeping their own lists of rule names.
    roles: ClassVar[frozenset[str]] = frozenset()

    __slots__ = ()

    def __setattr__(self, key, value):  # rules are constants
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __repr__(self) -> str:
        return f"<{self.code} {self.name}>"

    @property
    def message(self) -> str:
        """The generic statement of the problem (findings carry a specific one)."""
        return self.summary

    @property
    def citation(self) -> Citation:
        return self.rationale.citation

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(self, *, objective: int | None, key_result: int | None = None, line: int | None = None,
                message: str | None = None, fix: str | None = None, evidence: str | None = None) -> Finding:
        # citations=[]: a new list, where leaving the default makes pydantic deep-copy it (a fifth of the cost).
        # One validation of a dict, the location inside it: the same Finding and Location as the keyword
        # constructors build (the same fields, all set), for a fifth less than building the two in turn.
        return Finding.model_validate({
            "code": self.code, "name": self.name, "severity": self.severity, "message": message or self.summary,
            "fix": fix or self.fix, "location": {"objective": objective, "key_result": key_result, "line": line},
            "citation": self.citation, "evidence": evidence, "citations": []})

    # ---- documentation

    @classmethod
    def docs(cls) -> str:
        """The rule's documentation in Markdown: docstring sections plus the examples."""
        body = inspect.cleandoc(cls.__doc__ or "")
        parts = [f"# {cls.code} `{cls.name}` ({cls.severity.value})", "", cls.summary, "", body, "",
                 "## Example", "", *[f"- `{_one_line(b)}`" for b in cls.bad], "",
                 "## Use instead", "", *[f"- `{_one_line(g)}`" for g in cls.good], "",
                 "## Fix", "", cls.fix, "", "## Rationale", "", cls.rationale.text, "",
                 f"See `knowledge/{cls.rationale.anchor}`."]
        return "\n".join(parts).rstrip() + "\n"

    # ---- examples

    def example_set(self, example: str) -> OkrSet:
        """The set an example is checked in (see the module docstring)."""
        if "\n" in example.strip():
            from coach.parse import parse_draft

            return parse_draft(example, source=f"{self.code} example")
        return wrap_example(self.scope, example, period=self.example_period)

    def example_location(self, example: str) -> tuple[int | None, int | None] | None:
        """Where the finding of a one-line example must point (None: anywhere, for whole drafts)."""
        if "\n" in example.strip():
            return None
        if self.scope is Scope.KEY_RESULT:
            return (1, 1)
        if self.scope is Scope.OBJECTIVE:
            return (1, None)
        return None


_EXAMPLE_OBJECTIVE = "Make onboarding effortless so new customers reach value in their first week"
_EXAMPLE_KRS = ("Increase onboarding completion rate from 42% to 75%",
                "Reduce median time to first value from 9 days to 3 days")


def wrap_example(scope: Scope, text: str, *, period: str | None = "Q3 2026") -> OkrSet:
    """A minimal, otherwise clean set around a one-line key result or objective example."""
    from coach.parse import extract_measure

    if scope is Scope.OBJECTIVE:
        objective_text, kr_texts = text, _EXAMPLE_KRS
    else:
        objective_text, kr_texts = _EXAMPLE_OBJECTIVE, (text, _EXAMPLE_KRS[1])
    krs = [KeyResult(text=t, position=i, measure=extract_measure(t)) for i, t in enumerate(kr_texts, start=1)]
    return OkrSet(period=period, objectives=[Objective(text=objective_text, position=1, key_results=krs)])


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines() if line.strip())


class KeyResultRule(Rule):
    """A rule about one key result at a time."""

    scope = Scope.KEY_RESULT
    __slots__ = ()

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for item in ctx.key_results:
            yield from self.check_key_result(item, ctx)

    def check_key_result(self, item: KrItem, ctx: CheckContext) -> Iterator[Finding]:
        raise NotImplementedError

    def at(self, item: KrItem, message: str, evidence: str | None = None, fix: str | None = None) -> Finding:
        return self.finding(objective=item.objective.position, key_result=item.kr.position, line=item.kr.line,
                            message=message, evidence=evidence, fix=fix)


class ObjectiveRule(Rule):
    """A rule about one objective's own text."""

    scope = Scope.OBJECTIVE
    __slots__ = ()

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for item in ctx.objectives:
            yield from self.check_objective(item, ctx)

    def check_objective(self, item: ObjectiveItem, ctx: CheckContext) -> Iterator[Finding]:
        raise NotImplementedError

    def at(self, item: ObjectiveItem, message: str, evidence: str | None = None, fix: str | None = None) -> Finding:
        return self.finding(objective=item.objective.position, line=item.objective.line, message=message,
                            evidence=evidence, fix=fix)


class SetRule(Rule):
    """A rule about the whole set (counts, the balance between outcomes and tasks)."""

    scope = Scope.SET
    __slots__ = ()


def as_written(text: str, words: str) -> str:
    """``words`` (found in lower-cased, hyphen-folded text) as the draft spells them: 'launch' -> 'Launch'.

    The first place the words stand in ``text``, in any case, joined by spaces, hyphens, dashes or slashes.
    An ASCII line is searched with string methods: the regex below is new for every new draft, and compiling
    it costs 20 us for one word and up to 0.8 ms for several (its class of separators holds a dash above
    U+00FF). tests/test_rules_base.py checks that both ways find the same words.
    """
    parts = words.split()
    if not parts:
        return words
    if text.isascii() and words.isascii():
        lowered, parts = text.lower(), [part.lower() for part in parts]
        start = lowered.find(parts[0])
        while start >= 0:
            end = _words_end(lowered, parts, start)
            if end >= 0:
                return text[start:end]
            start = lowered.find(parts[0], start + 1)
        return words
    import re

    pattern = r"[\s\-–/]+".join(re.escape(w) for w in parts)
    match = re.search(pattern, text, re.IGNORECASE)
    return match.group(0) if match else words


#: What ``[\s\-–/]`` matches in ASCII text: the ASCII whitespace of ``str.isspace``, hyphen and slash.
_ASCII_SEPARATORS = frozenset(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f-/")


def _words_end(lowered: str, parts: list[str], at: int) -> int:
    """Where ``parts`` end when they stand at ``at``, one or more separators apart, else -1. Like the regex, the
    longest run of separators is tried first (it matters only for a word that starts with '-' or '/')."""
    if not lowered.startswith(parts[0], at):
        return -1
    at += len(parts[0])
    if len(parts) == 1:
        return at
    run = at
    while run < len(lowered) and lowered[run] in _ASCII_SEPARATORS:
        run += 1
    for gap_end in range(run, at, -1):
        end = _words_end(lowered, parts[1:], gap_end)
        if end >= 0:
            return end
    return -1


def quote(text: str, limit: int = 60) -> str:
    """A short quotation of draft text for a message."""
    text = " ".join(text.split())
    return f"'{text if len(text) <= limit else text[:limit - 1] + '…'}'"
