"""Quantities in a key result -> :class:`coach.model.Measure`.

The rule engine trusts these fields, so the reading is conservative: a value is a baseline or a target only
when the words around it say so ("from", "to", "->", "at least", "currently", "(baseline: ...)"), with a
few fallbacks for bare numbers. How it works, in one pass over the text:

1. Blank out what is not a quantity: the list label ("KR 1.2:"), the deadline ("by 30 June"), dates,
   quarter and year names ("Q3", "2026").
2. Find every quantity token: currency, number, multiplier, unit (``€4M``, ``42%``, ``3 days``, ``2.0x``).
3. Give each token a role from the words right before and after it (baseline, target, change, factor),
   then fill the gaps (a lone number after "reach" is the target, "20%" after "increase" is a change).
4. Read the direction from the first direction verb, else from the numbers; cut the metric phrase out of
   the words around the verb and the quantities.

Every regex is anchored on literal text and bounded, so the scan is linear; input longer than
:data:`MAX_MEASURE_CHARS` is read up to that length (a key result is a sentence, not a page).
"""

from __future__ import annotations

import re
from functools import lru_cache
from decimal import Decimal, InvalidOperation

from coach import regex_cache
from coach.model import Direction, Measure
from coach.parse.markup import BULLET_RE, KR_LABEL_RE
from coach.parse.period import scan_time_phrases

#: Patterns the functions below use inline, compiled once with the others.
_NUMBER_NEXT_RE = regex_cache.compile(r"\s*\d")
_WORD_AND_SPACE_RE = regex_cache.compile(r"\S+\s*")


MAX_MEASURE_CHARS = 2_000

# --------------------------------------------------------------------------- quantity tokens

_QTY_RE = regex_cache.compile(
    r"(?=[\d.€$£¥₹UEGCJIA])(?<![\w.,/:#])"
    r"(?P<cur>US\$|A\$|C\$|[€$£¥₹]|(?:USD|EUR|GBP|CHF|JPY|INR|AUD|CAD)\s?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\d,]\d)"
    r"(?:\s?(?P<mult>[kK]|(?i:thousand|million|billion|mn|bn)|MM|M|m|B)(?![A-Za-z]))?"
    r"(?:\s?(?P<unit>%|(?i:percentage\s+points?|percent|per\s?cent|pp|p\.p\.|pts?|points?)"
    r"|[xX×]|(?i:ms|milliseconds?|secs?|seconds?|s|mins?|minutes?|hrs?|hours?|h|days?|(?-i:d)|weeks?|wks?"
    r"|months?|mos?|years?|yrs?)"
    r"|/\s?\d{1,3}|(?i:out\s+of\s+\d{1,3})|(?i:stars?)|USD|EUR|GBP|CHF|(?i:euros?|dollars?|pounds?)"
    r"|t/h|tph|kt|Mt|t|(?i:tonnes?)|kg|km|kWh|MWh|GWh|kW|MW|GW)(?![A-Za-z]))?"
)
#: Where a match of _QTY_RE can start: its leading look-ahead admits these characters only. finditer tries the
#: pattern at every character; :func:`regex_cache.finditer_from` finds these in C and tries it only there.
_QTY_START_RE = regex_cache.compile(r"[\d.€$£¥₹UEGCJIA]")


_WORD_NUMBERS = {
    "zero": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "fifty": 50, "hundred": 100,
}
_WORD_QTY_RE = regex_cache.compile(
    r"\b(?P<word>" + "|".join(_WORD_NUMBERS) + r")\b(?:\s(?P<unit>percent|days?|hours?|weeks?|"
    r"minutes?|seconds?|months?|points?))?", re.IGNORECASE)

_WORD_SET = frozenset(_WORD_NUMBERS)
_UNITS = {
    "%": "%", "percent": "%", "per cent": "%", "percent": "%", "pp": "points", "p.p.": "points",
    "pt": "points", "pts": "points", "point": "points", "points": "points",
    "percentage point": "points", "percentage points": "points",
    "x": "x", "×": "x",
    "ms": "ms", "millisecond": "ms", "milliseconds": "ms",
    "s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds", "seconds": "seconds",
    "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "day": "days", "days": "days",
    "week": "weeks", "weeks": "weeks", "wk": "weeks", "wks": "weeks",
    "month": "months", "months": "months", "mo": "months", "mos": "months",
    "year": "years", "years": "years", "yr": "years", "yrs": "years",
    "star": "stars", "stars": "stars",
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "chf": "CHF",
    "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP",
}
_CURRENCIES = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "US$": "USD", "A$": "AUD", "C$": "CAD"}
_MULTIPLIERS = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mm": 1_000_000, "mn": 1_000_000,
                "million": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000}
