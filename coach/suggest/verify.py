"""Re-check every rewrite before it is shown: exactly as the user would re-check it, and no invented numbers.

One loop, one verdict. A suggestion is *verified* only when the revised draft, built the way the web chat's
Accept builds it (:func:`coach.revise.apply_suggestion`, then :func:`coach.revise.draft_markdown`) and
checked the way Re-check and ``okr-coach check`` check it (:func:`coach.check.check_text`), has no
error-level finding on the rewritten line. There is no separate re-check with its own exceptions: what
the label says is what the user gets.

Placeholders (``[current %]``, ``[target days]``, ``<baseline>``, ``TBD``) are part of the rules' reading
(:mod:`coach.reading.placeholders`): a rewrite with blanks gets the ``kr-unfilled-placeholder`` warning,
never a missing target. Two more checks, both errors:

1. **No invented data.** A rewrite may state only the numbers of the line it replaces (not any number
   anywhere in the draft). Placeholders never carry numbers: ``[target 95%]`` and ``[proposal: 30%]`` are
   numbers in brackets and count like any other. A schedule reference ("by week 2") and the set's own
   period ("by end of Q3 2026") are not data claims. Anything else is ``suggestion-invented-number``.
2. **A metric about this work.** A key-result rewrite whose words share nothing with the key result and its
   objective, and that is not a library metric the matcher chose for this work, is
   ``suggestion-unrelated-metric``: a fluent rewrite about something else is not a fix.
3. **A metric of the result, not of the work item.** A rewrite of a line the rules call work or a milestone
   ("Migrate the card vault") whose metric repeats two or more of that line's own content words that no
   library metric uses ("conversion on the card vault") measures the work item, not what it changes:
   ``suggestion-measures-the-work``. Words of a metric the line itself names ("Reduce ticket backlog") may
   stay: sharpening a metric keeps it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from coach.model import Citation, Finding, Location, OkrSet, Severity, Suggestion, kr_ref

INVENTED_NUMBER_CODE = "SUG001"
INVENTED_NUMBER_NAME = "suggestion-invented-number"
INVENTED_NUMBER_ANCHOR = "key-results.md#establishing-a-baseline-when-none-exists"
UNRELATED_CODE = "SUG002"
UNRELATED_NAME = "suggestion-unrelated-metric"
UNRELATED_ANCHOR = "key-results.md#outcomes-not-outputs"
WORK_ITEM_CODE = "SUG003"
WORK_ITEM_NAME = "suggestion-measures-the-work"
#: Content words of the replaced line a rewrite's metric may repeat before it is about the work item itself.
WORK_ITEM_WORDS = 2

_NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_SCHEDULE_RE = re.compile(r"\b(?:week|day|sprint|month)\s+\d{1,2}\b", re.IGNORECASE)
_CONTENT_STOP = frozenset("""a an the of for to in on at by with and or our we us all every new from into per is are be
been this that these those their its it as than up down more less most each any not no so also increase reduce
raise grow cut lower improve decrease current target value share number rate end cycle week weeks baseline
establish who what whom how""".split())


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
    return format(value.normalize(), "f")


def numbers_in(text: str) -> set[str]:
    """Every number written in ``text`` (normalised); digits inside words such as Q3 or FY26 do not count."""
    found = {normalise_number(m.group(0)) for m in _NUMBER_RE.finditer(text)}
    return {n for n in found if n is not None}


def unmarked_numbers(text: str) -> list[str]:
    """Numbers a rewrite states, as written: everything outside real placeholders and schedule references.

    A placeholder never holds a number (:func:`coach.reading.placeholders.placeholders` does not return
    '[target 95%]'), so numbers in brackets are counted here like any other.
    """
    from coach.reading.placeholders import without_placeholders

    blanked = _SCHEDULE_RE.sub(" ", without_placeholders(text, " "))
    return [m.group(0) for m in _NUMBER_RE.finditer(blanked)]


def find_invented_numbers(text: str, source_text: str) -> list[str]:
    """Numbers the rewrite states that ``source_text`` (the line it replaces, and the period) does not."""
    allowed = numbers_in(source_text)
    return [raw for raw in unmarked_numbers(text) if normalise_number(raw) not in allowed]


def invented_number_findings(text: str, source_text: str, location: Location) -> list[Finding]:
    return [
        Finding(
            code=INVENTED_NUMBER_CODE, name=INVENTED_NUMBER_NAME, severity=Severity.ERROR,
            message=f"the rewrite states '{raw}', a number the line it replaces never gives",
            fix="write a placeholder without a number ('from [current value] to [target value]') and let the team "
                "fill in its own figures",
            location=location, evidence=raw,
            citation=Citation(anchor=INVENTED_NUMBER_ANCHOR, source="key-results.md",
                              heading="Key results > Establishing a baseline when none exists"))
        for raw in dict.fromkeys(find_invented_numbers(text, source_text))
    ]


def has_placeholders(text: str) -> bool:
    from coach.reading.placeholders import has_placeholder

    return has_placeholder(text)


# --------------------------------------------------------------------------- relevance


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z0-9\-']+", text.lower())


def _content(text: str) -> set[str]:
    from coach.suggest.metric_library import _base

    from coach.reading.placeholders import without_placeholders

    words = _words(without_placeholders(text))
    # a crude stem on top of the base form: 'engineering' and 'engineers' talk about the same thing
    return {_base(w)[:6] for w in words if w not in _CONTENT_STOP and len(w) > 2}


def is_related(suggestion: Suggestion, objective_text: str, metrics=None) -> bool:
    """Does the rewrite talk about this work? Shared words with the line or its objective, a library metric
    the matcher picked for this very line, or a labelled placeholder metric (a skeleton claims nothing)."""
    if suggestion.kind == "objective":
        return True
    from coach.reading.placeholders import roles_to_fill

    if "metric" in roles_to_fill(suggestion.text):
        return True
    from coach.suggest.metric_library import function_evidence, match, nearest_family

    # a library metric needs the line or its objective to point at its function at all
    known = _library_metric(suggestion, metrics)
    if known is not None and not function_evidence(known.function, suggestion.original, objective_text, metrics):
        return False
    if _content(suggestion.text) & (_content(suggestion.original) | _content(objective_text)):
        return True

    # no shared word: still related when the metric belongs to a family this work moves
    # ('Hire 3 engineers' -> 'median days to fill an open role')
    candidates = match(suggestion.original, objective_text, limit=40, metrics=metrics)
    if suggestion.metric_id:
        return any(m.metric.id == suggestion.metric_id and m.confident for m in candidates)
    family = nearest_family(_unblanked(suggestion.text), metrics)
    return family is not None and any(m.metric.family == family for m in candidates)


def _library_metric(suggestion: Suggestion, metrics=None):
    """The library metric a rewrite uses: the one it names by id (the template writer), else None."""
    from coach.suggest.metric_library import by_id

    if not suggestion.metric_id:
        return None
    try:
        return by_id(suggestion.metric_id, metrics)
    except KeyError:
        return None


def _unblanked(text: str) -> str:
    """The rewrite's own content words: no placeholders, numbers, deadline words or change verbs."""
    from coach.reading.placeholders import without_placeholders

    words = re.findall(r"[a-z][a-z\-']+", without_placeholders(text).lower())
    return " ".join(w for w in words if w not in _CONTENT_STOP and len(w) > 2)


