"""Plain-text and Markdown drafts -> :class:`coach.model.OkrSet`.

Managers paste whatever their doc had, so the reader works in two steps:

1. **Lines.** Each line is cleaned (heading marks, bullets, numbering, emphasis, emoji) and classified:
   blank, a label (``Objective 1 -``, ``KR1.2:``), a block header (``Initiatives:``, ``Notes:``), a
   ``Key: value`` line (``Team:``, ``Period:``, ``Owner:``), a table row, or plain text.
2. **Structure.** A builder walks the lines with a small state (current objective, current block) and
   decides what plain lines are. When the draft labels its objectives, only labelled lines start one;
   otherwise a heading, a plain line or a top-level bullet that has key-result lines under it does.

Anything the reader cannot place raises :class:`coach.errors.ParseError` with the line and the fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from coach import regex_cache
from coach.errors import ParseError
from coach.model import Initiative, KeyResult, Measure, Objective, OkrSet
from coach.parse import htmltext, labels, markup, pasted
from coach.parse.measure import extract_measure
from coach.parse.period import Period, parse_period
from coach.reading import read

#: Longest line read; longer lines are not a draft someone typed.
MAX_LINE_CHARS = 10_000

_HEADING_RE = regex_cache.compile(r"(#{1,6})\s*(.*?)\s*#*\s*$")
_RULE_RE = regex_cache.compile(r"(?:[-*_=]\s*){3,}$")
#: A line that holds only a priority, over the items of that priority: 'P0:', '[P1]', 'P2 items'.
_PRIORITY_ONLY_RE = regex_cache.compile(r"[\[(]?P[0-4][\])]?(?:\s+(?:items?|tasks?|goals?|priorit(?:y|ies)))?\s*:?")
#: Attributes after a heading, as kramdown, Pandoc and MkDocs write them: '{#objective-1}', '{: .note}'.
_HEADING_ATTRIBUTES_RE = regex_cache.compile(r"\s*\{:?\s*[#.][^{}]{0,200}\}$")
_TABLE_SEPARATOR_RE = regex_cache.compile(
    r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$|\|(?:\s*:?-+:?\s*\|)+\s*$")  # GFM allows '|-|-|'

_TITLE_WORDS_RE = regex_cache.compile(
    r"\b(?:okrs?|objectives\s+(?:and|&)\s+key\s+results|objectives|key\s+results|draft|v\d+|version\s+\d+|"
    r"for|the|our|of|plan|planning|goals|cycle|proposed|proposal|quick|next|this)\b|[—–:|()\[\],/]+|(?<!\w)-+|-+(?!\w)",
    re.IGNORECASE)
_PARENTHESES_RE = regex_cache.compile(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]")
_TITLE_HINT_RE = regex_cache.compile(r"\bOKRs?\b|objectives\s+(?:and|&)\s+key\s+results", re.IGNORECASE)
_TITLE_NAME_RE = regex_cache.compile(r"\b(?:team|squad|tribe|department|dept|goals|objectives|plan)\W*$", re.IGNORECASE)
_TEAM_SUFFIX_RE = regex_cache.compile(r"\s+team$", re.IGNORECASE)
_PERIOD_LINE_FILLER_RE = regex_cache.compile(
    r"\b(?:okrs?|cycle|period|quarter|timeframe|for|the|draft|planning|plan)\b|[—–\-:|()\[\],.]+", re.IGNORECASE)
_DETAIL_RE = regex_cache.compile(
    r"(?P<key>baseline|current|currently|today|target|goal|deadline|due|by\s+when)\s*[:=]\s*(?P<value>.+)$",
                        re.IGNORECASE)
#: A sub-bullet that annotates the item above rather than adding one: 'measured in Looker', 'e.g. ...',
#: '(see the tracker)', a bare link.
_NOTE_SHAPE_RE = regex_cache.compile(r"(?-i:[a-z])|\(|e\.g\.|i\.e\.|n\.?b\b|(?:see|via)\b|https?://|www\.",
                                     re.IGNORECASE)
#: A heading's section number before its label: '2.', '1.2', '一、' (Chinese and Japanese count with '、').
_HEADING_NUMBER_RE = regex_cache.compile(r"\d{1,2}(?:\.\d{1,2})*[.)]?\s+|[一二三四五六七八九十]{1,3}、\s*")
_LABELLED_RE = regex_cache.compile(r"\W*(?:objectives?|goals?|key\s*results?|krs?|okrs?)\b", re.IGNORECASE)
_BRACKET_LABEL_RE = regex_cache.compile(
    r"\[\s*(objective|goal|key\s*result|kr|initiative|activity|task|project)\s*\]\s*", re.IGNORECASE)
_WIKI_HEADING_RE = regex_cache.compile(r"(={1,6})\s*([^=].*?)\s*\1\s*$")
_WIKI_BULLET_RE = regex_cache.compile(r"(\*{2,6})\s+(?=\S)(?!.*\*\*\s*$)")
_GLUED_NUMBER_RE = regex_cache.compile(r"\d{1,2}\.(?=[A-Z][a-z])")
_GLOSSED_LABEL_RE = regex_cache.compile(
    r"[^()\n]{1,60}\(\s*((?:objectives?|key\s*results?|krs?|initiatives?))\s*\)\s*:?$", re.IGNORECASE)
_NOT_STATEMENT_HEAD_RE = regex_cache.compile(
    r"(?:status|state|progress|score|grade|health|confidence|type|kind|category|notes?|comments?|remarks?|"
    r"indicator\s+type|priority|weight)$", re.IGNORECASE)
#: A column that holds each row's statement when the key-result column holds only ids.
_STATEMENT_HEAD_RE = regex_cache.compile(r"(?:description|details?|statement|summary|title|name)$", re.IGNORECASE)
_HEADER_GLOSS_RE = regex_cache.compile(r"\s*\([^()]{1,40}\)\s*$")
_LABEL_SPAN = 16  # where a label can be: full-width letters and marks there are read as their ASCII forms
_HALF_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B),
                                                 0xFF03, 0xFF08, 0xFF09, 0xFF0D, 0xFF0E, 0xFF5C)}  # letters, digits, "#().-|" only
_HTML_BREAK_RE = regex_cache.compile(r"<br\s*/?>", re.IGNORECASE)  # a line break inside a table cell
_LEADING_CODE_RE = regex_cache.compile(r"`([^`\s][^`]{0,18})`")
_GLUED_DASH_RE = regex_cache.compile(r"-(?=[A-Z0-9][a-z0-9 ])")
_PARENT_KEYS = ("parent", "company", "supports", "aligned", "aligns", "ladder", "contributes")


@dataclass
class Line:
    """One cleaned line of the draft."""

    number: int
    indent: int
    heading: int  # Markdown heading level, 0 when not a heading
    bulleted: bool
    text: str  # without heading marks, bullet, emphasis and leading emoji
    kind: str = "plain"  # blank | objective | kr | kr_header | initiatives | ignored | meta | table | plain
    label_text: str = ""  # text after the label (objective, kr, initiatives, ignored header)
    meta_key: str = ""
    meta_value: str = ""
    plural: bool = False
    number_label: str = ""  # the list number as written: '1', '1.2' (Google Docs outline numbering)
    tagged: bool = False  # carried a priority tag ('... P1'), as trackers paste their items
    owner: str | None = None  # from a '| Owner: ...' field on a label line
    label_number: str = ""  # a key-result label's number: '1.2' of 'KR1.2: ...'
    aside: bool = False  # a bullet set wholly in italics ('  - *Copilot deflection: 65% of inquiries*'): a note

    @property
    def blank(self) -> bool:
        return self.kind == "blank"


def clean_line(number: int, raw: str) -> Line:
    expanded = raw.replace("\t", "    ")
    stripped = expanded.strip()
    indent = len(expanded) - len(expanded.lstrip())
    while stripped.startswith(">"):  # block quotes
        stripped = stripped[1:].lstrip()
    if not stripped or _RULE_RE.match(stripped):
        return Line(number, indent, 0, False, "", kind="blank")
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return Line(number, indent, 0, False, stripped, kind="table")
    heading = 0
    if stripped.startswith("#"):
        match = _HEADING_RE.match(stripped)
        if match and (len(match.group(1)) < len(stripped) and stripped[len(match.group(1))] in " \t"
                      or not match.group(2)):
            heading, stripped = len(match.group(1)), match.group(2)
            if stripped.endswith("}") and (attributes := _HEADING_ATTRIBUTES_RE.search(stripped)):
                stripped = stripped[:attributes.start()]  # '### Objective 1 {#objective-1}': kramdown's id
            numbered = _HEADING_NUMBER_RE.match(stripped)
            if numbered and _LABELLED_RE.match(labels.to_english(markup.strip_emphasis(stripped[numbered.end():]))):
                stripped = stripped[numbered.end():]  # '## 1. Objective: ...', '## 2. Key Results'
    elif stripped.startswith("=") and (match := _WIKI_HEADING_RE.match(stripped)):  # '== Q3 goals ==' (MediaWiki)
        heading, stripped = len(match.group(1)), match.group(2)
    elif stripped.startswith("**") and (match := _WIKI_BULLET_RE.match(stripped)):  # '** nested' (MediaWiki)
        indent += 2 * (len(match.group(1)) - 1)
        stripped = "* " + stripped[match.end():]
    stripped = markup.strip_leading_symbols(stripped)
    bulleted, number_label = False, ""
    if indent and _GLUED_DASH_RE.match(stripped):  # '    -Add 27 customers': a nested bullet typed without its space
        stripped = "- " + stripped[1:]
    elif stripped[:1].isdigit() and (glued := _GLUED_NUMBER_RE.match(stripped)):  # '1.Cloud cost'
        stripped = stripped[:glued.end()] + " " + stripped[glued.end():]
    bullet = markup.BULLET_RE.match(stripped)
    if bullet and heading == 0:
        bulleted, stripped = True, stripped[bullet.end():]
        number_label = (bullet.group("number") or "").strip().strip("().、．")
    text = markup.strip_leading_symbols(markup.strip_emphasis(stripped)).strip()
    if not bulleted and heading == 0 and stripped[:1] in "*_" and (inner := markup.BULLET_RE.match(text)) \
            and inner.group("number"):
        # '**1. Make the product self-serve**': a numbered title set in bold; its number is a label
        text, number_label = text[inner.end():].strip(), inner.group("number").strip().strip("().")
    if "：" in text:  # a full-width colon (Chinese, Japanese input): 'O1：...', 'KR1：...'
        text = text.replace("：", ": ").rstrip()
    if not text[:_LABEL_SPAN].isascii() and any(ord(ch) in _HALF_WIDTH for ch in text[:_LABEL_SPAN]):  # 'ＫＲ１｜...'
        text = text[:_LABEL_SPAN].translate(_HALF_WIDTH) + text[_LABEL_SPAN:]
        if "(" in text[:_LABEL_SPAN] and "）" in text:
            text = text.replace("）", ")")  # 'Key Results（关键结果）': the gloss closes where it opened
    if text.startswith("`") and (code := _LEADING_CODE_RE.match(text)):  # '`O-1` ...': a label set as code
        text = code.group(1) + text[code.end():]
    text = labels.to_english(text)  # 'Objetivo 1:', 'Resultados clave', '目标一：'
    if text.endswith((")", "):")) and (gloss := _GLOSSED_LABEL_RE.match(text)):
        text = gloss.group(1)  # 'Mục Tiêu Cốt Lõi (Objective)': the English label in brackets names the line
    if text.startswith("[") and (label := _BRACKET_LABEL_RE.match(text)):  # '[Objective] ...', '[Key Result] ...'
        word = label.group(1).lower()
        word = "Initiatives" if word in ("initiative", "activity", "task", "project") else label.group(1)
        text = f"{word}: {text[label.end():]}"
    if text.endswith("[edit]"):  # a wiki page pasted with its section edit links
        text = text[:-6].rstrip()
    if text[:1] in "P[(" and _PRIORITY_ONLY_RE.fullmatch(text):
        return Line(number, indent, heading, bulleted, "", kind="blank")  # 'P0:' over the items it ranks: a group
    tagged = markup.has_priority_tag(text)
    text = markup.strip_tracker_columns(text)
    if not text:
        return Line(number, indent, heading, bulleted, "", kind="blank")
    line = Line(number, indent, heading, bulleted, text, number_label=number_label, tagged=tagged,
                aside=bulleted and _in_italics(stripped))
    _classify(line)
    return line


def _unquoted(text: str) -> str:
    """'"Revenue from Asia = 30M USD"': a statement wholly in quotes, as a tree or a slide gives it, without them."""
    if len(text) > 2 and text[0] in "\"“" and text[-1] in "\"”" and not any(ch in "\"“”" for ch in text[1:-1]):
        return text[1:-1].strip()
    return text


def _in_italics(text: str) -> bool:
    """'*text*' or '_text_', not bold ('**text**'): how writers set a note apart from the items of a list."""
    mark = text[:1]
    return len(text) > 2 and mark in "*_" and text[1] != mark and text.endswith(mark) and text[-2] != mark


def _classify(line: Line) -> None:
    text = line.text
    role = _ROLE_OBJECTIVE_RE.match(text) if "bjective" in text[:60] else None
    if text[:1] in "Oo" and _OBJECTIVES_AND_KRS_RE.match(text):
        return  # '## Objectives and Key Results (OKRs)': the page's title, not an objective
    if (match := markup.OBJECTIVE_LABEL_RE.match(text, role.end() if role else 0)) is None and text[:3] == "OKR" \
            and not line.heading:
        match = _OKR_LABEL_RE.match(text)  # 'OKR: "Market expansion in Asia"' over 'KR1: ...' branches
        if match is not None and _only_period(text[match.end():].strip()):
            match = None  # 'OKR: Q3 2026' names the period
    if match:
        rest = _unquoted(text[match.end():].strip())
        if rest.startswith("(") and rest.endswith(")") and rest.count("(") == 1:
            rest = ""  # 'Objective (Mục tiêu định tính)': a gloss on the label; the objective follows
        elif rest.startswith("(") and (gloss := _LABEL_GLOSS_RE.match(rest)):
            rest = rest[gloss.end():]  # 'Hedef (Objective): ...': the label's gloss, then the objective
        if match.group("plural") and (not rest or _only_period(rest)):
            line.kind, line.label_text = "objectives_header", rest  # 'Objectives: Q2 2023' heads the list
        else:
            fields = markup.split_pipe_fields(rest)
            stated = _LABEL_COPULA_RE.sub("", fields.text, count=1) if rest[:3].lower() == "is " else fields.text
            line.kind, line.label_text, line.owner = "objective", markup.strip_tracker_columns(stated), fields.owner
        return
    if markup.KR_HEADER_RE.match(text) or _WATCHED_METRICS_RE.fullmatch(text.rstrip(" :")) \
            or line.heading and markup.KR_HEADING_NOTE_RE.match(text):
        line.kind = "kr_header"  # 'Success metrics' heads key results, unless they are already written
        return
    role = markup.ROLE_KR_LABEL_RE.match(text) if "KR" in text else None
    if (match := markup.KR_LABEL_RE.match(text, role.end() if role else 0)) and not _names_kr_in_prose(text, match):
        rest = text[match.end():].strip()
        if rest[:1] in "([" and (gloss := _LABEL_GLOSS_RE.match(rest)):
            # 'KR 1 (Value creation): ...', 'KR2 [Aspirational, target ~0.7]: ...': a note on the key result,
            # then its text; a committed or aspirational tag in the note is kept for split_kind
            tag = _KIND_WORD_RE.search(gloss.group(0))
            rest = rest[gloss.end():] + (f" ({tag.group(0)})" if tag else "")
        fields = markup.split_pipe_fields(_unquoted(rest))
        line.kind, line.label_text, line.owner = "kr", markup.strip_tracker_columns(fields.text), fields.owner
        line.label_number = match.group("num") or match.group("spaced") or ""
        return
    if match := markup.INITIATIVE_HEADER_RE.match(text):
        line.kind, line.label_text = "initiatives", (match.group("rest") or "").strip()
        return
    if match := markup.META_RE.match(text):
        key = " ".join(match.group("key").lower().split())
        line.kind, line.meta_key, line.meta_value = "meta", key, match.group("value").strip()
        return
    if match := markup.IGNORED_HEADER_RE.match(text):
        line.kind, line.label_text = "ignored", (match.group("rest") or "").strip()
        return


#: An outline number 'N.M' (or 'N-M'), whose first part numbers the objective: '1.2', '2.1'.
_OUTLINE_NUMBER_RE = regex_cache.compile(r"(\d{1,2})[.\-](\d{1,2})$")
#: A number that states an amount ('40%', '3 days', '$2M'), the mark of a key result in a list of items.
_AMOUNT_RE = regex_cache.compile(r"\d+(?:[.,]\d+)?\s*(?:%|[kKmM]\b|x\b)|[$€£]\s?\d|\b\d+(?:[.,]\d+)?\s+[a-z]")
#: A line that leads into a list as the key results or the measures of success, in prose.
_KR_LEAD_IN_RE = regex_cache.compile(
    r"(?:\bkey\s+results?\b|\bkrs\b|\b(?:measured?|track(?:ed)?)\b(?:\s+[\w']+){0,3}\s+(?:by|with)\b|\bknow\b.{0,40}\bwhen\b"
    r"|\bsuccess\s+(?:looks\s+like|means|will\s+be)\b|\bhow\s+we(?:'ll|\s+will)\s+(?:measure|know)\b)"
    r"[^.!?]{0,60}[:：]?\s*$", re.IGNORECASE)
#: A sentence that names its objective in quotes ('an objective for Hulry could be "Reach 500 paid
#: subscribers"', 'si tu objetivo es “Desarrollar ...”', 'Objectiveを「...」') or after a colon that closes the
#: sentence ('I'm going to set one goal: lose 5lbs by March 31st.'): the quoted or stated part is the objective.
_NAMED_IN_PROSE_RE = regex_cache.compile(
    r"(?i:objective|goal|objetivo|objectif|obiettivo|ziel)s?(?:[^\"“”「」『』.!?:]{0,60}?[\"“「『](?P<quoted>[^\"“”「」『』]{3,160})[\"”」』]"
    r"|\b[^\"“”.!?:]{0,60}:\s+(?P<stated>[^:.!?]{3,160})(?:[.!]\s|[.!]?$))")
#: A short line naming the list under it as the OKRs or objectives of the section it sits in: 'OKRs:',
#: 'OKR’s:', '2021 OKRs (to be approved by the committee):', 'Key objectives:'. A colon is needed.
_SECTION_LEAD_IN_RE = regex_cache.compile(
    r"(?:[\w&'’.-]+\s+){0,3}(?:okr(?:['’]?s)?|objectives|goals|key\s+results|krs)(?:\s*\([^()]{0,80}\))?\s*[:：]\s*$"
    r"|okr['’]?s$",  # or the word alone
    re.IGNORECASE)
_PLURAL_OBJECTIVES_RE = regex_cache.compile(r"\b(?:objectives|goals)\b", re.IGNORECASE)  # plural: a list of them
#: The last clause of a line, after a sentence end or a comma: where a lead-in into a list sits.
_TRAILING_LEAD_IN_RE = regex_cache.compile(r"(?:(?<=[.!?])\s+|,\s+)([^.!?,]{3,80}?)[:：]?\s*$")
#: A greeting that opens a message: 'Hi team,', 'Hello all!', 'Morning folks'.
_SALUTATION_RE = regex_cache.compile(
    r"(?:hi|hello|hey|dear|morning|good\s+(?:morning|afternoon|evening)|greetings)\b[^.!?:]{0,30}[,!]?\s*$",
    re.IGNORECASE)
#: Most objectives one list can hold before it is more likely a list of something else.
MANY_LISTED_OBJECTIVES = 10
#: A line whose head noun is 'objectives' or 'goals', with at most a few words before it and a period after:
#: 'Our objectives for Q3:', 'Q3 2026 goals', 'Marketing team objectives'. Not 'OKRs' or 'key results'.
_NAMES_OBJECTIVES_RE = regex_cache.compile(
    r"^(?:[\w&'’.-]+\s+){0,4}?(?:objectives|goals)(?P<rest>\s+(?:for|in|during|this|next)\b[^:]{0,40})?\s*[:：]?\s*$",
    re.IGNORECASE)
#: The last sentence of a paragraph leading into a list, naming the list as the objectives or OKRs: 'This
#: quarter's OKRs include:', 'Here are our goals for the year:', 'os OKR's da POD são:'.
_LEADS_INTO_OBJECTIVES_RE = regex_cache.compile(
    r"(?:^|[.!?]\s)[^.!?:]{0,80}\b(?:objectives|goals|okr[’']?s)\b(?![^.!?:]{0,60}\bkey\s+results\b)[^.!?:]{0,60}:\s*$",
    re.IGNORECASE)
#: 'Goal 1 is to cut support load', 'Objective 2 is growing revenue': the label as a sentence's subject.
_LABEL_COPULA_RE = regex_cache.compile(r"^is\s+(?:to\s+)?", re.IGNORECASE)
#: A gloss between a label and its colon: 'Objective (Hedef): ...', 'KR 2 (Efficiency): ...'.
_LABEL_GLOSS_RE = regex_cache.compile(r"(?:\([^()]{1,40}\)|\[[^\[\]]{1,40}\])\s*[:：]\s*")
_OKR_LABEL_RE = regex_cache.compile(r"OKR(?P<plural>)\s*[:：]\s+(?=\S)")
_OBJECTIVES_AND_KRS_RE = regex_cache.compile(r"objectives?\s+(?:and|&)\s+(?:key\s*results?|krs?)\b", re.IGNORECASE)
_KIND_WORD_RE = regex_cache.compile(r"\b(?:stretch|aspirational|moonshot|committed)\b", re.IGNORECASE)
#: Verbs that follow a subject: forms of 'be' and 'have', and the modals.
_FINITE_VERBS = frozenset("is are was were has have had can cannot will would should must may might".split())


def _names_kr_in_prose(text: str, label: re.Match[str]) -> bool:
    """'KR2.4 is the one that turns this ...', 'KR1.1 depends on the poll fix': the label is the subject of a
    sentence about that key result (a note under the table), not the label of one. A label is followed by a
    separator, or by the statement itself, which never opens with a finite verb."""
    if not label.group("num") or text[label.end() - 1:label.end()] != " " or text[label.end() - 2:label.end() - 1] in ":.)-–—|]":
        return False
    word = text[label.end():].split(" ", 1)[0].lower()
    if word in _FINITE_VERBS:
        return True
    if not word.endswith("s") or not word.isalpha():
        return False
    token = read(word).tokens
    return bool(token) and token[0].verb is not None and token[0].verb != word and not token[0].kind.can_be("N")


def _tagged_layout(lines: list[Line]) -> bool:
    """A third or more of the lines carry a priority tag and none is a bullet: a tracker's items pasted as lines."""
    plain = [line for line in lines if not line.blank and line.kind == "plain" and not line.heading]
    if any(line.bulleted for line in plain):
        return False
    tagged = sum(line.tagged for line in plain)
    return tagged >= 3 and tagged * 3 >= len(plain)


