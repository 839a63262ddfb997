"""Dataset schemas: the shipped files validate, a bad line is reported with its number and field, the
committed JSON Schema files match the models, and the check-in labels follow the documented arithmetic."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from coach.evals.datasets import (
    CASE_SPLITS,
    SCHEMAS_DIR, DatasetError, dataset_path, json_schemas, load_cases, validate_all,
)
from coach.evals.suites import checkin_inputs


def test_every_shipped_dataset_validates_with_enough_cases():
    counts = validate_all()
    assert counts["critique"] >= 80 and counts["rewrite"] >= 50 and counts["checkin"] >= 20
    assert counts["retrieval"] >= 30 and counts["judge"] >= 20


@pytest.mark.parametrize("suite", ["critique", "rewrite", "checkin", "retrieval", "suggest", "judge"])
def test_both_splits_are_used(suite):
    cases = load_cases(suite)
    splits = {c.split for c in cases}
    assert {"dev", "holdout"} <= splits <= (set(CASE_SPLITS) if suite == "critique" else {"dev", "holdout"})
    assert all(c.tags for c in cases)


def test_committed_json_schemas_match_the_models():
    for name, schema in json_schemas().items():
        committed = json.loads((SCHEMAS_DIR / name).read_text(encoding="utf-8"))
        assert committed == schema, f"{name} is stale: run `okr-coach eval validate --export-schemas`"


def _write(tmp_path, lines):
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "ret-001", "tags": ["x"], "split": "dev", "question": "How many KRs?",
                   "anchors": ["key-results.md#how-many-key-results"]})


@pytest.mark.parametrize("bad, words", [
    ('{"id": "ret-002", "tags": ["x"], "split": "test", "question": "q", "anchors": ["a.md#b"]}', ["line 2", "split"]),
    ('{"id": "ret-002", "tags": ["x"], "split": "dev", "question": "q"}', ["line 2", "anchors"]),
    ('{"id": "ret-002", "tags": ["x"], "split": "dev", "question": "q", "anchors": ["a.md#b"], "extra": 1}',
     ["line 2", "extra"]),
    ('{"id": "ret-002", "tags": ["x"], "split": "dev", "question": "q", "anchors": ["a.md#b"]', ["line 2", "JSON"]),
    ("", ["line 2", "blank"]),
    (GOOD, ["line 2", "already used on line 1"]),
])
def test_bad_line_is_reported_with_its_number_and_field(tmp_path, bad, words):
    path = _write(tmp_path, [GOOD, bad, GOOD.replace("ret-001", "ret-009")])
    with pytest.raises(DatasetError) as caught:
        load_cases("retrieval", path=path)
    for word in words:
        assert word in str(caught.value)
    assert str(path) in str(caught.value)


def test_critique_label_location_must_fit_its_rule(tmp_path):
    case = {"id": "crit-001", "tags": ["text"], "split": "dev", "draft": "Objective: x\nKR1: y\n",
            "expected": [{"rule": "kr-is-activity", "objective": 1, "key_result": None}]}
    with pytest.raises(DatasetError, match="line 1.*key-result finding"):
        load_cases("critique", path=_write(tmp_path, [json.dumps(case)]))


def test_binary_and_huge_inputs_are_errors_not_crashes(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b'{"id": "ret-001"}\n\xff\xfe\x00garbage\n')
    with pytest.raises(DatasetError, match="line 2: not valid UTF-8"):
        load_cases("retrieval", path=path)
    with pytest.raises(DatasetError, match="cannot be read"):
        load_cases("retrieval", path=tmp_path / "missing.jsonl")


def test_checkin_references_must_exist(tmp_path):
    case = json.loads(dataset_path("checkin").read_text(encoding="utf-8").splitlines()[0])
    case["expected_flags"] = [{"flag": "stale", "key_results": ["O9.KR1"]}]
    with pytest.raises(DatasetError, match="O9.KR1"):
        load_cases("checkin", path=_write(tmp_path, [json.dumps(case)]))


# --------------------------------------------------------------------------- check-in labels


@pytest.mark.parametrize("case", load_cases("checkin"), ids=lambda c: c.id)
def test_checkin_labels_follow_the_documented_arithmetic(case):
    """Recompute each labelled status from the numbers: progress start->target vs share of cycle elapsed,
    gap < 10 points on track, < 25 at risk, else off track (evals/datasets/checkin/README.md)."""
    okr_set, rows = checkin_inputs(case)
    elapsed = (case.as_of - okr_set.starts).days / (okr_set.ends - okr_set.starts).days
    elapsed = min(max(elapsed, 0.0), 1.0)
    for ref, want in case.expected.items():
        if want.progress is None:
            assert want.status is None, f"{case.id} {ref}: a status needs a progress figure"
            continue
        keep = okr_set.key_result(ref).measure.direction == "keep"
        gap = ((1.0 if keep else elapsed) - want.progress) * 100
        status = "on track" if gap < 10 else "at risk" if gap < 25 else "off track"
        assert want.status == status, f"{case.id} {ref}: progress {want.progress} at {elapsed:.3f} elapsed"
        latest = [r for r in rows if r.key_result == ref and r.date <= case.as_of and r.value is not None]
        assert want.current == (latest[-1].value if latest else None)
    assert case.as_of >= dt.date(2026, 1, 1)


def test_split_names_are_declared_once():
    # the pydantic types list the same names as the tuples every other place reads
    from typing import get_args

    from coach.evals.datasets import CritiqueCase
    from coach.evals.real import REAL_SPLITS, SEALED_SPLITS, Split

    assert get_args(Split) == REAL_SPLITS
    assert set(get_args(CritiqueCase.model_fields["split"].annotation)) == set(CASE_SPLITS)
    assert set(SEALED_SPLITS) < set(CASE_SPLITS) and "dev" not in SEALED_SPLITS
