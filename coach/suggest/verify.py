"""Re-check every rewrite before it is shown: the rules in context, and no invented numbers.

Two checks, both deterministic:

1. **The rules, in context.** A key-result rewrite is checked with
   :func:`coach.check.check_key_result_in_context` (the set's period, the other key results of the
   objective); an objective rewrite is checked by re-running the rules on the set with that objective
   replaced. Only findings about the rewritten line count.
2. **No invented data.** Every number in a rewrite must appear in the draft, or sit inside a placeholder
   (``[current %]``, ``[target days]``, ``[baseline, measured by week 2]``, ``[end of cycle]``) or a marked
   proposal (``[proposal: 30%]``). A schedule reference such as "by week 2" is not a data claim. Any other
   number becomes a ``suggestion-invented-number`` finding at error level.

**Placeholders count as stated values.** ``[current %]`` means "the team writes its number here", so the
rules must not report a missing baseline or target for it. Before the rules run, :func:`with_sentinels`
substitutes sentinel numbers for placeholders (a baseline below the target for an increase, above it for
a reduction, so the direction rule stays quiet), a proposal's own value for ``[proposal: X]``, and a
quarter-end for a deadline placeholder. The sentinels exist only inside the re-check: the text shown to
the user keeps its placeholders, and the invented-number check reads the original text.

**Baseline key results.** "Establish the baseline of X by week 2" is, on purpose, a short measuring task
that stands in for an outcome until the number is known (see knowledge/key-results.md, "Establishing a
baseline when none exists"). For ``kind="baseline_key_result"`` the findings that only say "this is a task
without a target yet" (:data:`EXPECTED_FOR_BASELINE_KR`) are expected and not counted; every other rule
still applies (it must name a metric, be time-bound, avoid vague words and invent no number).

A rewrite is *verified* when no error-level finding is left (warnings are shown with it).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from coach.model import Citation, Finding, Location, OkrSet, Severity, Suggestion

INVENTED_NUMBER_CODE = "SUG001"
INVENTED_NUMBER_NAME = "suggestion-invented-number"
INVENTED_NUMBER_ANCHOR = "key-results.md#establishing-a-baseline-when-none-exists"

#: ``[current %]``, ``[baseline, measured by week 2]``, ``[target days]``, ``[end of cycle]``...
PLACEHOLDER_RE = re.compile(
    r"\[(?P<role>current|baseline|starting|start|today(?:'s)?|target|goal|end of|deadline|date)\b(?P<rest>[^\[\]]{0,60})\]",
    re.IGNORECASE)
#: ``[proposal: 30%]`` — a number the coach proposes, marked so nobody mistakes it for data.
PROPOSAL_RE = re.compile(r"\[proposal:\s*(?P<value>[^\[\]]{1,60})\]", re.IGNORECASE)
_NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_SCHEDULE_RE = re.compile(r"\b(?:week|day|sprint|month)\s+\d{1,2}\b", re.IGNORECASE)
_REDUCE_RE = re.compile(r"^\s*(?:reduce|cut|lower|decrease|shorten|shrink|halve|drop|bring down|minimi[sz]e)\b",
                        re.IGNORECASE)
_UNIT_RE = re.compile(r"^\s*(?:%|(?:ms|seconds?|minutes?|hours?|days?|weeks?|months?|points?)\b)", re.IGNORECASE)
_CURRENCY_RE = re.compile(r"^\s*[€$£]")
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
SENTINEL_DEADLINE = "end of Q4"
#: Findings a baseline-measuring key result is expected to get; see the module docstring.
EXPECTED_FOR_BASELINE_KR = frozenset({"kr-is-activity", "initiative-as-kr", "kr-missing-target",
                                      "kr-missing-baseline", "kr-binary"})
_BASELINE_ROLES = {"current", "baseline", "starting", "start", "today", "today's"}
_TARGET_ROLES = {"target", "goal"}


# --------------------------------------------------------------------------- numbers


def normalise_number(raw: str) -> str | None:
    """'1,200' -> '1200', '4.50' -> '4.5', '3,5' -> '3.5'; None if it is not a number."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        raw = raw.replace(",", "")
    elif raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    text = format(value.normalize(), "f")
    return text


def numbers_in(text: str) -> set[str]:
    """Every number written in ``text`` (normalised); digits inside words such as Q3 or FY26 do not count."""
    found = {normalise_number(m.group(0)) for m in _NUMBER_RE.finditer(text)}
    return {n for n in found if n is not None}


def unmarked_numbers(text: str) -> list[str]:
    """Numbers in a rewrite outside placeholders, proposals and schedule references, as written."""
    blanked = PROPOSAL_RE.sub(" ", text)
    blanked = PLACEHOLDER_RE.sub(" ", blanked)
    blanked = _SCHEDULE_RE.sub(" ", blanked)
    return [m.group(0) for m in _NUMBER_RE.finditer(blanked)]


def find_invented_numbers(text: str, draft_text: str) -> list[str]:
    """Numbers the rewrite states that the draft does not, and that are not marked as placeholder/proposal."""
    allowed = numbers_in(draft_text)
    return [raw for raw in unmarked_numbers(text) if normalise_number(raw) not in allowed]