_TIME_CONTEXT_RE = regex_cache.compile(
    r"\b(?:time|latency|duration|minutes?|wait|response|load|resolve|resolution|mttr|mttd|mtta|build|deploy|"
    r"queue|turnaround|sla|session|runtime|p\d\d)\b", re.IGNORECASE)


class _Token:
    """One quantity of the line, and the role the words around it give it (set by :func:`_assign_roles`).

    A plain class with slots: a dataclass would compile its methods from source when the module loads
    (about 0.6 ms of a cold ``okr-coach check``), and tokens are only ever read field by field.
    """

    __slots__ = ("start", "end", "value", "text", "unit", "plus", "role", "comparator", "condition")

    def __init__(self, start: int, end: int, value: float, text: str, unit: str | None, plus: bool = False) -> None:
        self.start, self.end, self.value, self.text, self.unit, self.plus = start, end, value, text, unit, plus
        self.role: str | None = None  # baseline | target | change | factor | condition
        self.comparator: str | None = None
        self.condition: str | None = None  # 'within' / 'under' when a time limit qualifies the metric (see below)


def _unit_of(raw: str | None) -> str | None:
    if raw is None:
        return None
    key = " ".join(raw.lower().split())
    if key.startswith("/"):
        return "/" + key[1:].strip()
    if key.startswith("out of"):
        return "/" + key.split()[-1]
    return _UNITS.get(key, key)


def _tokens(text: str, masked: str) -> list[_Token]:
    tokens: list[_Token] = []
    time_context: bool | None = None
    for m in regex_cache.finditer_from(_QTY_START_RE, _QTY_RE, masked):  # a match holds a number
        cur, num, mult, unit = m.group("cur"), m.group("num"), m.group("mult"), m.group("unit")
        end = m.end()
        if not mult and not unit and end < len(masked) and masked[end].isalpha():
            continue  # glued to a word: '2FA', '3D', '4G'
        if masked[end:end + 1] == "-" and masked[end + 1:end + 2].isalpha():
            continue  # part of a compound word: '30-day onboarding', '3-step setup'
        unit_name = _unit_of(unit) if unit else None
        if mult and mult == "m" and not cur:
            if time_context is None:
                time_context = bool(_TIME_CONTEXT_RE.search(masked))
            if time_context:  # '5m' next to 'time to first response' means minutes
                unit_name, mult = unit_name or "minutes", None
        digits = num.replace(",", "") if "," in num else num
        if mult:  # exact decimal arithmetic, then one rounding: '1.1M' is 1100000.0, not 1100000.0000000002
            try:
                value = float(Decimal(digits) * _MULTIPLIERS[mult.lower()])
            except InvalidOperation:  # pragma: no cover - the regex only admits digits
                continue
        else:
            value = float(digits)  # the same correctly rounded float that float(Decimal(digits)) gives
        if cur:
            unit_name = _CURRENCIES.get(cur.strip(), cur.strip().upper())
        plus = end < len(masked) and masked[end] == "+"
        tokens.append(_Token(m.start(), end, value, text[m.start():end].strip(), unit_name, plus))
    word_matches = () if _WORD_SET.isdisjoint(masked.lower().split()) else _WORD_QTY_RE.finditer(masked)
    for m in word_matches:
        before = masked[max(0, m.start() - 24):m.start()].lower()
        if m.group("unit") or _TARGET_BEFORE_RE.search(before) or _BASELINE_BEFORE_RE.search(before) \
                or _comparator_before(before):
            tokens.append(_Token(m.start(), m.end(), float(_WORD_NUMBERS[m.group("word").lower()]),
                                 text[m.start():m.end()], _unit_of(m.group("unit"))))
    tokens.sort(key=lambda t: t.start)
    return tokens


# --------------------------------------------------------------------------- roles

