"""What a coach notices when reading one key result or objective, computed once per check.

The rules share these facts so that their verdicts agree: when a line is an activity, the metric rules stay
silent on it; a binary milestone is not also "missing a target". Each fact keeps the words that triggered it
(the evidence shown in a finding).

Reading order for a key result (first match wins):

1. **Activity**: it leads with a work verb (launch, shipped, rolling out...), counts outputs ("Make 200
   calls", "Hold 4 workshops", "Get 5 speaking slots"), is a work noun with no metric ("Loyalty app
   redesign", "Go-live of the CRM"), or a subject does work with no measure ("Every employee completes
   security training"). A change verb in the lead ("Increase activation ... through the new flow") is a
   result, whatever deliverable the means clause names.
2. **Binary milestone**: a one-off state with no number ("Pricing page is live", "Contract signed",
   "Secure a multi-year grant").
3. **Metric**: a real quantity (numbers that are not years, grades, standards or compounds like '30-day'),
   a metric noun (rate, NPS, churn, lead time...), a counted thing next to a change verb ("Increase
   families reached") or an "X up/down" phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from coach.model import Direction, Measure
from coach.rules.lexicon import Lexicon, lowered, spaced, tokens

# --------------------------------------------------------------------------- small grammar

#: Words that may precede the leading verb without changing what the line says.
_LEAD_FILLERS = frozenset(
    "successfully fully finally also then first we i you they team will we'll must should shall to "
    "please and our".split())
#: Adverbs ending in -ly that are nouns or adjectives instead ('family reading night', 'monthly churn').
_NOT_ADVERBS = frozenset(
    "family assembly supply monthly weekly daily quarterly yearly hourly early only italy july reply apply "
    "rally ally belly jelly holy ugly friendly likely costly timely lonely lovely silly".split())
_DETERMINERS = frozenset(
    "a an the our their its this that these those all every each some any more fewer less new first "
    "remaining existing two three four five six seven eight nine ten several multiple one".split())
_PREPOSITIONS = frozenset(
    "by for with in on of at from to through via across into onto over under within without about "
    "as than per among between before after during against toward towards".split())
_DIRECTION_PARTICLES_RE = re.compile(r"(?<![a-z])(?:up|down|improved|increased|reduced|decreased|higher|lower)"
                                     r"(?:\s+(?:by|from|to|significantly|substantially|considerably|dramatically))?"
                                     r"(?![a-z])")
_QUANTITY_PHRASE_RE = re.compile(
    r"(?<![a-z])(?:number|share|percentage|proportion|count|amount|fraction|volume|ratio) of(?![a-z])|"
    r"(?<![a-z])how many(?![a-z])|%")
_CERTIFICATION_RE = re.compile(
    r"(?<![a-z])(?:certified|certification|accredited|accreditation|compliant|compliance|approved|"
    r"signed off|audited)(?![a-z])")
_SUBJECT_VERB_WINDOW = 5
_COMPARATIVES = frozenset("more fewer less".split())
_SPEED_COMPARATIVE_RE = re.compile(r"(?<![a-z])(?:faster|quicker|cheaper|sooner|shorter)(?![a-z])")
_RECURRENCE_RE = re.compile(r"(?<![a-z])(?:every|each|per|weekly|monthly|quarterly|daily|fortnightly|biweekly)(?![a-z])")
_COMPARATIVE_COUNT_RE = re.compile(r"(?<![a-z])(?:more|fewer|less)\s+(?:[a-z][a-z\-]*\s+){0,2}?([a-z][a-z\-]*s)(?![a-z])")
_BE_WORDS = frozenset("is are be been being was were gets get got has have had now fully".split())

# Numbers that are not quantities: grades, standards, versions, compounds.
_NUMBER_RE = re.compile(
    r"(?P<cur>[$€£¥₹])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<suffix>%|\s?(?:k|m|mm|bn|b|x|×|pp|pts?|ms|s|h|hrs?|d|mins?|days?|weeks?|hours?|minutes?|seconds?|"
    r"months?|years?|percent|per\s?cent|points?)(?![a-z]))?", re.IGNORECASE)
_NOT_QUANTITY_BEFORE = frozenset(
    "iso soc wcag pci gdpr level tier type version v sev sev- p phase step stage grade year week day q h fy "
    "iec nist hipaa covid web ipv top- series round".split())
_ORDINAL_AFTER_RE = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"^(?:19[5-9]\d|20\d\d)$")
_WORD_QUANTITY_RE = re.compile(r"(?<![a-z])(?:zero|none|half)(?![a-z])")


@dataclass(frozen=True)
class Hit:
    """A fact about a line and the words that show it."""

    words: str
    kind: str  # what kind of evidence: 'task verb', 'output count', 'work noun', 'number', 'metric', ...


def quantities(text: str) -> list[tuple[float, str]]:
    """Numbers in ``text`` that state an amount: ``(value, as written)``.

    Leaves out years ("2026"), ordinals ("2nd grade"), standards and versions ("ISO 27001", "SOC 2",
    "WCAG 2.2"), severities and tiers ("sev-1", "tier 2"), ratios of meeting types ("1:1s"), "24/7",
    and numbers glued into a word or compound ("30-day retention", "p95", "2FA", "360-degree").
    """
    out: list[tuple[float, str]] = []
    for m in _NUMBER_RE.finditer(text):
        start, end = m.start(), m.end()
        before = text[:start]
        prev_char = before[-1:] if before else ""
        next_char = text[end:end + 1]
        if prev_char and (prev_char.isalnum() or prev_char in "-:/.#_'"):
            continue
        if next_char and (next_char.isalpha() or next_char in ":/") and not m.group("suffix"):
            continue  # '2nd', '3D', '1:1', '24/7'
        if next_char == "-" and not m.group("suffix"):
            continue  # '30-day', '360-degree', 'first-90-day'
        if _ORDINAL_AFTER_RE.match(text[m.end("num"):]):
            continue
        prev_word = re.findall(r"[a-z][a-z\-]*", before.lower()[-12:])
        if prev_word and prev_word[-1] in _NOT_QUANTITY_BEFORE and not m.group("cur"):
            continue
        num = m.group("num").replace(",", "")
        if _YEAR_RE.match(num) and not m.group("cur") and not m.group("suffix"):
            following = re.match(r"\s+([a-z]+)", text[end:end + 20])
            if not following or following.group(1) in _PREPOSITIONS or following.group(1) in ("and", "or", "so"):
                continue
        try:
            value = float(num)
        except ValueError:  # pragma: no cover - the regex admits digits only
            continue
        out.append((value, m.group(0).strip()))
    return out


def lead_position(toks: list[str]) -> int:
    """Index of the first word after fillers and adverbs ('Successfully launch' -> 'launch')."""
    i = 0
    while i < len(toks) and i < 4:
        tok = toks[i]
        if tok in _LEAD_FILLERS or (tok.endswith("ly") and len(tok) > 4 and tok not in _NOT_ADVERBS):
            i += 1
            continue
        break
    return i


# --------------------------------------------------------------------------- key results


@dataclass(frozen=True)
class KrFacts:
    """What the rules know about one key result."""

    text: str
    activity: Hit | None
    binary: Hit | None
    metric: Hit | None
    keep: Hit | None
    vague: tuple[Hit, ...]
    has_target: bool
    has_baseline: bool
    deadline: str | None
    quantities: tuple[float, ...]

    @property
    def is_outcome(self) -> bool:
        """A measurable result: names a metric and is not a task (what initiative-as-kr looks for)."""
        return self.activity is None and self.binary is None and self.metric is not None


class _MeasureView(NamedTuple):
    """The parts of a Measure the analysis reads, hashable so that analyses can be cached."""

    baseline: float | None
    target: float | None
    change: float | None
    factor: float | None
    deadline: str | None


def analyse_key_result(text: str, measure: Measure, lex: Lexicon) -> KrFacts:
    """The facts of one key result (cached: re-checking a set after one rewrite re-reads one line)."""
    view = _MeasureView(measure.baseline, measure.target, measure.change, measure.factor, measure.deadline)
    return _analyse_key_result(text, view, lex)


@lru_cache(maxsize=4096)
def _analyse_key_result(text: str, measure: _MeasureView, lex: Lexicon) -> KrFacts:
    toks = tokens(text)
    flat = spaced(text)
    qty = quantities(text)
    values = tuple(v for v, _ in qty)
    has_word_qty = bool(_WORD_QUANTITY_RE.search(flat))
    lead = lead_position(toks)
    result_lead = lex.change_verbs.match(toks, lead) or lex.result_verbs.match(toks, lead)
    keep = _keep(toks, lead, flat, lex)
    activity = None if keep else _activity(toks, lead, flat, qty, measure, lex, result_lead)
    metric = _metric(toks, lead, flat, qty, lex, result_lead)
    binary = None
    if activity is None and keep is None and not qty and not has_word_qty:
        binary = _binary(toks, lead, flat, lex, result_lead, metric)
    has_target = _has_target(measure, values) or (has_word_qty and metric is not None)
    has_baseline = measure.baseline is not None and _value_stated(measure.baseline, values)
    return KrFacts(
        text=text, activity=activity, binary=binary, metric=metric, keep=keep,
        vague=tuple(Hit(w, "vague") for w in dict.fromkeys(lex.vague_words.findall(lowered(text)))),
        has_target=has_target, has_baseline=has_baseline, deadline=measure.deadline, quantities=values)


def _value_stated(value: float, values: tuple[float, ...]) -> bool:
    return any(abs(value - v) < 1e-9 or abs(value - v * 1000) < 1e-6 or abs(value - v * 1e6) < 1e-3
               or abs(value - v * 1e9) < 1 for v in values)


def _has_target(measure: Measure, values: tuple[float, ...]) -> bool:
    if measure.factor is not None:
        return True
    if measure.change is not None and _value_stated(measure.change, values):
        return True
    return measure.target is not None and _value_stated(measure.target, values)


def _keep(toks: list[str], lead: int, flat: str, lex: Lexicon) -> Hit | None:
    """'Maintain 99.9% uptime', 'Keep churn below 2%', 'Uptime stays above 99.9%'."""
    verb = lex.maintain_verbs.match(toks, lead)
    if verb and not (verb.base == "hold" and _counts_outputs(toks, lead + verb.length, lex, "hold")):
        return Hit(verb.words, "keep verb")
    for i in range(lead + 1, min(len(toks), lead + 1 + _SUBJECT_VERB_WINDOW)):
        verb = lex.maintain_verbs.match(toks, i)
        if verb and verb.base in ("stay", "remain", "keep", "hold") and i + 1 < len(toks) and toks[i + 1] in (
                "above", "below", "under", "over", "at", "within", "between", "steady", "stable", "flat"):
            return Hit(f"{verb.words} {toks[i + 1]}", "keep verb")
    return None


_EVENT_VERBS = frozenset({"hold", "run", "host", "organise", "organize"})


def _counts_outputs(toks: list[str], at: int, lex: Lexicon, verb: str = "") -> bool:
    """Whether the words after a verb count things produced or events held ('4 workshops', 'a summit').

    After hold/run/host any count is of events ("Hold 4 town halls"); after other verbs the counted noun
    must be an output ("Get 5 speaking slots" yes, "Get 40 paying bookshops" no).
    """
    window = toks[at:at + 5]
    if window and (re.match(r"^\d", window[0]) or window[0] in ("a", "an")) and verb in _EVENT_VERBS:
        return True  # "Hold 4 town halls", "Run a hackathon"
    object_words = []
    for tok in window:
        if tok in _PREPOSITIONS:
            break
        object_words.append(tok)
    return bool(lex.output_nouns.search(spaced(" ".join(object_words))))


def _looks_like_noun_compound(toks: list[str], at: int, flat: str, qty, measure: Measure, lex: Lexicon) -> bool:
    """'Design system adoption up', 'Release frequency from 2 to 8 a month': the lead word is a noun."""
    nxt = toks[at + 1] if at + 1 < len(toks) else ""
    if not nxt or nxt in _DETERMINERS or re.match(r"^[\d$€£]", nxt):
        return False
    has_measure = bool(_DIRECTION_PARTICLES_RE.search(flat)) or (
        measure.baseline is not None and measure.target is not None)
    return has_measure and bool(lex.metric_nouns.search(spaced(" ".join(toks[at + 1:at + 5]))))


def _activity(toks, lead, flat, qty, measure, lex, result_lead) -> Hit | None:
    if result_lead:
        if result_lead.base in ("achieve", "earn", "gain", "attain", "obtain") and _CERTIFICATION_RE.search(flat) \
                and not qty:
            return Hit(" ".join(toks[lead:lead + 4]), "certification")
        return None
    verb = lex.activity_verbs.match(toks, lead)
    if verb:
        after = toks[lead + verb.length:lead + verb.length + 3]
        if after and re.match(r"^\d", after[0]) and (len(after) > 1 and after[1] in ("of",) or "%" in after[0]):
            return None  # 'Complete 90% of onboarding in week one' is a rate
        if _looks_like_noun_compound(toks, lead, flat, qty, measure, lex):
            return None
        if after and after[0] in _COMPARATIVES:
            return None  # 'Send fewer, more useful notifications' asks for a change
        kind = "output count" if qty and _counts_outputs(toks, lead + verb.length, lex, verb.base) else "task verb"
        return Hit(verb.words, kind)
    verb = lex.output_verbs.match(toks, lead)
    if verb:
        rest = toks[lead + verb.length:]
        if verb.base == "get" and _CERTIFICATION_RE.search(" ".join(rest[:5])):
            return Hit(" ".join(toks[lead:lead + verb.length + min(4, len(rest))]), "certification")
        if _counts_outputs(toks, lead + verb.length, lex, verb.base):
            return Hit(verb.words, "output count")
        if verb.base in ("extend", "move", "open", "start", "begin", "do", "add") \
                and not _metric_with_target(rest, measure, lex) and not _DIRECTION_PARTICLES_RE.search(flat):
            return Hit(verb.words, "task verb")
        return None
    milestone = lex.milestone_verbs.match(toks, lead)
    if milestone and _CERTIFICATION_RE.search(flat) and not qty:
        return Hit(" ".join(toks[lead:lead + 4]), "certification")  # 'Obtain ISO 27001 certification'
    if milestone or lex.maintain_verbs.match(toks, lead):
        return None
    noun = lex.deliverable_nouns.search(flat)
    if noun and not qty and not lex.metric_nouns.search(flat) and not _QUANTITY_PHRASE_RE.search(flat):
        head = toks[0] if toks else ""
        if not (head in lex.activity_verbs or head in lex.change_verbs):
            return Hit(noun.group(0), "work noun")
    # Outputs written as a noun phrase: 'Joint roadmap reviews every month', '4 webinars per quarter'.
    first = toks[lead] if lead < len(toks) else ""
    output = lex.output_nouns.search(flat)
    if output and (qty or _RECURRENCE_RE.search(flat)) and not lex.metric_nouns.search(flat) \
            and not _QUANTITY_PHRASE_RE.search(flat) and first not in lex.change_verbs \
            and first not in lex.result_verbs and first not in lex.maintain_verbs:
        return Hit(output.group(0), "output count")
    # A subject doing work: 'Every employee completes security awareness training'.
    for i in range(lead + 1, min(len(toks), lead + 1 + _SUBJECT_VERB_WINDOW)):
        if toks[i - 1] in _BE_WORDS or toks[i - 1] in _PREPOSITIONS:
            break
        verb = lex.activity_verbs.match(toks, i)
        if verb and not verb.words.endswith(("ed", "built", "written", "done", "set up")) \
                and not verb.words.split()[0].endswith("ing") and not qty \
                and not _QUANTITY_PHRASE_RE.search(flat):
            return Hit(verb.words, "task verb")
    return None


def _metric_with_target(rest: list[str], measure: Measure, lex: Lexicon) -> bool:
    """'Extend runway to 18 months', 'Move NPS from 30 to 45': a metric with a stated value."""
    return bool(lex.metric_nouns.search(spaced(" ".join(rest[:6])))) and (
        measure.target is not None or measure.change is not None)


def _binary(toks, lead, flat, lex, result_lead, metric) -> Hit | None:
    """A one-off yes/no milestone: 'Pricing page is live', 'Contract signed', 'Secure a multi-year grant'."""
    verb = lex.milestone_verbs.match(toks, lead)
    if verb and metric is None and not re.search(r"(?<![a-z])(?:more|fewer|less|new \w+s)(?![a-z])", flat):
        return Hit(" ".join(toks[lead:lead + 3]), "milestone verb")
    if result_lead or lex.change_verbs.match(toks, lead) or lex.activity_verbs.match(toks, lead):
        return None
    if metric is not None and metric.kind != "counted thing":
        return None
    match = next((m for m in lex.milestone_states.finditer(flat) if m.start() > 0), None)
    if match is None:
        return None
    words = flat[:match.end()].split()
    return Hit(" ".join(words[-6:]), "milestone state")


def _metric(toks, lead, flat, qty, lex, result_lead) -> Hit | None:
    if qty:
        return Hit(qty[0][1], "number")
    noun = lex.metric_nouns.search(flat)
    if noun:
        return Hit(noun.group(0), "metric")
    phrase = _QUANTITY_PHRASE_RE.search(flat)
    if phrase:
        return Hit(phrase.group(0), "metric")
    speed = _SPEED_COMPARATIVE_RE.search(flat)
    if speed:
        return Hit(speed.group(0), "metric")  # 'Make checkout faster' implies a time to measure
    comparative = _COMPARATIVE_COUNT_RE.search(flat)
    if comparative and not comparative.group(1).endswith(("ss", "ness")):
        return Hit(comparative.group(0), "counted thing")
    change = lex.change_verbs.match(toks, lead)
    if change:
        obj = []
        for tok in toks[lead + change.length:lead + change.length + 6]:
            if tok in _PREPOSITIONS:
                break
            obj.append(tok)
        counted = lex.count_nouns.search(spaced(" ".join(obj)))
        if counted:
            return Hit(f"{change.words} {counted.group(0)}", "counted thing")
        plural = next((t for t in obj if len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "ness", "ous", "us", "is"))), None)
        if plural:
            return Hit(f"{change.words} {plural}", "counted thing")
    particle = _DIRECTION_PARTICLES_RE.search(flat)
    if particle and particle.start() > 0 and toks and lead < len(toks) and not lex.activity_verbs.match(toks, lead):
        before = flat[:particle.start()].split()
        if before and before[-1] not in _PREPOSITIONS and particle.group(0).split()[0] in ("up", "down"):
            return Hit(f"{before[-1]} {particle.group(0).split()[0]}", "metric")
    return None


# --------------------------------------------------------------------------- direction


_TIME_SECONDS = {"ms": 0.001, "seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800,
                 "months": 2_629_800, "years": 31_557_600}


def direction_conflict(measure: Measure, facts: KrFacts) -> tuple[float, float] | None:
    """The (baseline, target) pair when the stated direction contradicts the numbers, else None."""
    if measure.direction not in (Direction.INCREASE, Direction.REDUCE) or facts.keep is not None:
        return None
    if measure.baseline is None or measure.target is None or not facts.has_baseline or not facts.has_target:
        return None
    base, target = measure.baseline, measure.target
    if measure.baseline_unit and measure.unit and measure.baseline_unit != measure.unit:
        if measure.baseline_unit in _TIME_SECONDS and measure.unit in _TIME_SECONDS:
            base *= _TIME_SECONDS[measure.baseline_unit]
            target *= _TIME_SECONDS[measure.unit]
        else:
            return None
    if measure.direction is Direction.INCREASE and target < base:
        return base, target
    if measure.direction is Direction.REDUCE and target > base:
        return base, target
    return None


# --------------------------------------------------------------------------- objectives


@dataclass(frozen=True)
class ObjectiveFacts:
    text: str
    activity: Hit | None
    quantities: tuple[str, ...]
    purpose: Hit | None
    fog: tuple[Hit, ...]


_TO_PURPOSE_BLOCKERS = frozenset(
    "easy easier hard harder able ready want wants need needs how going time way for from".split())


@lru_cache(maxsize=1024)
def analyse_objective(text: str, lex: Lexicon) -> ObjectiveFacts:
    toks = tokens(text)
    flat = spaced(text)
    lead = lead_position(toks)
    return ObjectiveFacts(
        text=text,
        activity=_objective_activity(toks, lead, flat, lex),
        quantities=tuple(q for _, q in quantities(text)),
        purpose=_purpose(toks, flat, lex),
        fog=tuple(Hit(w, "jargon") for w in dict.fromkeys(lex.fog_phrases.findall(lowered(text)))),
    )


def _objective_activity(toks, lead, flat, lex) -> Hit | None:
    if lex.change_verbs.match(toks, lead) or lex.result_verbs.match(toks, lead) and not \
            lex.milestone_verbs.match(toks, lead):
        return None
    if lex.fog_phrases.search(lowered(" ".join(toks[lead:lead + 4]))):
        return None  # 'Move the needle on ...' is fog, not a task
    verb = lex.activity_verbs.match(toks, lead) or lex.milestone_verbs.match(toks, lead)
    if verb and toks[lead + verb.length:lead + verb.length + 1] not in (["more"], ["fewer"], ["less"]):
        return Hit(verb.words, "task verb")
    verb = lex.output_verbs.match(toks, lead)
    nxt = toks[lead + verb.length] if verb and lead + verb.length < len(toks) else ""
    if verb and (re.match(r"^\d", nxt) or (verb.base == "get" and _CERTIFICATION_RE.search(flat))):
        return Hit(verb.words, "task verb")
    noun = lex.deliverable_nouns.search(flat)
    if noun and not lex.metric_nouns.search(flat) and len(toks) <= 6:
        return Hit(noun.group(0), "work noun")
    return None


def _purpose(toks: list[str], flat: str, lex: Lexicon) -> Hit | None:
    marker = lex.purpose_markers.search(flat)
    if marker and marker.start() > 0:
        return Hit(marker.group(0), "purpose")
    for i, tok in enumerate(toks[1:-1], start=1):
        if tok != "to" or toks[i - 1] in _TO_PURPOSE_BLOCKERS:
            continue
        if lex.change_verbs.match(toks, i + 1) or lex.result_verbs.match(toks, i + 1) \
                or lex.maintain_verbs.match(toks, i + 1):
            if not any(t in ("from",) for t in toks[max(0, i - 4):i]):
                return Hit(f"to {toks[i + 1]}", "purpose")
    return None
