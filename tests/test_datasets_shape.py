"""Shape checks for the golden eval datasets in ``evals/datasets/``.

The datasets are hand-labelled (see ``evals/README.md``); these tests catch the mistakes a labeller makes:
a broken JSON line, a misspelt rule name, a location that points at a key result the draft does not have,
labels that contradict the documented exclusions between rules, or a split that lost a rule.

Draft structure is counted with the real parser (``coach.parse.parse_draft``) when it is importable and
accepts the draft, and always with the documented line heuristic below, so the checks do not depend on
another module being finished.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CRITIQUE = ROOT / "evals" / "datasets" / "critique" / "cases.jsonl"
REWRITE = ROOT / "evals" / "datasets" / "rewrite" / "cases.jsonl"

KR_RULES = {
    "kr-is-activity", "kr-no-metric", "kr-missing-baseline", "kr-missing-target", "kr-not-time-bound",
    "kr-maintain-kpi", "kr-direction-mismatch", "kr-vague-wording", "kr-binary", "kr-duplicate",
    "initiative-as-kr",
}
OBJECTIVE_RULES = {
    "objective-has-metric", "objective-is-activity", "objective-no-why", "objective-corporate-fog",
    "too-few-krs", "too-many-krs",
}
SET_RULES = {"too-many-objectives"}
ALL_RULES = KR_RULES | OBJECTIVE_RULES | SET_RULES
CORE_KR_RULES = [
    "kr-is-activity", "kr-no-metric", "kr-missing-baseline", "kr-missing-target", "kr-not-time-bound",
    "kr-maintain-kpi",
]
# Rules that never fire on the same key result as the rule on the left (rule semantics in evals/README.md).
EXCLUDES = {
    "kr-is-activity": {"kr-no-metric", "kr-missing-target", "kr-missing-baseline", "kr-binary"},
    "kr-no-metric": {"kr-missing-target", "kr-missing-baseline"},
    "kr-maintain-kpi": {"kr-missing-baseline", "kr-direction-mismatch"},
}
# A key result is an outcome KR (it names a metric and is not work) unless one of these fires on it.
NOT_OUTCOME = {"kr-is-activity", "kr-no-metric", "kr-binary"}
FORMATS = {"text", "markdown", "yaml", "json"}
SPLITS = {"dev", "holdout"}
DEFAULT_MAX_OBJECTIVES, DEFAULT_MIN_KRS, DEFAULT_MAX_KRS = 5, 2, 5


def _load(path: Path) -> list[dict]:
    assert path.exists(), f"{path} is missing"
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{path.name} line {number}: blank line; JSON Lines needs one case per line"
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{path.name} line {number}: not valid JSON ({exc})")
        assert isinstance(case, dict), f"{path.name} line {number}: a case must be a JSON object"
        cases.append(case)
    return cases


CRITIQUE_CASES = _load(CRITIQUE)
REWRITE_CASES = _load(REWRITE)
# Every other critique file (e.g. fresh.jsonl, an independent holdout): same per-case checks, own statistics.
EXTRA_CRITIQUE_CASES = [case for path in sorted(CRITIQUE.parent.glob("*.jsonl")) if path != CRITIQUE
                        for case in _load(path)]
ALL_CRITIQUE_CASES = CRITIQUE_CASES + EXTRA_CRITIQUE_CASES


def test_critique_ids_are_unique_across_files():
    ids = [case["id"] for case in ALL_CRITIQUE_CASES]
    assert len(ids) == len(set(ids)), "critique case ids repeat across the files in evals/datasets/critique/"


# --------------------------------------------------------------------------- structure heuristic

_OPEN = r"^\s*(?:[-*•+]\s+)?(?:#{1,6}\s*)?(?:\*\*|__)?\s*"
_OBJECTIVE_LINE = re.compile(_OPEN + r"(?:objective\b|o\d+\b)", re.IGNORECASE)
_INITIATIVES_LINE = re.compile(_OPEN + r"initiatives?\b", re.IGNORECASE)
_KR_HEADER_LINE = re.compile(_OPEN + r"(?:key\s+results?|krs?)\s*(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$",
                             re.IGNORECASE)
_KR_LINE = re.compile(r"^\s*(?:(?:\*\*|__)?\s*(?:kr\s*\d|kr\b|key\s+result\b)|[-*•+]\s|\d+[.)]\s)",
                      re.IGNORECASE)


def count_structure_heuristic(draft: str) -> list[int]:
    """Key results per objective in a plain-text or Markdown draft, by lines.

    An objective starts at a line whose first word (after an optional bullet, Markdown heading marks or
    bold marks) is ``Objective`` or ``O<n>``. Under it, a line is a key result when it starts with a
    ``KR`` / ``Key result`` label, a bullet (``-``, ``*``, ``•``, ``+``), a number (``1.``) or indentation;
    header-only lines (``Key results:``) are skipped, and an ``Initiatives`` line turns counting off until
    the next objective. Lines before the first objective (team, period, title) are ignored.
    """
    counts: list[int] = []
    in_initiatives = False
    for line in draft.splitlines():
        if not line.strip():
            continue
        if _OBJECTIVE_LINE.match(line):
            counts.append(0)
            in_initiatives = False
        elif not counts:
            continue
        elif _INITIATIVES_LINE.match(line):
            in_initiatives = True
        elif in_initiatives or _KR_HEADER_LINE.match(line):
            continue
        elif _KR_LINE.match(line) or line[:1] in (" ", "\t"):
            counts[-1] += 1
    return counts


def count_structure_data(data: object) -> list[int]:
    """Key results per objective in a YAML or JSON OKR set (``objectives[].key_results``)."""
    assert isinstance(data, dict), "a YAML/JSON draft must be an OKR set object"
    objectives = data.get("objectives")
    assert isinstance(objectives, list) and objectives, "a YAML/JSON draft needs a non-empty 'objectives' list"
    counts = []
    for objective in objectives:
        assert isinstance(objective, dict) and isinstance(objective.get("text"), str)
        key_results = objective.get("key_results") or []
        for kr in key_results:
            assert isinstance(kr, str) or (isinstance(kr, dict) and isinstance(kr.get("text"), str)), kr
        counts.append(len(key_results))
    return counts


def draft_format(case: dict) -> str:
    found = FORMATS & set(case["tags"])
    assert len(found) == 1, f"{case['id']}: tags must name exactly one format of {sorted(FORMATS)}"
    return found.pop()


def count_structure(case: dict) -> list[int]:
    fmt = draft_format(case)
    if fmt == "json":
        return count_structure_data(json.loads(case["draft"]))
    if fmt == "yaml":
        return count_structure_data(yaml.safe_load(case["draft"]))
    return count_structure_heuristic(case["draft"])


# --------------------------------------------------------------------------- critique dataset

ID_CRIT = re.compile(r"^(?:crit|fresh)-\d{3}$")
ID_RW = re.compile(r"^rw-\d{3}$")


def _ids(cases):
    return [case.get("id", "<no id>") for case in cases]


@pytest.mark.parametrize("case", ALL_CRITIQUE_CASES, ids=_ids(ALL_CRITIQUE_CASES))
def test_critique_case_fields_and_types(case):
    required = {"id": str, "tags": list, "split": str, "profile": str, "draft": str, "expected": list}
    for field, kind in required.items():
        assert isinstance(case.get(field), kind), f"{case.get('id')}: field {field!r} must be {kind.__name__}"
    assert set(case) <= set(required) | {"notes"}, f"{case['id']}: unknown fields {set(case) - set(required)}"
    assert ID_CRIT.match(case["id"]), f"{case['id']}: ids look like crit-001"
    assert case["split"] in SPLITS
    assert case["profile"] == "default", "labels are written for the default profile"
    assert all(isinstance(tag, str) and tag == tag.strip().lower() and tag for tag in case["tags"])
    assert case["draft"].strip(), "empty draft"
    if "notes" in case:
        assert isinstance(case["notes"], str) and case["notes"].strip()
    if "ambiguous" in case["tags"]:
        assert case.get("notes"), f"{case['id']}: an 'ambiguous' case explains itself in notes"
    draft_format(case)


@pytest.mark.parametrize("case", ALL_CRITIQUE_CASES, ids=_ids(ALL_CRITIQUE_CASES))
def test_critique_labels_have_valid_rules_and_locations(case):
    seen = set()
    for label in case["expected"]:
        assert set(label) == {"rule", "objective", "key_result"}, f"{case['id']}: label fields {label}"
        rule, obj, kr = label["rule"], label["objective"], label["key_result"]
        assert rule in ALL_RULES, f"{case['id']}: unknown rule {rule!r}"
        key = (rule, obj, kr)
        assert key not in seen, f"{case['id']}: duplicate label {label}"
        seen.add(key)
        if rule in KR_RULES:
            assert isinstance(obj, int) and isinstance(kr, int) and obj >= 1 and kr >= 1, label
        elif rule in OBJECTIVE_RULES:
            assert isinstance(obj, int) and obj >= 1 and kr is None, label
        else:
            assert obj is None and kr is None, label


@pytest.mark.parametrize("case", ALL_CRITIQUE_CASES, ids=_ids(ALL_CRITIQUE_CASES))
def test_critique_labels_point_at_existing_items(case):
    counts = count_structure(case)
    assert counts, f"{case['id']}: no objective found in the draft"
    for label in case["expected"]:
        obj, kr = label["objective"], label["key_result"]
        if obj is None:
            continue
        assert obj <= len(counts), f"{case['id']}: {label} but the draft has {len(counts)} objectives"
        if kr is not None:
            assert kr <= counts[obj - 1], f"{case['id']}: {label} but objective {obj} has {counts[obj - 1]} KRs"


@pytest.mark.parametrize("case", ALL_CRITIQUE_CASES, ids=_ids(ALL_CRITIQUE_CASES))
def test_critique_structure_agrees_with_real_parser(case):
    try:
        from coach.parse import parse_draft
    except ImportError:
        pytest.skip("coach.parse.parse_draft is not importable yet; the line heuristic still checks locations")
    try:
        okr_set = parse_draft(case["draft"], source=case["id"])
    except Exception as exc:  # noqa: BLE001 - any parser failure is reported, not hidden
        pytest.skip(f"{case['id']}: the parser raised {type(exc).__name__}: {exc}")
    parsed = [len(objective.key_results) for objective in okr_set.objectives]
    assert parsed == count_structure(case), f"{case['id']}: parser counts {parsed}, labels assume {count_structure(case)}"


@pytest.mark.parametrize("case", ALL_CRITIQUE_CASES, ids=_ids(ALL_CRITIQUE_CASES))
def test_critique_count_rules_match_structure(case):
    """The set-level rules are arithmetic: the labels must say exactly what the counts say."""
    counts = count_structure(case)
    labels = {(item["rule"], item["objective"], item["key_result"]) for item in case["expected"]}
    expected_counts = set()
    if len(counts) > DEFAULT_MAX_OBJECTIVES:
        expected_counts.add(("too-many-objectives", None, None))
    for position, n in enumerate(counts, start=1):
        if n < DEFAULT_MIN_KRS:
            expected_counts.add(("too-few-krs", position, None))
        if n > DEFAULT_MAX_KRS:
            expected_counts.add(("too-many-krs", position, None))
    actual = {label for label in labels if label[0] in {"too-many-objectives", "too-few-krs", "too-many-krs"}}
    assert actual == expected_counts


@pytest.mark.parametrize("case", ALL_CRITIQUE_CASES, ids=_ids(ALL_CRITIQUE_CASES))
def test_critique_labels_respect_rule_exclusions(case):
    by_kr: dict[tuple[int, int], set[str]] = {}
    for item in case["expected"]:
        if item["rule"] in KR_RULES:
            by_kr.setdefault((item["objective"], item["key_result"]), set()).add(item["rule"])
    for location, rules in by_kr.items():
        for rule, excluded in EXCLUDES.items():
            if rule in rules:
                assert not rules & excluded, f"{case['id']} {location}: {rule} excludes {rules & excluded}"
        if "initiative-as-kr" in rules:
            assert "kr-is-activity" in rules, f"{case['id']} {location}: initiative-as-kr needs kr-is-activity"
    # initiative-as-kr fires on every activity KR exactly when the set has an outcome KR.
    counts = count_structure(case)
    all_krs = {(o, k) for o, n in enumerate(counts, start=1) for k in range(1, n + 1)}
    has_outcome = any(not (by_kr.get(location, set()) & NOT_OUTCOME) for location in all_krs)
    for location, rules in by_kr.items():
        if "kr-is-activity" in rules:
            assert ("initiative-as-kr" in rules) == has_outcome, (
                f"{case['id']} {location}: initiative-as-kr must {'' if has_outcome else 'not '}fire")


def test_critique_ids_unique_and_minimum_size():
    ids = _ids(CRITIQUE_CASES)
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert len(CRITIQUE_CASES) >= 90


def test_critique_rule_coverage():
    totals = Counter(item["rule"] for case in CRITIQUE_CASES for item in case["expected"])
    assert set(totals) == ALL_RULES, f"rules never labelled: {sorted(ALL_RULES - set(totals))}"
    for rule in CORE_KR_RULES:
        assert totals[rule] >= 25, f"{rule} has {totals[rule]} labels; the dataset needs at least 25"
    clean = [case for case in CRITIQUE_CASES if not case["expected"]]
    assert len(clean) >= 10, "keep clean drafts in the set so precision is measured"


def test_critique_splits_are_stratified():
    for split in SPLITS:
        cases = [case for case in CRITIQUE_CASES if case["split"] == split]
        rules = {item["rule"] for case in cases for item in case["expected"]}
        assert rules == ALL_RULES, f"split {split} lacks {sorted(ALL_RULES - rules)}"
        assert {draft_format(case) for case in cases} == FORMATS, f"split {split} lacks a draft format"
        assert any(not case["expected"] for case in cases), f"split {split} has no clean draft"
    share = sum(case["split"] == "dev" for case in CRITIQUE_CASES) / len(CRITIQUE_CASES)
    assert 0.5 <= share <= 0.7, f"dev share {share:.2f}; aim for about 60%"


# --------------------------------------------------------------------------- rewrite dataset

_YEAR_OR_PERIOD = re.compile(r"\b(?:19|20)\d{2}\b|\b[QH][1-4]\b|\bFY\s?\d{2,4}\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?")


def numbers_in(text: str) -> list[float]:
    """Numbers as written, ignoring years and period names (Q3, H1, FY26); '1,200' -> 1200, '45%' -> 45."""
    text = _YEAR_OR_PERIOD.sub(" ", text)
    return [float(match.replace(",", "")) for match in _NUMBER.findall(text)]


@pytest.mark.parametrize("case", REWRITE_CASES, ids=_ids(REWRITE_CASES))
def test_rewrite_case_fields_and_types(case):
    required = {"id": str, "tags": list, "split": str, "objective": str, "key_result": str, "context": str,
                "must_keep": list, "allowed_numbers": list, "notes": str}
    for field, kind in required.items():
        assert isinstance(case.get(field), kind), f"{case.get('id')}: field {field!r} must be {kind.__name__}"
    assert "period" in case and (case["period"] is None or isinstance(case["period"], str))
    assert set(case) == set(required) | {"period"}, f"{case['id']}: unexpected fields"
    assert ID_RW.match(case["id"]) and case["split"] in SPLITS
    assert case["objective"].strip() and case["key_result"].strip() and case["notes"].strip()
    assert all(isinstance(tag, str) and tag for tag in case["tags"])


@pytest.mark.parametrize("case", REWRITE_CASES, ids=_ids(REWRITE_CASES))
def test_rewrite_must_keep_words_come_from_the_input(case):
    source = f"{case['objective']} {case['key_result']} {case['context']}".lower()
    assert case["must_keep"], f"{case['id']}: name at least one subject word a rewrite must keep"
    for word in case["must_keep"]:
        assert isinstance(word, str) and word.strip()
        assert word.lower() in source, f"{case['id']}: must_keep {word!r} is not in the input"


@pytest.mark.parametrize("case", REWRITE_CASES, ids=_ids(REWRITE_CASES))
def test_rewrite_allowed_numbers_are_exactly_the_input_numbers(case):
    assert all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in case["allowed_numbers"])
    stated = numbers_in(f"{case['objective']} {case['key_result']} {case['context']}")
    assert sorted(set(stated)) == sorted({float(n) for n in case["allowed_numbers"]}), (
        f"{case['id']}: the input states {sorted(set(stated))}")


def test_rewrite_ids_unique_minimum_size_and_splits():
    ids = _ids(REWRITE_CASES)
    assert len(ids) == len(set(ids))
    assert len(REWRITE_CASES) >= 55
    share = sum(case["split"] == "dev" for case in REWRITE_CASES) / len(REWRITE_CASES)
    assert 0.5 <= share <= 0.7, f"dev share {share:.2f}; aim for about 60%"
    for split in SPLITS:
        kinds = {tag for case in REWRITE_CASES if case["split"] == split for tag in case["tags"]}
        assert {"activity", "vague", "binary"} <= kinds, f"split {split} lacks a kind of input KR"