_FILLER_END_RE = regex_cache.compile(r"(?:\b(?:about|around|roughly|approximately|approx\.?|circa|only|just|an?|the|"
                                     r"value\s+of|level\s+of|rate\s+of)|[~≈(])\s*$")
#: How a text that _FILLER_END_RE matches ends, once trailing spaces are gone: a cheap test before the search
#: (an end-anchored pattern is tried at every character). tests/test_parse_measure.py keeps it complete.
_FILLER_ENDINGS = ("about", "around", "roughly", "approximately", "approx", "approx.", "circa", "only", "just", "a",
                   "an", "the", "of", "~", "≈", "(")
_BASELINE_BEFORE_RE = regex_cache.compile(
    r"(?:\bfrom|\bcurrently(?:\s+at)?|\bcurrent(?:ly)?(?:\s+(?:value|level|rate|state))?|\bbaseline(?:\s+(?:of|is|was|at))?|"
    r"\btoday(?:\s+(?:at|is))?|\bwas|\bnow(?:\s+at)?|\bvs\.?|\bversus|\bcompared\s+(?:to|with)|"
    r"\bstarting\s+(?:at|from|point(?:\s+of)?)|\bbase)\s*[:=]?\s*$")
_TARGET_BEFORE_RE = regex_cache.compile(
    r"(?:\bto|\breach(?:es|ing)?|\bhit(?:ting)?|\bachiev(?:e|ing)|\battain|\btarget(?:\s+(?:of|is))?|"
    r"\bgoal(?:\s+of)?|\bof|\bat|->|→|=>|⇒|⟶|=)\s*[:=]?\s*$")
_ARROW_GAP_RE = regex_cache.compile(r"^\s*[,:]?\s*(?:to|->|-->|→|⟶|=>|⇒|—>|–>|\.\.\.?|>)\s*"
                                    r"(?:(?:under|below|over|above|less\s+than|more\s+than|at\s+least|at\s+most|<|>|≤|≥)\s*)?$")
_CHANGE_BEFORE_RE = regex_cache.compile(r"(?:\bby(?:\s+(?:another|an\s+additional|a\s+further|a|an))?|\+)\s*$")
_GE_BEFORE = (r"at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|minimum(?:\s+of)?|min\.?|≥|>=|"
              r"over|above|more\s+than|greater\s+than|higher\s+than|exceed(?:s|ing)?|beyond|>")
_LE_BEFORE = (r"at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+higher\s+than|no\s+greater\s+than|less\s+than|"
              r"fewer\s+than|lower\s+than|under|below|beneath|maximum(?:\s+of)?|max\.?|≤|<=|<|within|up\s+to|"
              r"(?:not|never|don'?t|do\s+not)\s+exceed(?:ing)?")
_GE_BEFORE_RE = regex_cache.compile(rf"(?:(?<![\w<>=\-–—])(?:{_GE_BEFORE}))\s*[:=]?\s*$")
_LE_BEFORE_RE = regex_cache.compile(rf"(?:(?<![\w<>=\-–—])(?:{_LE_BEFORE}))\s*[:=]?\s*$")
_GE_AFTER_RE = regex_cache.compile(
    r"^\s*(?:\+|or\s+(?:more|higher|above|greater|over|better)|and\s+(?:above|up|over|higher)|plus\b)")
_LE_AFTER_RE = regex_cache.compile(
    r"^\s*(?:or\s+(?:less|lower|fewer|below|under|faster)|and\s+(?:below|under|lower)|max\b|maximum\b|at\s+most)")
_BASELINE_AFTER_RE = regex_cache.compile(r"^\s*(?:\(\s*)?(?:today|currently|now|at\s+present|baseline|current)\b")
#: The baseline word right before the *next* number belongs to that number: '48% (currently 32%)'.
_MARKER_ONLY_RE = regex_cache.compile(r"^\s*[,;(]?\s*(?:today|currently|now|at\s+present|baseline|current)"
                                      r"(?:\s+(?:at|is|of|was))?\s*[:=]?\s*$")
_CHANGE_AFTER_RE = regex_cache.compile(
    r"^\s*(?P<word>increase|growth|uplift|lift|improvement|gain|rise|boost|more|higher|bigger|faster|"
    r"reduction|decrease|drop|decline|cut|fewer|less|lower|smaller|shorter|slower)\b")