_ROLE_PREFIX_RE = regex_cache.compile(r"[A-Z][\w&/.'’-]{0,20}(?:\s[A-Z]?[\w&/.'’-]{1,20}){0,2}:\s")
_WORD_RE = regex_cache.compile(r"[^\W\d_]{3,}")
_NAME_PREFIX_RE = regex_cache.compile(r"[^:\n]{1,40}:\s")
_NOTE_FUNCTION_WORDS = frozenset("from to as of the and for with since until per".split())
_SECOND_SENTENCE_RE = regex_cache.compile(r"[a-z)][.!]\s+[A-Z]")


#: A field of a description: a name of one to four words and a colon, then its value ('Nature: qualitative').
_FIELD_SHAPE_RE = regex_cache.compile(r"[^\W\d][^\s:：]*(?:\s[^\s:：]+){0,3}[:：]\s+\S")


def _reads_as_note(text: str) -> bool:
    """A sub-bullet that annotates the item above: a lower-case start, '(...)', 'e.g.', 'See ...', a link,
    a question, a heading of further notes ('... lifecycle:'), or prose of several sentences with no role
    prefix ('Balance it with focus. Perhaps ...'); 'CMO: Increase trials. 21% QoQ' is an item."""
    text = text.rstrip()
    if _NOTE_SHAPE_RE.match(text) or text.endswith(("?", ":")):
        return True
    rest = _NAME_PREFIX_RE.sub("", text, count=1)
    if any(ch.isdigit() for ch in rest) and sum(w.lower() not in _NOTE_FUNCTION_WORDS for w in _WORD_RE.findall(rest)) < 2:
        return True  # 'Bedeho: 2/3', 'Jens (as writer): 1/6', 'Mokhtar from 10.06.19': a score or weight, not a statement
    return bool(_SECOND_SENTENCE_RE.search(text)) and not _ROLE_PREFIX_RE.match(text)


def _only_period(text: str) -> bool:
    """'Q2 2023', 'H1 FY26 (draft)': text that names a cycle and nothing else."""
    period = parse_period(text) if _may_name_period(text) else None
    return period is not None and not _PERIOD_LINE_FILLER_RE.sub(" ", text.replace(period.label, " ")).strip()


def _meta_kind(key: str) -> str:
    if key.startswith(_PARENT_KEYS):
        return "parent"
    if key.split()[-1].rstrip("s") in ("owner", "manager", "lead", "dri", "accountable", "responsible"):
        return "owner"  # 'Objective manager: ...', 'Key results lead: ...'
    return markup.META_KIND.get(key, "parent")


@dataclass
class _Item:
    """The last thing written, so wrapped lines and detail lines can join it."""

    kind: str  # objective | kr | initiative
    obj: Objective | KeyResult | Initiative
    line: Line
    end_line: int = 0  # last source line of the item (grows with wrapped lines)


