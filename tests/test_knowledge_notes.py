"""The methodology notes in ``knowledge/`` and the retrieval question set stay consistent.

The notes are cited by anchor (``file.md#slug``) from the rules, the retrieval engine and the eval
data, so a renamed heading silently breaks citations: these tests catch it. They also guard the rule
that the notes are written in our own words (no 10-word run copied from the source articles).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
RETRIEVAL_CASES = REPO / "evals" / "datasets" / "retrieval" / "cases.jsonl"
SOURCE_ARTICLES = REPO.parent / "shared" / "methodology"

#: The anchors the rule-checker cites (docs: rule semantics). Renaming one of these headings breaks a rule.
RULE_ANCHORS = {
    "key-results.md#outcomes-not-outputs",
    "key-results.md#every-key-result-is-measurable",
    "key-results.md#baseline-and-target",
    "key-results.md#time-bound-key-results",
    "kpis-vs-okrs.md#health-metrics-belong-on-a-dashboard",
    "key-results.md#direction-of-change",
    "key-results.md#precise-wording",
    "key-results.md#binary-milestones",
    "key-results.md#one-key-result-one-signal",
    "objectives.md#objectives-are-qualitative",
    "objectives.md#a-state-not-a-task",
    "objectives.md#the-objective-formula",
    "objectives.md#plain-language-no-corporate-fog",
    "objectives.md#how-many-objectives",
    "key-results.md#how-many-key-results",
    "initiatives.md#initiatives-are-the-work",
}

#: Further anchors other parts of the project and the retrieval set lean on.
COVERAGE_ANCHORS = {
    "key-results.md#the-key-result-formula",
    "initiatives.md#turning-an-activity-into-an-outcome",
    "kpis-vs-okrs.md#kpis-and-okrs-do-different-jobs",
    "alignment.md#laddering-up-to-a-parent-objective",
    "check-ins.md#the-weekly-check-in",
    "check-ins.md#confidence-scales",
    "grading.md#the-sweet-spot-for-scores",
    "failure-modes.md#failure-modes-at-a-glance",
    "rollout.md#the-rollout-cycle",
}

SPLITS = {"dev", "holdout"}
REQUIRED_FIELDS = {"id": str, "tags": list, "split": str, "question": str, "anchors": list}
N_GRAM = 10

_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def slugify(heading: str) -> str:
    """GitHub's heading anchor: lower-case, punctuation dropped, each space becomes a hyphen."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())  # inline markup
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def headings(path: Path) -> list[tuple[int, int, str, str]]:
    """``(line, level, heading text, anchor)`` for every Markdown heading outside code fences."""
    found, in_fence = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _HEADING.match(line)
        if match:
            found.append((number, len(match.group(1)), match.group(2), slugify(match.group(2))))
    return found


def note_files() -> list[Path]:
    return sorted(KNOWLEDGE.glob("*.md"))


def known_anchors() -> set[str]:
    return {f"{path.name}#{anchor}" for path in note_files() for *_, anchor in headings(path)}


def sections(path: Path) -> list[tuple[str, str]]:
    """``(anchor, body)`` of each level-2 section: the unit the retrieval engine cites."""
    out, current, body = [], None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _HEADING.match(line)
        if match and len(match.group(1)) <= 2:
            if current:
                out.append((current, "\n".join(body)))
            current = slugify(match.group(2)) if len(match.group(1)) == 2 else None
            body = []
        elif current:
            body.append(line)
    if current:
        out.append((current, "\n".join(body)))
    return out