_PER_BEFORE_RE = regex_cache.compile(r"(?<![a-z])(?:per|every|for\s+every|out\s+of\s+every)\s*$")
_REDUCING_CHANGE_WORDS = frozenset("reduction decrease drop decline cut fewer less lower smaller shorter".split())


_TIME_UNITS = frozenset(("ms", "seconds", "minutes", "hours", "days", "weeks", "months", "years"))
#: A time limit that may be a condition of the metric rather than its target:
#: 'Resolve 90% of tickets within 2 days', 'Answer 95% of chats in under 24 hours'.
_CONDITION_BEFORE_RE = regex_cache.compile(
    r"(?:\b(?P<within>within|inside|in(?:\s+(?:under|less\s+than|no\s+more\s+than|at\s+most))?)"
    r"|\b(?P<under>under|below|less\s+than|faster\s+than))\s*$")


def _mark_conditions(tokens: list[_Token]) -> None:
    """A time limit next to another quantity qualifies the metric; the other quantity is the target.

    'within 2 days' is a condition when the key result states any other (non-time) quantity; a bare
    'under 2 seconds' only when a percentage comes before it ('99% of page loads under 2 seconds').
    Alone ('Resolve tickets within 2 days', 'Cut load time to under 2 seconds') the time is the target.
    """
    for tok in tokens:
        if tok.condition is None or tok.role not in (None, "target"):
            continue
        others = [t for t in tokens if t is not tok and t.condition is None]
        if tok.condition == "within":
            qualifies = any(t.unit not in _TIME_UNITS for t in others)
        else:
            qualifies = any(t.unit == "%" and t.start < tok.start for t in others)
        if qualifies:
            tok.role, tok.comparator = "condition", None


def _comparator_before(before: str) -> str | None:
    if _LE_BEFORE_RE.search(before):
        return "<="
    if _GE_BEFORE_RE.search(before):
        return ">="
    return None


def _assign_roles(masked: str, tokens: list[_Token]) -> str | None:
    """Set each token's role and comparator; return the direction implied by a change noun, if any."""
    implied: str | None = None
    lowered = masked.lower()
    for i, tok in enumerate(tokens):
        prev_end = tokens[i - 1].end if i else 0
        before = lowered[max(prev_end, tok.start - 40):tok.start]
        for _ in range(2):
            if before.rstrip().endswith(_FILLER_ENDINGS) and _FILLER_END_RE.search(before):
                before = _FILLER_END_RE.sub("", before)
        next_start = tokens[i + 1].start if i + 1 < len(tokens) else len(masked)
        after = lowered[tok.end:min(next_start, tok.end + 40)]
        if not tok.unit and not tok.plus and _PER_BEFORE_RE.search(before):
            tok.role = "condition"  # 'complaints per 1,000 orders': the size of the population, not a value
            continue
        if tok.unit in _TIME_UNITS and (condition := _CONDITION_BEFORE_RE.search(before)):
            tok.condition = "within" if condition.group("within") else "under"
        comparator = _comparator_before(before)
        if tok.plus or _GE_AFTER_RE.match(after):
            comparator = ">="
        elif _LE_AFTER_RE.match(after):
            comparator = "<="
        change_after = _CHANGE_AFTER_RE.match(after) if comparator is None else None
        if comparator and not (before.rstrip().endswith("up to") and i and tokens[i - 1].role == "baseline"):
            tok.role, tok.comparator = "target", comparator
        elif _BASELINE_BEFORE_RE.search(before) or (
                _BASELINE_AFTER_RE.match(after) and not (i + 1 < len(tokens) and _MARKER_ONLY_RE.match(after))):
            tok.role = "baseline"
        elif _CHANGE_BEFORE_RE.search(before) or change_after:
            tok.role = "factor" if tok.unit == "x" else "change"
            if change_after:
                implied = "reduce" if change_after.group("word") in _REDUCING_CHANGE_WORDS else "increase"
        elif _TARGET_BEFORE_RE.search(before):
            tok.role = "target"
        elif i + 1 < len(tokens) and _ARROW_GAP_RE.match(masked[tok.end:tokens[i + 1].start]):
            tok.role = "baseline"  # '12,000 -> 18,000', '2.0x to 3.0x', 'NPS 31 → 45'
    _mark_conditions(tokens)
    return implied