def unrelated_findings(suggestion: Suggestion, objective_text: str, metrics=None) -> list[Finding]:
    if is_related(suggestion, objective_text, metrics):
        return []
    return [Finding(
        code=UNRELATED_CODE, name=UNRELATED_NAME, severity=Severity.ERROR,
        message="the rewrite measures something the key result and its objective do not talk about",
        fix="measure the change this work is meant to cause, in the words of the key result or its objective",
        location=suggestion.location,
        citation=Citation(anchor=UNRELATED_ANCHOR, source="key-results.md",
                          heading="Key results > Outcomes, not outputs"))]


#: The content stop words, less those a work line may carry as its subject ('baseline', 'who'), plus 'use'.
_METRIC_STOP = (_CONTENT_STOP - {"baseline", "been", "decrease", "establish", "how", "what", "who", "whom"}) \
    | {"use", "used", "using"}


def metric_phrase(text: str) -> str:
    """A rewrite without placeholders, its deadline and its leading change verb: the metric it measures."""
    from coach.reading.placeholders import without_placeholders

    text = without_placeholders(text, " ")
    text = re.sub(r"\b(?:by|before)\s+(?:the\s+)?end\s+of\b.*$|\bby\s+week\b.*$", " ", text, flags=re.I)
    return re.sub(r"^\s*(?:increase|reduce|raise|grow|cut|lower|establish the baseline of)\s+", "", text.strip(),
                  flags=re.I)


def work_item_words(suggestion_text: str, original: str, vocabulary: set[str], own_metric: str = "") -> list[str]:
    """The replaced line's own content words inside the rewrite's metric that no library metric uses and
    that are not part of the metric the line itself names: 'card', 'vault' in 'conversion on the card vault'."""
    kept = set(_words(own_metric))
    line = {w for w in _words(original) if w not in _METRIC_STOP and len(w) > 2 and w not in vocabulary
            and w not in kept}
    return sorted(line & set(_words(metric_phrase(suggestion_text))))


def library_vocabulary(metrics=None) -> set[str]:
    """Every word of the library's metrics (the built-in library's words are gathered once)."""
    if metrics is None:
        return _builtin_vocabulary()
    return {w for m in metrics for w in _words(m.metric)}


@lru_cache(maxsize=1)
def _builtin_vocabulary() -> frozenset[str]:
    from coach.suggest.metric_library import _builtin

    return frozenset(w for m in _builtin() for w in _words(m.metric))


def _own_metric(okr_set: OkrSet, location: Location) -> str:
    try:
        return okr_set.key_result(kr_ref(location.objective or 0, location.key_result or 0)).measure.metric or ""
    except KeyError:
        return ""