class TextDraftReader:
    """Builds an OkrSet from cleaned lines. One instance per draft."""

    def __init__(self, lines: list[Line], *, source: str, today: dt.date | None, hide_sections: bool = True,
                 unnamed_tables: bool = False) -> None:
        self.lines = lines
        #: Whether a 'Notes' or 'Summary' header hides the lines under it (see :func:`read_text_draft`).
        self.hide_sections = hide_sections
        #: Whether a table whose header names no OKR column lists key results in its first worded column
        #: (the last reading of a draft that has no other, see :func:`read_text_draft`).
        self.unnamed_tables = unnamed_tables
        self.source = source
        self.today = today
        #: When any line is labelled 'Objective ...'/'O1', only labelled lines start objectives.
        self.labelled = any(line.kind == "objective" for line in lines)
        #: A paste with no bullets and no labels where many lines carry a priority tag ('... P1'): the
        #: tagged lines are key results and the untagged ones between them head objectives.
        self.tagged = not self.labelled and _tagged_layout(lines)
        self.first_tagged = next((i for i, line in enumerate(lines) if line.tagged), len(lines))
        self.first_content = next((i for i, line in enumerate(lines) if not line.blank and line.kind != "meta"),
                                  len(lines))
        self.team: str | None = None
        self.team_from_title = False
        self.period: Period | None = None
        self.period_from_title = False
        self.parent: str | None = None
        self.objectives: list[Objective] = []
        self.set_initiatives: list[Initiative] = []
        self.current: Objective | None = None
        self.origin = ""  # how the current objective started: label | heading | plain | bullet | table
        self.current_line: Line | None = None
        self.kr_style = ""  # how the current objective's key results are written: label | bullet | plain
        self.mode = "krs"  # krs | initiatives | ignore
        self.initiatives_to_set = False
        self.last: _Item | None = None
        self.after_blank = True
        self.pending: tuple[str, Line] | None = None  # a label whose text is on the next line
        self.title_seen = False
        self.table_columns: dict[str, int] = {}
        self.objective_opens_list = False
        self.origins: dict[int, str] = {}  # how each objective was started ('heading', 'plain', 'label', ...)
        self.kr_heading: Line | None = None  # the current objective's 'Key Results' heading, over its groups
        self.ignored_bullet: Line | None = None  # a bullet naming a section to skip ('- Notes'), over its items
        self.grouped_table = False  # the table groups its rows under bold rows that hold only a title
        self.at = 0  # the index of the line being read
        self.outside_tables: list[KeyResult] = []  # key results not read from a table row, in draft order
        self._written_key: tuple = ()  # what _written_texts was built from
        self._written_texts: set[str] = set()
        self.titles_line_block = False  # the current objective is a one-line paragraph over a block of lines
        self.grouped_by_bold = False  # ... and it marks them bold (else rows with only a title head groups)
        self.grouped_items = False  # the last grouped row ended in ':', so numbered rows are its items
        self.kr_details: dict[int, list[str]] = {}
        self._levels: set[int] | None = None
        self.table_kr_numbers: set[str] = set()  # the current objective's key-result labels read from table rows
        self.initiatives_level = 0  # the heading level of the current 'Initiatives' section, 0 for a line
        self.ignored_level = 0  # the heading level of the skipped section ('### KPIs'), 0 for a line
        self.glossary: KeyResult | None = None  # the key result a list of term definitions follows
        self.table_rows_read = 0  # how many of the current objective's key results came from table rows
        self._sub_item_roles: dict[tuple[int, int], bool] = {}  # (objective, indent): its sub-items are notes
        self.previous: Line | None = None  # the content line before the current one
        self.listed_objectives: list[Objective] = []  # objectives read from a list under an 'Objectives' header

    # ------------------------------------------------------------------ helpers

    def error(self, message: str, line: Line | None, hint: str) -> ParseError:
        return ParseError(message, source=self.source, line=line.number if line else None, hint=hint)

    def _next_content_at(self, index: int) -> int | None:
        """Where the next non-blank line after ``index`` is (within 200 lines)."""
        for at in range(index + 1, min(len(self.lines), index + 200)):
            if not self.lines[at].blank:
                return at
        return None

    def _next_past_fields(self, index: int) -> Line | None:
        """The next content line after ``index`` that is not a field ('Team: Casper', 'Owner: Ana', 'Why
        now: ...')."""
        at = self._next_content_at(index)
        while at is not None and not self.lines[at].bulleted and (
                self.lines[at].kind == "meta" or self.lines[at].kind == "ignored" and self.lines[at].label_text):
            at = self._next_content_at(at)
        return self.lines[at] if at is not None else None

    def _next_content(self, index: int) -> Line | None:
        at = self._next_content_at(index)
        return self.lines[at] if at is not None else None

    def _has_children(self, index: int) -> bool:
        """True when the next content line is indented deeper than line ``index``."""
        following = self._next_content(index)
        return (following is not None and following.indent >= self.lines[index].indent + 2
                and following.kind in ("kr", "plain"))

    def _index_of(self, line: Line) -> int:
        """Where an earlier line is (lines from an HTML paste can share a source line number)."""
        at = self.at
        while at > 0 and self.lines[at] is not line:
            at -= 1
        return at

    def _heads_list_past_aside(self, index: int) -> bool:
        """A numbered item, one unbulleted line of prose, then a list deeper than the item: the item heads that
        list and the line is its aside ('1. Health and fitness' / 'Start with the cliche.' / '  • Run 250
        miles'), as a page that numbers its objectives shows them."""
        line = self.lines[index]
        aside_at = self._next_content_at(index)
        if not line.number_label.isdigit() or aside_at is None:
            return False
        aside = self.lines[aside_at]
        if aside.bulleted or aside.heading or aside.kind != "plain" or aside.indent > line.indent:
            return False
        following = self._next_content(aside_at)
        return following is not None and following.bulleted and following.indent >= line.indent + 2

    def _followed_by_krs(self, index: int) -> bool:
        """A plain line is an objective when key-result-shaped lines come right under it."""
        line = self.lines[index]
        following_at = self._next_content_at(index)
        following = self.lines[following_at] if following_at is not None else None
        if following is None or following.heading:
            return False
        if following.kind in ("kr", "kr_header") or self._heads_described_block(index) \
                or self._heads_line_block(index):
            return True
        tree_item = following.kind == "meta" and following.bulleted and self._has_children(following_at)
        if following.kind == "meta" and not tree_item:  # '• Team: Own the websites' over its items is an item
            # 'Owner: Ana' or a stacked 'Team' / 'Assessments' between the objective and its key results
            return _meta_kind(following.meta_key) in ("owner", "team") and self._followed_by_krs(following_at)
        if following.kind == "table":  # a title over a 'KR | Target | Status' table, as a pasted page shows it
            columns = self._columns_of(_row_cells(following.text))
            return "kr" in columns and "objective" not in columns and not _TABLE_SEPARATOR_RE.match(following.text)
        if following.kind != "plain" and not tree_item:
            return False
        if following.bulleted or following.indent > line.indent:
            # unless the items under it are objectives themselves, each heading its labelled key results
            # ('Q1 goals' over '1) Become the fastest CI' over '   KR: ...'), or most of them have items of
            # their own ('Marketing' over '1. Scale awareness' over '   - Traffic up 30%'): then the line is a title
            return not (following.bulleted and following.kind in ("plain", "meta") and following.indent <= line.indent + 4
                        and (self._heads_kr_labels(following_at)
                             or self._bullets_have_children(following_at, list_only=True)))
        # paragraph style: the objective line directly followed by plain key-result lines
        return following.number == line.number + 1 and _looks_like_kr(following.text)

    def _heads_described_block(self, index: int) -> bool:
        """A title line, a blank line, a longer paragraph describing it, then 'Key Results' (fields such as
        'Team: Casper' may come between): a page's heading over its description, pasted without the
        heading mark. The title is the objective, even right under the previous block's key results."""
        line = self.lines[index]
        following_at = self._next_content_at(index)
        if following_at is None or line.kind != "plain" or line.bulleted or not _title_shaped(line.text):
            return False
        following = self.lines[following_at]
        after = self._next_past_fields(following_at)
        described = following.kind == "plain" or following.kind == "ignored" and following.label_text
        return (described and not following.bulleted and not following.heading
                and following.number > line.number + 1 and len(following.text.split()) > len(line.text.split())
                and after is not None and after.kind == "kr_header" and not after.heading)

    def _heads_line_block(self, index: int) -> bool:
        """A one-line paragraph over a block of two or more plain lines: a heading over its list, as a page
        copied with its bullets dropped shows it ('Daemon is as reliable as it can be' / blank / one line
        per key result)."""
        line = self.lines[index]
        if line.kind != "plain" or line.bulleted or line.heading or line.indent or not _title_shaped(line.text) \
                or index and not self.lines[index - 1].blank or index + 1 >= len(self.lines) \
                or not self.lines[index + 1].blank:
            return False
        at = self._next_content_at(index)
        block = self.lines[at:at + 2] if at is not None else []
        return len(block) == 2 and all(
            other.kind == "plain" and not other.bulleted and not other.heading and not other.indent
            for other in block)

    def _is_container(self, index: int) -> bool:
        """A heading whose section holds objectives groups them (a team, a theme): it is not an objective.

        Its section holds objectives when the first item in it is a labelled objective or a deeper plain
        heading, or when most of its top-level bullets have bullets of their own under them.
        """
        level = self.lines[index].heading
        for i in range(index + 1, min(len(self.lines), index + 400)):
            line = self.lines[i]
            if line.blank or line.kind == "meta" and not line.bulleted:
                continue
            if line.kind == "objective" or line.kind == "objectives_header" and line.label_text:
                return True
            if line.heading:
                return line.heading > level and line.kind == "plain" and self._section_has_krs(i) \
                    and not self._has_kr_heading(i, level)
            if line.kind in ("kr", "kr_header", "initiatives", "table"):
                return False
            if line.bulleted:
                return self._bullets_have_children(i)
        return False

    def _has_kr_heading(self, start: int, level: int) -> bool:
        """A 'Key Results' heading comes before the next heading at ``level`` or above."""
        for line in self.lines[start:start + 200]:
            if line.heading and line.heading <= level:
                return False
            if line.heading and line.kind == "kr_header":
                return True
        return False

    def _bullets_have_children(self, start: int, *, list_only: bool = False) -> bool:
        """Most bullets at the depth of line ``start`` (up to the next heading) have bullets under them.

        With ``list_only``, for a list under a plain line: up to the end of this list, and every bullet is
        a parent or the parents hold two or more items each on average, as objectives hold key results (a
        comment under some of the items is a note on them)."""
        depth = self.lines[start].indent
        parents = total = children = 0
        for i in range(start, min(len(self.lines), start + 400)):
            line = self.lines[i]
            if line.heading or list_only and not line.blank and not line.bulleted and line.indent <= depth:
                break
            if line.bulleted and line.indent == depth:
                total += 1
                parents += self._has_children(i)
            elif line.bulleted and line.indent > depth:
                children += 1
        return parents * 2 > total and (not list_only or children >= 2 * parents or parents == total)

    def _columns_of(self, cells: list[str]) -> dict[str, int]:
        """The OKR columns of a header row; in the reading of unnamed tables, its first worded column holds
        key results when it names none ('| 内容 | 结果 | 收获与反思 |', '| Item | Outcome | Notes |')."""
        columns = _table_columns([cell.strip() for cell in cells])
        if columns or not self.unnamed_tables:
            return columns
        worded = next((i for i, cell in enumerate(cells) if sum(ch.isalpha() for ch in cell) >= 2), None)
        return {"kr": worded} if worded is not None else {}

    def _section_has_krs(self, index: int) -> bool:
        """A heading starts an objective when its section (up to the next heading) lists key results."""
        bullets = shaped = 0
        in_notes = False  # after 'Why we do it:' or 'Notes:' the lines are notes, but key results may follow
        level = self.lines[index].heading
        for line in self.lines[index + 1:index + 200]:
            if line.kind == "objective":
                return False  # '## Current objectives' over '### Objective 1': a section holding labelled objectives
            if line.heading:  # '## Grow revenue', a description, then '### Key Results': its key results
                if line.kind == "kr_header" and line.heading > level > 0:
                    return True
                if line.heading > level > 0:
                    continue  # a sub-section ('### Team') of this heading's section
                break
            if line.kind in ("kr", "kr_header"):
                return True
            if line.kind == "ignored" and not line.label_text:
                in_notes = True
                continue
            if line.kind in ("initiatives", "objectives_header") and not line.label_text:
                break
            if line.kind == "table":  # a 'KR | Target | Status' table under the heading
                columns = self._columns_of(_row_cells(line.text))
                return "kr" in columns and "objective" not in columns
            if line.kind == "plain" and not in_notes:
                bullets += line.bulleted
                shaped += _looks_like_kr(line.text)
        return shaped > 0 if self.labelled else bullets > 0 or shaped > 0

    def _section_table_names_objectives(self, index: int) -> bool:
        """The first thing under a heading, past its prose, is a table with an objective column: the rows
        are the objectives, so the heading groups them. (The caller asks only while objectives come from
        tables: after objectives written out, such a table sums them up.)"""
        level = self.lines[index].heading
        for line in self.lines[index + 1:index + 200]:
            if line.heading and line.heading <= level or line.bulleted or line.kind not in ("plain", "table", "meta", "blank"):
                return False
            if line.kind == "table":
                return "objective" in self._columns_of(_row_cells(line.text))
        return False

    # ------------------------------------------------------------------ walk

    def _mark_table_sections(self) -> None:
        """In a section under a labelled objective whose key results are table rows, the lines outside the
        table (a tagline, a quoted purpose, a 'Progress: 0%' line) are notes on it, not more key results."""
        starts = [i for i, line in enumerate(self.lines) if line.heading or line.kind == "objective"]
        for start, end in zip(starts, [*starts[1:], len(self.lines)]):
            if self.lines[start].kind != "objective":
                continue
            body = self.lines[start + 1:end]
            rows = [line for line in body if line.kind == "table"]
            if len(rows) < 3 or "kr" not in self._columns_of(_row_cells(rows[0].text)):
                continue
            stated = bool(self.lines[start].label_text)  # a bare 'Objective' label: the next line states it
            for line in body:
                if line.kind == "plain" and not line.bulleted:
                    if not stated:
                        stated = True
                        continue
                    line.kind = "note"

    def _on_note(self, index: int, line: Line) -> None:
        return

    def read(self) -> OkrSet:
        self._mark_table_sections()
        for index, line in enumerate(self.lines):
            self.at = index
            if line.blank:
                self.after_blank = True
                continue
            if self.ignored_bullet is not None:
                if line.indent > self.ignored_bullet.indent and not line.heading:
                    continue  # under '- **Grading notes**': the section's own items, whatever they mention
                self.ignored_bullet = None
            if self.pending is not None:
                self._fill_pending(index, line)
            else:
                getattr(self, f"_on_{line.kind}")(index, line)
            self.after_blank = False
            self.previous = line
        if self.pending is not None:
            kind, line = self.pending
            raise self.error(f"'{_short(line.text)}' has no {kind} text after the label", line,
                             f"write the {kind} on the same line, e.g. '{_example(kind)}'")
        if not self.objectives:
            first = next((line for line in self.lines if not line.blank), None)
            raise self.error("no objective found", first,
                             "start each block with 'Objective: <what you want to achieve>' and list its key "
                             "results under it as '- ...' bullets (see docs/draft-format.md)")
        self._drop_preamble()
        self._apply_details()
        period = self.period
        return OkrSet(
            team=self.team, period=period.label if period else None,
            starts=period.starts if period else None, ends=period.ends if period else None,
            parent_objective=self.parent, objectives=self.objectives, initiatives=self.set_initiatives,
            source=self.source)

    def _drop_preamble(self) -> None:
        """A draft whose objectives are headings (two or more at one level) does not also write objectives as
        plain lines above the first of them: 'What is the main thing?' over two bullets, before '### Make the
        gateway fast', is the page's preamble. Only plain-line objectives before the first heading go."""
        origins = self.origins
        headings = [o for o in self.objectives if origins.get(id(o)) == "heading"]
        if len(headings) < 2 or self.labelled:
            return
        first = self.objectives.index(headings[0])
        if first and all(origins.get(id(o)) == "plain" for o in self.objectives[:first]):
            self.objectives[:first] = []
            for position, objective in enumerate(self.objectives, 1):
                objective.position = position

    def _fill_pending(self, index: int, line: Line) -> None:
        kind, label_line = self.pending
        # '* Objective:' over '    * Become ...'; a heading '## Objective' over '- Become ...'
        nested = line.bulleted and (line.indent > label_line.indent or label_line.heading > 0)
        restated = line.kind == label_line.kind or line.kind == f"{label_line.kind}_header" and not line.plural
        if restated and not line.label_text and label_line.heading and not line.heading:
            return  # '#### O3KR2' over '_Key Result_:' over the text: the label said twice, the text still to come
        if line.kind == label_line.kind and label_line.heading and not line.heading:
            # '## 1. Core goal (Objective)' over '**Objective:**' and its text: the heading names the section
            self.pending = None
            getattr(self, f"_on_{line.kind}")(index, line)
            return
        if kind == "objective" and line.kind == "plain" and line.heading > label_line.heading > 0:
            self.pending = None  # '## Objective 1' over '### Grow revenue': the deeper heading states it
            self._start_objective(label_line, "label", text=line.text)
            self.last.end_line = line.number
            return
        if line.kind != "plain" or (line.bulleted and not nested) or line.heading:
            if kind != "objective":
                raise self.error(f"'{_short(label_line.text)}' has no {kind} text", label_line,
                                 f"write the {kind} after the label, e.g. '{_example(kind)}'")
            # '## Objective 1' straight over '### Key Results', 'Objective:' over 'KR1: ...': the draft names
            # the objective by its label only; its key results still belong to it
            self.pending = None
            named = label_line.text.rstrip(" :.-–—|")
            self._start_objective(label_line, "anonymous", text=named if any(c.isdigit() for c in named) else "")
            getattr(self, f"_on_{line.kind}")(index, line)
            return
        self.pending = None
        if kind == "objective":
            self._start_objective(label_line, "label", text=line.text)
        else:
            self._add_kr(label_line, line.text, "label")
        self.last.end_line = line.number

    # ------------------------------------------------------------------ line kinds

    def _on_objective(self, index: int, line: Line) -> None:
        last = self.last
        if last is not None and last.kind == "kr" and (
                line.text.lower().startswith("goal") and line.heading > last.line.heading > 0
                or not line.heading and line.indent > last.line.indent
                and (line.bulleted or line.text.lower().startswith("goal"))):
            # '### Key Result 1: ...' then '#### Goal: MAE 15% lower'; a 'Goal:' ('Hedef:') bullet nested under a
            # key result: its target
            self._add_detail(line)
            return
        if not line.label_text:
            self.pending = ("objective", line)
            return
        if last is not None and last.kind == "objective" and last.obj is self.current and not last.obj.key_results \
                and last.line.heading > 0 and not line.heading:
            # '### O1 Build the platform' over '_Objective_: Design ...': the heading names it, the line states it
            last.obj.text = markup.tidy(markup.split_owner(line.label_text).text) or last.obj.text
            last.end_line = line.number
            return
        self._start_objective(line, "label")

    def _on_objectives_header(self, index: int, line: Line) -> None:
        if line.label_text and self.period is None:
            self.period = parse_period(line.label_text, today=self.today)
        if self.current is not None and self.labelled and not self.current.key_results \
                and line.text.lower().startswith("goal"):
            self.mode = "krs"  # 'Objective: ...' then 'Goals:': the team's word for its key results
            return
        self.mode, self.last = "krs", None
        if not self.labelled:
            self.current, self.origin = None, ""
        if not self.labelled and (self._lists_then_kr_header(index) or self._flat_list_to_end(index)):
            self.mode = "objective_list"  # '#### Objectives' / '1. ...' / '#### Key Results' / '1. ...'

    def _lists_then_kr_header(self, index: int) -> bool:
        """The header's section is a plain list followed by a 'Key Results' header: the list holds objectives."""
        listed = False
        for line in self.lines[index + 1:index + 100]:
            if line.blank:
                continue
            if line.kind == "kr_header":
                return listed
            if line.kind != "plain" or line.heading:
                return False
            listed = True
        return False

    def _flat_list_to_end(self, index: int) -> bool:
        """The rest of the draft is one flat run of plain items (bullets or paragraphs, one depth, none a
        heading, most stating no amount) and no objective is read yet: a list of objectives with their key
        results still to write ('Our objectives for Q3:' over three lines)."""
        if self.objectives or self.current is not None:
            return False
        items: list[Line] = []
        for at in range(index + 1, len(self.lines)):  # stops at the limit: a long draft is no list of objectives
            line = self.lines[at]
            if not line.blank:
                items.append(line)
                if len(items) > MANY_LISTED_OBJECTIVES:
                    return False
        if not items:
            return False
        if any(line.kind != "plain" or line.heading or line.indent != items[0].indent
               or line.bulleted != items[0].bulleted for line in items):
            return False
        return sum(bool(_AMOUNT_RE.search(line.text)) for line in items) * 2 < len(items)

    def _leads_into_krs(self, index: int, line: Line) -> bool:
        """'Our key results will be:', 'We will measure it by:', 'We'll know we got there when:' over a list,
        in a draft written as prose: the list holds key results, and the paragraph before the line (when
        nothing is read as an objective yet) is their objective ('Our objective for Q3 is to ...')."""
        if self.labelled or line.bulleted or line.heading or len(line.text) > 160 \
                or not _KR_LEAD_IN_RE.search(line.text) or _PLURAL_OBJECTIVES_RE.search(line.text):
            return False  # 'Here are our objectives and the key results for each:' heads objectives
        following_at = self._next_content_at(index)
        if following_at is None or not self.lines[following_at].bulleted or self._has_children(following_at):
            return False  # a list of items with items of their own holds objectives
        before = next((self.lines[at] for at in range(index - 1, -1, -1) if not self.lines[at].blank), None)
        if self.current is not None and self.current_line is before:
            self.mode = "krs"  # the paragraph before is already the objective
            return True
        if self.current is not None and self.current_line is not None and self.origin in ("plain", "anonymous") \
                and self._only_prose_since(self._index_of(self.current_line), index):
            # 'an objective could be "Reach 500 paid subscribers".' / two sentences on the method / 'the above
            # objective can have the following KRs:' / the list: the sentences were prose, the list holds them
            self.current.key_results.clear()
            self.outside_tables = [kr for kr in self.outside_tables if kr.line <= self.current_line.number]
            self.mode, self.kr_style, self.last = "krs", "bullet", None
            return True
        if self.current is not None:
            return False
        before = self._names_objective_before(index) or before
        if before is None or before.bulleted or before.heading or before.kind != "plain" \
                or _SALUTATION_RE.match(before.text):
            self._start_objective(line, "anonymous", text="")
        else:
            self._start_objective(before, "plain")
            if self.period is None and _may_name_period(before.text):
                self.period = parse_period(before.text, today=self.today)  # 'Our objective for Q3 is to ...'
        self.kr_style = "bullet"
        return True

    def _names_objective_before(self, index: int) -> Line | None:
        """In the prose right above line ``index`` (plain sentences, nearest first), the one that names an
        objective in quotes: 'a goal for a newsletter could be "Reach 800 paying readers".'"""
        for at in range(index - 1, max(index - 9, -1), -1):
            line = self.lines[at]
            if line.blank:
                continue
            if line.kind != "plain" or line.bulleted or line.heading:
                return None
            if (named := _NAMED_IN_PROSE_RE.search(line.text)) and named.group("quoted"):
                return line
        return None

    def _reads_as_introduction(self) -> bool:
        """The current objective is the first, started from a sentence ('This page documents the plan for
        2022.'), and all it holds so far are more plain lines: an introduction read as an objective. (It
        scans back to that sentence, so the caller asks only for a line that heads a list.)"""
        head = self.current_line
        if self.current is None or len(self.objectives) != 1 or self.origin != "plain" or self.kr_style != "plain" \
                or head is None or not head.text.endswith(".") or len(head.text.split()) < 8:
            return False
        start = self._index_of(head)
        return all(line.kind in ("plain", "blank") and not line.bulleted and not line.heading
                   for line in self.lines[start + 1:self.at])

    def _only_kr_line(self, index: int) -> bool:
        """Line ``index`` is the one key-result line of its objective: none before it, none after it before
        the next objective or heading. ('Key Results: a, b, c' lists them; a 'Key Results:' label on each
        of several items is the label of one.)"""
        if self.current is None or self.current.key_results:
            return False
        for line in self.lines[index + 1:index + 100]:
            if line.kind == "objective" or line.heading:
                return True
            if line.kind == "kr":
                return False
        return True

    def _only_prose_since(self, start: int, end: int) -> bool:
        """Every line between ``start`` and ``end`` is a plain sentence: no bullet, label, heading or table."""
        between = [line for line in self.lines[start + 1:end] if not line.blank]
        return all(line.kind == "plain" and not line.bulleted and not line.heading and not line.indent
                   and line.text[-1:] in ".!?:)" for line in between)

    def _is_section_lead_in(self, index: int, line: Line) -> bool:
        """'OKRs:', 'OKR’s:', '2021 OKRs (to be approved by the board):', 'Key objectives:' on a line of its
        own over a flat list, in the section of a heading objective that has no key results yet."""
        if self.labelled or self.current is None or self.origin != "heading" or self.current.key_results \
                or line.bulleted or line.heading or line.kind != "plain" or not _SECTION_LEAD_IN_RE.match(line.text):
            return False
        following_at = self._next_content_at(index)
        return following_at is not None and self.lines[following_at].bulleted \
            and self.lines[following_at].kind == "plain" and not self._has_children(following_at)

    def _heads_section_krs(self, index: int, line: Line) -> bool:
        """A heading, a paragraph about it, then 'OKRs:' over a list: the list holds the heading's key results
        (a plan written per committee or team, each section headed by its name)."""
        if not self._is_section_lead_in(index, line):
            return False
        self.mode, self.last = "krs", None
        return True

    def _lead_in_ahead(self, index: int) -> bool:
        """Past the prose that follows line ``index``, a section lead-in ('OKRs:') heads a list."""
        for at in range(index + 1, min(len(self.lines), index + 50)):
            line = self.lines[at]
            if line.blank:
                continue
            if line.bulleted or line.heading or line.kind != "plain":
                return False
            if self._is_section_lead_in(at, line):
                return True
        return False

    def _names_objectives(self, index: int, line: Line) -> bool:
        """A short line whose head noun is 'objectives' or 'goals' ('Our objectives for Q3:', 'Q3 goals',
        '## Team objectives'), or a paragraph whose last sentence leads into the list as the objectives or
        OKRs, over a flat list of objectives: it heads the list (its period is the set's)."""
        if self.labelled or line.bulleted or len(line.text) > 2_000:
            return False
        lead_in = _LEADS_INTO_OBJECTIVES_RE.search(line.text)
        if lead_in is not None and len(lead_in.group(0).split()) < 3:
            lead_in = None  # a bare 'OKRs:' heads key results as often as objectives; a sentence says which
        named = _NAMES_OBJECTIVES_RE.search(line.text) if len(line.text) <= 80 else None
        if named is None and lead_in is None or read(line.text).leads_with_base_verb \
                or not self._flat_list_to_end(index):
            return False
        rest = named.group("rest") or "" if named else ""
        if rest.strip() and not _only_period(rest.strip()):
            return False
        period = parse_period(line.text, today=self.today) if _may_name_period(line.text) else None
        if period is not None and self.period is None:
            self.period = period
        self.title_seen, self.mode = True, "objective_list"
        return True

    def _on_kr_header(self, index: int, line: Line) -> None:
        self.kr_heading = line if line.heading and self.current is not None else None
        if self.current is not None and self.current.key_results and _WATCHED_METRICS_RE.match(line.text):
            self.mode, self.last = "ignore", None  # '### Success metrics' after the key results: metrics watched
            return
        self.mode = "krs"

    def _on_kr(self, index: int, line: Line) -> None:
        if line.label_text and _PLURAL_KR_LABEL_RE.match(line.text) and self._has_children(index):
            self._on_kr_header(index, line)  # '- **Key Results:** Martin' over a nested list: a header and its owner
            return
        if self.current is None and self.labelled:
            raise self.error(f"'{_short(line.text)}' has no objective above it", line,
                             "start the block with 'Objective: <what you want to achieve>'")
        if self.current is None:  # 'Q3 OKRs' then 'KR1: ...': key results pasted without their objective
            self._start_objective(line, "anonymous", text="")
        self.mode = "krs"
        if not line.label_text:
            self.pending = ("key result", line)
            return
        kind = _HEADER_GLOSS_RE.sub("", line.label_text) if line.heading else line.label_text
        if kind != line.label_text and len(kind.split()) <= 2 \
                and (following := self._next_content(index)) is not None and following.kind == "plain" \
                and not following.heading and not following.bulleted:
            self.pending = ("key result", line)  # '### KR1 — Leading (early signal)' over '> 200 shops active ...'
            return
        if line.label_number in self.table_kr_numbers and not line.bulleted:
            return  # 'KR5.3 matters more than it looks: ...' under a table whose row KR5.3 is: a note on that row
        listed = _listed_statements(line.label_text) \
            if _PLURAL_KR_LABEL_RE.match(line.text) and self._only_kr_line(index) else []
        for item in listed[:-1]:  # 'Key Results: regular exercise, a healthy diet, a target weight': one each
            self._add_kr(line, item, "label")
        self._add_kr(line, listed[-1] if listed else line.label_text, "label")

    def _on_initiatives(self, index: int, line: Line) -> None:
        objective_heading = self.current_line.heading if self.current_line else 0
        to_set = self.current is None or (line.heading > 0 and (objective_heading == 0
                                                                 or line.heading <= objective_heading))
        if line.label_text:  # 'Initiatives: pricing test; onboarding emails'
            for part in _split_items(line.label_text):
                self._add_initiative(line, part, to_set)
            return
        self.mode, self.initiatives_to_set, self.last = "initiatives", to_set, None
        self.initiatives_level = line.heading

    def _on_ignored(self, index: int, line: Line) -> None:
        if (not line.label_text or line.heading) and self.hide_sections:
            # a 'Notes:' block, '## Health metrics: must not get worse' heading its list; 'Why: ...' on one line
            # is skipped
            self.mode, self.last = "ignore", None
            self.ignored_bullet = line if line.bulleted else None
            self.ignored_level = line.heading

    def _on_meta(self, index: int, line: Line) -> None:
        if line.bulleted and not self.labelled and self._has_children(index) and self._in_bullet_tree(line):
            self._start_objective(line, "bullet")  # '- Team: Own the websites' over its key results
            return
        kind, value = _meta_kind(line.meta_key), markup.tidy(line.meta_value)
        if not value or kind == "due":  # 'due date: 31.05.2025' under an objective: a date, not its text
            return
        if kind == "owner":
            target = self.last.obj if self.last is not None else self.current
            if target is not None and target.owner is None:
                target.owner = markup.clean_name(value)
        elif kind == "period":
            if self.period is None or self.period_from_title:  # 'Period: ...' wins over a title's guess
                self.period = parse_period(value, today=self.today) or Period(value)
                self.period_from_title = False
        elif kind == "team":
            period = parse_period(value, today=self.today)
            if period:
                self.period = self.period or period
                value = markup.tidy(value.replace(period.label, " ")) or value
            if self.team is None or self.team_from_title:  # 'Team: ...' wins over a title's guess
                self.team, self.team_from_title = _TEAM_SUFFIX_RE.sub("", value), False
        else:
            self.parent = self.parent or value

    def _on_table(self, index: int, line: Line) -> None:
        if _TABLE_SEPARATOR_RE.match(line.text) or self.mode == "ignore":  # a table under '## Scoring'
            return
        cells = [markup.strip_emphasis(_HTML_BREAK_RE.sub(" ", cell)).strip() for cell in _row_cells(line.text)]
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        first_row = index == 0 or self.lines[index - 1].kind != "table"  # a rule under a later row only divides
        if first_row and following is not None and following.kind == "table" \
                and _TABLE_SEPARATOR_RE.match(following.text) and not _labelled_objective_cell(cells[0] if cells else ""):
            self.table_columns = self._columns_of(cells)  # a header row ('| **Objective #1: ...** | |' is a row)
            self.grouped_table = self.grouped_by_bold = False
            return
        columns = self.table_columns
        if "objective" not in columns and "kr" not in columns and self._on_grouped_row(index, line, cells):
            return
        if "end" in columns and "start" not in columns and not _value_cell(cells, columns["end"]):
            columns = {name: at for name, at in columns.items() if name != "end"}  # '| KR | Target |' of statements
        if "objective" not in columns and "kr" not in columns and (labelled := _label_row(line, cells)):
            getattr(self, f"_on_{labelled.kind}")(index, labelled)  # '| **KR1** | Increase ARR ... |'
            return

        def cell(name: str) -> str:
            position = columns.get(name)
            return cells[position] if position is not None and position < len(cells) else ""

        objective_text = cell("objective")
        if objective_text:
            label = markup.OBJECTIVE_LABEL_RE.match(objective_text)
            objective_text = objective_text[label.end():].strip() if label else objective_text
            if objective_text and (self.current is None or objective_text != self.current.text):
                self._start_objective(line, "table", text=objective_text)
        kr_text = cell("kr")
        label = _labelled_objective_cell(kr_text) if kr_text and "objective" not in columns else None
        if label:
            # '| Key Result | Status |' over '| **O1: Catalyze secure software** | |': a labelled objective row
            self._start_objective(line, "table", text=kr_text[label.end():].strip())
            return
        if kr_text and "objective" not in columns and self._written_before(kr_text):
            return  # a score or status table that lists key results written above it
        if kr_text:
            if self.current is None and self.unnamed_tables:
                self._start_objective(line, "anonymous", text="")  # '# OKR' over a table of tasks: one set
            if self.current is None:
                raise self.error(f"table row '{_short(kr_text)}' has no objective", line,
                                 "fill the Objective column on the first row of each objective")
            label = markup.KR_LABEL_RE.match(kr_text)
            kr_text = kr_text[label.end():].strip() if label else kr_text
            if label and (number := label.group("num") or label.group("spaced")):
                self.table_kr_numbers.add(number)
            from_column = columns["kr"]
            if not kr_text or _is_row_id(kr_text):
                # '| M1.1 | Tools stay callable | On branch |', '| **KR1** | Type | Có ít nhất 120 ... |',
                # '| KR-2026Q3-01 | Self-serve rate from 42% → 70% | 51% |': the KR column holds ids, so the
                # statement is the longest cell with words, preferring one no other column claims
                used = set(columns.values())
                worded = [(i not in used, len(c), i) for i, c in enumerate(cells)
                          if i != from_column and sum(ch.isalpha() for ch in c) >= 3 and not _is_row_id(c)]
                named = columns.get("text")
                if named is not None and any(i == named for _, _, i in worded):
                    worded = [(True, 0, named)]  # a 'Description' column says which cell is the statement
                # the header's target column, also in rows where it holds words rather than a value
                target_at = self.table_columns.get("end")
                target = cells[target_at] if target_at is not None and target_at < len(cells) else ""
                if len(_WORD_RE.findall(target)) >= 2:
                    worded = [(True, len(target), target_at)]  # '| KR1 | 200 GitHub stars | 7 |': the target states it
                if worded:
                    from_column = max(worded)[2]
                    kr_text = cells[from_column]
            values = {name: cell(name) for name in ("start", "end", "due") if columns.get(name) != from_column}
            if from_column == columns["kr"] and ("start" in columns or "end" in columns):
                kr_text += row_measure(values.get("start", ""), values.get("end", ""), values.get("due", ""))
            stacked = _stacked_items(_row_cells(line.text), from_column) if "<" in line.text else []
            if not stacked and "objective" in columns and ";" in kr_text:
                stacked = _joined_statements(kr_text)  # '| Grow revenue | ARR > $2M; churn -25% |'
            for part in stacked[:-1]:  # '| Grow revenue | Increase ARR ...<br>Cut churn ... |': one per line
                self._add_kr(line, part, "label")
            self._add_kr(line, stacked[-1] if stacked else kr_text, "label")
            for name in sorted(key for key in columns if key.startswith("kr-")):  # 'Key Result 2', 'Key Result 3'
                if sum(ch.isalnum() for ch in cell(name)) >= 2:
                    self._add_kr(line, cell(name), "label")
            owner = cell("owner")
            if owner and self.last.obj.owner is None:
                self.last.obj.owner = markup.clean_name(owner)
        if cell("initiative"):
            self._add_initiative(line, cell("initiative"), self.current is None)

    def _row_fills_more(self, index: int) -> bool:
        """The next line is a table row with a cell filled after its first."""
        following = self._next_content(index)
        return following is not None and following.kind == "table" and not _TABLE_SEPARATOR_RE.match(
            following.text) and any(cell.strip() for cell in _row_cells(following.text)[1:])

    def _on_grouped_row(self, index: int, line: Line, cells: list[str]) -> bool:
        """A spreadsheet kept as a table of groups: a bold row with only its first cell filled ('| **1 Finish
        the base use case** | | |') is an objective, and the rows under it are its key results, one per row,
        their other cells scores and owners. A numbered row under a row ending in ':' is an item of that
        key result. Only for tables whose header names no objective or key-result column."""
        raw = _row_cells(line.text)
        first = raw[0].strip() if raw else ""
        text = cells[0] if cells else ""
        rest_empty = not any(cell.strip() for cell in cells[1:])
        bold = first.startswith("**") and first.endswith("**")
        # bold, or (as a page pasted as text shows it, with the bold gone) over a row with more cells filled
        if text and rest_empty and (bold or not self.grouped_by_bold and self._row_fills_more(index)):
            label = _labelled_objective_cell(text)
            self._start_objective(line, "table", text=text[label.end():].strip() if label else text)
            self.grouped_table = True
            self.grouped_by_bold = self.grouped_by_bold or bold  # then only bold rows head groups
            return True
        if not self.grouped_table or self.current is None:
            return False
        if text and sum(ch.isalpha() for ch in text) >= 3:
            if self.grouped_items and _NUMBERED_ITEM_RE.match(text):
                return True  # '1. Guide on CLI tooling' under 'Write 3 guides:': part of that key result
            label = markup.KR_LABEL_RE.match(text)
            self._add_kr(line, text[label.end():].strip() if label and label.end() < len(text) else text, "label")
            self.grouped_items = text.rstrip().endswith(":")
        return True

    def _labelled_krs_follow(self, index: int) -> bool:
        """A 'Key results' header or a labelled key result comes before the next objective."""
        own = self.current_line.heading if self.current_line is not None else 0
        for line in self.lines[index + 1:index + 200]:
            if line.kind in ("kr", "kr_header"):
                return True
            if line.kind in ("objective", "objectives_header") or line.heading and line.kind == "plain" and not (
                    0 < own < line.heading):
                return False
        return False

    def _continues_kr_numbering(self, line: Line) -> bool:
        """Line numbered '1.2' when the objective's last key result was numbered '1.1'."""
        if "." not in line.number_label or self.current is None or not self.current.key_results:
            return False
        last = self.current.key_results[-1].line
        label = self.lines[last - 1].number_label if last else ""
        head, _, tail = label.rpartition(".")
        return bool(head) and tail.isdigit() and line.number_label == f"{head}.{int(tail) + 1}"

    def _written_before(self, text: str) -> bool:
        """The set already has this key result, written outside a table. The texts are kept as a set, built
        again only when a key result was added or the last one grew (a wrapped line), so a table of
        thousands of rows costs one lookup per row."""
        label = markup.KR_LABEL_RE.match(text)
        wanted = " ".join((text[label.end():] if label else text).lower().split())
        outside = self.outside_tables
        key = (len(outside), outside[-1].text if outside else "")
        if self._written_key != key:
            self._written_key, self._written_texts = key, {kr.text.lower() for kr in outside}
        return wanted in self._written_texts

    def _on_plain(self, index: int, line: Line) -> None:
        if self.mode != "objective_list" and self._names_objectives(index, line):
            return
        if not self.objectives and not line.bulleted and not line.heading and _SALUTATION_RE.match(line.text):
            return  # 'Hi team,' at the top of a message: no title, no team
        if self._leads_into_krs(index, line) or self._heads_section_krs(index, line):
            return
        if self._is_title(index, line):
            return
        if self._is_period_line(line):
            if self.mode == "ignore" and 0 < line.heading <= self.ignored_level:
                self.mode = "krs"  # '### Notes' ... '### OKRs (Q2 2026)': a heading as high ends the skipped section
            return
        if self._is_continuation(index, line):
            before = self.last.obj.text
            tail = self.previous.text.rstrip()[-1:] if self.previous is not None else ""
            if tail in (",", ";") and not before.endswith(tail):
                before += tail  # '(provenance,' / 'adversary, validator)': tidying dropped the comma at the wrap
            if _BROKEN_WORD_RE.search(self._raw_end(line)) and line.text[:1].islower():
                self.last.obj.text = markup.tidy(before + line.text)  # 'min-' + 'utes': a word split by a PDF
            else:
                self.last.obj.text = markup.tidy(f"{before} {line.text}")
            self.last.end_line = line.number
            return
        if self.mode != "krs" and self._continues_kr_numbering(line):
            self.mode = "krs"  # '1.2 ...' after the notes and activities under '1.1 ...'
        if line.heading and self._states_named_kr(line):
            return
        if line.heading:
            self._on_plain_heading(index, line)
        elif self.mode == "ignore":
            return
        elif self.mode == "objective_list":
            self._start_objective(line, "bullet")
            self.listed_objectives.append(self.current)
            self.mode = "objective_list"  # the list goes on: each item is one more objective
        elif self.mode == "initiatives":
            if not self.labelled and not line.bulleted and line.indent == 0 and self._followed_by_krs(index):
                self._start_objective(line, "plain")
            else:
                self._add_initiative(line, line.text, self.initiatives_to_set)
        elif line.bulleted:
            self._on_plain_bullet(index, line)
        else:
            self._on_plain_text(index, line)

    def _is_subsection(self, index: int, line: Line) -> bool:
        """A deeper heading inside a heading objective whose 'Key Results' heading, at this depth, is still to come."""
        current = self.current_line
        if self.current is None or self.current.key_results or current is None or self.origin != "heading" \
                or not 0 < current.heading < line.heading:
            return False
        for other in self.lines[index + 1:index + 200]:
            if other.heading and other.heading <= current.heading:
                return False
            if other.heading == line.heading and other.kind == "kr_header":
                return True
        return False

    def _container_levels(self) -> set[int]:
        """Heading levels whose sections group objectives: at a level, container-shaped sections must
        outnumber sections that list key results ('# scale the platform' over flat bullets, then
        '# understand our customer' over one nested bullet: both are objectives)."""
        if self._levels is None:
            votes: dict[int, int] = {}
            for i, line in enumerate(self.lines):
                if line.heading and line.kind == "plain":
                    if self._is_container(i):
                        votes[line.heading] = votes.get(line.heading, 0) + 1
                    elif self._section_has_krs(i):
                        votes[line.heading] = votes.get(line.heading, 0) - 1
            self._levels = {level for level, vote in votes.items() if vote > 0}
        return self._levels

    def _states_named_kr(self, line: Line) -> bool:
        """'### KR1 — Leading (user behaviour)' over '40% of new users finish a session' (a paragraph or a deeper
        heading): the label heading names the kind of measure, the line under it states the key result."""
        last = self.last
        if not (last is not None and last.kind == "kr" and last.line.heading and last.line.kind == "kr"
                and self.previous is last.line and _names_a_kind(last.obj.text)
                and any(ch.isdigit() for ch in line.text) and (not line.heading or line.heading > last.line.heading)):
            return False
        last.obj.text = markup.tidy(line.text)
        last.obj.measure = extract_measure(last.obj.text)
        last.end_line = line.number
        return True

    def _on_plain_heading(self, index: int, line: Line) -> None:
        if self.mode == "initiatives" and 0 < self.initiatives_level < line.heading:
            return  # '### Initiatives' / '#### Phase 1 — Tech debt' / its items: a group of initiatives
        if self.kr_heading is not None and line.heading > self.kr_heading.heading and self.mode == "krs":
            return  # '### Key Results' / '#### High-confidence detection' / its rows: a group of key results
        if self._is_subsection(index, line):  # '### Team' between '## Objective' and its '### Key Results'
            self.mode, self.last = "ignore", None
            return
        if line.heading in self._container_levels() and self._is_container(index):  # '## Marketing' above its numbered objectives: a group, not an objective
            self.current, self.origin, self.current_line, self.last, self.mode = None, "", None, None, "krs"
            return
        if (not self.objectives or self.origins[id(self.objectives[-1])] == "table") \
                and self._section_table_names_objectives(index):  # '## Company objectives' over '| Objective | KRs |'
            self.current, self.origin, self.current_line, self.last, self.mode = None, "", None, None, "krs"
            return
        if self._section_has_krs(index):
            if self.labelled and self.current is not None and self.origin == "label" \
                    and not self.current.key_results and self.current_line.heading < line.heading:
                self.mode = "krs"  # '**Objective**: ...' then '### OKRs (Q2)' over its table: the objective's section
                return
            self._start_objective(line, "heading")
        else:  # a section we do not know: its lines belong to no objective
            self.mode, self.last = "ignore", None

    def _in_bullet_tree(self, line: Line) -> bool:
        """No objective yet, or a bullet at (or above) the current bullet objective's depth."""
        return self.current is None or (self.origin == "bullet" and line.indent <= self.current_line.indent)

    def _on_plain_bullet(self, index: int, line: Line) -> None:
        if not self.labelled and self._is_outline_parent(index, line):
            self._start_objective(line, "bullet")  # '1. Grow revenue' above '1.1 ...', '1.2 ...'
            return
        if not self.labelled and (self._in_bullet_tree(line) and (self._has_children(index)
                                                                  or self._heads_list_past_aside(index))
                                  or self._heads_kr_labels(index) or self._heads_numbered_list(index, line)):
            self._start_objective(line, "bullet")
            return
        if self.current is None:
            self._unplaced(line)
            return
        if line.text.endswith("?") and self.current is not None and self.current.key_results == [] \
                and self.labelled and not self._has_children(index):
            return  # '* How will I know I am getting there?' under a labelled objective: a prompt, not a key result
        last = self.last
        if last is not None and last.kind == "kr" and line.indent >= last.line.indent + 2:
            self._on_nested_bullet(line)
            return
        if last is not None and last.kind == "kr" and last.line.kind == "kr" and line.indent >= last.line.indent \
                and (not last.line.bulleted or last.line.number_label and not line.number_label
                     or last.line.text.endswith(":")):
            # '**KR1: ...**' then '- Baseline: ...', '- Owner: ...'; '1. KR1: ...' then '· Onboarding flow': an
            # unlabelled item under a labelled key result details it, in a marker of its own, or in the same
            # marker when the key result ends in a colon and so opens the list ('* KR1.2: quality on these:')
            self._add_detail(line)
            return
        if last is not None and last.kind == "kr" and last.line.number_label and not line.number_label \
                and (self.after_blank or self.glossary is last.obj) and self._list_of_fields(index):
            self._add_detail(line)  # '1. ... 3. ...' then '* _AFP_: App Feedback Program': a glossary of terms
            self.glossary = last.obj
            return
        if last is not None and last.kind == "kr" and last.line.number_label and not line.number_label \
                and line.indent == last.line.indent and self._numbered_list(index):
            self._add_detail(line)  # '2. Deployment frequency' then '•Onboarding, e.g. ...': a pasted sub-list
            return
        if self.kr_style == "label" and self.after_blank and self.mode == "krs":
            return  # '- [x] Action item: ...' after a block of labelled key results: a note, not one more
        if last is not None and last.kind == "objective" and (_FIELD_SHAPE_RE.match(line.text)
                                                             or self.objective_opens_list) \
                and self._labelled_krs_follow(index):
            # '- Nature: qualitative, ...' under an objective whose key results are labelled further down;
            # 'Experiment in a way that:' / '* avoids harm': the objective's own list, before its 'Key Results'
            return
        if line.text.endswith(":") and _names_a_category(line.text[:-1]) \
                and (following := self._next_content(index)) is not None and following.bulleted \
                and following.indent == line.indent:
            return  # '* **Sales:**' over '1. Open 5 service centres': the name of a group of key results
        if self.table_rows_read and self.table_rows_read == len(self.current.key_results) \
                and self.kr_heading is None:
            return  # a list after the objective's table of key results: the work behind them, or notes
        self._add_kr(line, line.text, "bullet")

    def _heads_numbered_list(self, index: int, line: Line) -> bool:
        """An unnumbered item right above a list numbered from 1 ('- Grow the team' then '1、...', '2、...')
        heads that list, the way a plain line above it does."""
        if line.number_label:
            return False
        following = [next_line for next_line in self.lines[index + 1:index + 4] if not next_line.blank]
        return len(following) >= 2 and all(f.bulleted and f.kind == "plain" for f in following[:2]) \
            and following[0].number_label == "1" and following[1].number_label == "2" \
            and following[0].indent <= line.indent + 4

    def _list_of_fields(self, index: int) -> bool:
        """The unnumbered list that starts at ``index`` is made of fields only ('Term: what it means')."""
        start = self.lines[index]
        for line in self.lines[index:index + 50]:
            if line.blank or not line.bulleted or line.indent != start.indent or line.number_label:
                return True
            if not _FIELD_SHAPE_RE.match(line.text):
                return False
        return True

    def _numbered_list(self, index: int) -> bool:
        """The bullet at ``index`` sits in a numbered list: a numbered item follows it before a blank line."""
        for line in self.lines[index + 1:index + 30]:
            if line.blank or line.heading:
                return False
            if line.number_label:
                return True
        return False

    def _heads_kr_labels(self, index: int) -> bool:
        """A bullet with labelled key results ('Distribution KR: ...') right under it is an objective; so is a
        numbered item whose block (up to the next item as deep) holds them below a line of its own
        ('1. Grow the community', 'View on GitHub', '  • KR1 – ...')."""
        line = self.lines[index]
        following = self._next_content(index)
        if following is not None and following.kind == "kr" and following.indent > line.indent:
            return True
        if not line.number_label.isdigit():
            return False
        for other in self.lines[index + 1:index + 50]:
            if other.heading or other.bulleted and other.indent <= line.indent and other.kind != "kr":
                return False
            if other.kind == "kr":
                return True
        return False

    def _on_nested_bullet(self, line: Line) -> None:
        """A bullet under a key result: a note, the rest of that key result, or a key result of its own.

        Under a labelled key result ('KR: ...') sub-bullets are notes, or the rest of its text when it ends
        with a colon. Under an unlabelled one they are key results too (an OKR tree cascading through roles,
        'CMO: ...' under 'CRO: ...'), unless they read as a note (see :func:`_reads_as_note`). An
        unlabelled bullet that ends with a colon only groups the ones under it.
        """
        last = self.last
        kr = last.obj
        if line.kind == "meta" or _DETAIL_RE.match(line.text) or last.line.kind == "kr":
            if last.line.kind == "kr" and last.line.text.rstrip().endswith(":") and line.kind == "plain":
                joint = ": " if last.end_line == last.line.number else "; "  # 'pages: Install guide; API'
                kr.text = markup.tidy(kr.text + joint + line.text)
                last.end_line = line.number
                return
            self._add_detail(line)
            return
        if _PRIORITY_MARK_RE.search(last.line.text) and not _PRIORITY_MARK_RE.search(line.text):
            self._add_detail(line)  # every key result carries a priority ('P1 - ...'): an untagged sub-bullet is a note
            return
        colon = last.line.text.rstrip().endswith(":")
        group = colon or _names_a_category(last.line.text)
        if colon and _names_a_part(line.text):
            self._add_detail(line)  # 'Finalize a template including:' / '- A glossary': the parts of that deliverable
            return
        if line.aside or not group and (_reads_as_note(line.text) or _plain_remark(line.text)
                          or not _ROLE_PREFIX_RE.match(line.text) and self._sub_items_are_notes()):
            # 'measured monthly in Looker', 'https://...', 'Not the best quality yet': a note, not a key result
            # (an item of a tree below names a number or a change, a role, or gives an order)
            self._add_detail(line)
            return
        if group and kr is self.current.key_results[-1]:
            self.current.key_results.pop()  # 'Hit retention targets for customers who paid twice:' groups
        self._add_kr(line, line.text, "bullet")

    def _sub_items_are_notes(self) -> bool:
        """The items under one list of key results share one role. When at least half of them read as notes
        (a remark, a question, prose of several sentences), they are all notes: 'Bike 5,000 miles' with 'Why
        5,000? I did 4,500 last year' under it, and 'Sets of less than 10 are fine' under the next item. An
        OKR tree whose sub-items are key results reads as items, and keeps them."""
        kr_line = self.last.line
        key = (id(self.current), kr_line.indent)
        if key not in self._sub_item_roles:
            start = end = self._index_of(kr_line)
            while start > 0 and self._in_same_list(self.lines[start - 1], kr_line):
                start -= 1
            while end + 1 < len(self.lines) and self._in_same_list(self.lines[end + 1], kr_line):
                end += 1
            subs = [line.text for line in self.lines[start:end + 1]
                    if line.bulleted and line.kind == "plain" and line.indent >= kr_line.indent + 2]
            notes = sum(_reads_as_note(text) or _plain_remark(text) for text in subs)
            self._sub_item_roles[key] = len(subs) >= 3 and notes * 2 >= len(subs)
        return self._sub_item_roles[key]

    @staticmethod
    def _in_same_list(line: Line, kr_line: Line) -> bool:
        """A line of the list a key result sits in: a blank, or an item as deep as it or deeper."""
        return line.blank or line.bulleted and not line.heading and line.indent >= kr_line.indent

    def _on_tagged_text(self, index: int, line: Line) -> None:
        """A line of a priority-tagged paste (see :attr:`tagged`).

        Before the first tagged line only the last untagged line heads an objective (the ones above are a
        title or a team name). Later, an untagged line heads an objective when it follows a key result, and
        is a key result itself when it follows the objective line. A paragraph of tagged lines right after
        another one, with no heading line between, lost its heading: it forms an objective with empty text.
        """
        if index < self.first_tagged:
            following = next((i for i in range(index + 1, len(self.lines)) if not self.lines[i].blank), None)
            if following == self.first_tagged:
                self._start_objective(line, "plain")
            return
        previous = self.last.kind if self.last is not None else ""
        if not line.tagged and previous == "kr" and self.last.line.tagged:
            self._start_objective(line, "plain")
            return
        if self.current is None or (line.tagged and self.after_blank and previous == "kr"):
            self._start_objective(line, "anonymous", text="")
        self._add_kr(line, line.text, "plain")

    def _on_plain_text(self, index: int, line: Line) -> None:
        """A line with no bullet and no label: a key result, a new objective, a description or prose."""
        if self.tagged:
            self._on_tagged_text(index, line)
            return
        if line.text.endswith(":") and self.previous is not None and self.previous.kind == "kr_header" \
                and (following := self._next_content(index)) is not None and following.kind == "kr":
            return  # 'Key results:' / '*Targets follow the 70% rule:*' / 'KR1: ...': a caption over labelled ones
        if self.previous is not None and self.previous.kind == "kr_header" and not self.previous.heading \
                and (self.current is not None or not self.labelled):
            if self.current is None:  # 'Key Results' over plain lines, with no objective above: pasted without it
                self._start_objective(line, "anonymous", text="")
            self._add_kr(line, line.text, "plain")  # 'Key Result' on a line of its own, then its text
            return
        if self.last is not None and self.last.kind == "kr" and _DETAIL_RE.match(line.text):
            self._add_detail(line)  # 'Baseline: 32%' under a key result
            return
        if self._states_named_kr(line):
            return
        if self.current is not None and not self.current.key_results and self.origin == "bullet" \
                and self._labelled_krs_follow(index):
            return  # '1. Grow the community' / 'View on GitHub' / '  • KR1 – ...': a line of the item, not an objective
        if self.current is not None and not self.current.key_results and self.origin == "bullet" \
                and self.previous is self.current_line and self._heads_list_past_aside(self._index_of(self.previous)):
            return  # the aside under a numbered objective, above its list
        if self.current is not None and not self.current.key_results and self.origin == "plain" \
                and self.previous is self.current_line and not line.bulleted:
            following = self._next_past_fields(index)
            if following is not None and following.kind == "kr_header" and not following.heading:
                return  # 'Go to market' / 'Win in new verticals.' / 'Key Results': the objective's description
        if self.titles_line_block and self.current is not None and not self.current.key_results \
                and not line.bulleted and not line.indent:
            self._add_kr(line, line.text, "plain")  # the first line of the block under a one-line title
            return
        if not self.labelled and line.indent == 0 and (following := self._next_content(index)) is not None \
                and following.bulleted and self._followed_by_krs(index) and self._reads_as_introduction() \
                and not self._is_intro(index, line):
            # a page pasted without its headings: 'This page documents our plan for 2022.' and more prose, then
            # 'Improve mail services' over its bullets: the prose introduces the objectives, it is not one
            dropped = self.objectives.pop()
            self.outside_tables = [kr for kr in self.outside_tables if kr not in dropped.key_results]
            self._start_objective(line, "plain")
            return
        dedented = self.last is not None and self.last.kind == "kr" and self.last.line.indent > line.indent
        after_table = self.previous is not None and self.previous.kind == "table"  # a table ends its block
        if not self.labelled and line.indent == 0 and (self.after_blank or self.current is None or dedented
                                                       or after_table or self._parallels_objective(line)
                                                       or self._heads_described_block(index)) \
                and self._followed_by_krs(index) and not self._is_intro(index, line):
            self._start_objective(line, "plain")
            self.titles_line_block = self._heads_line_block(index)
            return
        if self.current is None:
            self._unplaced(line)
            return
        following = self._next_content(index)
        coming_in_another_style = following is not None and (
            following.kind == "kr" or following.bulleted and following.kind == "plain")
        if not self.current.key_results and not self.kr_style and self._labelled_krs_follow(index):
            return  # 'What this means: ...' between an objective and its 'Key Results' block: a description
        if not self.current.key_results and self.previous is not None and self.previous.kind == "meta" \
                and not line.bulleted and _FIELD_SHAPE_RE.match(line.text):
            return  # '**DRI**: Core team' then '**KPI**: Velocity' under the objective: fields stay together
        if self.labelled and self.after_blank and following is not None and following.kind == "objective" \
                and following.number == line.number + 1 and self.current.key_results:
            return  # 'Example 2: Content marketing OKR' right above the next 'Objective:': that block's caption
        if self.origin == "heading" and not self.current.key_results and not line.bulleted \
                and self._lead_in_ahead(index):
            return  # '#### Outreach' / a paragraph on the committee / 'OKRs:' / its list: the paragraph describes
        if self.kr_style in ("", "plain") and not (coming_in_another_style and not self.current.key_results):
            if self.origin != "plain" or not self.after_blank or line.indent > self.current_line.indent \
                    or self.titles_line_block:
                self._add_kr(line, line.text, "plain")
        # otherwise: a description or prose between blocks, not part of the model

    # ------------------------------------------------------------------ decisions

    def _parallels_objective(self, line: Line) -> bool:
        """A plain line right after bulleted key results, written as the current objective's own line was
        (plain, unbulleted, as deep): 'Grow revenue' / '• ...' / '• ...' / 'Improve reliability' / '• ...'
        starts the next objective; it does not add a key result in another style."""
        head = self.current_line
        return (self.current is not None and self.origin == "plain" and self.kr_style == "bullet"
                and head is not None and not head.bulleted and not head.heading and head.indent == line.indent
                and self.last is not None and self.last.kind == "kr" and self.last.line.bulleted)

    def _is_title(self, index: int, line: Line) -> bool:
        """The title above the objectives gives the team and the period.

        A title is a line before the first objective that names the OKRs ('# Growth team OKRs — Q3 2026'),
        or the first content line when it names a cycle ('Support ops — Q4 2026', '**Security program
        FY27**') or is a level-1 heading. In a draft without 'Objective' labels, a line with key results
        right under it is an objective, not a title ('Grow revenue in Q3' followed by bullets).
        """
        if self.title_seen or self.objectives or line.bulleted or len(line.text) > _MAX_TITLE_CHARS:
            return False
        hinted = bool(_TITLE_HINT_RE.search(line.text))
        first = index == self.first_content
        named = first and bool(_TITLE_NAME_RE.search(line.text))  # 'Design team goals', 'Infra team'
        if not hinted and not first:
            return False
        heads_krs = not self.labelled and (self._section_has_krs(index) if line.heading
                                           else self._followed_by_krs(index))
        if heads_krs and not hinted:
            return False
        period = parse_period(line.text, today=self.today) if _may_name_period(line.text) else None
        if not (hinted or named or period or line.heading == 1):
            return False
        self.title_seen = True
        if period and self.period is None:
            self.period, self.period_from_title = period, True
        team = _title_team(line.text, period.label if period else None)
        if team and (hinted or named or period) and self.team is None:
            self.team, self.team_from_title = team, True
        return True

    def _is_period_line(self, line: Line) -> bool:
        """A line that only names the cycle: 'Q3 2026', '## H2 FY26', 'by end of Q2'."""
        if line.bulleted or len(line.text) > 60 or not any(ch.isdigit() or ch.isupper() for ch in line.text):
            return False
        period = parse_period(line.text, today=self.today)
        if period is None or _PERIOD_LINE_FILLER_RE.sub(" ", line.text.replace(period.label, " ")).strip():
            return False
        self.period = self.period or period
        return True

    def _is_outline_parent(self, index: int, line: Line) -> bool:
        """'2. Make the brand known' followed by '2.1 ...': outline numbering, as Google Docs pastes it."""
        if not line.number_label.isdigit():
            return False
        following = self._next_content(index)
        return following is not None and following.number_label.startswith(line.number_label + ".")

    def _is_continuation(self, index: int, line: Line) -> bool:
        """A wrapped line: lower-case start, right under a labelled or bulleted item that ends mid-sentence.
        A line left of that item with a list of its own under it is a title over that list instead."""
        item = self.last
        if item is None or line.bulleted or line.heading:
            return False
        if item.end_line != line.number - 1 or not (item.line.bulleted or item.line.kind in ("objective", "kr")):
            return False
        if line.indent < item.line.indent:
            following = self._next_content(index)
            if following is not None and following.bulleted and following.indent > line.indent:
                return False
        if not line.text[:1].islower():
            # a PDF paste breaks lines mid-phrase: '... from 71% to' / '82% by the end of FY27'
            return bool(_DANGLING_END_RE.search(self._raw_end(line))) and len(line.text) <= 80
        return not item.obj.text.rstrip().endswith((".", "!", "?", ":"))

    def _raw_end(self, line: Line) -> str:
        """The end of the item above as written (before tidying dropped a trailing hyphen)."""
        item = self.last
        return item.line.text.rstrip() if item.line.number == line.number - 1 else item.obj.text

    def _is_intro(self, index: int, line: Line) -> bool:
        """'Here are our OKRs:' (or a sentence) followed by a nested list introduces objectives; it is not one."""
        if not line.text.rstrip().endswith((":", ".")):
            return False
        following = next((i for i in range(index + 1, min(len(self.lines), index + 50))
                          if not self.lines[i].blank), None)
        return following is not None and (self._has_children(following) or self.lines[following].bulleted
                                          and self._heads_kr_labels(following))

    def _unplaced(self, line: Line) -> None:
        if self.objectives:
            return  # prose between blocks: not part of the model
        if line.bulleted and not self.labelled:  # key results pasted without their objective
            self._start_objective(line, "anonymous", text="")
            self._add_kr(line, line.text, "bullet")
            return
        previous = self.previous
        if line.bulleted and previous is not None and previous.kind == "plain" and not previous.bulleted \
                and (previous.text.rstrip().endswith(":") or not _OKR_WORD_RE.search(previous.text)):
            # 'A few notes:' or '**How to use this file**' over a list, above the first labelled objective:
            # a section of its own, not OKRs ('Q3 key results' over a list would still be one)
            self.mode = "ignore"
            return
        if line.bulleted and self.labelled and _FIELD_SHAPE_RE.match(line.text) and len(line.text.split(":")[0].split()) <= 3:
            return  # '- **Student:** Ana Lima', '- **Scope:** ...' above the first labelled objective: the page's fields
        if line.bulleted and _looks_like_kr(line.text):
            raise self.error(f"'{_short(line.text)}' has no objective above it", line,
                             "start the block with 'Objective: <what you want to achieve>'")
        # prose before the first objective ('Here is our draft for next quarter.') is skipped

    # ------------------------------------------------------------------ building

    def _start_objective(self, line: Line, origin: str, *, text: str | None = None) -> None:
        self.titles_line_block = False  # set again by the caller that starts one from a one-line title
        raw = text if text is not None else (line.label_text if origin == "label" else line.text)
        self.objective_opens_list = raw.rstrip().endswith(":")  # 'Experiment in a way that:' over its list
        owned = markup.split_owner(raw)
        body = markup.tidy(owned.text)
        if not body and origin != "anonymous":
            raise self.error(f"'{_short(line.text)}' has no objective text", line,
                             "write the objective after the label, e.g. 'Objective: Make onboarding effortless'")
        if self.objective_opens_list and (lead_in := _TRAILING_LEAD_IN_RE.search(body)) \
                and _KR_LEAD_IN_RE.search(lead_in.group(1)):
            # 'Goal 1 is to cut support load. We'd track it with:', 'Grow expansion revenue, measured by:': the
            # line's last clause leads into the key results below; the objective is the rest
            body = body[:lead_in.start()].rstrip(" ,;")
            self.objective_opens_list = False
        if origin in ("plain", "anonymous") and len(body) > 40 and (named := _NAMED_IN_PROSE_RE.search(body)):
            body = named.group("quoted") or named.group("stated")  # 'an objective could be "Reach 500 ..."'
        inline = _INLINE_KRS_RE.search(body)
        if inline:  # 'Objective – Grow revenue. Key results – a; b.': a web page ran the block into one line
            body, listed = body[:inline.start()].rstrip(" .;:"), _split_items(body[inline.end():])
        objective = Objective(text=body, position=len(self.objectives) + 1, line=line.number,
                              owner=owned.owner or line.owner)
        self.objectives.append(objective)
        self.origins[id(objective)] = origin
        self.current, self.origin, self.current_line, self.kr_style = objective, origin, line, ""
        self.kr_heading = None
        self.mode = "krs"
        self.table_kr_numbers = set()
        self.table_rows_read = 0
        self.last = _Item("objective", objective, line, line.number)
        for item in listed if inline else ():
            self._add_kr(line, item.rstrip(" ."), "label")

    def _add_kr(self, line: Line, raw: str, style: str) -> None:
        owned = markup.split_owner(raw)
        text, kind = markup.split_kind(owned.text)
        text = markup.tidy(text)
        if style == "bullet" and _ONLY_BOOKKEEPING_RE.fullmatch(text):
            return  # '- `PX` - ': a template row with its priority and nothing else
        if ("ED" in text or "WN" in text) and _REMOVED_RE.search(text):  # every word of the pattern holds one
            return  # '~~Production site live~~ REMOVED': the writer took this key result out
        if not text:
            raise self.error(f"'{_short(line.text)}' has no key result text", line,
                             "write the key result after the label, e.g. 'KR1: Raise activation from 32% to 45%'")
        numbered = _OUTLINE_NUMBER_RE.match(line.number_label or line.label_number) if self.listed_objectives else None
        if numbered and 1 <= int(numbered.group(1)) <= len(self.listed_objectives):
            # 'Objectives' / '1. ...' / '2. ...' then 'Key Results' / '1.1 ...' / '2.1 ...': the number names
            # the objective the key result belongs to
            self.current = self.listed_objectives[int(numbered.group(1)) - 1]
        # measure: a placeholder that _apply_details replaces for every key result before read() returns (a
        # given instance is taken as it is, where the default would build and validate an empty Measure)
        kr = KeyResult(text=text, position=len(self.current.key_results) + 1, line=line.number,
                       owner=owned.owner or line.owner, kind=kind, measure=_MEASURE_TO_READ)
        self.current.key_results.append(kr)
        if self.lines[self.at].kind != "table":  # the line being read, not the relabelled row it came from
            self.outside_tables.append(kr)
        else:
            self.table_rows_read += 1
        self.kr_style = self.kr_style or style
        self.last = _Item("kr", kr, line, line.number)

    def _add_initiative(self, line: Line, raw: str, to_set: bool) -> None:
        owned = markup.split_owner(raw)
        text = markup.tidy(owned.text)
        if not text:
            return
        initiative = Initiative(text=text, owner=owned.owner, line=line.number)
        if to_set or self.current is None:
            self.set_initiatives.append(initiative)
        else:
            self.current.initiatives.append(initiative)
        self.last = _Item("initiative", initiative, line, line.number)

    def _add_detail(self, line: Line) -> None:
        """A line under a key result: 'Owner: Ana' and 'Baseline: 32%' feed it; anything else is a note."""
        kr = self.last.obj
        if line.kind == "meta" and _meta_kind(line.meta_key) == "owner":
            kr.owner = kr.owner or markup.clean_name(line.meta_value)
            return
        match = _DETAIL_RE.match(line.text)
        if match:
            self.kr_details.setdefault(id(kr), []).append(_detail_phrase(match))

    def _apply_details(self) -> None:
        """Read every key result's measure. 'Baseline: 750,000 users' and 'Target: 1.5M users' under a key
        result feed its measure and join its text ('NHS app adoption (baseline 750,000 users; target 1.5M
        users)'), as a table row's value cells do: the rules read a key result from its text, and the fields
        are part of what the writer stated."""
        for objective in self.objectives:
            for kr in objective.key_results:
                extra = self.kr_details.get(id(kr))
                stated = [phrase for phrase in extra or () if any(ch.isdigit() for ch in phrase)]
                if stated and not any(ch.isdigit() for ch in kr.text):
                    # a key result named, its values in fields: 'NHS app adoption' over 'Baseline: 750,000
                    # users' and 'Target: 1.5M users' (a field without a number only says what is measured)
                    kr.text = f"{kr.text} ({'; '.join(stated)})"
                kr.measure = extract_measure(kr.text + ("; " + "; ".join(extra) if extra else ""))