# --------------------------------------------------------------------------- direction

_DIRECTION_RE = regex_cache.compile(
    r"\b(?:(?P<increase>increas(?:e|es|ed|ing)|grow(?:s|n|ing|th)?|grew|rais(?:e|es|ed|ing)|boost(?:s|ed|ing)?|"
    r"lift(?:s|ed|ing)?|expand(?:s|ed|ing)?|expansion|doubl(?:e|es|ed|ing)|tripl(?:e|es|ed|ing)|quadrupl(?:e|es|ed|ing)|"
    r"maximi[sz](?:e|es|ed|ing)|scal(?:e|es|ed|ing)\s+up|drive\s+up|push\s+up|uplift|widen|broaden)"
    r"|(?P<improve>improv(?:e|es|ed|ing|ement)|optimi[sz](?:e|es|ed|ing))"
    r"|(?P<reduce>reduc(?:e|es|ed|ing|tion)|decreas(?:e|es|ed|ing)|cut(?:s|ting)?|lower(?:s|ed|ing)?|"
    r"shrink(?:s|ing)?|shrank|halv(?:e|es|ed|ing)|bring(?:s|ing)?\s+down|brought\s+down|drive\s+down|"
    r"drop(?:s|ped|ping)?|minimi[sz](?:e|es|ed|ing)|eliminat(?:e|es|ed|ing)|slash(?:es|ed|ing)?|trim(?:s|med|ming)?|"
    r"shorten(?:s|ed|ing)?|lessen|decline)"
    r"|(?P<reach>reach(?:es|ed|ing)?|achiev(?:e|es|ed|ing)|hit(?:s|ting)?|get(?:s|ting)?\s+to|attain(?:s|ed|ing)?|"
    r"arrive\s+at|land\s+at)"
    r"|(?P<keep>maintain(?:s|ed|ing)?|keep(?:s|ing)?|kept|sustain(?:s|ed|ing)?|stay(?:s|ing)?|remain(?:s|ing)?|"
    r"hold(?:s|ing)?|preserv(?:e|es|ed|ing)|protect(?:s|ed|ing)?|(?:not|never|don'?t)\s+exceed))\b",
    re.IGNORECASE,
)
_LOWER_IS_BETTER_RE = regex_cache.compile(
    r"\b(?:churn|latency|cost|costs|spend|time|times|errors?|defects?|bugs?|incidents?|outages?|downtime|"
    r"tickets?|complaints?|wait|mttr|mttd|cac|attrition|turnover|backlog|bounce|lead\s+time|cycle\s+time|"
    r"load\s+time|response\s+time|escalations?|failures?|delays?|waste|debt|returns|refunds)\b", re.IGNORECASE)
_FACTOR_WORDS_RE = regex_cache.compile(
    r"\b(?P<word>doubl(?:e|es|ed|ing)|tripl(?:e|es|ed|ing)|quadrupl(?:e|es|ed|ing)|halv(?:e|es|ed|ing)|"
    r"(?:cut|reduce|slash)\s+(?:\w+\s+){0,4}?(?:in|by)\s+half|by\s+half|"
    r"(?P<fold>two|three|four|five|ten|\d{1,2})[- ]?fold)\b",
    re.IGNORECASE,
)
_FOLD = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}


#: _DIRECTION_RE without IGNORECASE, for a lower-cased ASCII line: the pattern is written in lower case and
#: lower() keeps every position of ASCII text, so it finds the same matches there, three times as fast (the
#: callers use their positions and which group matched, never their letters' case).
_DIRECTION_ASCII_RE = regex_cache.compile(_DIRECTION_RE.pattern)