def _names_work(okr_set: OkrSet, location: Location, original: str, settings=None) -> bool:
    """Whether the replaced line is work or a milestone by the rules ('Migrate the card vault'); a line that
    states a result without a metric ('Young people feel supported') may be measured in its own words."""
    from coach.check import check_key_result_in_context
    from coach.rules.registry import names_with_role

    try:
        found = check_key_result_in_context(okr_set, location.objective or 0, original, settings,
                                            kr_pos=location.key_result)
    except ValueError:
        return True  # no such line in the set: judge the rewrite on its own words
    # the rules whose findings say a line is work or a deliverable, not a result (registry role 'initiative')
    work = names_with_role("initiative")
    return any(f.name in work for f in found)


def work_item_findings(okr_set: OkrSet, suggestion: Suggestion, metrics=None, settings=None) -> list[Finding]:
    if suggestion.kind == "objective" or suggestion.question:
        return []
    words = work_item_words(suggestion.text, suggestion.original, library_vocabulary(metrics),
                            _own_metric(okr_set, suggestion.location))
    if len(words) < WORK_ITEM_WORDS or not _names_work(okr_set, suggestion.location, suggestion.original, settings):
        return []
    return [Finding(
        code=WORK_ITEM_CODE, name=WORK_ITEM_NAME, severity=Severity.ERROR,
        message=f"the rewrite measures the work item itself ({', '.join(words)}), not the change it should cause",
        fix="name who or what should be different once the work is done, and measure that",
        location=suggestion.location, evidence=" ".join(words),
        citation=Citation(anchor=UNRELATED_ANCHOR, source="key-results.md",
                          heading="Key results > Outcomes, not outputs"))]


# --------------------------------------------------------------------------- the re-check


def recheck_accepted(okr_set: OkrSet, suggestion: Suggestion, settings) -> list[Finding]:
    """The findings on the suggestion's line once it is accepted and the revised draft is re-checked,
    exactly as the web chat's Accept and Re-check (and ``okr-coach check`` on the downloaded draft) do."""
    from coach.check import check_text
    from coach.revise import apply_suggestion, draft_markdown

    revised = draft_markdown(apply_suggestion(okr_set, suggestion))
    report = check_text(revised, "revised draft", settings)
    loc = suggestion.location
    if suggestion.kind == "objective":
        return [f for f in report.findings if f.location.objective == loc.objective
                and f.location.key_result is None and f.name.startswith("objective-")]
    return [f for f in report.findings
            if (f.location.objective, f.location.key_result) == (loc.objective, loc.key_result)]


def _source_numbers_text(okr_set: OkrSet, suggestion: Suggestion) -> str:
    """Where a rewrite's numbers may come from: the line it replaces, and the set's period."""
    return f"{suggestion.original} {okr_set.period or ''}"


def _objective_text(okr_set: OkrSet, position: int | None) -> str:
    return next((o.text for o in okr_set.objectives if o.position == position), "")


def check_rewrite(okr_set: OkrSet, suggestion: Suggestion, draft_text: str = "", settings=None, *,
                  rechecked: list[Finding] | None = None) -> list[Finding]:
    """All findings left on a rewrite: the re-checked revised draft's findings on that line, invented numbers
    and an unrelated metric. ``draft_text`` is accepted for older callers; numbers come from the replaced line.
    ``rechecked``: the findings of :func:`recheck_accepted`, when a :class:`~coach.suggest.recheck.Rechecker`
    already has them."""
    location = suggestion.location
    if rechecked is None:
        rechecked = recheck_accepted(okr_set, suggestion, settings)
    findings = [f.model_copy(update={"location": location}) for f in rechecked]
    findings += invented_number_findings(suggestion.text, _source_numbers_text(okr_set, suggestion), location)
    from coach.suggest.metric_library import library

    metrics = library(settings) if settings is not None else None  # the team's metrics count as related too
    findings += unrelated_findings(suggestion, _objective_text(okr_set, location.objective), metrics)
    findings += work_item_findings(okr_set, suggestion, metrics, settings)
    return findings


def is_verified(findings: list[Finding]) -> bool:
    return not any(f.severity is Severity.ERROR for f in findings)


def verify(okr_set: OkrSet, suggestion: Suggestion, draft_text: str = "", settings=None) -> Suggestion:
    """The suggestion with its remaining findings and an honest ``verified`` flag."""
    remaining = check_rewrite(okr_set, suggestion, draft_text, settings)
    return suggestion.model_copy(update={"remaining_findings": remaining, "verified": is_verified(remaining)})


def verify_all(okr_set: OkrSet, suggestions, settings=None) -> list[Suggestion]:
    """:func:`verify` for many suggestions of one set, re-checked together (:mod:`coach.suggest.recheck`):
    the same verdicts, at the cost of about one check per batch instead of one per suggestion."""
    from coach.suggest.recheck import Rechecker

    suggestions = list(suggestions)
    found = Rechecker(okr_set, settings).findings(suggestions)
    out = []
    for suggestion, rechecked in zip(suggestions, found, strict=True):
        remaining = check_rewrite(okr_set, suggestion, settings=settings, rechecked=rechecked)
        out.append(suggestion.model_copy(update={"remaining_findings": remaining, "verified": is_verified(remaining)}))
    return out
