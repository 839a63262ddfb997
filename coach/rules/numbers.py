"""Which numbers in a line state an amount, and whether the line states a start and an end value.

A coach reads "Raise eNPS from -5 to 20", "Keep CSAT above 4.5/5", "Cut onboarding from two weeks to one
week" and "Zero P1 incidents" as quantities, and "ISO 27001", "SOC 2", "Windows 11", "the 2027 hiring
plan", "30-day retention", "p95" or "24/7" as names. This module holds that grammar so that the rules
and the objective checks agree on it.
"""

from __future__ import annotations

import re

from coach import regex_cache

# A number as written: currency, digits with thousands separators, a unit or scale suffix.
_NUMBER_RE = regex_cache.compile(
    r"(?P<cur>[$€£¥₹])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<suffix>%|\s?(?:k|m|mm|bn|b|x|×|pp|pts?|ms|s|h|hrs?|d|mins?|days?|weeks?|hours?|minutes?|seconds?|"
    r"months?|years?|percent|per\s?cent|points?|p|c|¢"
    # physical units glued on or after a space: '0.9Mt', '40kt', '3,450 t/h', '12 MWh', '80 km'
    r"|t/h|tph|kt|mt|t|tonnes?|kg|km|kwh|mwh|gwh|kw|mw|gw)(?![a-z]))?", re.IGNORECASE)  # 'p', 'c': pence, cents
#: Words after which a number is a name, a grade or a standard, not an amount ('ISO 27001', 'tier 2').
_NOT_QUANTITY_BEFORE = frozenset(
    "iso soc wcag pci gdpr level tier type version v sev sev- p phase step stage grade year week day q h fy "
    "iec nist hipaa covid web ipv top- series round release windows ios android macos python java node "
    "chapter section page article clause item module lesson unit key iatf bs din ieee astm nfpa "
    "quarter sprint month term semester trimester season wave iteration cycle milestone increment pi".split())
_ORDINAL_AFTER_RE = regex_cache.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
_YEAR_RE = regex_cache.compile(r"^(?:19[5-9]\d|20\d\d)$")
#: A score on a scale: '4.5/5', '8/10', '92/100', '17/25' (a number no larger than the scale after it).
_SCALE_RE = regex_cache.compile(r"^/([4-9]|[1-9]\d|100)(?![\d/.])")
_COMMON_SCALES = frozenset((5, 7, 10, 100))
#: 'by 3/4', 'before 1/6': a day and a month after a deadline word, not a score.
_DATE_PREP_RE = regex_cache.compile(r"(?<![a-z])(?:by|before|until|till|on|due)\s*$", re.IGNORECASE)
#: A per-unit slash glued to the number: '410/month', '3/wk', '12/user' (but '24/7' is a name).
_PER_UNIT_RE = regex_cache.compile(r"^/\s?[a-z]{1,12}(?![a-z])", re.IGNORECASE)
#: '4.8-star rating' states a value; '1-star reviews' and '10-point scale' name a kind of thing or a scale.
_RATING_RE = regex_cache.compile(
    r"^-(?:stars?|points?|pts?)(?![a-z])(?!\s+(?:scales?\b|(?!ratings\b|scores\b|averages?\b)[a-z]+[^s\W]s\b))",
    re.IGNORECASE)
_DIGIT_RE = regex_cache.compile(r"\d")
_SIGNS = "-−–±+~≈"
_FOLLOWING_WORDS_RE = regex_cache.compile(r"\s+([a-z][a-z\-]*)(?:\s+([a-z][a-z\-]*))?")
_PREPOSITIONS_AFTER_YEAR = frozenset(
    "by for with in on of at from to through via across into onto over under within without about as than "
    "per and or so".split())