def invented_number_findings(text: str, draft_text: str, location: Location) -> list[Finding]:
    return [
        Finding(
            code=INVENTED_NUMBER_CODE, name=INVENTED_NUMBER_NAME, severity=Severity.ERROR,
            message=f"the rewrite states '{raw}', a number the draft never gives",
            fix=f"write it as a placeholder ('from [current value] to [target value]') or mark it as a proposal "
                f"('[proposal: {raw}]')",
            location=location, evidence=raw,
            citation=Citation(anchor=INVENTED_NUMBER_ANCHOR, source="key-results.md",
                              heading="Key results > Establishing a baseline when none exists"))
        for raw in dict.fromkeys(find_invented_numbers(text, draft_text))
    ]


# --------------------------------------------------------------------------- placeholders


def has_placeholders(text: str) -> bool:
    return bool(PLACEHOLDER_RE.search(text) or PROPOSAL_RE.search(text))


def with_sentinels(text: str) -> str:
    """``text`` with placeholders replaced by sentinel values, for the rules' re-check only.

    "Increase X from [current %] to [target %] by [end of cycle]" -> "Increase X from 20% to 40% by end of
    Q4"; for a reduction the baseline is the larger value. A proposal becomes its own value. Sentinels sit
    below and above any number the text already states, so the direction rule stays quiet.
    """
    text = PROPOSAL_RE.sub(lambda m: m.group("value").strip(), text)
    stated = [Decimal(n) for n in numbers_in(PLACEHOLDER_RE.sub(" ", text)) if not _YEAR_RE.match(n)]
    low = min(stated) / 2 if stated else Decimal(20)
    high = max(stated) * 2 if stated else Decimal(40)
    if high <= low:
        high = low + 10
    reduce = bool(_REDUCE_RE.match(text))
    baseline, target = (high, low) if reduce else (low, high)

    def substitute(match: re.Match[str]) -> str:
        role = match.group("role").lower()
        if role in _BASELINE_ROLES:
            return _with_unit(baseline, match.group("rest"))
        if role in _TARGET_ROLES:
            return _with_unit(target, match.group("rest"))
        return SENTINEL_DEADLINE

    return PLACEHOLDER_RE.sub(substitute, text)


def _with_unit(value: Decimal, rest: str) -> str:
    number = format(value.normalize(), "f")
    currency = _CURRENCY_RE.match(rest)
    if currency:
        return f"{currency.group(0).strip()}{number}"
    unit = _UNIT_RE.match(rest)
    if unit is None:
        return number
    word = unit.group(0).strip().lower()
    return f"{number}%" if word == "%" else f"{number} {word}"


# --------------------------------------------------------------------------- rules in context


def check_rewrite(okr_set: OkrSet, suggestion: Suggestion, draft_text: str, settings) -> list[Finding]:
    """All findings left on a rewrite: the rules' findings about that line, then invented numbers."""
    location = suggestion.location
    recheck_text = with_sentinels(suggestion.text)
    if suggestion.kind == "objective":
        rule_findings = _check_objective_in_context(okr_set, location.objective, recheck_text, settings)
    elif suggestion.kind == "baseline_key_result":  # an extra key result, added next to the others
        rule_findings = _check_key_result_in_context(okr_set, location.objective, None, recheck_text, settings)
    else:  # replaces the flagged key result
        rule_findings = _check_key_result_in_context(okr_set, location.objective, location.key_result,
                                                     recheck_text, settings)
    if suggestion.kind == "baseline_key_result":
        rule_findings = [f for f in rule_findings if f.name not in EXPECTED_FOR_BASELINE_KR]
    rule_findings = [f.model_copy(update={"location": location, "evidence": _shown_evidence(f.evidence, suggestion.text)})
                     for f in rule_findings]
    return rule_findings + invented_number_findings(suggestion.text, draft_text, location)


def _shown_evidence(evidence: str | None, shown_text: str) -> str | None:
    """Evidence quoted from the sentinel text would show numbers the user never saw; drop it then."""
    if evidence is None or evidence.lower() in shown_text.lower():
        return evidence
    return None


def _check_key_result_in_context(okr_set: OkrSet, objective_position: int, key_result_position: int | None,
                                 text: str, settings) -> list[Finding]:
    """Findings on the rewritten key result only (``key_result_position=None`` appends it as a new one)."""
    from coach.check import check_key_result_in_context

    return check_key_result_in_context(okr_set, objective_position, text, settings, kr_pos=key_result_position)


def _check_objective_in_context(okr_set: OkrSet, objective_position: int, text: str, settings) -> list[Finding]:
    from coach.check import check_okr_set

    objectives = [o.model_copy(update={"text": text}) if o.position == objective_position else o
                  for o in okr_set.objectives]
    report = check_okr_set(okr_set.model_copy(update={"objectives": objectives}), settings)
    return [f for f in report.findings if f.location.objective == objective_position
            and f.location.key_result is None and f.name.startswith("objective-")]


def is_verified(findings: list[Finding]) -> bool:
    return not any(f.severity is Severity.ERROR for f in findings)


def verify(okr_set: OkrSet, suggestion: Suggestion, draft_text: str, settings) -> Suggestion:
    """The suggestion with its remaining findings and an honest ``verified`` flag."""
    remaining = check_rewrite(okr_set, suggestion, draft_text, settings)
    return suggestion.model_copy(update={"remaining_findings": remaining, "verified": is_verified(remaining)})