#: The measure a key result holds until :meth:`TextDraftReader._apply_details` reads its own (never read,
#: never changed: every key result gets a new one).
_MEASURE_TO_READ = Measure()


def _detail_phrase(match: re.Match[str]) -> str:
    key = match.group("key").lower()
    value = match.group("value").strip()
    if key in ("target", "goal"):
        return f"target {value}"
    if key in ("deadline", "due", "by when"):
        return f"by {value}"
    return f"baseline {value}"


_DANGLING_END_RE = regex_cache.compile(r"(?<![\w'])(?:to|from|by|of|and|or|the|a|an|in|at|on|for|with|than|per|"
                                       r"between|under|over|within|across|into)$|[a-z]-$", re.IGNORECASE)
_BROKEN_WORD_RE = regex_cache.compile(r"[a-z]-$")
_MAX_TITLE_CHARS = 120
_TITLE_SEPARATOR_RE = regex_cache.compile(r"\s+[-–—|·•:]+\s+|\s*[—–|·•]\s*|:\s+|,\s+")


def _may_name_period(text: str) -> bool:
    """Cheap test before the period scan: a cycle name has a digit or a capital letter."""
    return any(ch.isdigit() or ch.isupper() for ch in text)


#: 'the support team', 'our Payments squad': a team named inside a sentence.
_SENTENCE_TEAM_RE = regex_cache.compile(
    r"\b(?:the|our|my)\s+((?:[\w&'-]+\s+){0,2}?[\w&'-]+)\s+(?:team|squad|tribe|department|dept)\b", re.IGNORECASE)