_UNITS = {"zero": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_WORD_NUMBER_RE = regex_cache.compile(
    r"(?<![a-z\-])(?P<word>(?:" + "|".join(_TENS) + r")(?:[\s\-](?:" + "|".join(k for k in _UNITS if k not in
                                                                              ("zero", "no")) +
    r"))?|" + "|".join(k for k in _UNITS if k != "no") + r"|a dozen|dozen|a hundred|hundred)"
    r"(?P<unit>\s+(?:percent|per\s?cent|points?|days?|weeks?|months?|hours?|minutes?|seconds?|years?|"
    r"working days?|business days?))?(?![a-z\-])", re.IGNORECASE)
#: _WORD_NUMBER_RE without IGNORECASE, for lower-cased ASCII text: the pattern is written in lower case, so on
#: such text it finds the same matches, more than twice as fast.
_WORD_NUMBER_ASCII_RE = regex_cache.compile(_WORD_NUMBER_RE.pattern)
#: 'from two weeks to one week', 'from thirty to forty-five': number words in a from ... to ... pair.
_WORD_PAIR_RE = regex_cache.compile(r"(?<![a-z])from\s+(?P<a>[a-z\-]+(?:\s[a-z]+)?)\s+(?:to|→|->)\s+(?P<b>[a-z\-]+)")
#: 'Zero P1 incidents', 'no more than 2', 'half the backlog': amounts written as words.
WORD_QUANTITY_RE = regex_cache.compile(r"(?<![a-z])(?:zero|none|half|no more than|no fewer than)(?![a-z])"
                              # a fraction of the start: 'down by a third', 'cut by two thirds', 'by a quarter'
                              r"|(?<![a-z])by (?:a|one|two|three) (?:thirds?|quarters?|fifths?|tenths?)(?![a-z])"
                              # a line that opens with 'No' counts to zero: 'No missed payroll deadlines'
                              r"|^no (?!(?:more|fewer|less|later|longer|one|further|need|change)(?![a-z]))(?=[a-z0-9])")
#: Every match of WORD_QUANTITY_RE holds one of these ('no more than' and the opening 'No' hold 'no ', the
#: fractions 'by '). Finding none is one scan in C, several times faster than the search it saves.
_WORD_QUANTITY_HINT_RE = regex_cache.compile(r"zero|none|half|no |by ")


def word_quantity(flat: str) -> re.Match[str] | None:
    """``WORD_QUANTITY_RE.search(flat)``, skipped in a line with none of its words."""
    return WORD_QUANTITY_RE.search(flat) if _WORD_QUANTITY_HINT_RE.search(flat) else None


#: How often, as times per year: 'Deploy frequency from weekly to daily'.
_FREQUENCY = {"hourly": 8760, "daily": 365, "weekly": 52, "fortnightly": 26, "biweekly": 26, "monthly": 12,
              "quarterly": 4, "yearly": 1, "annually": 1}


_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_FREQUENCY) | {"dozen", "hundred"}
_LETTERS_RE = regex_cache.compile(r"[a-z]+")


def _word_value(word: str) -> float | None:
    word = word.lower().replace("-", " ")
    if word in _FREQUENCY:
        return float(_FREQUENCY[word])
    parts = word.split()
    if parts[0] == "a":
        parts = parts[1:]
    if parts == ["dozen"]:
        return 12.0
    if parts == ["hundred"]:
        return 100.0
    total = 0
    for part in parts:
        if part in _TENS:
            total += _TENS[part]
        elif part in _UNITS:
            total += _UNITS[part]
        else:
            return None
    return float(total)


def _previous_words(text: str, start: int) -> tuple[str, str]:
    """The two words right before ``start`` (lower case), when only spaces separate them from it."""
    prefix = text[max(0, start - 40):start]
    if prefix[-1:] not in ("", " ", "-") and not prefix[-1:].isalpha():
        return "", ""
    words = prefix.lower().split()
    last = words[-1] if words else ""
    if not last or not (last[0].isalpha() and (last.rstrip("-").isalpha() or "-" in last)):
        return "", ""
    return (words[-2] if len(words) > 1 else ""), last


#: Words after which a bare decimal names a release: 'Ship 4.18', 'Release 2.0', 'a stable 1.1'.
_RELEASE_WORDS = frozenset("ship ships shipped release releases released launch launched tag tagged publish "
                           "published".split())
_FUNCTION_AFTER_RE = regex_cache.compile(r"\s*(?:$|[,;:.)]|(?:with|to|by|that|which|of|in|on|for|and|so|before|"
                                         r"after|is|was|will)\b)", re.IGNORECASE)


