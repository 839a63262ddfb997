"""Line markup shared by the parsers: bullets, numbering, labels, owners, emphasis.

Every pattern here runs on a single line (the text parser caps line length), is anchored at the start
or end of the line or on a literal keyword, and has no nested repetition: scanning stays linear.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from coach import regex_cache

_DASH = r"[-–—]"
_SEP = r"(?:\s*[:.)\]|]\s*|\s+[-–—]+\s*|\s*[-–—]+\s+|\s+)"  # what may follow a label: ':', '.', ')', ' - ', ' – '

# Bullets: '-', '*', '+', '•' and friends ('o' then a tab, as Word pastes a second level), numbering '1.', '1)', '(1)', '1.2', 'a)', 'iv.', 'II.', checkboxes.
BULLET_RE = regex_cache.compile(
    r"(?P<bullet>[-*+](?=\s)|[•·◦▪▫‣⁃○●■□►▶➤➢→⇒✓✔✗✘☐☑☒§]|[–—](?=\s)|o(?=\s{2,}\S))\s*(?:\[[ xX✓]?\]\s*)?"
    r"|(?P<number>\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-hA-H]|(?:i{1,3}|iv|v|vi{1,3}|ix|x)|(?:I{1,3}|IV|VI{0,3}|IX|X))[.)](?=\s)|\d{1,3}[、．](?=\s?\S)"
    r"|\d{1,3}\.\d{1,3}(?=\s)|\(?\d{1,3}(?:\.[a-j][.)]?|[a-j][.)])(?=\s))\s*"
    r"|(?P<checkbox>\[[ xX✓]?\])\s+"
)

#: 'Objective:', 'Objective 1 -', 'Objective O1', 'O1:', 'O-1', 'R1-O2:' (a cycle's code first), 'O:', 'Obj. 2)', 'Goal 3:', 'OKR 2:', 'Annual Objective:' (a letter or
#: number may follow). 'Company objective:' is not here: it names the parent (META_RE).
OBJECTIVE_LABEL_RE = regex_cache.compile(
    r"(?:(?:annual|yearly|quarterly|half[- ]year(?:ly)?|team|squad|department|overall|main|north[- ]star|example|sample)\s+)?"
    r"(?P<word>objective|obj\.?|goal)(?P<plural>s)?\s*(?:#\s*|-(?=\d))?"
    r"(?:(?P<num>(?:(?-i:O)\s?-?)?\d{1,3}|(?-i:[A-Z]))(?=$|[\s:.)\-–—])\s*(?:[:.)]|[-–—]+)?\s*|(?:[:)]|[-–—]+|\.(?=\s))\s*|(?=\()|$)"
    r"|(?-i:[A-Z][A-Z\d]{0,5}[-.])?O\s?-?(?P<onum>\d{1,3})(?![.\d]*\s*[-.]?\s*KR)(?:\s*(?:[:.)]|[-–—]+)?\s+|\s*[:.)]?\s*$|\s*:(?=\S))"
    r"|(?-i:O)\s*[:|]\s*|(?-i:O)$"  # 'O: Grow revenue', '**O:** ...', a heading '## O' above the objective 
    r"|OKR\s*#?\s*(?P<okrnum>\d{1,3})(?![.\d])(?:\s*(?:[:.)]|[-–—]+)?\s+|\s*[:.)]?\s*$)"  # 'OKR 1: ...'
    r"|(?-i:OKR)\s*#?\s*(?P<okrid>\d[\dA-Za-z.-]{0,7})\s*:\s+",  # 'OKR 2020A: ...'
    re.IGNORECASE,
)

#: 'KR1:', 'KR 1.2', 'KR-1-2', 'KR1.2 -', 'Key result:', 'Key Result 2:', 'O1.KR2:', 'O1 KR2 -'. Without a number the
#: label needs a colon or a dash, so prose such as 'KR owners are listed below' stays prose.
KR_LABEL_RE = regex_cache.compile(
    rf"(?:O\s?\d{{1,3}}\s*[.\-/]?\s*)?(?:KR|key[\s-]*results?)(?![a-z])\s*(?:#\s*)?"
    rf"(?:[-–]?(?P<num>\d{{1,3}}(?:[.\-]\d{{1,3}})*[a-z]?)(?:{_SEP}|$)"
    # after a spaced dash a number is the label's only with a separator of its own: 'KR - 1: ...', but
    # 'Key result – 100 new contributors' states its target
    rf"|[-–]\s(?P<spaced>\d{{1,3}}(?:[.\-]\d{{1,3}})*[a-z]?)(?:\s*[:.)\]|]\s*|\s+[-–—]+\s*|$)"
    rf"|\s*[:)]\s*|[-–—]+\s+|\s+[-–—]+\s*|\.\s+(?-i:(?=[A-Z]))|$)",  # 'Key Result. By month twelve, ...'
    re.IGNORECASE,
)

#: 'Product KR:', 'VP Eng KR 2 -': a role or team name of up to three capitalised words in front of a KR label,
#: as OKR trees that cascade through a company write it. Used by the text reader only (measure.py keeps KR_LABEL_RE).
ROLE_KR_LABEL_RE = regex_cache.compile(
    r"(?-i:[A-Z][\w&/.'’-]{0,20}(?:\s[A-Z][\w&/.'’-]{0,20}){0,2})\s+(?=KR)")

#: A heading over the key results with a note on them: '## 3 Key Results — leading, lagging and quality'.
#: (Only a heading: as a line, 'Key results – 100 new contributors' states one.)
KR_HEADING_NOTE_RE = regex_cache.compile(r"(?:\d{1,2}\s+)?(?:key\s*results|KRs)\s+[-–—]\s+[^:]{1,80}$",
                                         re.IGNORECASE)

#: Block headers that stand alone on a line.
KR_HEADER_RE = regex_cache.compile(
    r"(?:the\s+)?(?:(?:example|sample)\s+)?(?:\d{1,2}\s+(?=key|KR))?(?:key[\s-]*results?|KRs?|results|measures?|metrics)"
    r"(?:\s+(?:kr\s+)?(?:responsible|owners?|leads?|dri|accountable|status|targets?|scores?))*"
    r"(?:\s*\([^()]{0,60}\))?(?:\s+for\s+[^:()]{1,40})?\s*:?\s*$",  # 'Example key results for forecasting:'
    re.IGNORECASE)  # a table's header row pasted as a line: 'Key Results   Responsible', 'Key Results KR Lead'

INITIATIVE_HEADER_RE = regex_cache.compile(
    r"(?:key\s+|main\s+|planned\s+|supporting\s+|sample\s+|example\s+)?(?:initiatives?|projects?|workstreams?|epics|bets|tasks|"
    r"actions|activities|work\s+items|deliverables|how\s+we(?:'ll|\s+will)\s+get\s+there)"
    r"(?:\s+(?:and|&)\s+(?:deliverables|milestones|projects|tasks))?(?:\s+for\s+(?:okr|objective|o)\s*\d{1,3})?"
    r"(?:\s*\([^)]{0,60}\))?\s*(?::\s*(?P<rest>.*)|$)",
    re.IGNORECASE,
)
#: Sections whose lines are neither key results nor initiatives (kept out of the model).
IGNORED_HEADER_RE = regex_cache.compile(
    # a bookkeeping qualifier may come first: 'Grading notes', 'Tracking notes', 'Final score', 'Weekly updates'
    r"(?:(?:executive|grading|tracking|final|weekly|monthly|quarterly|mid[- ]?q(?:uarter)?|end[- ]?q(?:uarter)?|review|"
    r"check[- ]?in|additional|other|general|meeting|okr)\s+)?"
    r"(?:notes?|comments?|context|background|risks?|dependencies|assumptions|open\s+questions|questions|"
    r"rationale|motivation|why(?:\s+[^:?]{1,60}?)?|timeline|(?:time\s+)?horizon|tracking|constraints|guardrails|principles|schedule|next\s+steps|action\s+items?|(?:last\s+)?(?:updated|modified|reviewed)(?:\s+on)?|owner\s+notes?|non[- ]goals|anti[- ]goals?|out\s+of\s+scope|health\s+metrics|kpis|key\s+result\s+areas|kras|status|learnings|links|"
    r"references|appendix|retro(?:spective)?|decisions?|confidence|scor(?:e|ing)|progress|updates?|summary|"
    r"overview|intro(?:duction)?|purpose|vision|mission|strategy|about|description|problem|"
    r"what\s+we\s+learned|lessons\s+learned|parking\s+lot|ideas|faq)"
    r"(?:\s*\([^)]{0,60}\))?\s*(?:[:?]\s*(?P<rest>.*)|$)",
    re.IGNORECASE,
)

#: 'Team: Growth', 'Period: Q3 2026', 'Parent objective: ...', 'Owner: Ana'.
META_RE = regex_cache.compile(
    r"(?P<key>team|squad|tribe|department|group|"
    r"period|cycle|quarter|timeframe|time\s*frame|timeline|time\s*period|dates|horizon|"
    r"parent(?:\s+(?:objective|okr|goal))?|company\s+(?:objective|goal)|supports|aligned\s+(?:to|with)|aligns?\s+(?:to|with)|"
    r"ladders?\s+(?:up\s+)?to|contributes\s+to|"
    r"owners?|dri|accountable|responsible|lead|manager|due(?:\s+date)?|deadline|target\s+date|"
    r"(?:objective|key\s+results?|kr)\s+(?:owners?|managers?|leads?|dri|accountable|responsible))\s*[:=]\s*(?P<value>.*)$",
    re.IGNORECASE,
)
META_KIND = {
    "team": "team", "squad": "team", "tribe": "team", "department": "team", "group": "team",
    "period": "period", "cycle": "period", "quarter": "period", "timeframe": "period", "time frame": "period",
    "timeline": "period", "time period": "period", "dates": "period", "horizon": "period",
    "due": "due", "due date": "due", "deadline": "due", "target date": "due",
    "owner": "owner", "owners": "owner", "dri": "owner", "accountable": "owner", "responsible": "owner", "lead": "owner",
}

# Owners, looked for in this order; each removes its markup from the text.
_NAME = r"[^\s()\[\]<>,;|][^()\[\]<>;|]{0,60}?"
_OWNER_PATTERNS = [
    regex_cache.compile(rf"\s*[(\[]\s*(?:owner|owners|dri|lead|accountable|responsible)s?\s*(?:[:=\-–—]\s*|\s+)@?(?P<name>{_NAME})\s*[)\]]",
               re.IGNORECASE),
    regex_cache.compile(r"\s*[(\[]\s*@(?P<name>[\w.\-]{1,40}(?:\s*,\s*@[\w.\-]{1,40}){0,5})\s*[)\]]"),
    regex_cache.compile(rf"\s*(?:[-–—|,;]+\s*|\s+)(?:owner|owners|dri|accountable|responsible)(?:\s*[:=]\s*@?|\s+@)(?P<name>{_NAME})\s*[.]?\s*$",
               re.IGNORECASE),
    regex_cache.compile(r"\s*(?:[-–—|,;:]+\s*)?@(?P<name>[\w.\-]{1,40}(?:\s*(?:,|and|&)\s*@[\w.\-]{1,40}){0,5})\s*[.]?\s*$"),
    # '[Ana]' or '[Ana Lima]': a bracketed name at the start or end (not a link '[x](url)', not a tag such as '[SPv2]').
    regex_cache.compile(r"^\s*\[(?P<name>[A-Z](?:[^\W\d_]|['’.-]){0,30}(?:\s[A-Z](?:[^\W\d_]|['’.-]){0,30}){0,3})\]\s*(?!\()"),
    regex_cache.compile(r"\s*(?<!\])\[(?P<name>[A-Z](?:[^\W\d_]|['’.-]){0,30}(?:\s[A-Z](?:[^\W\d_]|['’.-]){0,30}){0,3})\]\s*[.]?\s*$"),
]
_OWNER_WORD_RE = regex_cache.compile(r"owner|dri|accountable|responsible", re.IGNORECASE)
#: Its words: in ASCII text, where IGNORECASE means lower case, a substring test finds them.
_OWNER_WORDS = tuple(_OWNER_WORD_RE.pattern.split("|"))
_NOT_NAMES = frozenset(
    "draft wip tbd tbc new done stretch committed aspirational moonshot optional todo note p0 p1 p2 p3 "
    "high medium low green amber red yes no n/a na kr okr".split())

#: '(stretch)', '[aspirational]', '(committed)' mark the kind of a key result.
KIND_RE = regex_cache.compile(
    r"\s*[(\[]\s*(?P<kind>stretch|aspirational|moonshot|roof\s*shot|committed|commit|must[- ]have)\s*(?:goal|kr)?\s*[)\]]",
    re.IGNORECASE,
)


#: Tracker columns pasted as '| Key: value' fields after a label ('Objective 1 | Owner: Priya | Status: On track').
_PIPE_FIELD_RE = regex_cache.compile(
    r"(?P<key>owners?|dri|lead|accountable|responsible|status|state|confidence|progress|score|priority|health|"
    r"due(?:\s+date)?|target\s+date|updated|last\s+updated|type|id)\s*[:=]\s*(?P<value>.*)$",
    re.IGNORECASE)
_OWNER_KEYS = ("owner", "dri", "lead", "accountable", "responsible")

_STATUS = (r"on[\s-]track|off[\s-]track|at[\s-]risk|behind|ahead|done|complete|completed|not\s+started|"
           r"in\s+progress|blocked|paused|green|amber|red|yellow")
#: A tracker column's value on its own: a progress or confidence percentage, a 0-1 score, a status word.
_COLUMN_VALUE_RE = regex_cache.compile(
    rf"(?:(?:progress|confidence|score|status|health)\s*[:=]?\s*)?(?:\d{{1,3}}(?:\.\d+)?\s*%|0?\.\d{{1,2}}|1\.0|"
    rf"(?:{_STATUS}))$", re.IGNORECASE)
#: A column holding only a name: 'K. Novak', 'Ana Lima', 'QA', 'Ops'.
_NAME_COLUMN_RE = regex_cache.compile(
    r"(?:[A-Z][A-Za-z'’\-]{0,20}\.?|[A-Z]{2,5})(?:\s(?:[A-Z][A-Za-z'’\-]{0,20}\.?)){0,2}$")
#: Tracker columns pasted after the text: '[40%] [On track]', '[Progress: 35%]', '(at risk)', 'progress: 40%'.
_TRAILING_COLUMN_RE = regex_cache.compile(
    rf"(?:\s*[\[(]\s*(?:(?:progress|confidence|score|status|health)\s*[:=]?\s*)?(?:\d{{1,3}}(?:\.\d+)?\s*%|{_STATUS})\s*[\])]"
    rf"|\s*[\[(]\s*(?:progress|confidence|score|health)\s*[:=]?\s*\d{{0,2}}(?:\.\d+)?(?:\s*/\s*10)?\s*[\])]"
    rf"|\s*(?:[-–—|,;]\s*)?\b(?:progress|confidence|status|health)\s*[:=]\s*(?:\d{{1,3}}(?:\.\d+)?\s*%|0?\.\d{{1,2}}|{_STATUS}))"
    rf"\s*$", re.IGNORECASE)
#: An end-of-cycle grade after the text: 'Litmus user docs (0.7)', '... (1.0)', '...)(0)'.
_TRAILING_GRADE_RE = regex_cache.compile(r"\s*\(\s*(?:0(?:\.\d{1,2})?|\.\d{1,2}|1(?:\.0{1,2})?)\s*\)\s*$")
_SPACED_PERCENT_RE = regex_cache.compile(r"(?:\s{2,}|\t)\(?\d{1,3}(?:\.\d+)?\s*%\)?\s*$")
#: A status tag in front of the text: '[on track] Reduce ...', '(At risk) ...'.
_LEADING_STATUS_RE = regex_cache.compile(rf"[\[(]\s*(?:status\s*[:=]\s*)?(?:{_STATUS})\s*[\])]\s*", re.IGNORECASE)
#: A status shouted in front of the text, as a badge or a report shows it: 'ACHIEVED Key Result 1.1: ...',
#: 'PARTIALLY ACHIEVED ...', 'DONE Ship the app'. Capitals only: 'Done criteria' and 'Complete the audit' are text.
_LEADING_SHOUTED_STATUS_RE = regex_cache.compile(
    r"(?:(?:PARTIALLY|NOT|MOSTLY|FULLY)\s+)?(?:ACHIEVED|DONE|COMPLETED?|MISSED|DROPPED|BLOCKED|CANCELL?ED|"
    r"ON\s+TRACK|OFF\s+TRACK|AT\s+RISK|IN\s+PROGRESS|NOT\s+STARTED)\s*[-–—:|]?\s+(?=[A-Z0-9])")


#: A grade or status written after an arrow at the end of the cycle: '... => 100%: shipped in 3.14'.
_ARROW_NOTE_RE = regex_cache.compile(r"\s*=>")
#: ... unless the arrow points at the target value: 'NPS 31 => 45', 'from 3 days => 1 day by Q3'.
_ARROW_VALUE_RE = regex_cache.compile(r"\s*[$€£]?\d[^:;.]{0,24}$")
#: A priority tag: '[P0] Create ...', 'P1 - Ship ...', '... API P1', '... [p2]', '... routingP3' (glued on when
#: the page lost a cell border). Lower case only in brackets: a bare 'p2' may be a word.
_LEADING_PRIORITY_RE = regex_cache.compile(r"[\[(]\s*[Pp][0-4]\s*[\])]\s*|P[0-4]\s*[-–—:]\s+")
_TRAILING_PRIORITY_RE = regex_cache.compile(r"(?:\s+[\[(]?|(?<=[a-z]))P[0-4][\])]?\s*$|\s+[\[(][Pp][0-4][\])]\s*$")


def _may_hold_priority(text: str) -> bool:
    """False when no priority pattern can match: each needs a 'P', or a '[p' / '(p' (saves two searches)."""
    return "P" in text or "[p" in text or "(p" in text


def has_priority_tag(text: str) -> bool:
    """'Ship the export API P1', '[P0] Create a forum': the line carries a priority tag."""
    return _may_hold_priority(text) and bool(
        _LEADING_PRIORITY_RE.match(text) or _TRAILING_PRIORITY_RE.search(text.rstrip()))


_STATUS_LAST_WORDS = frozenset(re.split(r"\[\\s-\]|\\s\+", word)[-1] for word in _STATUS.split("|"))
_FOLDED = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})  # what IGNORECASE also matches


def _may_end_in_column(text: str) -> bool:
    """False only when none of the trailing-column patterns can match: each ends in ')', ']', '%', a digit or
    a status word (tests/test_parse_robustness.py checks it against them). Saves their end-anchored searches,
    tried at every character, on most lines."""
    end = text.rstrip()
    if not end or end[-1] in ")]%" or end[-1].isdecimal():
        return bool(end)
    start = len(end)
    while start and end[start - 1].isalpha():
        start -= 1
    return end[start:].translate(_FOLDED).lower() in _STATUS_LAST_WORDS


def strip_tracker_columns(text: str) -> str:
    """Drop what an OKR tool adds around a line: '[on track] ', '  [40%] [Behind]', ' (Progress: 35%)'.

    A bracketed percentage is the tool's progress, not the key result's number; a bare '(80%)' counts as a
    column only when a wide gap sets it apart from the text ('... to 5     (80%)'). A priority tag ('[P1]',
    '... P2') and a status after an arrow ('... => Done') are bookkeeping too.
    """
    if "=>" in text and (match := _ARROW_NOTE_RE.search(text)) and match.start() > 0 \
            and not _ARROW_VALUE_RE.match(text, match.end()):
        text = text[:match.start()]
    if text[:2].isupper() and (match := _LEADING_SHOUTED_STATUS_RE.match(text)):
        text = text[match.end():]
    if _may_hold_priority(text):
        if match := _LEADING_PRIORITY_RE.match(text):
            text = text[match.end():]
        if (match := _TRAILING_PRIORITY_RE.search(text)) and match.start() > 0:
            text = text[:match.start()].rstrip()
    if "[" not in text and "(" not in text and ":" not in text and "=" not in text and "  " not in text \
            and "\t" not in text:
        return text
    if match := _LEADING_STATUS_RE.match(text):
        text = text[match.end():]
    for _ in range(4 if _may_end_in_column(text) else 0):
        match = _TRAILING_COLUMN_RE.search(text) or _SPACED_PERCENT_RE.search(text) or _TRAILING_GRADE_RE.search(text)
        if match is None or match.start() == 0:
            break
        text = text[:match.start()].rstrip()
    return text


def split_pipe_fields(text: str) -> Owned:
    """'| Increase X from 1 to 2 | Owner: Jonas | Status: On track' -> ('Increase X from 1 to 2', 'Jonas').

    Notion and Confluence exports put tracker columns on the label line; the owner is kept, the rest
    (status, confidence, dates) is not part of the OKR text.
    A bare column value after the text (a progress '42%', a status 'On track') is dropped too, and a
    bare name column ('K. Novak', 'QA') is read as the owner.
    """
    if "|" not in text:
        return Owned(text, None)
    kept, owner = [], None
    for field in text.split("|"):
        field = field.strip()
        if not field:
            continue
        match = _PIPE_FIELD_RE.match(field)
        if match is None and kept and _COLUMN_VALUE_RE.match(field):
            continue
        if match is None and kept and owner is None and _NAME_COLUMN_RE.match(field) \
                and field.lower() not in _NOT_NAMES:
            owner = clean_name(field)
            continue
        if match is None:
            kept.append(field)
        elif owner is None and match.group("key").lower().startswith(_OWNER_KEYS):
            owner = clean_name(match.group("value")) or None
    return Owned(tidy(" | ".join(kept)), owner)


class Owned(NamedTuple):
    text: str
    owner: str | None


def _may_name_owner(text: str) -> bool:
    """What every owner pattern needs: a bracket, an '@' or an owner word (on ASCII text, where IGNORECASE
    means lower case, a substring test instead of the search)."""
    if "(" in text or "[" in text or "@" in text:
        return True
    if text.isascii():
        lowered = text.lower()
        return any(word in lowered for word in _OWNER_WORDS)
    return _OWNER_WORD_RE.search(text) is not None


def split_owner(text: str) -> Owned:
    """Remove owner markup from ``text`` and return the owner: '(owner: Ana)', '— @ana', '[Ana]', 'Owner: Ana'."""
    if not _may_name_owner(text):
        return Owned(text, None)  # the common case, decided without running the patterns below
    for pattern in _OWNER_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        name = clean_name(match.group("name"))
        if not name or name.lower() in _NOT_NAMES:
            continue
        rest = (text[:match.start()] + " " + text[match.end():]).strip()
        return Owned(tidy(rest), name)
    return Owned(text, None)


def split_kind(text: str) -> tuple[str, str | None]:
    match = KIND_RE.search(text) if "(" in text or "[" in text else None  # the pattern opens a bracket
    if not match:
        return text, None
    word = match.group("kind").lower()
    kind = "committed" if word.startswith(("commit", "must")) else "aspirational"
    return tidy(text[:match.start()] + " " + text[match.end():]), kind


def clean_name(name: str) -> str:
    name = name.strip().strip(".,;:").strip()
    name = re.sub(r"\s*,?\s*@", ", ", name).strip(", ")
    return name.lstrip("@").strip()


_TRAILING_JUNK_RE = regex_cache.compile(r"[\s\-–—|,;:]+$")
_SPACES_RE = regex_cache.compile(r"[ \t\u00a0]{2,}")


#: The characters _TRAILING_JUNK_RE removes besides whitespace: a text that ends in none of them (nor in
#: whitespace) has nothing for that end-anchored pattern, which is tried at every character, to remove.
_JUNK_ENDS = frozenset("-–—|,;:")


def tidy(text: str) -> str:
    """Collapse runs of spaces and drop separators left dangling at the end ("... 75% —")."""
    if "  " in text or "\t" in text or "\u00a0" in text:  # a run _SPACES_RE replaces holds one of these
        text = _SPACES_RE.sub(" ", text)
    text = _unwrap_code(text.strip())
    if not text or not (text[-1] in _JUNK_ENDS or text[-1].isspace()):
        return text
    return _TRAILING_JUNK_RE.sub("", text) if _TRAILING_JUNK_RE.search(text) else text


_EMPHASIS_RE = regex_cache.compile(
    r"\*\*|__|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])")
_LINK_RE = regex_cache.compile(r"\[([^\]\n]{1,200})\]\((?:[^)\s]{0,500})\)")


def strip_emphasis(text: str) -> str:
    """'**Objective 1:** *Grow*' -> 'Objective 1: Grow'; '[docs](http://x)' -> 'docs'."""
    if "](" in text:
        text = _LINK_RE.sub(r"\1", text)
    if "*" in text or "_" in text or "~" in text:
        text = _EMPHASIS_RE.sub("", text)
    return _unwrap_code(text)


def _unwrap_code(text: str) -> str:
    """'`Ship the API`' -> 'Ship the API': a whole statement set as code is a writer's emphasis."""
    bare = text.strip()
    if len(bare) > 2 and bare[0] == "`" and bare[-1] == "`" and bare.count("`") == 2:
        return bare[1:-1].strip()
    return text


def strip_leading_symbols(text: str) -> str:
    """Drop emoji and other pictographs used as bullets or decoration at the start: '🎯 Objective: ...'."""
    index = 0
    while index < len(text):
        ch = text[index]
        if ch.isspace() or ch in "\ufe0f\u200d" or ch not in "`^" and unicodedata.category(ch) in ("So", "Sk", "Cs", "Co"):
            index += 1
            continue
        break
    return text[index:]