def _title_team(title: str, period_label: str | None) -> str | None:
    """The team a title names: what is left once the cycle, 'OKRs', 'goals', 'draft' and separators go.

    'Lincoln Elementary — H1 2026 school goals' -> 'Lincoln Elementary': when the title has parts, the
    parts without the cycle name the team. A part-sentence ('Here is our plan for Q3.') names no team.
    """
    text = _PARENTHESES_RE.sub(" ", title)  # '(pasted from our planning doc)', '(v2)'
    greeting = bool(_SALUTATION_RE.match(text.split(",")[0]))
    if greeting or text.rstrip().endswith((".", "?", "!")) and not text.rstrip().endswith("..."):
        if not greeting and not _TITLE_HINT_RE.search(text):
            return None
        # a sentence or a greeting ('Hi all, here are the OKRs for the support team for Q1.') names a team
        # only as one
        named = _SENTENCE_TEAM_RE.search(text)
        return named.group(1) if named else None
    mark = "\x00"  # stands for the cycle, whose own dashes ('Jul–Sep 2026') are not separators
    if period_label:
        text = text.replace(period_label, mark, 1)
    parts = [part for part in _TITLE_SEPARATOR_RE.split(text) if part.strip()]
    without = [part for part in parts if mark not in part]
    if without and len(without) < len(parts):
        parts = without
    parts = [part.replace(mark, " ") for part in parts]
    cleaned = [_TITLE_WORDS_RE.sub(" ", part) for part in parts]
    names = [" ".join(part.split()) for part in cleaned if any(ch.isalpha() for ch in part)]
    team = _TEAM_SUFFIX_RE.sub("", " — ".join(names)).strip(" .!?")
    if not team or len(team.split()) > 6 or not any(ch.isalpha() for ch in team):
        return None
    return team