def _names_a_release(text: str, end: int, prev_word: str, before_word: str) -> bool:
    """A decimal with no unit after a release verb, or after an article and a describing word ('a stable
    2.1'), with no noun it could count after it, is the release's name: nobody ships 4.18 of something.
    ('A 0.7 on a stretch key result' is a score: the article alone does not name.)"""
    if prev_word not in _RELEASE_WORDS and (before_word not in ("a", "an", "the") or prev_word in ("a", "an", "the")):
        return False
    return _FUNCTION_AFTER_RE.match(text, end) is not None


def _is_version(text: str, start: int) -> bool:
    """'Windows 11', 'Python 3.12': a bare number right after a capitalised name (not the first word)."""
    prefix = text[:start].rstrip()
    if len(prefix) == len(text[:start]):
        return False
    cut = prefix.rfind(" ")
    word = prefix[cut + 1:].lstrip("(")
    return cut > 0 and len(word) > 1 and word[0].isupper() and word[1:].isalpha() and word[1:].islower()


#: Where a match of _NUMBER_RE can start: a currency sign, a digit or a point. _NUMBER_RE (led by an optional
#: group) is tried at every character by finditer; this class is found in C, and the pattern is tried only there.
_NUMBER_START_RE = regex_cache.compile(r"[$€£¥₹\d.]")



def quantities(text: str, *, words: bool = True) -> list[tuple[float, str]]:
    """Numbers in ``text`` that state an amount: ``(value, as written)``, values as magnitudes.

    Leaves out years ("2026", "the 2027 hiring plan"), ordinals ("2nd grade"), standards and versions
    ("ISO 27001", "SOC 2", "WCAG 2.2", "Windows 11"), severities and tiers ("sev-1", "tier 2"), "1:1s",
    "24/7", and numbers glued into a compound ("30-day retention", "p95", "2FA", "360-degree"). Keeps
    signed values ("from -5 to 20", "±8%"), scores on a scale ("4.5/5") and number words with a unit or in
    a from/to pair ("from two weeks to one week"; only with ``words``: objectives use number words as
    ordinary words, "plan beyond one year").
    """
    out: list[tuple[float, str]] = []
    if not _DIGIT_RE.search(text):
        return _word_quantities(text) if words else out
    for m in regex_cache.finditer_from(_NUMBER_START_RE, _NUMBER_RE, text):  # never empty
        start, end = m.start(), m.end()
        suffix = m.group("suffix")
        prev_char = text[start - 1] if start else ""
        if prev_char in "-–" and prev_char and start >= 2 and text[start - 2].isdigit() and _range_end(m):
            out.append((float(m.group("num").replace(",", "")), m.group(0).strip()))  # '90-92%': the upper end
            continue
        if prev_char in _SIGNS and prev_char:
            before_sign = text[start - 2] if start >= 2 else ""
            if before_sign and (before_sign.isalnum() or before_sign in "-:/.#_'"):
                continue  # 'sev-1', 'covid-19', 'B2B-2'
        elif prev_char and (prev_char.isalnum() or prev_char in ":/.#_'"):
            continue
        next_char = text[end:end + 1]
        scale = _SCALE_RE.match(text[end:]) if not suffix else None
        if scale and float(m.group("num").replace(",", "")) <= float(scale.group(1)) and not (
                int(scale.group(1)) not in _COMMON_SCALES and _DATE_PREP_RE.search(text[max(0, start - 12):start])):
            out.append((float(m.group("num").replace(",", "")), m.group(0) + scale.group(0)))
            continue
        if next_char == "/" and not suffix and _PER_UNIT_RE.match(text[end:]):
            out.append((float(m.group("num").replace(",", "")), m.group(0)))  # '410/month', '12/user'
            continue
        if next_char == ":" and not suffix and (ratio := _RATIO_RE.match(text, end)) \
                and "ratio" in text[max(0, start - 40):start].lower():
            out.append((float(m.group("num").replace(",", "")), m.group(0) + ratio.group(0)))
            continue  # 'LTV:CAC ratio to 3:1': a ratio, not a time or '1:1s'
        if next_char and (next_char.isalpha() or next_char in ":/") and not suffix:
            continue  # '2nd', '3D', '1:1', '24/7'
        if next_char in "-–" and not suffix and (range_end := _RANGE_AFTER_RE.match(text[end:])) \
                and (range_end.group(1) or _RANGE_BEFORE_RE.search(text[max(0, start - 20):start])
                     or _counts_a_noun(text, end + range_end.end(), start)):
            out.append((float(m.group("num").replace(",", "")), m.group(0)))  # '90-92%', 'to 40–45': a range
            continue
        if next_char == "-" and not suffix and not _RATING_RE.match(text[end:]):
            continue  # '30-day', '360-degree', 'first-90-day' (but '4.8-star rating' is a value)
        if _ORDINAL_AFTER_RE.match(text[m.end("num"):]):
            continue
        before_word, prev_word = _previous_words(text, start)
        if prev_word in _NOT_QUANTITY_BEFORE and not m.group("cur") \
                and before_word not in ("per", "a", "an", "each", "every"):
            continue  # 'ISO 27001', 'week 1' (but 'per week 2.1' is a rate and its value)
        num = m.group("num")
        if not m.group("cur") and not suffix and "," not in num and "." not in num and _is_version(text, start):
            continue
        if "." in num and not m.group("cur") and not suffix and _names_a_release(text, end, prev_word, before_word):
            continue  # 'Ship 4.18 with universal links', 'a production-grade 1.1 that operators run'
        if _YEAR_RE.match(num) and not m.group("cur") and not suffix and _is_year(text, end):
            continue  # 'in 2026', 'the 2027 hiring plan'; '2000 users', '2000 paying schools' are amounts
        out.append((float(num.replace(",", "")), m.group(0).strip()))
    if words:
        out.extend(_word_quantities(text))
    return out