def _direction_match(masked: str, first_quantity: int) -> re.Match[str] | None:
    """The first direction verb, when it leads the sentence: before the first quantity or in the first words.

    'Train 100% of staff on the new lifting guidelines' has no direction; 'lifting' is part of a noun phrase.
    """
    matches = _DIRECTION_ASCII_RE.finditer(masked.lower()) if masked.isascii() else _DIRECTION_RE.finditer(masked)
    for match in matches:
        if match.start() > first_quantity and len(masked[:match.start()].split()) > 4:
            return None
        word = match.group(0).lower()
        if word.startswith("hold") and _NUMBER_NEXT_RE.match(masked[match.end():]):
            continue  # 'Hold 4 workshops' is an event, not 'hold a level'
        if masked[match.end():match.end() + 1] == "-" or masked[max(0, match.start() - 1):match.start()] == "-":
            continue  # 'cut-off', 'drop-off', 'hold-up', 'hit-rate': part of a hyphenated noun
        if word == "remaining" and re.search(r"\b(?:the|all|our|any|their|its)\s*$", masked[:match.start()], re.I):
            continue  # 'the remaining 120 trailers' is a quantity, not 'remain at a level'
        return match
    return None


_FACTOR_HINTS = ("doubl", "tripl", "quadrupl", "halv", "half", "fold")
#: Any of the hints, found by one scan in C (a literal alternation is searched by its first letters).
_FACTOR_HINT_RE = regex_cache.compile("|".join(_FACTOR_HINTS))


def _factor(masked: str) -> tuple[float | None, int | None]:
    lowered = masked.lower()
    if not _FACTOR_HINT_RE.search(lowered):
        return None, None
    match = _FACTOR_WORDS_RE.search(masked)
    if not match:
        return None, None
    word = match.group("word").lower()
    if match.group("fold"):
        fold = match.group("fold").lower()
        return float(_FOLD.get(fold) or int(fold)), match.start()
    if word.startswith("doubl"):
        return 2.0, match.start()
    if word.startswith("tripl"):
        return 3.0, match.start()
    if word.startswith("quadrupl"):
        return 4.0, match.start()
    return 0.5, match.start()


# --------------------------------------------------------------------------- metric phrase

_CUT_WORDS_RE = regex_cache.compile(
    r"\s(?:by|from|through|via|while|so\s+that|so|because|in\s+order\s+to|thanks\s+to|using|across|without|"
    r"versus|vs\.?|per\s+the|as\s+measured|measured\s+by|\(|—|–|-\s)|,(?!\d)|[;:(]|\s-\s|\s[–—]")
_LEAD_FILLER_RE = regex_cache.compile(
    r"^(?:(?:the|our|a|an|its|their|overall|total\s+of|to|of|at|on|in|by|is|are|for)\s+)+",
                             re.IGNORECASE)
#: Words that never end a metric ('activation rate of' -> 'activation'); the first word always stays.
_TRAIL_FILLER_WORDS = frozenset(
    "from to by of at least most no more less fewer than under below above over up down currently baseline reach "
    "hit is are was and or a an the in on for with level around about significantly substantially dramatically "
    "drastically considerably greatly meaningfully materially further much massively hugely".split())
_TRAIL_FILLER_PAIRS = frozenset({("rate", "of"), ("a", "lot")})
_EDGE_SYMBOLS = " <>=≥≤→⇒⟶~+*#-–—"
_MAX_METRIC_WORDS = 14
#: A single leading word that is an action, not a metric: 'Onboard at least 120 partners' -> 'partners'.
_ACTION_HEADS = frozenset(
    "no onboard sign close win acquire add resolve ship launch hire publish run hold get land book convert "
    "retain serve process complete deliver create build make send secure generate recruit train enroll enrol "
    "activate handle answer release deploy host organise organize conduct attend write produce sell".split())


def _drop_trailing_fillers(phrase: str) -> str:
    """'onboarding completion rate from' -> 'onboarding completion rate' (``phrase`` has single spaces)."""
    words = phrase.split(" ")
    keep = len(words)
    while keep > 1:
        if keep > 2 and (words[keep - 2].lower(), words[keep - 1].lower()) in _TRAIL_FILLER_PAIRS:
            keep -= 2
        elif words[keep - 1].lower() in _TRAIL_FILLER_WORDS:
            keep -= 1
        else:
            break
    return phrase if keep == len(words) else " ".join(words[:keep])


