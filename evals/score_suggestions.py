"""Score the offline writer's outcome suggestions on real activity key results.

    uv run python evals/score_suggestions.py                      # every split, offline template writer
    uv run python evals/score_suggestions.py --split holdout      # the sealed part only
    uv run python evals/score_suggestions.py --json out.json --examples 5

Each case of ``evals/datasets/suggest/cases.jsonl`` is a key result that real teams wrote as work (from the
dev split of the real-drafts corpus), with the metric families a coach would accept for it, or ``ask``
when the right answer is a question. The case becomes a one-objective draft (the key result first, then
up to three of its siblings), the critique runs offline without the knowledge base, and the suggestions
for that key result are scored:

- coverage: the key result gets an outcome suggestion or a coaching question;
- metric fit: the first outcome suggestion's metric is in the acceptable families (non-ask cases);
- ask: ask cases get a question; over-asking: non-ask cases that got a question instead of a metric;
- nonsense: a metric about the work item itself (two or more of the key result's own content words in the
  metric) or from a function none of the acceptable families belongs to;
- loop agreement: a suggestion shown as verified, accepted into the draft and re-checked exactly as the
  user would (``apply_suggestion`` + ``draft_markdown`` + ``check_text``), has no error on that line;
  also the share of all suggestions that pass when pasted back;
- invented numbers: numbers in a suggestion that the key result it replaces does not state (schedule
  references such as "week 2" and the set's own period are not data);
- intent kept: the work is kept as an initiative (``moved_to_initiatives``) or named in the why line.

A suggestion's metric family is the library id it carries (``metric_id``) when it has one; otherwise (the
writer before the library) the library metric whose phrase shares most words with it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CASES = REPO / "evals" / "datasets" / "suggest" / "cases.jsonl"
PERIOD = "Q3 2026"
#: Findings that make the critique rewrite a key result (coach.suggest.template_writer.KEY_RESULT_TRIGGERS).
TRIGGERS = {"kr-is-activity", "kr-no-metric", "kr-binary", "kr-missing-target", "kr-vague-wording"}
_STOP = set("""a an the of for to in on at by with and or our we us all every new from into per is are be been
this that these those their its it as than up down more less most each any not no so also use used using
increase reduce raise grow cut lower improve current target value share number rate end cycle week weeks""".split())


def load_cases(path: Path = CASES) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def case_draft(case: dict) -> str:
    lines = [PERIOD, f"Objective: {case['objective']}", f"- {case['key_result']}"]
    lines += [f"- {kr}" for kr in case.get("other_key_results", [])]
    return "\n".join(lines) + "\n"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z0-9\-']+", text.lower())


def _metric_part(text: str) -> str:
    """The suggestion without placeholders, the deadline and the leading verb: its metric phrase."""
    text = re.sub(r"\[[^\]]*\]|<[^>]*>", " ", text)
    text = re.sub(r"\b(?:by|before)\s+(?:the\s+)?end\s+of\b.*$|\bby\s+week\b.*$", " ", text, flags=re.I)
    return re.sub(r"^\s*(?:increase|reduce|raise|grow|cut|lower|establish the baseline of)\s+", "", text, flags=re.I)


def family_of(suggestion, library) -> tuple[str | None, str | None]:
    """(family, function) of a suggestion's metric."""
    metric_id = getattr(suggestion, "metric_id", None)
    if metric_id:
        for m in library:
            if m.id == metric_id:
                return m.family, m.function
    words = {w for w in _words(_metric_part(suggestion.text)) if w not in _STOP}
    best, best_score = None, 0.0
    for m in library:
        theirs = {w for w in _words(m.metric) if w not in _STOP}
        if not theirs:
            continue
        score = len(words & theirs) / len(words | theirs) if words else 0.0
        if score > best_score:
            best, best_score = m, score
    if best is None or best_score < 0.2:
        return None, None
    return best.family, best.function


def about_the_work_item(suggestion_text: str, kr_text: str, vocabulary: set[str]) -> bool:
    """Two or more of the key result's own content words inside the metric, words that no library metric
    uses ('card vault', 'handbook page'): the metric measures the work item, not a result."""
    kr_words = {w for w in _words(kr_text) if w not in _STOP and len(w) > 2 and w not in vocabulary}
    metric_words = set(_words(_metric_part(suggestion_text)))
    return len(kr_words & metric_words) >= 2


def _vocabulary(library) -> set[str]:
    return {w for m in library for w in _words(m.metric)}


def invented_numbers(suggestion_text: str, kr_text: str) -> list[str]:
    from coach.suggest.verify import normalise_number

    allowed = {normalise_number(n) for n in re.findall(r"\d+(?:[.,]\d+)*", kr_text + " " + PERIOD)}
    text = re.sub(r"\b(?:week|day|sprint|month)\s+\d{1,2}\b", " ", suggestion_text, flags=re.I)
    return [n for n in re.findall(r"(?<![\w.])\d+(?:[.,]\d+)*", text) if normalise_number(n) not in allowed]


def pasted_back_errors(okr_set, suggestion, settings) -> list[str]:
    """Error findings on the suggestion's line after accepting it and re-checking the revised draft."""
    from coach.check import check_text
    from coach.ui.revise import apply_suggestion, draft_markdown

    revised = draft_markdown(apply_suggestion(okr_set, suggestion))
    report = check_text(revised, "revised draft", settings)
    loc = suggestion.location
    return [f.name for f in report.findings if f.severity.value == "error"
            and (f.location.objective, f.location.key_result) == (loc.objective, loc.key_result)]