#: The end of a range after its start: '-92%', '–45 days'.
_RANGE_AFTER_RE = regex_cache.compile(
    r"^[-–]\d+(?:\.\d+)?(%|\s?(?:days?|hours?|weeks?|minutes?|pp|pts?|points?)(?![a-z]))?")
#: Words that put a range where a value belongs: 'to 40–45', 'between 8-10', 'at 3-4'.
_RANGE_BEFORE_RE = regex_cache.compile(r"(?<![a-z])(?:to|at|between|of|reach|within|around)\s*$", re.IGNORECASE)


#: The second term of a ratio: ':1', ':2.5'.
_RATIO_RE = regex_cache.compile(r":\d+(?:\.\d+)?(?![\d:])")
#: A word after a range that a count can modify: 'fund 3-5 engagements', '2-3 large institutions'.
_COUNTED_AFTER_RE = regex_cache.compile(r"\s+(?-i:[a-z])[a-z-]{2,}")
_NOT_COUNTED = frozenset("from to at in on by for of with and or per than until via into".split())
_MONTHS = frozenset("january february march april may june july august september october november december "
                    "jan feb mar apr jun jul aug sep sept oct nov dec".split())


def _counts_a_noun(text: str, after: int, start: int) -> bool:
    """A range followed by a word it counts ('3-5 engagements'), not by a month ('3-5 March') and not after
    a word that names a phase or a version ('phase 2-3')."""
    word = _COUNTED_AFTER_RE.match(text, after)
    counted = word.group(0).strip() if word else ""
    if not counted or counted in _MONTHS or counted in _NOT_COUNTED or counted.endswith("ing"):
        return False  # 'presses 7-12 from 91%', 'lines 3-5 running two shifts': the range names, not counts
    before = _previous_words(text, start)[1]
    return before not in _NOT_QUANTITY_BEFORE and before != "from"  # 'revenue from 3-5 deals': where it comes from


def _range_end(m: re.Match[str]) -> bool:
    """The number after a range dash ('90-92%') when the range states a value: a unit, or a start read as one."""
    text = m.string
    start = m.start()
    if m.group("suffix"):
        return True
    first = _NUMBER_RE.search(text, max(0, start - 12), start - 1)
    while first is not None and first.end() != start - 1:
        first = _NUMBER_RE.search(text, first.end(), start - 1)
    return first is not None and bool(_RANGE_BEFORE_RE.search(text[max(0, first.start() - 20):first.start()]))


