"""The real-drafts corpus: OKR sets other teams wrote, kept verbatim with their source and labelled by hand.

A record (``evals/datasets/real/sets.jsonl``) holds the draft as pasted and its true structure: each
objective and key result by the first words of its text, in draft order, with the rule findings a careful
reader of ``docs/rules.md`` gives it. Only :data:`LABELLED_RULES` are labelled, so only they are scored.
:func:`to_critique_case` turns a record into a critique case (labels at 1-based locations), and
:func:`structure_matches` says whether the parser read the same objectives and key results.

The ``test``, ``fresh``, ``blind``, ``unseen``, ``novel``, ``untouched`` and ``kept`` splits are sealed: ``okr-coach eval run``
leaves them out unless ``--include-sealed`` is given, and evals/README.md logs every time one was used.
``fresh`` was collected after ``test`` had been used once, ``blind`` after ``fresh`` had, ``unseen`` after
``blind`` had, ``novel`` after ``unseen`` had, ``untouched`` after ``novel`` had and ``kept`` after ``untouched`` had, each from writers no
earlier batch holds. (``test`` and ``fresh`` were later opened for tuning; they stay out of default runs so
the blessed baseline keeps its meaning.)
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: Splits kept out of default runs; each use is logged in evals/README.md. Every split name is declared here.
SEALED_SPLITS = ("test", "fresh", "blind", "unseen", "novel", "untouched", "kept")
REAL_SPLITS = ("dev", *SEALED_SPLITS)
#: Sealed splits later opened for tuning (evals/README.md says when): their figures are no longer clean.
OPENED_SPLITS = ("test", "fresh")
Split = Literal["dev", "test", "fresh", "blind", "unseen", "novel", "untouched", "kept"]  # REAL_SPLITS, as a type (tests check they agree)

#: The rules the real corpus is labelled for; findings of other rules are not scored on it.
LABELLED_RULES = (
    "kr-is-activity", "kr-binary", "kr-no-metric", "kr-missing-target", "kr-missing-baseline",
    "kr-maintain-kpi", "objective-has-metric", "too-many-krs",
)
#: Rules reported together, as in the independent measurement: a binary milestone is a kind of activity,
#: and "no target" is a kind of "not measurable".
RULE_GROUPS = {
    "activity": ("kr-is-activity", "kr-binary"),
    "no-metric": ("kr-no-metric", "kr-missing-target"),
    "baseline": ("kr-missing-baseline",),
    "maintain": ("kr-maintain-kpi",),
}
KR_RULES = tuple(rule for rule in LABELLED_RULES if rule.startswith("kr-"))
#: The corpus does not label kr-unfilled-placeholder: a stand-in ('X%', 'TBD') is labelled as the value it
#: holds the place of (coach/rules/real_drafts.md), so a placeholder finding is scored as that label.
PLACEHOLDER_LABELS = {"target": "kr-missing-target", "baseline": "kr-missing-baseline", "metric": "kr-no-metric"}
SourceKind = Literal["handbook", "team-repo", "project-repo", "personal", "product-doc", "adr", "planning-doc",
                     "practitioner-post", "vendor-examples"]
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]
MAX_KRS = 5  # the default profile's limit, which decides too-many-krs


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LabelledKeyResult(_Strict):
    starts: str = Field(min_length=1, max_length=200)
    rules: list[Literal[KR_RULES]] = []  # type: ignore[valid-type]


class LabelledObjective(_Strict):
    starts: str = Field("", max_length=200)
    rules: list[Literal["objective-has-metric"]] = []
    key_results: list[LabelledKeyResult] = []  # an objective pasted with no key results yet


class RealSet(_Strict):
    """One real OKR set as pasted, with its source and hand labels."""

    id: str = Field(pattern=r"^real-[a-z0-9-]+$", max_length=40)
    split: Split
    source: str = Field(min_length=8, max_length=600)
    source_kind: SourceKind
    for_themselves: bool
    format: Literal["markdown", "text", "yaml", "json", "csv", "tsv", "html-paste"]
    layout: str = Field(min_length=1, max_length=120)
    language: str = "en"
    draft: str = Field(min_length=1, max_length=50_000)
    objectives: list[LabelledObjective] = Field(min_length=1)
    note: str = ""

    @property
    def structure(self) -> list[tuple[str, list[str]]]:
        return [(o.starts, [k.starts for k in o.key_results]) for o in self.objectives]


def expected_labels(record: RealSet) -> list[tuple[str, int | None, int | None]]:
    """The findings the labels call for, at 1-based locations; too-many-krs follows from the structure."""
    labels: list[tuple[str, int | None, int | None]] = []
    if record.language != "en":
        return labels
    for o_pos, objective in enumerate(record.objectives, start=1):
        labels.extend((rule, o_pos, None) for rule in objective.rules)
        if len(objective.key_results) > MAX_KRS:
            labels.append(("too-many-krs", o_pos, None))
        for k_pos, kr in enumerate(objective.key_results, start=1):
            labels.extend((rule, o_pos, k_pos) for rule in kr.rules)
    return labels


def predicted_labels(report) -> list[tuple[str, int | None, int | None]]:
    """The labelled-rule findings of a check report, at 1-based locations, placeholders read as the values
    they stand for (:data:`PLACEHOLDER_LABELS`)."""
    from coach.reading.placeholders import roles_to_fill

    out: list[tuple[str, int | None, int | None]] = []
    for f in report.findings:
        where = (f.location.objective, f.location.key_result)
        if f.name in LABELLED_RULES:
            out.append((f.name, *where))
        elif f.name == "kr-unfilled-placeholder" and where[0] and where[1]:
            kr = report.okr_set.objectives[where[0] - 1].key_results[where[1] - 1]
            out.extend(dict.fromkeys((PLACEHOLDER_LABELS[role], *where) for role in sorted(roles_to_fill(kr.text))
                                     if role in PLACEHOLDER_LABELS))
    return out


def tags_of(record: RealSet) -> list[str]:
    tags = ["real", f"real-{record.split}", f"kind-{record.source_kind}", record.format.replace("html-paste", "text")]
    tags.append("for-themselves" if record.for_themselves else "for-others")
    if record.language != "en":
        tags.append("not-english")
    return tags


def to_critique_case(record: RealSet):
    """The record as a critique case that the critique suite runs like any other."""
    from coach.evals.datasets import CritiqueCase, ExpectedFinding

    expected = [ExpectedFinding(rule=rule, objective=o, key_result=k) for rule, o, k in expected_labels(record)]
    return CritiqueCase(id=record.id, tags=tags_of(record), split=record.split, draft=record.draft,
                        expected=expected, notes=record.note or None, labelled_rules=list(LABELLED_RULES),
                        structure=[[o, krs] for o, krs in record.structure], source=record.source)


# --------------------------------------------------------------------------- structure


_MARKUP = re.compile(r"[*_`~>#\[\]]+")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,300}>")
_LEAD = re.compile(r"^\s*(?:[-+*•·]\s+|\(?[0-9a-z]{1,3}[.)]\s+|\[[ xX]\]\s+)+")


def normalise(text: str) -> str:
    """Text compared for structure: markup, list markers, case and spacing do not count."""
    text = unicodedata.normalize("NFKC", text)
    if "<" in text:
        text = _HTML_TAG.sub("", text)  # '<a href="...">docs</a>' reads 'docs', as the page shows it
    text = _LEAD.sub("", text)
    text = _MARKUP.sub(" ", text)
    return " ".join(text.lower().split())


def bare(text: str) -> str:
    """:func:`normalise` without spaces: spacing does not count either ('完成**JMeter' is '完成JMeter')."""
    return normalise(text).replace(" ", "")


#: A label the labeller copied with the first words ('KR1: Reduce churn', 'O2 - Grow revenue'): it numbers
#: the line and is not part of its statement, which the parser gives without it.
_COPIED_LABEL_RE = re.compile(r"(?:KR|key\s*result|O|objective)\s*#?\s*\d{1,3}(?:\.\d{1,3})?\s*(?:[:.)]|[-–—]\s)\s*",
                              re.IGNORECASE)


def _starts_with(parsed: str, starts: str) -> bool:
    if (label := _COPIED_LABEL_RE.match(starts)) and label.end() < len(starts):
        starts = starts[label.end():]
    want = bare(starts).rstrip(":")  # 'Create a rubric to evaluate:' reads without its dangling colon
    got = bare(parsed)
    return not want or want in got[: len(want) + 40]


def structure_matches(parsed: list[tuple[str, list[str]]], labelled: list[tuple[str, list[str]]]) -> bool:
    """Same objectives and key results, in order: counts agree and each text begins with its labelled words.

    An objective labelled with no words (key results pasted without a heading) matches any objective text.
    A key result may carry a label prefix the labeller left out ("KR1:"), hence the small allowance; a label
    the labeller copied is left out of the labelled words.
    """
    if [len(krs) for _, krs in parsed] != [len(krs) for _, krs in labelled]:
        return False
    for (p_obj, p_krs), (l_obj, l_krs) in zip(parsed, labelled, strict=True):
        if not _starts_with(p_obj, l_obj):
            return False
        if not all(_starts_with(p, want) for p, want in zip(p_krs, l_krs, strict=True)):
            return False
    return True
