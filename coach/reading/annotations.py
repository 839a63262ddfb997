"""What a pasted key result carries besides its statement: labels, owners, priorities and status notes.

Real drafts decorate each line with bookkeeping: a role label in front ("CEO KR:", "VP Eng KR:", "KR 2.1 -"),
a priority after ("P1", "[p2]", "`P0`"), an owner ("- simon", "— @ana", "(owner: Lee)"), a status or score
("= miss", "=> DONE", "(EOQ)", "ACHIEVED", "0.7"). None of it says what the key result measures, and a
priority "P1" must not read as the number 1. :func:`core_text` returns the statement with that bookkeeping
taken off, so the judgement reads the same line a coach reads.
"""

from __future__ import annotations

import re

from coach import regex_cache

_ROLE = (r"(?:ceo|cto|cfo|cmo|coo|cpo|cro|ciso|cio|chro|vp(?:\s+[a-z]+)?|svp(?:\s+[a-z]+)?|head\s+of\s+[a-z]+|"
         r"director(?:\s+of)?(?:\s+[a-z]+)?|eng|engineering|product|marketing|sales|finance|legal|people|ops|"
         r"design|support|security|[a-z]+\s+lead|team)")
_LEADING_LABEL = regex_cache.compile(
    rf"^\s*(?:(?:{_ROLE})\s+)?(?:kr|key\s+result)\s*[\d.]*\s*[:.)\-–—]\s*|^\s*(?:{_ROLE})\s*:\s+",
    re.IGNORECASE)
#: _LEADING_LABEL without IGNORECASE, for a lower-cased ASCII line (the pattern is written in lower case, and
#: lower() keeps an ASCII line's positions): the same match, twice as fast.
_LEADING_LABEL_ASCII = regex_cache.compile(_LEADING_LABEL.pattern)
_PRIORITY = r"(?:\[\s*p[0-4]\s*\]|\(\s*p[0-4]\s*\)|`\s*p[0-4]\s*`|(?<![\w-])p[0-4](?![\w.]))"
_STATUS_WORDS = (r"(?:done|achieved|complete|completed|missed|miss|partial|partially|in progress|on track|"
                 r"off track|at risk|blocked|dropped|deferred|cancelled|canceled|not started|started|eoq|eoy|"
                 r"wip|tbd|green|amber|red|yellow)")
_TRAILING = [
    regex_cache.compile(rf"\s*{_PRIORITY}\s*$", re.IGNORECASE),
    regex_cache.compile(r"\s+(?:=>?|→|->)\s*(?=[a-z])(?![a-z]*\s*[\d$€£])[^=\d]{0,80}$", re.IGNORECASE),  # '= miss', '=> DONE'
    regex_cache.compile(rf"\s*[(\[]\s*{_STATUS_WORDS}[^)\]]{{0,40}}[)\]]\s*$", re.IGNORECASE),  # '(EOQ)', '[done]'
    regex_cache.compile(rf"\s*[-–—:|]\s*{_STATUS_WORDS}\.?\s*$", re.IGNORECASE),              # '- ACHIEVED'
    regex_cache.compile(r"\s+(?:DONE|ACHIEVED|COMPLETED?|MISSED|PARTIAL|DROPPED|BLOCKED|WIP|TBD)\s*$"),  # shouted status
    regex_cache.compile(r"\s*[(\[]\s*owners?\s*[:=][^)\]]{0,60}[)\]]\s*$", re.IGNORECASE),   # '(owner: Lee)'
    regex_cache.compile(r"\s+[-–—]\s*@?[a-z][a-z.'-]{1,20}(?:\s*[,&/]\s*@?[a-z][a-z.'-]{1,20}){0,3}\s*$", re.IGNORECASE),
    regex_cache.compile(r"\s*@[\w.-]+(?:\s*[,&/]?\s*@[\w.-]+)*\s*$"),                        # '@ana @lee'
    regex_cache.compile(r"\s*[(\[]\s*(?:[a-z]{2,4}|@[\w.-]+)\s*[)\]]\s*$"),                   # '(ewd)': initials
    regex_cache.compile(r"\s*[🟢🟡🔴🟠✅❌⚪⚫]+\s*$"),
    # a grade after the text: '– 2' on a 0-5 scale, '(0.45)', '-- (0.9)', '(70%)'
    regex_cache.compile(r"\s+[-–—]{1,2}\s*(?:[0-5](?:\.\d+)?|\(\s*(?:0?\.\d+|1(?:\.0+)?|\d{1,3}\s*%)\s*\))\s*$"),
    regex_cache.compile(r"\s*\(\s*(?:0?\.\d+|1\.0+|\d{1,3}\s*%)\s*\)\s*$"),
]
#: One pass that says whether any trailing note can be there (most lines carry none): a superset of _TRAILING.
_ANY_TRAILING = regex_cache.compile("|".join(f"(?:{p.pattern})" for p in _TRAILING), re.IGNORECASE)
#: What a line must show for _ANY_TRAILING to match it, tested with string methods before that search (an
#: alternation of 12 patterns tried at every position is the slowest step of reading a line). Each note ends
#: in a bracket, backquote, digit or status dot, or holds an arrow, '@' or a dash after a space, or its last
#: word is a status word: :func:`_may_trail` is true for every tail _ANY_TRAILING matches (tests/test_reading.py).
_CLOSERS = frozenset(")]`🟢🟡🔴🟠✅❌⚪⚫")
_STATUS_LAST_WORDS = frozenset(word.split()[-1] for word in _STATUS_WORDS[3:-1].split("|"))
#: The letters IGNORECASE also matches for 'i', 's' and 'k', mapped to them before the status-word lookup.
_FOLDED = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_SPACE_DASH = regex_cache.compile(r"\s[-–—]")
#: 'We've rolled out', 'We have benchmarked': the perfect tense of a report; the verb that follows leads.
_PERFECT = regex_cache.compile(r"^\s*(?:we|i|they|the team)\s*(?:'ve|’ve|\s+have|\s+has)\s+(?=[a-z]+(?:ed|en|wn|lt|ne|de)\b)",
                      re.IGNORECASE)