def _clean_metric(phrase: str) -> str | None:
    phrase = " ".join(phrase.replace("*", " ").split())
    phrase = phrase.strip(" .,;:!?-–—'\"")
    phrase = _drop_trailing_fillers(phrase)
    phrase = _LEAD_FILLER_RE.sub("", phrase) if _LEAD_FILLER_RE.match(phrase) else phrase
    phrase = phrase.rstrip(_EDGE_SYMBOLS).strip(" .,;:!?-–—'\"()")
    if not phrase or not any(ch.isalpha() for ch in phrase):
        return None
    words = phrase.split()
    if len(words) > _MAX_METRIC_WORDS:
        phrase = " ".join(words[:_MAX_METRIC_WORDS])
    return phrase


def _clause(masked: str, start: int, end: int) -> str:
    """Text from ``start`` up to the first clause boundary before ``end``."""
    piece = masked[start:end]
    cut = _CUT_WORDS_RE.search(" " + piece)
    return piece[:max(0, cut.start() - 1)] if cut else piece


def _metric(masked: str, verb: re.Match[str] | None, tokens: list[_Token], factor_at: int | None) -> str | None:
    first_qty = tokens[0].start if tokens else len(masked)
    if verb is not None:
        after = _clean_metric(_clause(masked, verb.end(), _next_token_start(tokens, verb.end(), len(masked))))
        if after:
            return after
        before = _clean_metric(_clause(masked, 0, verb.start()))
        if before:
            return before
    else:
        start = 0 if factor_at is None else factor_at
        if factor_at is not None:  # 'Double weekly active teams'
            word_end = _WORD_AND_SPACE_RE.match(masked[factor_at:])
            start = factor_at + (word_end.end() if word_end else 0)
        head = _clean_metric(_clause(masked, start, first_qty))
        if head and head.lower() not in _ACTION_HEADS:
            return head
    if tokens:  # 'Reach 10,000 paying customers': the metric follows the number
        last = tokens[-1]
        for tok in tokens:
            tail_start = tok.end
            tail = re.sub(r"^\s*(?:\+|or\s+(?:more|higher|less|lower|above|below|better)|and\s+(?:above|up|below))",
                          "", masked[tail_start:])
            phrase = _clean_metric(_clause(tail, 0, len(tail)))
            if phrase:
                return phrase
            if tok is last:
                break
    return None


def _next_token_start(tokens: list[_Token], after: int, default: int) -> int:
    for tok in tokens:
        if tok.start >= after:
            return tok.start
    return default


# --------------------------------------------------------------------------- public


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        if end <= start:
            continue
        out.append(text[pos:start])
        out.append(" " * (end - start))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _label_span(text: str) -> tuple[int, int] | None:
    """The list marker or 'KR 1.2:' label at the start of a line, so its digits are not read as values."""
    end = 0
    bullet = BULLET_RE.match(text)
    if bullet:
        end = bullet.end()
    label = KR_LABEL_RE.match(text, end)
    if label and label.end() > end:
        end = label.end()
    return (0, end) if end else None


def _deadline_phrase(text: str, span: tuple[int, int]) -> str:
    phrase = text[span[0]:span[1]].strip()
    return re.sub(r"^(?:by|before|until|till|in|during|for|at|no\s+later\s+than|not\s+later\s+than)\s+", "",
                  phrase, flags=re.IGNORECASE)


def extract_measure(text: str) -> Measure:
    """Read the quantity a key result talks about. Never raises: unreadable input gives an empty Measure.

    ``"Grow ARR from €4M to €5.2M by end of Q3"`` -> metric 'ARR', direction increase, baseline 4_000_000,
    target 5_200_000, unit 'EUR', deadline 'end of Q3'. See docs/draft-format.md for the phrases understood.

    Results are cached by text (a draft is re-read on every edit, and most of its lines did not change);
    each call returns its own copy, so callers may modify it.
    """
    if not isinstance(text, str) or not text.strip():
        return Measure()
    cached = _extract_cached(text[:MAX_MEASURE_CHARS])
    copy = cached.__copy__()  # what model_copy(update={"numbers": ...}) does, without its generic steps
    copy.__dict__["numbers"] = list(cached.numbers)  # every other field is immutable
    return copy


