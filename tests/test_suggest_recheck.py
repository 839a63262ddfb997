"""The fast re-check of many rewrites gives exactly the findings of the full re-check, rewrite by rewrite.

The full re-check (:func:`coach.suggest.verify.recheck_accepted`) accepts one rewrite, writes the revised draft
and checks it as the user would; :class:`coach.suggest.recheck.Rechecker` batches the parse and judges one
line. Compared here over the evaluation datasets, the real corpus's dev split and the examples, with the
template writer's rewrites plus rewrites built to hit the set-level rules (a duplicate of another key
result, a task among outcome key results, the last outcome key result turned into a task, a line in
another language, an objective rewrite, a table cell).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.check import check_text
from coach.config import Settings
from coach.errors import CoachError
from coach.model import Location, Suggestion
from coach.suggest.recheck import Rechecker
from coach.suggest.template_writer import TemplateWriter, find_targets
from coach.suggest.verify import recheck_accepted, verify, verify_all

ROOT = Path(__file__).resolve().parent.parent
PER_DRAFT = 14  # rewrites compared per draft (the full re-check is the slow side)


def _drafts() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "evals" / "datasets").glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if not isinstance(row.get("draft"), str):
                continue
            if path.parent.name == "real" and row.get("split") != "dev":
                continue  # the real corpus's test split stays sealed
            out.append((f"{path.parent.name}/{row.get('id', len(out))}", row["draft"]))
    for path in sorted((ROOT / "examples").glob("*.md")) + sorted((ROOT / "examples").glob("*.txt")):
        out.append((f"examples/{path.name}", path.read_text(encoding="utf-8")))
    return out


def _crafted(okr_set) -> list[Suggestion]:
    """Rewrites aimed at what a per-line shortcut could get wrong: the rules that look at the whole set."""
    krs = [(o, kr) for o, kr in okr_set.iter_key_results()]
    out = []
    if len(krs) >= 2:
        (o1, first), (o2, second) = krs[0], krs[1]
        out.append(Suggestion(kind="key_result", location=Location(objective=o2.position, key_result=second.position),
                              original=second.text, text=first.text, source="llm", verified=False))  # duplicate
    for objective, kr in krs[:2]:
        for text in ("Launch the new partner portal", "Steigern Sie die Kundenzufriedenheit deutlich im Quartal",
                     "Increase weekly active teams from 120 to 180 by end of Q3 2026",
                     "Raise NPS | from 20 | to 35"):
            out.append(Suggestion(kind="key_result", location=Location(objective=objective.position,
                                                                       key_result=kr.position),
                                  original=kr.text, text=text, source="llm", verified=False,
                                  moved_to_initiatives=kr.text if text.startswith("Launch") else None))
    for objective in okr_set.objectives[:2]:
        for text in ("Ship the new billing system", "Make renewals effortless so customers stay with us"):
            out.append(Suggestion(kind="objective", location=Location(objective=objective.position),
                                  original=objective.text, text=text, source="llm", verified=False))
    return out


def _cases():
    settings = Settings(offline=True)
    writer = TemplateWriter()
    for name, draft in _drafts():
        try:
            report = check_text(draft, name, settings)
        except CoachError:
            continue
        if not report.okr_set.objectives:
            continue
        written = writer.write(report.okr_set, find_targets(report.okr_set, report.findings))
        yield name, report.okr_set, (written[:PER_DRAFT // 2] + _crafted(report.okr_set))[:PER_DRAFT]


CASES = list(_cases())


def test_the_corpus_is_large_enough_to_mean_something():
    assert len(CASES) >= 150
    assert sum(len(suggestions) for _, _, suggestions in CASES) >= 1500


@pytest.mark.parametrize(("name", "okr_set", "suggestions"), CASES, ids=[c[0] for c in CASES])
def test_fast_recheck_equals_the_full_recheck(name, okr_set, suggestions):
    full = []
    for suggestion in suggestions:
        try:
            full.append(recheck_accepted(okr_set, suggestion, None))
        except CoachError as exc:  # the revised draft cannot be read: the fast path must fail the same way
            with pytest.raises(type(exc), match="revised draft"):
                Rechecker(okr_set).findings(suggestions)
            return
    fast = Rechecker(okr_set).findings(suggestions)
    for suggestion, found, expected in zip(suggestions, fast, full, strict=True):
        assert found == expected, f"{name}: {suggestion.kind} at {suggestion.location}: {suggestion.text!r}"


def test_the_fast_path_is_taken():
    """Most rewrites are re-checked the fast way (a fallback for everything would also pass the equality)."""
    total = fallbacks = 0
    for _, okr_set, suggestions in CASES:
        rechecker = Rechecker(okr_set)
        try:
            rechecker.findings(suggestions)
        except CoachError:  # a revised draft the parser cannot read (compared above)
            continue
        total += len(suggestions)
        fallbacks += rechecker.fallbacks
    assert fallbacks < 0.25 * total, (fallbacks, total)


def test_verify_all_gives_the_verdicts_of_verify():
    for name, okr_set, suggestions in CASES[::10]:
        if not Rechecker(okr_set).fast:
            continue
        assert verify_all(okr_set, suggestions) == [verify(okr_set, s) for s in suggestions], name


def test_a_stale_suggestion_fails_as_in_the_full_recheck():
    from coach.revise import StaleSuggestionError

    _, okr_set, _ = CASES[0]
    stale = Suggestion(kind="key_result", location=Location(objective=99, key_result=1), original="x",
                       text="Increase activation from 20% to 35%", source="llm", verified=False)
    with pytest.raises(StaleSuggestionError):
        Rechecker(okr_set).findings([stale])