def _is_year(text: str, end: int) -> bool:
    """A bare 1950-2099 is a year unless a counted (plural) noun follows within two words."""
    following = _FOLLOWING_WORDS_RE.match(text[end:end + 40].lower())
    if not following:
        return True
    for word in following.group(1, 2):
        if not word or word in _PREPOSITIONS_AFTER_YEAR:
            return True
        if word.endswith("s") and not word.endswith("ss"):
            return False
    return True


def _word_quantities(text: str) -> list[tuple[float, str]]:
    """Number words with a unit ('two weeks', 'ninety minutes') or in a from/to pair ('from thirty to 45')."""
    lowered = text.lower()
    if not _NUMBER_WORDS.intersection(_LETTERS_RE.findall(lowered)):
        return []
    found: dict[int, tuple[float, str]] = {}
    for m in (_WORD_NUMBER_ASCII_RE if lowered.isascii() else _WORD_NUMBER_RE).finditer(lowered):
        value = _word_value(m.group("word"))
        if m.group("unit") and value is not None:
            found[m.start()] = (value, text[m.start():m.end()])
    for m in _WORD_PAIR_RE.finditer(lowered):
        for name in ("a", "b"):
            value = _word_value(m.group(name).split()[0])
            if value is not None and m.start(name) not in found:
                found[m.start(name)] = (value, text[m.start(name):m.end(name)])
    return [found[k] for k in sorted(found)]


#: 'from X to Y', 'X -> Y', 'X → Y', 'up from X', '(from X)', 'currently X', 'baseline X', 'was X'.
_BASELINE_CUE_RE = regex_cache.compile(
    r"(?<![a-z])(?:from|currently|baseline(?: of| is| was)?:?|was|vs\.?|versus|today:?|now:?|starting at|"
    r"starting point:?)\s*[(]?\s*[<>≤≥~≈±+\-−]?\s*[$€£¥₹]?\.?\d", re.IGNORECASE)
_ARROW_RE = regex_cache.compile(
    r"\d\s*[%a-z/]*\s*(?:→|->|—>|=>|⟶|➝|to)\s*(?:(?:under|below|over|above|less than|more than|"
    r"at least|at most)\s+)?[<>≤≥~≈±+\-−]?\s*[$€£¥₹]?\.?\d", re.IGNORECASE)


#: A present value in brackets: '(it's ~7% now)', '(we're at 61%)', '(7% last quarter)', '(Q2: 7%)'.
_BRACKET_BASELINE_RE = regex_cache.compile(
    r"\((?=[^()]{0,40}\d)[^()]{0,40}?(?<![a-z])(?:it'?s|it is|we'?re at|we are at|sitting at|running at|stands? at|"
    r"right now|rn|at the moment|atm|at present|as of today|today|now|this (?:quarter|year|month|term)|"
    r"last (?:quarter|year|month|term|cycle|season|semester|period)|in (?:q[1-4]|h[12]|fy ?\d{2,4}|20\d\d)|"
    r"q[1-4]\s*[:=]|h[12]\s*[:=]|(?:19|20)\d\d\s*[:=])(?![a-z])[^()]{0,30}\)", re.IGNORECASE)
#: A named level before a number in brackets: 'from "Mixed" (62% positive) to 80%', 'from amber (3.1) to 4'.
_NAMED_START_RE = regex_cache.compile(
    r"(?<![a-z])from\s+(?:[\"“'‘][^\"”'’]{1,25}[\"”'’]|[a-z]+(?:\s[a-z]+)?)\s*\(\s*[<>≤≥~≈±+\-−]?\s*[$€£¥₹]?\.?\d",
    re.IGNORECASE)


def states_baseline(text: str) -> bool:
    """Whether the line names the value it starts from, whatever the parser made of the numbers.

    'from -5 to 20', 'from ±18% to ±8%', '2% → 3.5%', 'NPS 31 -> 45', '(currently 72%)', 'baseline 40',
    '(it's ~7% right now)', '(7% last quarter)', 'from "Mixed" (62%) to 80%'.
    """
    if _BASELINE_CUE_RE.search(text) or _ARROW_RE.search(text):
        return True
    if "(" in text and (_BRACKET_BASELINE_RE.search(text) or _NAMED_START_RE.search(text)):
        return True
    return any(_word_value(m.group("a").split()[0]) is not None for m in _WORD_PAIR_RE.finditer(text.lower()))
