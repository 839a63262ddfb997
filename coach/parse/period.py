"""Cycle periods and deadline phrases: ``Q3 2026``, ``H2 FY26``, ``by 30 June`` -> dates.

Two questions are answered here:

* :func:`parse_period` - which cycle does a period line or title name, and can it be dated?
* :func:`find_deadline` - which words of a key result are its deadline ("by end of Q3", "in Q2")?

Fiscal years are assumed to follow the calendar year (FY26 = 2026-01-01..2026-12-31); a team with another
fiscal calendar still gets the label right, only the dates would be off. A year left out ("Q3", "by 30 June")
is taken from ``today``. A phrase that only states an end ("by end of Q2", "by 30 June") gets ``ends`` and
no ``starts``: the draft does not say when the work begins.

Every pattern is anchored on a keyword and has no nested repetition, so scanning is linear in the text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

from coach import regex_cache

#: Patterns the functions below use inline, compiled once with the others.
_PARTICIPLE_RE = regex_cache.compile(r"^[a-z]{3,}(?:ed|en|id|wn)$")
_RANGE_JOINER_RE = regex_cache.compile(r"\s*(?:-|–|—|to|through|until)\s*")


class Period(NamedTuple):
    """A cycle as written (``label``) and, when the words allow it, its first and last day."""

    label: str
    starts: dt.date | None = None
    ends: dt.date | None = None


MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_YEAR_TAIL = r"(?:20\d\d|['’]\d\d|FY\s?-?(?:20)?\d\d)"  # 2026, '26, FY26, FY 2026
_ORD = r"(?:st|nd|rd|th)?"
_NUMBER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

# One alternation of every time expression, most specific first. Group names say what matched.
_TIME_EXPR = (
    r"(?P<iso>(?P<iso_y>20\d\d)-(?P<iso_m>[01]?\d)-(?P<iso_d>[0-3]?\d))(?!\d)"
    r"|(?P<num>(?P<num_a>[0-3]?\d)[/.](?P<num_b>[01]?\d)[/.](?P<num_y>20\d\d))(?!\d)"
    # a day and a month with no year, only after a deadline word: 'by 30/09', 'before 31.12.', 'until 15/3'
    r"|(?P<dnum>(?P<dn_a>[0-3]?\d)(?P<dn_sep>[/.])(?P<dn_b>[0-3]?\d)(?P<dn_dot>\.)?)(?![\d/%]|\.\d|[^\W\d_])"
    rf"|(?P<dm>(?P<dm_d>[0-3]?\d){_ORD}\s+(?:of\s+)?(?P<dm_m>{_MONTH})(?:,?\s+(?P<dm_y>20\d\d))?)(?!\w)"
    rf"|(?P<mrange>(?P<mr_a>{_MONTH})\s*(?:-|–|—|to|through|until|till)\s*(?P<mr_b>{_MONTH})(?:,?\s+(?P<mr_y>20\d\d))?)(?!\w)"
    rf"|(?P<md>(?P<md_m>{_MONTH})\s+(?P<md_d>[0-3]?\d){_ORD}(?!\d)(?:,?\s+(?P<md_y>20\d\d))?)(?!\w)"
    rf"|(?P<quarter>(?:(?P<q_pre>20\d\d)\s*[-/ ]?\s*)?Q(?P<q>[1-4])(?:\s*[-/,]?\s*(?P<q_y>{_YEAR_TAIL}))?)(?![\w])"
    rf"|(?P<qword>(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+(?:of\s+)?(?P<qw_y>{_YEAR_TAIL}))?)(?!\w)"
    rf"|(?P<half>(?:(?P<h_pre>20\d\d)\s*[-/ ]?\s*)?H(?P<h>[12])(?:\s*[-/,]?\s*(?P<h_y>{_YEAR_TAIL}))?)(?![\w])"
    rf"|(?P<hword>(?P<hw>first|second|1st|2nd)\s+half(?:\s+(?:of\s+)?(?:the\s+year\s+)?(?P<hw_y>{_YEAR_TAIL}))?)(?!\w)"
    r"|(?P<ym>(?P<ym_y>20\d\d)-(?P<ym_m>0[1-9]|1[0-2]))(?![\d\-])"
    r"|(?P<split>(?:(?:FY|fiscal\s+(?:year\s+)?)\s?-?(?P<sp_fa>20\d\d|\d\d)|(?P<sp_a>20\d\d))\s?[/\-–]\s?(?P<sp_b>20\d\d|\d\d))"
    r"(?![\w/\-–])"
    r"|(?P<fy>(?:FY|fiscal\s+(?:year\s+)?)\s?-?(?P<fy_y>20\d\d|\d\d))(?!\w)"
    rf"|(?P<season>(?P<se>spring|summer|autumn|fall|winter|lent|michaelmas|trinity)"
    rf"(?:\s+(?P<se_t>term|semester|trimester|quarter|session))?(?:\s+(?P<se_y>{_YEAR_TAIL}))?)(?!\w)"
    r"|(?P<rel>(?P<rel_w>this|next|current|the)\s+(?P<rel_u>quarter|half|year|month|cycle))(?!\w)"
    r"|(?P<eo>EO(?P<eo_u>[YQMH]))(?!\w)"
    r"|(?P<yearend>year[- ]?end|end\s+of\s+(?:the\s+)?(?:year|quarter|month|half))(?!\w)"
    rf"|(?P<month>(?P<mo>{_MONTH})(?:,?\s+(?P<mo_y>20\d\d))?)(?!\w)"
    # a numbered week or sprint, only after a deadline word: 'by week 40', 'by end of sprint 12', 'in wk 7'
    r"|(?P<weekn>(?:week|wk|sprint|iteration|period)\s?#?(?P<wn>\d{1,2}))(?![\d%])"
    r"|(?P<span>(?:the\s+)?(?:next\s+)?(?P<span_n>\d{1,3})\s+(?P<span_u>days?|weeks?|months?|quarters?))(?!\w)"
    r"|(?P<year>20\d\d)(?![\d%])"
)
_PREP = (r"(?:by|before|until|till|no\s+later\s+than|not\s+later\s+than|in|during|within|over|for|throughout|at)"
         r"\s+(?:the\s+)?(?:(?:end|close|start|beginning|middle)\s+of\s+(?:the\s+)?)?")
_END_OF = r"(?:(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?)"

_PERIOD_RE = regex_cache.compile(rf"(?<![\w/.$€£¥-])(?P<prep>{_PREP}|{_END_OF})?(?:{_TIME_EXPR})", re.IGNORECASE)

#: Words that may follow a bare year without making it a count ("by 2027 and", "in 2026.").
_YEAR_FOLLOWERS = frozenset(
    "and or at the with while so for through via because by to in on as of across worldwide globally "
    "we our i they it all each every".split())
_DEADLINE_PREPS = ("by", "before", "until", "till", "no later than", "not later than", "within")


def _year(text: str | None, today: dt.date) -> int:
    """'2026', "'26", 'FY26', 'FY 2026' -> 2026; missing -> today's year."""
    if not text:
        return today.year
    digits = "".join(ch for ch in text if ch.isdigit())
    value = int(digits)
    return 2000 + value if value < 100 else value


