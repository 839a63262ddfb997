"""The golden eval datasets: one pydantic model per case kind, loaded line by line from JSON Lines.

Every case has an ``id``, ``tags`` and a ``split`` (``dev`` for tuning, ``holdout`` for reporting). The
models are the schema: :func:`export_schemas` writes them as JSON Schema files to ``coach/evals/schemas/``
(so other tools can validate the files), and :func:`load_cases` reports the first bad line of a file with
its line number and field, as a :class:`DatasetError`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from coach.errors import CoachError
from coach.evals.real import SEALED_SPLITS
from coach.rules.registry import rule_names
from coach.strict_data import DuplicateKey, load_json

REPO_ROOT = Path(__file__).resolve().parents[2]
DATASETS_DIR = REPO_ROOT / "evals" / "datasets"
SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"
SUITES = ("critique", "rewrite", "checkin", "retrieval", "suggest")
Split = Literal["dev", "holdout"]
REAL_DIR = DATASETS_DIR / "real"
#: Every split a case can be in: ``holdout`` for self-written sets, the sealed ones for the real corpus only.
CASE_SPLITS = ("dev", "holdout", *SEALED_SPLITS)

#: The rule names the critique labels may use: every rule of the registry.
RULE_NAMES = rule_names()
RuleName = Literal[RULE_NAMES]  # type: ignore[valid-type]
Tag = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9-]*$")]


class DatasetError(CoachError):
    """A dataset file is missing, malformed, or a case breaks the schema."""


class _Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=40, pattern=r"^[a-z]+-[a-z0-9-]+$")
    tags: list[Tag] = Field(min_length=1)
    split: Split
    notes: str | None = None


# --------------------------------------------------------------------------- critique


class ExpectedFinding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: RuleName
    objective: int | None = Field(None, ge=1)
    key_result: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _location_fits_the_rule(self) -> ExpectedFinding:
        if self.key_result is not None and self.objective is None:
            raise ValueError("a key_result location needs its objective")
        if self.rule == "too-many-objectives" and (self.objective, self.key_result) != (None, None):
            raise ValueError("too-many-objectives is a set-level finding: objective and key_result must be null")
        if self.rule.startswith(("kr-", "initiative-")) and self.key_result is None:
            raise ValueError(f"{self.rule} is a key-result finding: give objective and key_result")
        if self.rule.startswith(("objective-", "too-few", "too-many-krs")) and (
                self.objective is None or self.key_result is not None):
            raise ValueError(f"{self.rule} is an objective finding: give objective, key_result null")
        return self


class CritiqueCase(_Case):
    """A pasted draft and every finding an experienced coach would raise on it."""

    profile: str = "default"
    draft: str = Field(min_length=1, max_length=50_000)
    expected: list[ExpectedFinding]
    #: Real-corpus cases only: the rules the labels cover (others are not scored), the true structure
    #: (objective and key-result first words, in order) and where the text comes from.
    labelled_rules: list[RuleName] | None = None
    structure: list[tuple[str, list[str]]] | None = None
    source: str | None = None
    split: Literal["dev", "holdout", "test", "fresh", "blind", "unseen", "novel", "untouched", "kept"]  # CASE_SPLITS; the sealed ones: real corpus only

    @model_validator(mode="after")
    def _test_is_the_real_corpus(self) -> CritiqueCase:
        if self.split in SEALED_SPLITS and self.labelled_rules is None:
            raise ValueError(f"split {self.split!r} is a sealed part of the real corpus (evals/datasets/real/); "
                             "use dev or holdout")
        return self


# --------------------------------------------------------------------------- rewrite


class RewriteCase(_Case):
    """A weak key result and what a faithful outcome rewrite must keep and may state."""

    objective: str = Field(min_length=1)
    key_result: str = Field(min_length=1)
    context: str = ""
    period: str | None = None
    must_keep: list[str] = Field(min_length=1)
    allowed_numbers: list[float]
    notes: str = Field(min_length=1)


# --------------------------------------------------------------------------- suggest


class SuggestCase(_Case):
    """A key result real teams wrote as work, and the outcome metric families a coach would accept for it
    (names from ``coach/suggest/outcome_metrics.toml``), or ``ask`` when a question is the right answer."""

    source: str = Field(min_length=1, description="The real-corpus set the line comes from (its dev split only).")
    objective: str = Field(min_length=1)
    key_result: str = Field(min_length=1)
    other_key_results: list[str] = Field(default_factory=list)
    acceptable_families: list[str]
    functions: list[str] = Field(min_length=1)
    ask: bool

    @model_validator(mode="after")
    def _labels_name_the_library(self) -> SuggestCase:
        from coach.suggest.metric_library import FUNCTIONS, library

        families = {m.family for m in library()}
        unknown = sorted(set(self.acceptable_families) - families)
        if unknown:
            raise ValueError(f"acceptable_families {unknown} are not families of coach/suggest/outcome_metrics.toml")
        bad = sorted(set(self.functions) - set(FUNCTIONS))
        if bad:
            raise ValueError(f"functions {bad} are not library functions ({', '.join(FUNCTIONS)})")
        if not self.ask and not self.acceptable_families:
            raise ValueError("a case that is not 'ask' needs at least one acceptable family")
        return self


# --------------------------------------------------------------------------- retrieval


class RetrievalCase(_Case):
    """A methodology question and every knowledge/ anchor that answers it (any one is a hit)."""

    question: str = Field(min_length=1, max_length=2000)
    anchors: list[Annotated[str, Field(pattern=r"^[\w./-]+\.md#[a-z0-9-]+$")]] = Field(min_length=1)


# --------------------------------------------------------------------------- check-ins


class CheckinKeyResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    owner: str | None = None


class CheckinObjective(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    key_results: list[CheckinKeyResult] = Field(min_length=1)


class CheckinOkrSet(BaseModel):
    """The OKR set in the structured draft shape that ``coach.parse.parse_draft`` reads as JSON."""

    model_config = ConfigDict(extra="forbid")

    team: str | None = None
    period: str = Field(min_length=1)
    objectives: list[CheckinObjective] = Field(min_length=1)


_KR_REF = r"^O[1-9]\d*\.KR[1-9]\d*$"


class CheckinEntry(BaseModel):
    """One check-in row as a team records it (confidence in the team's own spelling)."""

    model_config = ConfigDict(extra="forbid")

    key_result: str = Field(pattern=_KR_REF)
    date: dt.date
    value: float | None = None
    confidence: str | None = None
    what_changed: str | None = None
    why: str | None = None
    blockers: list[str] = Field(default_factory=list)
    next_actions: list[str] = Field(default_factory=list)
    decisions_needed: list[str] = Field(default_factory=list)
    owner: str | None = None
    target: float | None = None


Status = Literal["on track", "at risk", "off track"]
FlagName = Literal["confidence-vs-pace", "stale", "low-without-action", "target-changed", "shared-blocker"]


class ExpectedKeyResult(BaseModel):
    """What the facts must say about one key result (status None: no status can be computed)."""

    model_config = ConfigDict(extra="forbid")

    status: Status | None
    progress: float | None = Field(None, ge=0, le=1, description="Share of start->target covered, clamped to 0..1.")
    current: float | None = Field(None, description="Latest value on or before the as-of date.")
    confidence: Literal["high", "medium", "low"] | None = None


class ExpectedFlag(BaseModel):
    model_config = ConfigDict(extra="forbid")

    flag: FlagName
    key_results: list[Annotated[str, Field(pattern=_KR_REF)]] = Field(min_length=1)


class CheckinCase(_Case):
    """A check-in history and what the facts, flags and narrative must say as of one date."""

    kind: Literal["weekly", "monthly", "retro"] = "weekly"
    okr_set: CheckinOkrSet
    checkins: list[CheckinEntry] = Field(min_length=1)
    as_of: dt.date
    expected: dict[Annotated[str, Field(pattern=_KR_REF)], ExpectedKeyResult] = Field(min_length=1)
    expected_flags: list[ExpectedFlag] = Field(default_factory=list)
    must_mention: dict[Literal["blockers", "actions", "decisions"], list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _references_exist(self) -> CheckinCase:
        refs = {f"O{i}.KR{j}" for i, o in enumerate(self.okr_set.objectives, 1)
                for j, _ in enumerate(o.key_results, 1)}
        used = ({c.key_result for c in self.checkins} | set(self.expected)
                | {ref for flag in self.expected_flags for ref in flag.key_results})
        unknown = sorted(used - refs)
        if unknown:
            raise ValueError(f"references {unknown} are not key results of okr_set (it has {sorted(refs)})")
        missing = sorted(refs - set(self.expected))
        if missing:
            raise ValueError(f"expected has no entry for {missing}; give every key result a status")
        return self


# --------------------------------------------------------------------------- judge


class JudgeItem(_Case):
    """A human verdict on one rubric criterion for one rewrite (or a pairwise preference)."""

    rubric: str = Field(pattern=r"^[a-z0-9_]+$")
    objective: str = Field(min_length=1)
    original: str = Field(min_length=1)
    rewrite: str = Field(min_length=1)
    rewrite_b: str | None = Field(None, description="Set for a pairwise item: the second rewrite.")
    period: str | None = None
    criterion: str | None = Field(None, description="The rubric criterion id; None for pairwise items.")
    human: Literal["pass", "fail", "a", "b", "tie"]

    @model_validator(mode="after")
    def _pairwise_or_pointwise(self) -> JudgeItem:
        pairwise = self.rewrite_b is not None
        if pairwise and self.human not in ("a", "b", "tie"):
            raise ValueError("a pairwise item (rewrite_b set) takes human 'a', 'b' or 'tie'")
        if not pairwise and (self.human not in ("pass", "fail") or not self.criterion):
            raise ValueError("a pointwise item needs a criterion and human 'pass' or 'fail'")
        return self


MODELS: dict[str, type[_Case]] = {
    "critique": CritiqueCase, "rewrite": RewriteCase, "checkin": CheckinCase, "retrieval": RetrievalCase,
    "suggest": SuggestCase, "judge": JudgeItem,
}


# --------------------------------------------------------------------------- loading


def dataset_path(suite: str, root: Path | None = None) -> Path:
    """The dataset's main file (``cases.jsonl``, ``items.jsonl`` for the judge); see :func:`dataset_files`."""
    return dataset_dir(suite, root) / ("items.jsonl" if suite == "judge" else "cases.jsonl")


def dataset_dir(suite: str, root: Path | None = None) -> Path:
    if suite not in MODELS:
        raise DatasetError(f"unknown dataset '{suite}'", hint=f"use one of {', '.join(MODELS)}")
    return (root or DATASETS_DIR) / suite


def dataset_files(suite: str, root: Path | None = None) -> list[Path]:
    """Every ``*.jsonl`` file of a dataset's folder, in name order: a dataset can grow by adding a file
    (``critique/fresh.jsonl`` next to ``critique/cases.jsonl``) without touching the others."""
    folder = dataset_dir(suite, root)
    files = sorted(p for p in folder.glob("*.jsonl") if p.is_file()) if folder.is_dir() else []
    if not files:
        raise DatasetError(f"{folder}: no *.jsonl dataset files",
                           hint=f"put the {suite} cases in {folder}/cases.jsonl (one JSON object per line)")
    return files


def load_cases(suite: str, *, path: Path | None = None, split: str = "all") -> list:
    """The validated cases of one dataset, optionally only one split; raises :class:`DatasetError`.

    ``path`` is one file or a folder; by default every ``*.jsonl`` in ``evals/datasets/<suite>/``. Ids are
    unique across all the files read (a clash names both files and lines).
    """
    if split not in (*CASE_SPLITS, "all"):
        raise DatasetError(f"--split {split!r} is not a split", hint=f"use {', '.join(CASE_SPLITS)} or all")
    real: list = []
    if suite == "critique" and (path is None or path.is_dir()):  # the real corpus sits beside critique/
        real = load_real((path.parent if path is not None else DATASETS_DIR) / "real" / "sets.jsonl")
    if path is None:
        files = dataset_files(suite)
    elif path.is_dir():
        files = sorted(p for p in path.glob("*.jsonl") if p.is_file())
        if not files:
            raise DatasetError(f"{path}: no *.jsonl dataset files", hint="point at a folder of JSON Lines files")
    else:
        files = [path]
    seen: dict[str, tuple[Path, int]] = {}
    cases = []
    for file in files:
        for case, number in _parse_file(file, MODELS[suite]):
            if case.id in seen:
                first_file, first_line = seen[case.id]
                place = f"line {first_line}" if first_file == file else f"{first_file} line {first_line}"
                raise DatasetError(f"{file} line {number}: id '{case.id}' is already used on {place}",
                                   hint="give every case a unique id across the dataset's files")
            seen[case.id] = (file, number)
            cases.append(case)
    for case in real:
        if case.id in seen:
            raise DatasetError(f"{REAL_SETS}: id '{case.id}' is already used in {seen[case.id][0]}",
                               hint="real-corpus ids start with 'real-'; other datasets must not use that prefix")
        cases.append(case)
    return cases if split == "all" else [c for c in cases if c.split == split]


REAL_SETS = REAL_DIR / "sets.jsonl"


def load_real(path: Path = REAL_SETS) -> list:
    """The real-drafts corpus as critique cases (see :mod:`coach.evals.real`); none if the file is absent."""
    from coach.evals.real import RealSet, to_critique_case

    if not path.is_file():
        return []
    return [to_critique_case(record) for record, _ in _parse_file(path, RealSet)]


def _parse_file(path: Path, model: type[_Case]) -> list[tuple[_Case, int]]:
    """The cases of one file, each with its line number."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})",
                           hint="check the path; datasets live in evals/datasets/<suite>/") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DatasetError(f"{path} line {line}: not valid UTF-8", hint="save the file as UTF-8") from exc
    cases = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{path} line {number}"
        if not line.strip():
            raise DatasetError(f"{where}: blank line", hint="JSON Lines needs exactly one case per line")
        try:
            data = load_json(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})",
                               hint="fix the JSON on that line") from exc
        except DuplicateKey as exc:
            raise DatasetError(f"{where}: the key '{exc}' appears twice in one object",
                               hint="keep one; JSON keeps only the last, silently") from None
        try:
            case = model.model_validate(data)
        except ValidationError as exc:
            case_id = data.get("id") if isinstance(data, dict) else None
            raise DatasetError(f"{where}{f' ({case_id})' if case_id else ''}: {_describe(exc)}",
                               hint=f"see the schema coach/evals/schemas/{_schema_name(model)}") from exc
        cases.append((case, number))
    if not cases:
        raise DatasetError(f"{path}: no cases", hint="add at least one case, one JSON object per line")
    return cases


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        field = ".".join(str(p) for p in error["loc"]) or "case"
        parts.append(f"field '{field}': {error['msg']}")
    more = len(exc.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def validate_all(root: Path | None = None) -> dict[str, int]:
    """Validate every dataset; returns ``{suite: number of cases}`` or raises on the first bad line."""
    counts = {}
    for suite in MODELS:
        counts[suite] = len(load_cases(suite, path=dataset_dir(suite, root)))
    return counts


# --------------------------------------------------------------------------- JSON Schema files


def _schema_name(model: type[BaseModel]) -> str:
    if model.__name__ == "RealSet":
        return "real.schema.json"
    name = next(k for k, v in MODELS.items() if v is model)
    return f"{name}.schema.json"


def json_schemas() -> dict[str, dict]:
    """``{file name: JSON Schema}`` of every dataset, generated from the models."""
    from coach.evals.real import RealSet

    out = {}
    for model in (*MODELS.values(), RealSet):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[_schema_name(model)] = schema
    return out


def export_schemas(directory: Path = SCHEMAS_DIR) -> list[Path]:
    """Write the JSON Schema files (kept in git so editors and other tools can validate the datasets)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = directory / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def select(cases: list, *, ids: Iterable[str] | None = None, tags: Iterable[str] | None = None,
           exclude_tags: Iterable[str] | None = None) -> list:
    """Filter cases by id and/or tag: kept when it has any of ``tags`` and none of ``exclude_tags``."""
    if ids is not None:
        wanted = set(ids)
        cases = [c for c in cases if c.id in wanted]
    if tags is not None:
        wanted_tags = set(tags)
        cases = [c for c in cases if wanted_tags & set(c.tags)]
    if exclude_tags is not None:
        unwanted = set(exclude_tags)
        cases = [c for c in cases if not unwanted & set(c.tags)]
    return cases
