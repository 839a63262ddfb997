"""OKR110 kr-duplicate."""

from __future__ import annotations

import re
from functools import lru_cache

from coach import regex_cache
from coach.model import Severity, kr_ref
from coach.rules.base import KeyResultRule, Rationale, quote
from coach.rules.lexicon import tokens

_SYNONYMS = {
    "raise": "increase", "grow": "increase", "boost": "increase", "lift": "increase", "improve": "increase",
    "cut": "reduce", "lower": "reduce", "decrease": "reduce", "drop": "reduce", "shrink": "reduce",
    "percent": "%", "pct": "%", "reach": "increase", "hit": "increase", "get": "increase",
    "min": "minute", "mins": "minute", "hr": "hour", "hrs": "hour", "sec": "second", "secs": "second",
}
_STOP = frozenset("the a an of to from by in on for at our with and per each every than up down least most "
                  "share number percentage proportion".split())
#: Units: the numbers already carry them, and 'from 4 minutes' = 'from 4 min'.
_UNIT_WORDS = frozenset("minute hour second day week month year % point pp".split())
_DIRECTIONS = frozenset({"increase", "reduce"})
#: A duration unit names a time metric unless it is the period of a rate ('per month', 'a week').
_DURATION_UNITS = frozenset("minute min hour hr second sec day week month year".split())
_RATE_WORDS = frozenset("per a an each every".split())
_MULTIPLIER = {"k": 1e3, "m": 1e6, "bn": 1e9}
_NUM_RE = regex_cache.compile(r"^[$€£]?(\d+(?:\.\d+)?)(k|m|bn|%)?$")
_THRESHOLD = 0.75
_PART_RE = regex_cache.compile(r"[-/]")
_NUMBER_STARTS = frozenset("$€£0123456789")


@lru_cache(maxsize=4096)
def signature(text: str) -> tuple[frozenset[str], frozenset[float]]:
    """Content words (verb synonyms merged, crude plural folding) and the numbers of a key result."""
    toks = tokens(text.replace(",", ""))
    parts = [_token_signature(tok) for tok in toks]
    words = {word for token_words, _, _ in parts for word in token_words}
    # 'median days from application to hire' measures a time, like 'time-to-hire' (but 'per day' is a rate)
    if any(duration and (at == 0 or toks[at - 1] not in _RATE_WORDS) for at, (_, _, duration) in enumerate(parts)):
        words.add("time")
    return frozenset(words), frozenset(number for _, token_numbers, _ in parts for number in token_numbers)


@lru_cache(maxsize=8192)
def _token_signature(tok: str) -> tuple[tuple[str, ...], tuple[float, ...], bool]:
    """The content words and numbers one token adds to a :func:`signature`, and whether it is a duration unit
    (cached per word: it depends on the token alone, and the same few hundred words make up most key results)."""
    words: list[str] = []
    numbers: list[float] = []
    # Tokens hold only a-z, 0-9, $€£% and ' . - / :, so most need no split, and only a part that starts
    # with a digit or a currency sign can be a number (two regex calls a token saved).
    for part in _PART_RE.split(tok) if "-" in tok or "/" in tok else (tok,):
        number = _NUM_RE.match(part) if part[:1] in _NUMBER_STARTS else None
        if number:
            numbers.append(float(number.group(1)) * _MULTIPLIER.get(number.group(2) or "", 1))
            continue
        stem = part.rstrip("sd")
        part = _SYNONYMS.get(stem if stem in _SYNONYMS else part, part)
        if part in _STOP or part == "%" or not part:
            continue
        word = part[:-1] if len(part) > 3 and part.endswith("s") and not part.endswith("ss") else part
        if word not in _UNIT_WORDS:
            words.append(word)
    return tuple(words), tuple(numbers), tok.rstrip("s") in _DURATION_UNITS


def similarity(a: str, b: str) -> float:
    """How far two key results say the same thing: 0 (different numbers or nothing shared) to 1.

    With the same two or more numbers and the same direction, sharing most of the shorter line's words is
    enough ('Reduce the median wait on chat from 4 min to 1 min' after 'Reduce median chat wait from 4
    minutes to 1 minute'); otherwise the two lines must share most of all their words.
    """
    return _similarity(signature(a), signature(b))


def _similarity(sig_a: tuple[frozenset[str], frozenset[float]], sig_b: tuple[frozenset[str], frozenset[float]]) -> float:
    """:func:`similarity` of two signatures (a key result's is read once for all the lines it is compared with)."""
    (wa, na), (wb, nb) = sig_a, sig_b
    if not wa or not wb:
        return 0.0
    if na != nb:
        return _restated_target(wa, na, wb, nb) if na and nb and not na.isdisjoint(nb) else 0.0
    jaccard = len(wa & wb) / len(wa | wb)
    if len(na) >= 2 and (wa & _DIRECTIONS) == (wb & _DIRECTIONS):
        content_a, content_b = wa - _DIRECTIONS, wb - _DIRECTIONS
        if content_a and content_b:
            overlap = len(content_a & content_b) / min(len(content_a), len(content_b))
            return max(jaccard, overlap if overlap >= 0.6 else jaccard)
    return jaccard