def _row_cells(text: str) -> list[str]:
    """'| KR | Target |' -> [' KR ', ' Target ']: the cells of a Markdown table row, as written."""
    return text.strip().strip("|").split("|")


def _stacked_items(cells: list[str], column: int) -> list[str]:
    """The statements a table cell stacks with line breaks ('Increase ARR to $2M<br>Cut churn to 3%'), when
    every part reads as one: it starts with a capital, a digit or a list mark and has a few words. A cell
    that wraps one sentence over breaks ('... to<br>82% by June') gives nothing."""
    if column >= len(cells):
        return []
    parts = [markup.strip_emphasis(part).strip() for part in _HTML_BREAK_RE.split(cells[column])]
    parts = [markup.BULLET_RE.sub("", part, count=1).strip() for part in parts if part]
    parts = [part[label.end():].strip() if (label := markup.KR_LABEL_RE.match(part)) else part for part in parts]
    if len(parts) < 2 or not all(part[:1].isupper() or part[:1].isdigit() for part in parts):
        return []
    if any(len(part.split()) < 2 for part in parts) or any(_DANGLING_END_RE.search(part) for part in parts[:-1]):
        return []
    return parts


def _joined_statements(text: str) -> list[str]:
    """The key results a cell of a one-row-per-objective table joins with semicolons ('On-time deliveries >
    96%; reassignments -25%'), when each part states one: a few words with a number, or an order. A part
    that only qualifies the first ('...; measured weekly') keeps the cell whole."""
    parts = [part.strip() for part in text.split(";") if part.strip()]
    if len(parts) < 2 or any(len(part.split()) < 2 for part in parts):
        return []
    if not all(any(ch.isdigit() for ch in part) or read(part).leads_with_base_verb for part in parts):
        return []
    return parts