@lru_cache(maxsize=4096)
def _extract_cached(text: str) -> Measure:
    text = text.replace("\u2212", "-")
    spans: list[tuple[int, int]] = []
    label = _label_span(text)
    if label:
        spans.append(label)
    deadline_span, date_spans = scan_time_phrases(text)
    if deadline_span:
        spans.append(deadline_span)
    spans.extend(date_spans)
    masked = _mask(text, spans)

    tokens = _tokens(text, masked)
    implied = _assign_roles(masked, tokens)
    verb = _direction_match(masked, tokens[0].start if tokens else len(masked))
    factor, factor_at = _factor(masked)
    direction = _direction_of(verb)

    baseline = next((t for t in tokens if t.role == "baseline"), None)
    targets = [t for t in tokens if t.role == "target"]
    # 'within 15 minutes from 62% to 95%': the target is the one after the baseline, the other qualifies
    target = next((t for t in targets if baseline and t.start > baseline.start), targets[0] if targets else None)
    change = next((t for t in tokens if t.role == "change"), None)
    factor_tok = next((t for t in tokens if t.role == "factor"), None)
    loose = [t for t in tokens if t.role is None]
    if target is None and change is None and loose:
        candidate = loose[0]
        if (direction in ("increase", "reduce", "improve") and candidate.unit == "x" and baseline is None
                and factor is None and factor_tok is None):
            factor_tok = candidate  # 'Grow sign-ups 3x'
        elif (direction in ("increase", "reduce", "improve") and candidate.unit in ("%", "points")
              and (baseline is None or baseline.unit != candidate.unit)):
            change = candidate  # 'Increase conversion 20%' reads as 'by 20%'
        else:
            target = candidate
    if factor is None and factor_tok is not None:
        factor = factor_tok.value
        if direction == "reduce" and factor > 1:
            factor = 1 / factor  # 'cut build time 2x' halves it

    direction = _resolve_direction(direction, implied, baseline, target, change, factor, masked)
    carriers = [t for t in (baseline, target, change, factor_tok) if t is not None]
    metric_tokens = sorted(carriers, key=lambda t: t.start) if carriers else tokens
    unit = target.unit if target and target.unit else (baseline.unit if baseline else None)
    baseline_unit = baseline.unit if baseline and baseline.unit and baseline.unit != unit else None
    if target is None and baseline is None and change is not None and change.unit not in ("%", "points"):
        unit = change.unit

    return Measure(
        metric=_metric(masked, verb, metric_tokens, factor_at) if (verb or tokens or factor) else None,
        direction=Direction(direction) if direction else None,
        baseline=baseline.value if baseline else None,
        baseline_text=baseline.text if baseline else None,
        baseline_unit=baseline_unit,
        target=target.value if target else None,
        target_text=target.text if target else None,
        unit=unit,
        comparator=target.comparator if target else None,
        change=change.value if change else None,
        change_unit=change.unit if change else None,
        factor=factor,
        deadline=_deadline_phrase(text, deadline_span) if deadline_span else None,
        numbers=[t.value for t in tokens],
    )


def _direction_of(verb: re.Match[str] | None) -> str | None:
    if verb is None:
        return None
    for name in ("increase", "improve", "reduce", "reach", "keep"):
        if verb.group(name):
            return name
    return None  # pragma: no cover


_SECONDS = {"ms": 0.001, "seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800,
            "months": 2_629_800, "years": 31_557_600}


def _comparable(token: _Token) -> float:
    """A value in a common unit when it is a duration: 'from 2 days to 4h' goes down, not up."""
    return token.value * _SECONDS.get(token.unit or "", 1)


def _resolve_direction(direction, implied, baseline, target, change, factor, masked) -> str | None:
    """'improve' follows the numbers (or the metric: churn, latency...); no verb -> numbers, else 'reach'."""
    if direction == "improve":
        if baseline and target and target.value != baseline.value:
            return "increase" if target.value > baseline.value else "reduce"
        if implied:
            return implied
        return "reduce" if _LOWER_IS_BETTER_RE.search(masked) else "increase"
    if direction:
        return direction
    if implied:
        return implied
    if factor is not None:
        return "increase" if factor > 1 else "reduce"
    if baseline and target:
        start, end = (baseline.value, target.value) if baseline.unit == target.unit or not (
            baseline.unit in _SECONDS and target.unit in _SECONDS) else (_comparable(baseline), _comparable(target))
        if end > start:
            return "increase"
        if end < start:
            return "reduce"
        return "keep"
    if target:
        return "reach"
    return None