def _month(text: str) -> int:
    return MONTHS[text.strip(". ").lower()[:3]]


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = 3 * quarter - 2
    return dt.date(year, first, 1), _last_day(year, first + 2)


_COUNT_MARKER_RE = regex_cache.compile(
    r"(?:\b(?:to|from|reach|hit|by|of|than|over|under|above|below|least|most|about|around|achieve|get)|->|→|=>)\s*$",
    re.IGNORECASE)
_WORD_RE = regex_cache.compile(r"[a-z][a-z-]*")


def _is_year_used_as_count(text: str, start: int, end: int) -> bool:
    """'by 2000 users' or 'reach 2030 customers' state a count, not a year; 'in 2026 we' is a year."""
    if not _COUNT_MARKER_RE.search(text[max(0, start - 12):start]):
        return False
    word = _WORD_RE.match(text[end:end + 40].lstrip())
    return bool(word) and word.group(0) not in _YEAR_FOLLOWERS


def _accept(match: re.Match[str], text: str) -> bool:
    """Reject look-alikes: the verb 'may', a bare count that happens to look like a year."""
    for group in ("mo", "dm_m", "md_m"):
        if match.group(group) and match.group(group).rstrip(".") == "may":  # the verb, not the month
            return False
    if match.group("year") and _is_year_used_as_count(text, match.start("year"), match.end()):
        return False
    if match.group("dnum") or match.group("weekn"):  # '30/09' or 'week 40' alone may be a score or a label
        prep = (match.group("prep") or "").split()
        if not prep or prep[0].lower() not in ("by", "before", "until", "till", "no", "not", "end", "close"):
            return False
        if match.group("dnum"):
            a, b = int(match.group("dn_a")), int(match.group("dn_b"))
            if match.group("dn_sep") == "." and not match.group("dn_dot") and not (
                    a > 12 and len(match.group("dn_b")) == 2):
                return False  # 'reduce by 3.5' is a change; '31.12.' and 'by 31.12' are dates
            return 1 <= min(a, b) and min(a, b) <= 12 and max(a, b) <= 31
        return True
    if match.group("split"):  # '2026/27' names one fiscal year; '2026/29' is something else
        first = int(match.group("sp_fa") or match.group("sp_a")) % 100
        return int(match.group("sp_b")) % 100 == (first + 1) % 100
    if match.group("season"):  # 'Autumn term', 'Fall 2026'; not the verb 'fall' or 'the summer campaign'
        return bool(match.group("se_t") or match.group("se_y"))
    return True