def run_case(case: dict, settings, library) -> dict:
    from coach.critique import iter_critique
    from coach.model import Critique

    critique = None
    for event in iter_critique(case_draft(case), "<case>", settings, retrieve=False):
        if isinstance(event, Critique):
            critique = event
    okr_set = critique.report.okr_set
    mine = [s for s in critique.suggestions if (s.location.objective, s.location.key_result) == (1, 1)]
    outcome = [s for s in mine if s.kind == "key_result" and not getattr(s, "question", None)]
    questions = [s for s in mine if getattr(s, "question", None)]
    flagged = sorted({f.name for f in critique.report.findings if (f.location.objective, f.location.key_result) == (1, 1)})
    row = {"id": case["id"], "split": case["split"], "ask": case["ask"], "key_result": case["key_result"],
           "flagged": flagged, "covered": bool(outcome or questions), "asked": bool(questions),
           "suggestions": []}
    for s in mine:
        family, function = family_of(s, library) if not getattr(s, "question", None) else (None, None)
        errors = pasted_back_errors(okr_set, s, settings)
        row["suggestions"].append({
            "kind": s.kind, "text": s.text, "verified": s.verified, "family": family, "function": function,
            "question": getattr(s, "question", None), "why": getattr(s, "why", None) or s.rationale,
            "pasted_back_errors": errors,
            "invented": invented_numbers(s.text, case["key_result"]),
            "work_item": about_the_work_item(s.text, case["key_result"], _vocabulary(library)) if s.kind == "key_result"
            and not getattr(s, "question", None) else False,
            "other_function": bool(function and function not in case["functions"]),
            "intent_kept": bool(s.moved_to_initiatives and s.moved_to_initiatives.strip() == s.original.strip())
            or bool(getattr(s, "why", None)),
        })
    first = next((x for x in row["suggestions"] if x["kind"] == "key_result" and not x["question"]), None)
    row["first_family"] = first["family"] if first else None
    row["fit"] = bool(first and first["family"] in case["acceptable_families"])
    row["fit_any"] = any(x["family"] in case["acceptable_families"] for x in row["suggestions"] if x["family"])
    return row


def summarise(rows: list[dict]) -> dict:
    def share(num, den):
        return round(num / den, 3) if den else None

    labelled = [r for r in rows if not r["ask"]]
    asks = [r for r in rows if r["ask"]]
    sugg = [s for r in rows for s in r["suggestions"]]
    metrics = [s for s in sugg if s["kind"] == "key_result" and not s["question"]]
    verified = [s for s in sugg if s["verified"]]
    return {
        "cases": len(rows), "suggestions": len(sugg),
        "coverage": share(sum(r["covered"] for r in rows), len(rows)),
        "coverage_of_flagged": share(sum(r["covered"] for r in rows if set(r["flagged"]) & TRIGGERS),
                                     sum(1 for r in rows if set(r["flagged"]) & TRIGGERS)),
        "not_flagged_by_check": sum(1 for r in rows if not set(r["flagged"]) & TRIGGERS),
        "metric_fit": share(sum(r["fit"] for r in labelled), len(labelled)),
        "metric_fit_any": share(sum(r["fit_any"] for r in labelled), len(labelled)),
        "asked_when_right": share(sum(r["asked"] for r in asks), len(asks)),
        "over_asking": share(sum(r["asked"] and not any(s["family"] for s in r["suggestions"]) for r in labelled),
                             len(labelled)),
        "nonsense": share(sum(s["work_item"] or s["other_function"] for s in metrics), len(metrics)),
        "nonsense_work_item": share(sum(s["work_item"] for s in metrics), len(metrics)),
        "nonsense_other_function": share(sum(s["other_function"] for s in metrics), len(metrics)),
        "shown_verified": share(len(verified), len(sugg)),
        "loop_agreement": share(sum(not s["pasted_back_errors"] for s in verified), len(verified)),
        "pass_when_pasted_back": share(sum(not s["pasted_back_errors"] for s in sugg), len(sugg)),
        "invented_numbers": share(sum(bool(s["invented"]) for s in sugg), len(sugg)),
        "intent_kept": share(sum(s["intent_kept"] for s in metrics), len(metrics)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "holdout", "all"], default="all")
    parser.add_argument("--json", type=Path, help="write the per-case rows and the summary here")
    parser.add_argument("--examples", type=int, default=0, help="print this many cases with their suggestions")
    args = parser.parse_args(argv)

    from coach.config import default_settings
    from coach.suggest.metric_library import library

    settings = default_settings().model_copy(update={"offline": True})
    cases = [c for c in load_cases() if args.split == "all" or c["split"] == args.split]
    rows = [run_case(case, settings, library()) for case in cases]
    by_split: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_split[row["split"]].append(row)
    report = {split: summarise(r) for split, r in sorted(by_split.items())}
    report["all"] = summarise(rows)
    print(json.dumps(report, indent=1))
    for row in rows[:args.examples]:
        print(f"\n{row['id']} [{row['split']}] {row['key_result'][:90]}  flagged={row['flagged']}")
        for s in row["suggestions"]:
            mark = "V" if s["verified"] else "x"
            print(f"  {mark} {s['kind']:<19} {s['family'] or '-':<22} {s['text'][:110]}"
                  + (f"  !! {s['pasted_back_errors']}" if s["pasted_back_errors"] else ""))
    if args.json:
        args.json.write_text(json.dumps({"summary": report, "rows": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