#: '1. CEO: Increase ARR', 'b) Ship ...': the numbering a heading or list kept in the text.
_ENUMERATOR = regex_cache.compile(r"^\s*(?:\d{1,2}|[a-hA-H])[.)]\s+(?=\S)")


def _may_trail(tail: str) -> bool:
    """False only when no pattern of _TRAILING can match at the end of ``tail``."""
    end = tail.rstrip()
    if not end:
        return False
    last = end[-1]
    if last in _CLOSERS or last.isdecimal() or "=" in end or "→" in end or "->" in end or "@" in end:
        return True
    if _SPACE_DASH.search(end):
        return True
    word_end = len(end) - 1 if last == "." else len(end)
    start = word_end
    while start and end[start - 1].isalpha():
        start -= 1
    return end[start:word_end].translate(_FOLDED).lower() in _STATUS_LAST_WORDS


#: 'P1 - @ana - Ship ...', '[p0] Ship ...', '@lee: Ship ...': a priority and/or an owner written before the text.
_LEADING_BOOKKEEPING = regex_cache.compile(  # 'PX': a priority still to be set
    rf"^\s*(?:(?:{_PRIORITY}|(?<![\w-])px(?=\s*[-–—:|]))\s*[-–—:|]?\s*)?(?:@[\w.?-]+\s*[-–—:|]\s*)?(?=\S)",
    re.IGNORECASE)


def core_text(text: str) -> str:
    """The statement of a key result or objective without numbering, labels, priorities, owners and notes."""
    # _ENUMERATOR needs one or two characters, then '.' or ')', after the leading spaces (\s is str.isspace)
    numbered = text.lstrip()[1:3]
    core = _ENUMERATOR.sub("", text, count=1) if "." in numbered or ")" in numbered else text
    if "@" in core[:40] or core[:3].lstrip("[(`").lower().startswith("p"):
        lead = _LEADING_BOOKKEEPING.match(core)
        if lead and lead.end() and core[lead.end():].strip():
            core = core[lead.end():]
    label = _LEADING_LABEL_ASCII.match(core.lower()) if core.isascii() else _LEADING_LABEL.match(core)
    if label:  # both branches start at '^': the one place _LEADING_LABEL.sub(..., count=1) can remove
        core = core[label.end():]
    tail = core[-120:]
    for _ in range(4 if _may_trail(tail) and _ANY_TRAILING.search(tail) else 0):  # a line may end in several notes: 'Ship X - ana P1 (done)'
        before = core
        for pattern in _TRAILING:
            stripped = pattern.sub("", core)
            if stripped.strip() and len(stripped.split()) >= 2:
                core = stripped
        if core == before:
            break
    core = _PERFECT.sub("", core, count=1)
    return core.strip() or text