def _restated_target(wa: frozenset[str], na: frozenset[float], wb: frozenset[str], nb: frozenset[float]) -> float:
    """A line that repeats another's metric and target without its baseline: 'Increase store conversion to
    25%' after 'Conversion rate from 21% to 25% across 14 stores'. Every number of the shorter line is in
    the longer one, the directions do not clash, and the two share most of the words of the one with fewer words.
    """
    (ws, ns), (wl, nl) = ((wa, na), (wb, nb)) if len(na) < len(nb) else ((wb, nb), (wa, na))
    if not ns or len(nl) < 2 or not ns < nl:
        return 0.0
    if (ws & _DIRECTIONS) and (wl & _DIRECTIONS) and (ws & _DIRECTIONS) != (wl & _DIRECTIONS):
        return 0.0
    content_s, content_l = ws - _DIRECTIONS, wl - _DIRECTIONS
    shared = len(content_s & content_l)
    if not content_s or not content_l or shared < min(2, len(content_s)):
        return 0.0
    return shared / min(len(content_s), len(content_l))


#: How many key results before a key result it is compared with. A real draft's repeats sit near each other,
#: and a pasted export of thousands of rows would otherwise cost one comparison per pair.
_WINDOW = 200
_POSITIONS: list = [None, {}]  # the key results last indexed, and each one's position (by identity)


def _position(krs: tuple, item) -> int:
    """Where ``item`` stands in ``krs``, found in constant time once the tuple is indexed."""
    cached_krs, positions = _POSITIONS
    at = positions.get(id(item)) if cached_krs is krs else None
    if at is None or at >= len(krs) or krs[at] is not item:  # another set (or another thread's) was indexed
        positions = {id(kr): i for i, kr in enumerate(krs)}
        _POSITIONS[:] = [krs, positions]
        at = positions[id(item)]
    return at


class KrDuplicate(KeyResultRule):
    """
    ## What it does
    Flags a key result that restates an earlier one in the same set: the same metric, direction and
    numbers in nearly the same words ("Raise trial to paid conversion from 8 to 12 percent" after
    "Increase trial-to-paid conversion from 8% to 12%"), or the same metric and target again without the
    baseline ("Increase the fill rate to 97%" after "Fill rate from 91% to 97%"). Only the later one is
    reported. Each key result is compared with the 200 before it, so an export of thousands of rows is
    checked in linear time.

    ## Why is this bad?
    A duplicate counts one signal twice: it inflates the score and hides that the objective has fewer
    real measures than it seems. Often one of the two was meant to measure something else.
    """

    code = "OKR110"
    name = "kr-duplicate"
    severity = Severity.WARNING
    summary = "The key result restates another key result of the set."
    fix = "Delete the repeat, or replace it with a key result that measures a different signal."
    rationale = Rationale("Each key result should add its own signal of progress.",
                          "key-results.md#one-key-result-one-signal")
    bad = (
        "Objective: Turn more trials into paying teams so growth stops depending on ads\n"
        "- Increase trial-to-paid conversion from 8% to 12% by end of Q3\n"
        "- Raise trial to paid conversion from 8 to 12 percent by end of Q3\n",
        "Objective: Keep shelves full so shoppers find what they came for\n"
        "- Fill rate from 91% to 97% across all depots by end of Q3\n"
        "- Reduce stock-outs from 40 to 15 a week by end of Q3\n"
        "- Increase the fill rate to 97% by end of Q3\n",
    )
    good = (
        "Objective: Turn more trials into paying teams so growth stops depending on ads\n"
        "- Increase trial-to-paid conversion from 8% to 12% by end of Q3\n"
        "- Reduce time to first value from 3 days to 1 day by end of Q3\n",
        "Objective: Make renewals online the easy path so phone lines free up\n"
        "- Increase renewals completed online from 46% to 75% by end of Q3\n"
        "- Raise online renewal completion rate from 61% to 85% by end of Q3\n",
    )

    def check_key_result(self, item, ctx):
        krs = ctx.key_results
        at = _position(krs, item)
        mine = signature(item.kr.text)
        for earlier in krs[max(0, at - _WINDOW):at]:
            if _similarity(signature(earlier.kr.text), mine) >= _THRESHOLD:
                ref = kr_ref(earlier.objective.position, earlier.kr.position)
                yield self.at(item, f"{quote(item.kr.text)} restates {ref} ({quote(earlier.kr.text, 50)})",
                              evidence=ref)
                return


RULE = KrDuplicate()