def load_cases() -> list[dict]:
    cases = []
    for number, line in enumerate(RETRIEVAL_CASES.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                cases.append(json.loads(line))
            except json.JSONDecodeError as exc:
                pytest.fail(f"{RETRIEVAL_CASES.name} line {number}: not valid JSON ({exc})")
    return cases


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def ngrams(tokens: list[str], n: int = N_GRAM) -> set[str]:
    return {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


# --------------------------------------------------------------------------- the slug function itself


@pytest.mark.parametrize(("heading", "anchor"), [
    ("KPIs vs OKRs", "kpis-vs-okrs"),
    ("Plain language, no corporate fog", "plain-language-no-corporate-fog"),
    ("Scores: 0.0 to 1.0", "scores-00-to-10"),
    ("Leading vs. lagging indicators", "leading-vs-lagging-indicators"),
    ("Check-ins that aren't status theatre", "check-ins-that-arent-status-theatre"),
])
def test_slugify_matches_github(heading, anchor):
    assert slugify(heading) == anchor


# --------------------------------------------------------------------------- the notes


def test_the_folder_has_the_expected_notes():
    names = {path.name for path in note_files()}
    expected = {"README.md", "objectives.md", "key-results.md", "initiatives.md", "kpis-vs-okrs.md",
                "alignment.md", "check-ins.md", "grading.md", "failure-modes.md", "rollout.md"}
    assert expected <= names, f"missing notes: {sorted(expected - names)}"


@pytest.mark.parametrize("path", note_files(), ids=lambda p: p.name)
def test_each_note_has_one_title_and_unique_anchors(path):
    found = headings(path)
    assert found, f"{path.name}: no headings"
    titles = [line for line, level, *_ in found if level == 1]
    assert titles == [found[0][0]], f"{path.name}: expected one '# ' title as the first heading, found lines {titles}"
    seen: dict[str, int] = {}
    for line, _, text, anchor in found:
        assert anchor, f"{path.name} line {line}: heading {text!r} has an empty anchor"
        assert anchor not in seen, (f"{path.name} line {line}: heading {text!r} repeats the anchor "
                                    f"'{anchor}' of line {seen[anchor]}; headings must be unique in a file")
        seen[anchor] = line


@pytest.mark.parametrize("anchor", sorted(RULE_ANCHORS | COVERAGE_ANCHORS))
def test_cited_anchor_exists(anchor):
    assert anchor in known_anchors(), f"knowledge/{anchor} is cited but no heading in knowledge/ has that anchor"


@pytest.mark.parametrize("path", [p for p in note_files() if p.name != "README.md"], ids=lambda p: p.name)
def test_sections_stand_alone_as_passages(path):
    """A retrieved section must be long enough to answer something and short enough to read."""
    for anchor, body in sections(path):
        count = len(words(body))
        assert 80 <= count <= 300, f"{path.name}#{anchor}: {count} words; keep a section at roughly 80-300"
        first = body.strip().lower()
        assert not first.startswith(("as above", "see above", "this ", "it ")), (
            f"{path.name}#{anchor}: the first sentence leans on earlier text; name the subject instead")


def test_notes_name_the_profiles_where_sources_disagree():
    text = (KNOWLEDGE / "objectives.md").read_text(encoding="utf-8") + (KNOWLEDGE / "key-results.md").read_text(encoding="utf-8")
    for profile in ("`default`", "`focused`", "`classic`"):
        assert profile in text, f"objectives.md / key-results.md should explain the {profile} profile"


# --------------------------------------------------------------------------- the retrieval question set


def test_retrieval_cases_validate():
    cases = load_cases()
    assert len(cases) >= 40, f"{RETRIEVAL_CASES.name}: {len(cases)} cases; at least 40 are needed"
    ids = [case.get("id") for case in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"
    questions = [case.get("question", "").strip().lower() for case in cases]
    assert len(set(questions)) == len(questions), "two cases ask the same question"
    for case in cases:
        where = f"{RETRIEVAL_CASES.name} case {case.get('id')!r}"
        for field, kind in REQUIRED_FIELDS.items():
            assert isinstance(case.get(field), kind), f"{where}: field '{field}' must be a {kind.__name__}"
        assert set(case) <= set(REQUIRED_FIELDS) | {"notes"}, f"{where}: unknown fields {set(case) - set(REQUIRED_FIELDS)}"
        assert re.fullmatch(r"ret-\d{3}", case["id"]), f"{where}: ids look like 'ret-001'"
        assert case["split"] in SPLITS, f"{where}: split must be one of {sorted(SPLITS)}"
        assert case["question"].strip(), f"{where}: empty question"
        assert case["anchors"] and all(isinstance(a, str) for a in case["anchors"]), f"{where}: no anchors"
        assert case["tags"] and all(isinstance(t, str) and t for t in case["tags"]), f"{where}: no tags"


def test_retrieval_splits_are_balanced():
    cases = load_cases()
    dev = sum(case["split"] == "dev" for case in cases)
    share = dev / len(cases)
    assert 0.5 <= share <= 0.7, f"{dev}/{len(cases)} cases are dev; aim for about 60% dev, 40% holdout"


def test_every_retrieval_anchor_exists():
    anchors = known_anchors()
    for case in load_cases():
        missing = [a for a in case["anchors"] if a not in anchors]
        assert not missing, f"{RETRIEVAL_CASES.name} case {case['id']}: unknown anchors {missing}"


def test_retrieval_set_covers_every_note():
    cited_files = {anchor.split("#")[0] for case in load_cases() for anchor in case["anchors"]}
    notes = {path.name for path in note_files()} - {"README.md"}
    assert notes <= cited_files, f"no retrieval question reaches {sorted(notes - cited_files)}"


# --------------------------------------------------------------------------- our own words


def test_nothing_is_copied_from_the_source_articles():
    if not SOURCE_ARTICLES.is_dir():
        pytest.skip(f"source articles not found at {SOURCE_ARTICLES}; the copy check needs that folder")
    seen: set[str] = set()
    for article in SOURCE_ARTICLES.glob("*.txt"):
        seen |= ngrams(words(article.read_text(encoding="utf-8", errors="ignore")))
    assert seen, f"{SOURCE_ARTICLES}: no article text found"
    ours = note_files() + [RETRIEVAL_CASES, Path(__file__)]
    copied = []
    for path in ours:
        hits = sorted(ngrams(words(path.read_text(encoding="utf-8"))) & seen)
        copied += [f"{path.relative_to(REPO)}: '{run}'" for run in hits[:3]]
    assert not copied, "10-word runs copied from the source articles; rewrite them:\n" + "\n".join(copied)


def test_copy_check_detects_a_copied_run():
    """The check above must be able to fail: a sentence of ten words matches itself."""
    sentence = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda"
    assert ngrams(words(sentence)) & ngrams(words("x " + sentence + " y"))
    assert not ngrams(words("alpha beta gamma delta")) & ngrams(words(sentence))