#: 'Grow revenue. Key results – raise MRR by 20%; ...', 'Grow revenue — KRs: ...': a key-results label inside an
#: objective's line, after a sentence end, an arrow or a dash between spaces, with its list after it.
_INLINE_KRS_RE = regex_cache.compile(
    r"(?:(?<=[.;!?)])\s+|\s*(?:→|->|=>|⟶)\s*|\s+[-–—|]\s+)(?:the\s+)?(?:key\s*results?|krs?)\s*(?::|[-–—]+)\s*(?=\S)",
    re.IGNORECASE)


def _labelled_objective_cell(text: str) -> re.Match[str] | None:
    """'Objective #1: Catalyze secure software', 'O2: ...': a cell that labels an objective by its number."""
    label = markup.OBJECTIVE_LABEL_RE.match(text)
    return label if label and (label.group("num") or label.group("onum")) and label.end() < len(text) else None


def _value_cell(cells: list[str], column: int) -> bool:
    """A cell that holds a value ('$2M', '99.9%', '40 per week'), not a statement."""
    cell = cells[column] if column < len(cells) else ""
    return any(ch.isdigit() for ch in cell) and len(cell.split()) <= 4


def _label_row(line: Line, cells: list[str]) -> Line | None:
    """A row of a two-column property table whose first cell is only a label ('| **Objective** | Grow revenue |',
    '| KR1 | Increase ARR ... |', as Notion and Confluence lay a page out): the line 'Objective: Grow revenue'."""
    filled = [cell for cell in cells if cell]
    if len(filled) < 2 or len(filled[0]) > 24:
        return None
    label = filled[0].rstrip(" :")
    match = markup.OBJECTIVE_LABEL_RE.match(label) or markup.KR_LABEL_RE.match(label)
    if match is None or match.end() < len(label) or label.lower() == "goal":
        return None  # '| Goal | 30% |' under a key result is its target, not an objective
    relabelled = Line(line.number, line.indent, 0, False, f"{label}: {filled[1]}")
    _classify(relabelled)
    return relabelled if relabelled.kind in ("objective", "kr") else None


def _table_columns(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    names = [_header_name(cell) for cell in cells]
    numbered = [position for position, name in enumerate(names) if _NUMBERED_KR_HEAD_RE.fullmatch(name)]
    if len(numbered) >= 2:
        objective = next((i for i, name in enumerate(names) if _OBJECTIVE_HEAD_RE.search(name)), None)
        if objective is None:
            return {}  # '| Date | KR #1 | KR #2 |': a grid of scores, one column per key result
        # '| Objective | Key Result 1 | Key Result 2 |': one row per objective, one column per key result
        return {"objective": objective, "kr": numbered[0], **{f"kr-{n}": at for n, at in enumerate(numbered[1:], 2)}}
    if len(names) >= 3 and all(_GRADE_HEAD_RE.fullmatch(name) for name in names[1:] if name):
        return {"kr": 0}  # '| Item | 1.0 | 0.7 | 0.3 |': each row a key result, its cells what each grade means
    values = any(_START_HEAD_RE.match(name) for name in names)
    # 'Goal | Measure | Target': a target column with no start column still gives each row its target
    # ('Goal' is then the objective column, so only a column named for the target counts)
    targets = not values and any(_TARGET_HEAD_RE.match(name) for name in names)
    for position, name in enumerate(names):
        if targets and _TARGET_HEAD_RE.match(name):
            columns.setdefault("end", position)
        elif values and _START_HEAD_RE.match(name):
            columns.setdefault("start", position)  # 'Baseline' / 'Current' next to a 'Target' column
        elif (values or targets) and _DUE_HEAD_RE.match(name):
            columns.setdefault("due", position)
        elif values and _END_HEAD_RE.match(name):
            columns.setdefault("end", position)
        elif _ID_HEAD_RE.search(name) and _ROLE_HEAD_RE.search(name):
            columns.setdefault(f"id-{position}", position)  # 'KR ID', 'Objective #': the row's id, see below
        elif re.search(r"\bkey\s*results?\b|\bkrs?\b|\bresults?\b|\bmeasures?\b|\bmetrics?\b", name):
            columns.setdefault("kr", position)
        elif _OBJECTIVE_HEAD_RE.search(name):
            columns.setdefault("objective", position)
        elif re.search(r"\bowners?\b|\bdri\b|\blead\b|\bresponsible\b", name):
            columns.setdefault("owner", position)
        elif re.search(r"\binitiatives?\b|\bprojects?\b", name):
            columns.setdefault("initiative", position)
        elif _STATEMENT_HEAD_RE.match(name):
            columns.setdefault("text", position)  # '| KR | Description | Done when |': what the row says
        elif _NOT_STATEMENT_HEAD_RE.match(name):  # a column about the row, never its statement
            columns.setdefault(f"about-{position}", position)
    for key in [key for key in columns if key.startswith("id-")]:
        # an id column holds the role only when no other column names it: '| KR ID | Description |'
        at = columns.pop(key)
        role = "kr" if re.search(r"\bkey\s*results?\b|\bkrs?\b", names[at]) else "objective"
        columns.setdefault(role, at)
    if values and "kr" in columns and "end" not in columns and columns.get("objective", -1) > columns["kr"]:
        columns["end"] = columns.pop("objective")  # '| KR | 当前 | 目标 |': next to a current value, 目标 is the target
    return columns if "kr" in columns or "objective" in columns else {}


def _header_name(cell: str) -> str:
    """A header cell's name in English, lower case. A gloss in brackets is not the name ('O(Objects)',
    'KR (Kết quả)'), unless the gloss names the column's role and the name does not ('Target (KR)',
    'Outcome (objective)'): then the gloss says what the column holds."""
    bare = cell.strip(" :*")
    gloss = _HEADER_GLOSS_RE.search(bare)
    name = bare[:gloss.start()].strip(" :*") if gloss else bare
    english = " ".join(labels.header_to_english(name or bare).lower().split())
    if gloss and not _ROLE_HEAD_RE.search(english):
        said = " ".join(labels.header_to_english(gloss.group(0).strip(" ()")).lower().split())
        if _ROLE_HEAD_RE.search(said):
            return said
    return english


_ROLE_HEAD_RE = regex_cache.compile(r"\bkey\s*results?\b|\bkrs?\b|\bobjectives?\b|^o$")
_OBJECTIVE_HEAD_RE = regex_cache.compile(r"\bobjectives?\b|\bgoals?\b|^o$")
#: A header naming a column of ids, not of statements: 'KR ID', 'Objective #', 'KR no.'.
_ID_HEAD_RE = regex_cache.compile(r"(?:^|\s)(?:ids?|#|no\.?|num(?:ber)?|ref|code)$")
_ROW_ID_RE = regex_cache.compile(r"#?[A-Za-z0-9]{0,10}(?:[-._/][A-Za-z0-9]{1,10}){0,4}$")


def _is_row_id(text: str) -> bool:
    """'M1.1', '1.2', 'KR-2026Q3-01', '#4': one token of letters and digits with a digit in it, no words."""
    return len(text) <= 24 and any(ch.isdigit() for ch in text) and _ROW_ID_RE.match(text) is not None


def _listed_statements(text: str) -> list[str]:
    """The key results a plural label lists in one sentence: 'a; b', or 'a, b, c' (three or more, the last
    perhaps after 'and'), each a phrase of a few words. A sentence with one comma ('Grow ARR to $2M, up from
    $1M') is one key result."""
    parts = _split_items(text)
    if len(parts) < (2 if ";" in text else 3):
        return []
    parts[-1] = re.sub(r"^(?:and|&)\s+", "", parts[-1]).rstrip(" .")
    if any(not 2 <= len(part.split()) <= 15 for part in parts):
        return []
    return parts


def _split_items(text: str) -> list[str]:
    """'a; b; c', or 'a, b, c' when no semicolon separates them (a comma in '10,000' has no space after it)."""
    parts = text.split(";") if ";" in text else re.split(r",\s+(?=\S)", text)
    return [part.strip() for part in parts if part.strip()]


_KR_SHAPE_RE = regex_cache.compile(
    r"\d|%|\b(?:increase|grow|raise|reduce|cut|lower|reach|achieve|improve|maintain|keep)\b",
                          re.IGNORECASE)


def _plain_remark(text: str) -> bool:
    """A sub-bullet with no number, no change verb, no role prefix and no order: 'We still need a better way
    to do this', 'The DHT has a full suite of interop tests' under an item comment on it. 'CMO: Increase
    trials 21% QoQ' and 'Create a library of tips videos' are items of their own."""
    if _looks_like_kr(text) or _ROLE_PREFIX_RE.match(text):
        return False
    tokens = read(text).tokens
    return not (len(tokens) > 1 and tokens[0].is_base_verb)  # the first word itself: 'We still need' is no order


def _names_a_category(text: str) -> bool:
    """'Features', 'Robustness', 'Developer experience': a name of one to three words with no number and no
    verb in front. Over nested bullets it groups them, as a line ending in ':' does."""
    words = text.split()
    return 1 <= len(words) <= 3 and not any(ch.isdigit() for ch in text) and text.rstrip()[-1:].isalnum() \
        and not read(text).leads_with_base_verb


def _names_a_part(text: str) -> bool:
    """A short noun phrase with no number ('A glossary', 'Summary sections'): a part of the item above, not a
    key result of its own ('Repeat buyers above 30%' under a colon is one)."""
    return len(text.split()) <= 5 and not any(ch.isdigit() for ch in text) and not _ENDS_IN_STATE_RE.search(text)


def _names_a_kind(text: str) -> bool:
    """A short name with no number, such as a heading gives a key result's kind: 'Leading (user behaviour)'."""
    return len(text.split()) <= 4 and not any(ch.isdigit() for ch in text)


_ENDS_IN_STATE_RE = regex_cache.compile(r"\b\w+(?:ed|en)\s*\.?$")
#: 'DPAG Objective: ...', 'Platform Team Objective: ...': a team's name before the label (the colon is required).
#: A period in that place ('Q2 Objective:') is not a team, and the objective must follow on the line.
_ROLE_OBJECTIVE_RE = regex_cache.compile(
    r"(?![QH]\d\b|FY)(?-i:[A-Z][\w&/.'’-]{0,20}(?:\s[A-Z][\w&/.'’-]{0,20}){0,2})\s+(?=Objective\s*:\s*\S)")
#: A section of metrics to watch beside the key results ('Success metrics', 'Guardrail metrics'); before any key
#: result such a section holds them.
_WATCHED_METRICS_RE = regex_cache.compile(
    r"(?:success|health|guardrail|counter|supporting|secondary|input|tracking|key)\s+(?:metrics|measures|criteria|kpis)\b",
    re.IGNORECASE)
#: A line that holds only a priority and an owner: 'PX', 'P1 @ana -', '[p2]'.
_ONLY_BOOKKEEPING_RE = regex_cache.compile(r"[`\[(]?\s*[Pp][0-4Xx]\s*[`\])]?\s*[-–—:]?\s*(?:@[\w.-]+)?\s*[-–—:]?\s*")
_NUMBERED_KR_HEAD_RE = regex_cache.compile(r"(?:kr|key\s+result)\s*#?\s*\d{1,2}(?:\.\d{1,2})?")
#: A priority at the start or end of an item: 'P1 - ...', '**P0** - ...', '... [p0]', '... (P2)'.
_PRIORITY_MARK_RE = regex_cache.compile(r"^\W*[pP][0-4Xx]\W*(?:[-–—:]|\s)|[\[(\s][pP][0-4][\])]?\s*$")
#: A key result the writer took out, in a shouted status after it: '... REMOVED', '... (DESCOPED)'.
_REMOVED_RE = regex_cache.compile(r"[\s(\[]\(?(?:REMOVED|DELETED|DESCOPED|CANCELL?ED|WITHDRAWN)\)?\]?\.?$")
_GRADE_HEAD_RE = regex_cache.compile(r"(?:0?\.\d{1,2}|1(?:\.0{1,2})?|\d{1,3}\s*%)")
_PLURAL_KR_LABEL_RE = regex_cache.compile(r"key\s+results\b", re.IGNORECASE)
_NUMBERED_ITEM_RE = regex_cache.compile(r"\d{1,2}[.)]\s")
#: Words that say a line is about OKRs: a title holding one may head key results pasted without objectives.
_OKR_WORD_RE = regex_cache.compile(r"\b(?:okrs?|objectives?|goals?|key\s+results?|krs?|results?|targets?|metrics?)\b",
                                   re.IGNORECASE)


def _looks_like_kr(text: str) -> bool:
    return bool(_KR_SHAPE_RE.search(text))


#: The rule under a header without outer pipes: ':---:|:---:', or '-- | --' as a forum or issue editor
#: writes it (GitHub reads any run of hyphens as a cell of the rule).
_BARE_SEPARATOR_RE = regex_cache.compile(r"\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$")


def _lead_table_pipes(raws: list[str]) -> list[str]:
    """A Markdown table written without its outer pipes (' Item | 1.0 | 0.7' over ':---:|:---:|:---:'), as
    GitHub allows: give the header, the rule and the rows under it a leading pipe so they read as a table."""
    out = list(raws)
    for at, raw in enumerate(raws):
        if at == 0 or raw.lstrip().startswith("|") or not _BARE_SEPARATOR_RE.match(raw) or "|" not in raws[at - 1]:
            continue
        end = at + 1
        while end < len(raws) and "|" in raws[end] and raws[end].strip():
            end += 1
        for i in range(at - 1, end):
            out[i] = "| " + raws[i].strip() + " |"
    return out


def _title_shaped(text: str) -> bool:
    """A line shaped like a heading: twelve words at most, no closing full stop or colon."""
    return len(text.split()) <= 12 and not text.rstrip().endswith((".", ":", ";", ","))


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."


def _example(kind: str) -> str:
    return "Objective: Make onboarding effortless" if kind == "objective" else "KR1: Raise activation from 32% to 45%"


#: An HTML character reference, as Markdown written in a web editor keeps them: '&nbsp;', '&amp;', '&#8217;'.
_ENTITY_RE = regex_cache.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,6}|#[xX][0-9a-fA-F]{1,5});")