def _dates(m: re.Match[str], today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of the expression ``m`` matched (a single day gives ``(None, day)``)."""
    g = m.group
    if g("iso"):
        return None, _date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
    if g("num"):
        a, b, year = int(g("num_a")), int(g("num_b")), int(g("num_y"))
        if a > 12 or a == b:  # 30/06/2026: day first
            return None, _date(year, b, a)
        if b > 12:  # 06/30/2026: month first
            return None, _date(year, a, b)
        return None, None  # 03/04/2026 is ambiguous: keep the label, do not guess the date
    if g("dnum"):
        a, b = int(g("dn_a")), int(g("dn_b"))
        if a > 12 or a == b:  # 30/09: day first
            return None, _date(today.year, b, a)
        if b > 12:  # 09/30: month first
            return None, _date(today.year, a, b)
        return None, None  # 03/04 is ambiguous: keep the label, do not guess the date
    if g("weekn"):
        return None, None  # week and sprint numbers follow each team's own calendar
    if g("dm"):
        return None, _date(_year(g("dm_y"), today), _month(g("dm_m")), int(g("dm_d")))
    if g("md"):
        return None, _date(_year(g("md_y"), today), _month(g("md_m")), int(g("md_d")))
    if g("mrange"):
        year = _year(g("mr_y"), today)
        first, last = _month(g("mr_a")), _month(g("mr_b"))
        end_year = year if last >= first else year + 1
        return dt.date(year, first, 1), _last_day(end_year, last)
    if g("quarter"):
        year = _year(g("q_y") or g("q_pre"), today)
        return _quarter_bounds(year, int(g("q")))
    if g("qword"):
        return _quarter_bounds(_year(g("qw_y"), today), _NUMBER_WORDS[g("qw").lower()])
    if g("half") or g("hword"):
        half = int(g("h")) if g("half") else _NUMBER_WORDS[g("hw").lower()]
        year = _year(g("h_y") or g("h_pre") or g("hw_y"), today)
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    if g("ym"):
        year, month = int(g("ym_y")), int(g("ym_m"))
        return dt.date(year, month, 1), _last_day(year, month)
    if g("split") or g("season"):
        return None, None  # fiscal years and school terms start in different months in different places
    if g("fy"):
        year = _year(g("fy_y"), today)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if g("rel"):
        return _relative(g("rel_w").lower(), g("rel_u").lower(), today)
    if g("eo"):
        unit = {"Y": "year", "Q": "quarter", "M": "month", "H": "half"}[g("eo_u").upper()]
        return None, _relative("this", unit, today)[1]
    if g("yearend"):
        words = g("yearend").lower()
        unit = next((u for u in ("quarter", "month", "half") if u in words), "year")
        return None, _relative("this", unit, today)[1]
    if g("month"):
        year, month = _year(g("mo_y"), today), _month(g("mo"))
        return dt.date(year, month, 1), _last_day(year, month)
    if g("year"):
        year = int(g("year"))
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None, None  # "within 90 days", "this cycle": a span with no fixed dates


def _relative(which: str, unit: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    step = 1 if which == "next" else 0
    if unit == "year":
        year = today.year + step
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if unit == "quarter":
        index = (today.month - 1) // 3 + step
        return _quarter_bounds(today.year + index // 4, index % 4 + 1)
    if unit == "half":
        index = (today.month - 1) // 6 + step
        year, half = today.year + index // 2, index % 2
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 0 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    if unit == "month":
        index = today.month - 1 + step
        year, month = today.year + index // 12, index % 12 + 1
        return dt.date(year, month, 1), _last_day(year, month)
    return None, None  # "this cycle"


#: Where a time expression can start. Scanning for these first and trying the full pattern only there is
#: several times faster than ``_PERIOD_RE.finditer`` and finds the same matches (a test checks this). A number
#: followed by '%' starts none ('42%': every form that starts with digits has a space, a separator, a letter
#: or the end after them), so it is not tried.
_CANDIDATE_RE = regex_cache.compile(
    r"(?<![\w/.$€£¥-])(?:\d(?!\d*%)|(?:by|before|until|till|no|not|in|during|within|over|for|throughout|at|the|end|close|"
    r"q[1-4]|h[12]|fy|fiscal|first|second|third|fourth|this|next|current|eo[yqmh]|year)(?![a-z])"
    r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|winter|lent|michaelmas|trinity)",
    re.IGNORECASE,
)


#: _CANDIDATE_RE without IGNORECASE, for a lower-cased ASCII line: on ASCII text the two find the same spans
#: (the pattern is written in lower case, and lower() keeps every position), and case-sensitive matching of
#: its 40-word alternation is about twice as fast.
_CANDIDATE_ASCII_RE = regex_cache.compile(_CANDIDATE_RE.pattern)


#: _PERIOD_RE for a lower-cased ASCII line: the same pattern with its capital letters ('Q', 'H', 'FY', 'EO',
#: '[YQMH]'; not the escapes '\W' or the 'P' of '(?P<') in lower case, without IGNORECASE. On ASCII text the
#: two match at the same places with the same spans, and the case-sensitive one fails about twice as fast,
#: which is what most candidates do ('the', 'by 25%', '3 times'). Its groups keep the line's lower case, so
#: a candidate it matches is matched again with _PERIOD_RE on the line as written (whose groups callers read).
_PERIOD_ASCII_RE = regex_cache.compile(re.sub(r"(?<!\\)(?<!\(\?)[A-Z]", lambda m: m.group(0).lower(), _PERIOD_RE.pattern))


def _iter_matches(text: str):
    position = 0
    if text.isascii():
        search, scanned, quick = _CANDIDATE_ASCII_RE.search, text.lower(), _PERIOD_ASCII_RE.match
    else:
        search, scanned, quick = _CANDIDATE_RE.search, text, None
    while True:
        candidate = search(scanned, position)
        if candidate is None:
            return
        if quick is not None and quick(scanned, candidate.start()) is None:
            match = None  # what _PERIOD_RE.match(text, candidate.start()) gives (see _PERIOD_ASCII_RE)
        else:
            match = _PERIOD_RE.match(text, candidate.start())
        if match is None:
            position = candidate.end()
            continue
        position = max(match.end(), candidate.end())
        if _accept(match, text):
            yield match


#: Words before a cycle that do not change it: 'OKRs for Q3' and 'goals in H2' name Q3 and H2.
_CYCLE_PREPS = frozenset(("in", "during", "for", "throughout", "over", "at"))
_BOUNDARY_WORDS = frozenset(("start", "beginning", "middle"))


def parse_period(text: str, *, today: dt.date | None = None) -> Period | None:
    """The first cycle named in ``text`` ("Q3 2026", "H2 FY26", "by end of Q2", "Jul-Sep 2026"), or None.

    ``label`` is the phrase as written (with "by end of" kept, a plain "in"/"for"/"during" dropped);
    ``starts``/``ends`` are filled when the phrase can be dated ("2026/27" and "Autumn term 2026" are
    labels only: such calendars start in different months in different places). Two ISO dates joined by "to"/"-" ("2026-07-01 to 2026-09-30") give both ends.
    """
    if not text:
        return None
    today = today or dt.date.today()
    for match in _iter_matches(text[:2000]):
        if match.group("span") and not match.group("prep"):
            continue  # "90 days" alone is a duration, not a period
        label = match.group(0).strip()
        starts, ends = _dates(match, today)
        prep = (match.group("prep") or "").lower().split()
        if prep and (prep[0] in ("by", "before", "until", "till", "no", "not") or "end" in prep or "close" in prep):
            starts = None  # only the end is stated
        elif prep and prep[0] in _CYCLE_PREPS and not _BOUNDARY_WORDS.intersection(prep):
            label = text[match.end("prep"):match.end()].strip()  # 'plan for 2026/27' -> '2026/27'
        if match.group("iso") or match.group("num"):
            joined = _RANGE_JOINER_RE.match(text[match.end():])
            if joined:
                second = _PERIOD_RE.match(text, match.end() + joined.end())
                if second and (second.group("iso") or second.group("num")):
                    label = text[match.start():second.end()].strip()
                    starts, ends = ends, _dates(second, today)[1]
        return Period(label=label, starts=starts, ends=ends)
    return None


def _is_deadline(match: re.Match[str]) -> bool:
    prep = " ".join((match.group("prep") or "").lower().split())
    if match.group("span"):
        # "within 90 days" is a deadline; "resolve within 2 days" is the target itself.
        if not prep.startswith(("within", "in", "over")):
            return False
        before = match.string[max(0, match.start() - 30):match.start()].lower().split()
        if prep.startswith(("within", "in")) and before and _PARTICIPLE_RE.match(before[-1]):
            return False  # 'Complaints resolved within 8 weeks', 'Bills paid within 30 days': a service standard
        return not (match.group("span_u").lower().startswith("day") and int(match.group("span_n")) < 30)
    if not prep and (match.group("month") or match.group("year") or match.group("season")
                     or match.group("rel") and match.group("rel_w").lower() == "the"):
        return False  # a bare month or year in running text is not a deadline
    return True


def _is_date_like(match: re.Match[str]) -> bool:
    return not (match.group("span") or match.group("rel") or match.group("month") and not match.group("mo_y")
                or match.group("season") and not match.group("se_y"))


def scan_time_phrases(text: str) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """One pass: the deadline span of a key result and the spans of every date, quarter or year in it."""
    deadline: tuple[int, int] | None = None
    dates: list[tuple[int, int]] = []
    for match in _iter_matches(text):
        if deadline is None and _is_deadline(match):
            deadline = match.span()
        if _is_date_like(match):
            dates.append(match.span())
    return deadline, dates


def find_deadline_span(text: str) -> tuple[int, int] | None:
    """Character span of the deadline phrase in a key result (see :func:`find_deadline`)."""
    return next((match.span() for match in _iter_matches(text) if _is_deadline(match)), None)


def find_deadline(text: str) -> str | None:
    """The deadline phrase of a key result as written: "by end of Q3", "by 30 June", "in Q2",
    "by 2026-09-30", "this quarter", "by EOY", "within 90 days"; None when it states none."""
    span = find_deadline_span(text)
    return None if span is None else text[span[0]:span[1]].strip()


def date_like_spans(text: str) -> list[tuple[int, int]]:
    """Spans of every date, quarter, half, fiscal year or year in ``text``: numbers there are not quantities."""
    return [match.span() for match in _iter_matches(text) if _is_date_like(match)]