def _decode_entities(raw: str) -> str:
    """The characters the references stand for; a no-break space is a space. References to '<', '>' and '|'
    stay written, so that decoding never makes a tag or a table cell the writer did not make."""
    if "&" not in raw:
        return raw
    import html  # here, not at the top: html.entities is a big table, and most drafts hold none

    def decode(match: re.Match[str]) -> str:
        char = html.unescape(match.group(0))
        return match.group(0) if char in ("<", ">", "|") else char.replace("\xa0", " ")

    return _ENTITY_RE.sub(decode, raw)


def read_text_draft(text: str, *, source: str, today: dt.date | None) -> OkrSet:
    """Parse a plain-text or Markdown draft (already checked for size and binary content)."""
    raws = text.split("\n")
    for number, raw in enumerate(raws, start=1):
        if len(raw) > MAX_LINE_CHARS:
            raise ParseError(f"line is {len(raw):,} characters long", source=source, line=number,
                             hint=f"a draft line is a sentence; break it up (limit {MAX_LINE_CHARS:,} characters)")
    if ("|" in text or "\t" in text or "  " in text) and _VALUE_HEADER_HINT_RE.search(text) \
            or "," in text and _CSV_HEADER_HINT_RE.search(text):
        raws = _flatten_value_columns(raws)
    if "-|" in text or "|-" in text or "|:" in text or ":|" in text or "- |" in text:
        raws = _lead_table_pipes(raws)
    if "&" in text and _ENTITY_RE.search(text):
        raws = [_decode_entities(raw) for raw in raws]  # 'Sample Key&nbsp;Results', 'R&amp;D'
    shown = htmltext.unfold_html(raws) if "<" in text and htmltext.has_html(text) else list(enumerate(raws, 1))
    if "\t" in text:
        shown = pasted.tab_tables(shown)
    shown = pasted.join_bare_markers(shown)
    shown = pasted.nest_marker_changes(shown)
    pieces = [(number, part) for at, (number, raw) in enumerate(shown)
              for piece in _unfold_inline_list(raw, shown[at + 1][1] if at + 1 < len(shown) else "")
              for part in pasted.unfold_kr_labels(piece)]

    def cleaned() -> list[Line]:  # fresh lines for each reading: the reader marks them as it goes
        return pasted.stack_fields([clean_line(number, piece) for number, piece in pieces])

    lines = cleaned()
    try:
        return TextDraftReader(lines, source=source, today=today).read()
    except ParseError as exc:
        if "no objective found" not in exc.message:
            raise
        error = exc
    # The draft has no reading yet, so try the readings a page may need, in turn; if none finds an objective
    # either, the first error stands. A 'Summary' or 'Overview' header may have hidden every objective (a
    # page's own title, not a notes block): read the sections too. Tables whose headers name no OKR column
    # ('| Content | Result | Reflection |') may be all there is: each lists key results in its first worded
    # column, under the heading above it.
    retries = []
    if any(line.kind == "ignored" for line in lines):
        retries.append({"hide_sections": False})
    if any(line.kind == "table" for line in lines):
        retries.append({"unnamed_tables": True})
    for options in retries:
        try:
            return TextDraftReader(cleaned(), source=source, today=today, **options).read()
        except ParseError:
            continue
    raise error from None


#: A letter marker inside a line: ' a. Gather feedback', ' b) Share more'.
_INLINE_LETTER_RE = regex_cache.compile(r"(?:(?<=\s)|^)([a-h])[.)]\s+(?=\S)")


def _unfold_inline_list(raw: str, following: str = "") -> list[str]:
    """A lettered list a web page or a PDF ran together into one line ('1. Our strategy a. Gather feedback.
    b. Share more.'), back as the item and one nested bullet per letter, all on the same line number. Only
    markers in alphabetical order count, two at least (or an 'a.' whose 'b.' starts the next line), so
    'Plan a. Then' stays one line."""
    if len(raw) < 40 or ". " not in raw and ") " not in raw:
        return [raw]
    stripped = raw.lstrip(" ")
    indent = len(raw) - len(stripped)
    run, want = [], None
    for match in _INLINE_LETTER_RE.finditer(stripped):
        letter = match.group(1)
        if want is None and (letter == "a" or match.start() == 0) or letter == want:
            run.append(match)
            want = chr(ord(letter) + 1)
    continued = len(run) == 1 and run[0].group(1) == "a" and following.lstrip()[:3] in ("b. ", "b) ")
    if len(run) < 2 and not continued:
        return [raw]
    head = stripped[:run[0].start()].rstrip()
    ends = [m.start() for m in run[1:]] + [len(stripped)]
    texts = [stripped[m.end():end].strip() for m, end in zip(run, ends)]
    if any(len(text.split()) < 4 or not text[:1].isupper() and not text[:1].isdigit() for text in texts):
        return [raw]  # 'Pick a) the vendor or b) the bank': choices inside one statement, not items
    depth = indent + 4 if head else indent
    return ([" " * indent + head] if head else []) + [" " * depth + "- " + text for text in texts]


# --------------------------------------------------------------------------- value columns

#: A column header naming where a metric starts and where it should end: 'Metric  Baseline  Target',
#: 'Key result | Current | Goal | Owner', tab-separated exports of a tracker.
_VALUE_HEADER_HINT_RE = regex_cache.compile(
    r"\b(?:baseline|current|start|starting|today|now|from|actual)(?: ?\w+){0,2}\s*(?:\||\t| {2,}|$)",
                                   re.IGNORECASE | re.MULTILINE)
#: A CSV header row naming a start column: 'title,owner,baseline,target,progress'.
_CSV_HEADER_HINT_RE = regex_cache.compile(r"^(?:[a-z][a-z ]{0,20},){1,6}(?:baseline|current|start|starting|today|now|"
                                          r"from|actual)\s*(?:,|$)", re.IGNORECASE | re.MULTILINE)
_START_HEAD_RE = regex_cache.compile(
    r"^(?:baseline|current(?:\s+value|\s+level)?|currently|start(?:ing)?(?:\s+(?:value|point|"
    r"level))?|today|now|from|actual|as[\s-]is|last\s+(?:year|quarter|cycle))$",
                            re.IGNORECASE)
#: Header names that can only mean the target column ('Goal', 'To', 'Aim' also name other columns).
_TARGET_NAMES = r"targets?|target\s+(?:value|level)|(?:q[1-4]|h[12]|eoy|year[\s-]end)\s+target"
_END_HEAD_RE = regex_cache.compile(rf"^(?:{_TARGET_NAMES}|goal|to|aim|end(?:\s+value)?|to[\s-]be)$", re.IGNORECASE)
_TARGET_HEAD_RE = regex_cache.compile(rf"^(?:{_TARGET_NAMES})$", re.IGNORECASE)
_DUE_HEAD_RE = regex_cache.compile(r"^(?:target\s+date|due(?:\s+date)?|deadline|by\s+when|when|date)$", re.IGNORECASE)
_OWNER_HEAD_RE = regex_cache.compile(r"^(?:owners?|dri|lead|responsible|accountable|who)$", re.IGNORECASE)
_KR_HEAD_RE = regex_cache.compile(
    r"\bkey\s*results?\b|\bkrs?\b|\bmetrics?\b|\bmeasures?\b|\bresults?\b|\bindicators?\b|"
    r"\bkpis?\b|\bwhat\b", re.IGNORECASE)
_LABEL_HEAD_RE = regex_cache.compile(r"^(?:level|#|no\.?|id|ref|type|kind|item|okr)$", re.IGNORECASE)
#: A lead-in before the first header cell: 'Columns: KR | metric | baseline | target'.
_HEADER_PREFIX_RE = regex_cache.compile(r"^(?:columns?|fields?|headers?|headings?)\s*[:\-–—]\s*", re.IGNORECASE)
_ROW_ID_HEAD_RE = regex_cache.compile(r"^(?:krs?|kr\s*(?:#|id|no\.?)|okr|#|id|ref)$", re.IGNORECASE)
_METRIC_HEAD_RE = regex_cache.compile(r"^(?:metrics?|measures?|key\s*results?|kpis?|indicators?|description|what)$",
                             re.IGNORECASE)
_EMPTY_CELLS = frozenset(("", "-", "–", "—", "n/a", "na", "tbd", "tbc", "?", "none", "unknown", "x", "..."))
_SPACED_COLUMNS_RE = regex_cache.compile(r"\s{2,}")


def _cells(raw: str) -> tuple[str, list[str]] | None:
    """Split a pasted table row into cells: pipes, tabs or runs of two or more spaces (aligned columns)."""
    body = raw.strip()
    if body.count("|") >= 2 or (body.count("|") >= 1 and not body.startswith("|")):
        return "pipe", [cell.strip() for cell in body.strip("|").split("|")]
    if "\t" in body:
        return "tab", [cell.strip() for cell in body.split("\t")]
    if "  " in body:
        return "spaces", [cell.strip() for cell in _SPACED_COLUMNS_RE.split(body)]
    if body.count(",") >= 2 and ", " not in body and '"' not in body:
        return "comma", body.split(",")  # a spreadsheet saved as CSV: 'title,owner,baseline,target'
    return None


def _value_header(raw: str) -> tuple[str, dict[str, int], int] | None:
    split = _cells(raw)
    if split is None or len(split[1]) < 3:
        return None
    kind, cells = split
    columns: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = " ".join(markup.strip_emphasis(cell).strip(" :*").split())
        if position == 0:
            name = _HEADER_PREFIX_RE.sub("", name)  # 'Columns: KR | metric | baseline | target'
        if _START_HEAD_RE.match(name):
            columns.setdefault("start", position)
        elif _DUE_HEAD_RE.match(name):
            columns.setdefault("due", position)
        elif _END_HEAD_RE.match(name):
            columns.setdefault("end", position)
        elif _OWNER_HEAD_RE.match(name):
            columns.setdefault("owner", position)
        elif _LABEL_HEAD_RE.match(name) and "kr" not in columns:
            columns.setdefault("label", position)
        elif _KR_HEAD_RE.search(name) and len(name.split()) <= 4:
            columns.setdefault("kr", position)
        elif len(name.split()) > 4 or re.search(r"\d{2,}", name):
            return None  # a sentence or a value: not a header
    if "start" not in columns or "end" not in columns:
        return None
    if "kr" in columns and "label" not in columns and columns["kr"] == 0 and _ROW_ID_HEAD_RE.match(
            _HEADER_PREFIX_RE.sub("", " ".join(markup.strip_emphasis(cells[0]).strip(" :*").split()))):
        metric = next((i for i, cell in enumerate(cells[1:], start=1) if i not in columns.values()
                       and _METRIC_HEAD_RE.match(cell.strip(" :*"))), None)
        if metric is not None:
            columns["label"], columns["kr"] = 0, metric  # 'KR | Metric | Baseline | Target': KR is the row id
    if "kr" not in columns:
        free = [i for i in range(len(cells)) if i not in columns.values()]
        if not free:
            return None
        columns["kr"] = free[0]
    return kind, columns, len(cells)


def _flatten_value_columns(raws: list[str]) -> list[str]:
    """Rewrite rows under a 'Metric | Baseline | Target' header into sentences the reader understands.

    'KR1 | Pick accuracy | 99.1% | 99.7% | Shift leads' -> 'KR1: Pick accuracy from 99.1% to 99.7% | Owner: Shift
    leads'. Lines that do not split into the header's columns (objective lines, notes) are left alone, and a
    Markdown table (a header over a '|---|' row) is read by the table reader instead.
    """
    out = list(raws)
    header = None
    for index, raw in enumerate(raws):
        if not raw.strip():
            continue
        found = _value_header(raw)
        if found is not None:
            following = raws[index + 1] if index + 1 < len(raws) else ""
            if found[0] == "pipe" and _TABLE_SEPARATOR_RE.match(following.strip()):
                header = None  # a Markdown table: read by TextDraftReader._on_table
                continue
            header = found
            out[index] = ""
            continue
        if header is None:
            continue
        kind, columns, width = header
        split = _cells(raw)
        # a header typed with pipes over rows pasted with tabs (or the other way round) is the same table
        if split is None or (split[0] != kind and {split[0], kind} != {"pipe", "tab"}) or len(split[1]) != width:
            continue
        cells = split[1]
        row = _row_sentence(cells, columns)
        if row is not None:
            indent = raw[:len(raw) - len(raw.lstrip())]
            out[index] = indent + row
    return out


def _row_sentence(cells: list[str], columns: dict[str, int]) -> str | None:
    kr = cells[columns["kr"]]
    if not kr:
        return None
    label = " ".join(cells[i] for i in range(columns["kr"]) if i not in columns.values() or i == columns.get("label"))
    label = label.strip()
    text = kr + row_measure(cells[columns["start"]], cells[columns["end"]],
                            cells[columns["due"]] if "due" in columns else "")
    owner = cells[columns["owner"]] if "owner" in columns else ""
    if owner and owner.lower() not in _EMPTY_CELLS:
        text += f" | Owner: {owner}"
    if label and (markup.OBJECTIVE_LABEL_RE.match(label) or markup.KR_LABEL_RE.match(label)):
        return f"{label.rstrip(':.-')}: {text}"
    return f"- {text}"


def row_measure(start: str, end: str, due: str = "") -> str:
    """The phrase a row's value cells add to its key result: ' from 45 to 60', ' to 140', ' by 30 June'."""
    start, end, due = start.strip(), end.strip(), due.strip()
    has_start = start.lower() not in _EMPTY_CELLS
    has_end = end.lower() not in _EMPTY_CELLS and any(ch.isdigit() for ch in end)
    phrase = ""
    if has_start and has_end:
        phrase = f" from {start} to {end}"
    elif has_end:
        phrase = f" to {end}"
    elif has_start and any(ch.isdigit() for ch in start):
        phrase = f" (baseline {start})"
    if due and due.lower() not in _EMPTY_CELLS:
        phrase += f" by {due}"
    return phrase
