"""``parse_draft``: check the input, pick the reader (text/Markdown, YAML, JSON), return an OkrSet.

Limits are part of the contract: a draft longer than :data:`MAX_DRAFT_CHARS` characters, or one that looks
like binary data, is refused with a :class:`~coach.errors.ParseError` that says why and what to do.
"""

from __future__ import annotations

import datetime as dt
import re

from coach import regex_cache
from coach.errors import InputTooLargeError, ParseError
from coach.model import OkrSet

#: Largest draft read, in characters (about 1 MB of text: hundreds of teams' OKRs).
MAX_DRAFT_CHARS = 1_000_000
_SAMPLE = 4_096
_ODD_CHARS_RE = regex_cache.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")

_MARKDOWN_RE = regex_cache.compile(r"^\s{0,3}#{1,6}\s|\*\*|__|^\s*\|.*\|\s*$", re.MULTILINE)
#: A character every match of _MARKDOWN_RE holds: a text with none is not searched (a scan in C for one of
#: four characters, where _MARKDOWN_RE tries its alternatives at every position).
_MAY_BE_MARKDOWN_RE = regex_cache.compile(r"[#*_|]")
_YAML_START_RE = regex_cache.compile(r"\A(?:\s*#[^\n]*\n)*\s*(?:---(?=[ \t]*(?:\n|$))|%YAML)")
_YAML_OBJECTIVES_RE = regex_cache.compile(r"^(?:objectives|okrs?)\s*:\s*(?:#.*)?$", re.MULTILINE | re.IGNORECASE)
_YAML_ITEM_RE = regex_cache.compile(r"^\s*-\s+(?:objective|okr|title|text|name)\s*:", re.MULTILINE | re.IGNORECASE)
_YAML_KRS_RE = regex_cache.compile(r"^\s+(?:key[_ -]?results|krs)\s*:", re.MULTILINE | re.IGNORECASE)
_JSON_MEMBER_RE = regex_cache.compile(r'"[^"\n]{1,80}"\s*:\s*[\[{]')
#: The first line looks like an export's header: a delimiter and a column naming the OKR level.
_DELIMITER_RE = regex_cache.compile(r"[,\t;|]")
_YAML_TEXT_FIELD_RE = regex_cache.compile(r"^\s*-?\s*(?:objective|okr|title|text|name)\s*:", re.MULTILINE | re.IGNORECASE)
#: A key that is a numbered label ('Objective 1:', 'KR 1.2:', 'O2:'): a document keyed by labels is an outline
#: a text reader understands, not a schema with misspelt fields.
_NUMBERED_LABEL_KEY_RE = regex_cache.compile(
    r"^\s*(?:-\s*)?(?:objective|goal|okr|kr|key\s*results?|o)\s*[-#]?\s*\d[\d.]*\s*:", re.MULTILINE | re.IGNORECASE)


#: Space characters that word processors and web pages paste, mapped to a plain space (zero-width ones dropped).
_SPACES = {**dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009"
                                   "\u200a\u205f\u3000"), " "),
           **dict.fromkeys(map(ord, "\u200b\u2060"), None)}
#: Whether a text holds any of them: a scan in C, where ``str.translate`` with a dict looks up every character
#: (some 70 us for a 600-character draft with one dash or euro sign, nearly all of it for nothing).
_SPACES_RE = regex_cache.compile("[" + "".join(map(chr, _SPACES)) + "]")


class DraftTooLargeError(ParseError, InputTooLargeError):
    """The draft is over :data:`MAX_DRAFT_CHARS`; both a ParseError and an InputTooLargeError."""


def detect_format(text: str, source: str) -> str:
    """'json', 'yaml', 'csv', 'markdown' or 'text', from the file extension first, then from the content.

    'csv' (comma, semicolon or tab separated) needs a header row naming OKR columns (see
    :func:`coach.parse.tabular.table_header`); other delimited text stays with the text reader.
    """
    name = source.lower()
    if name.endswith(".json"):
        return "json"
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    stripped = text.lstrip()
    if stripped[:1] == "{" or stripped[:1] == "[" and re.match(r"\[\s*[\[{\"\]]", stripped):
        return "json"
    if stripped[:1] == '"' and _JSON_MEMBER_RE.match(stripped):  # '"Q3": [ ... ]' cut out of a bigger file
        return "json"
    if _YAML_START_RE.match(text) and ":" in text:
        return "yaml"
    if (_YAML_OBJECTIVES_RE.search(text) or _YAML_ITEM_RE.search(text)) and _YAML_KRS_RE.search(text) \
            and _YAML_TEXT_FIELD_RE.search(text):
        return "yaml"
    if _DELIMITER_RE.search(text, 0, 2_000):  # the header's column names decide, in any language
        from coach.parse.tabular import table_header

        if table_header(text) is not None:
            return "csv"
    if name.endswith((".md", ".markdown")) or (_MAY_BE_MARKDOWN_RE.search(text) and _MARKDOWN_RE.search(text)):
        return "markdown"
    return "text"


def _check_text(text: str, source: str) -> str:
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", source=source,
                         hint="decode the file as UTF-8 before parsing it")
    if len(text) > MAX_DRAFT_CHARS:
        raise DraftTooLargeError(
            f"the draft is {len(text):,} characters long, over the {MAX_DRAFT_CHARS:,} limit", source=source,
            hint="paste one team's OKRs at a time")
    if not text.strip():
        raise ParseError("the draft is empty", source=source, line=1,
                         hint="paste your objectives and key results, e.g. 'Objective: ...' followed by '- KR' lines")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ParseError("contains NUL bytes, so it looks like a binary file, not text", source=source, line=line,
                         hint="export the document as plain text, Markdown, YAML or JSON")
    sample = text[:_SAMPLE]
    odd = len(_ODD_CHARS_RE.findall(sample))
    if odd > max(8, len(sample) // 10):
        raise ParseError("looks like binary data, not text (many control or undecodable characters)",
                         source=source, hint="export the document as plain text, Markdown, YAML or JSON")
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and _SPACES_RE.search(text):  # from a word processor: no-break, thin, zero-width spaces
        text = text.translate(_SPACES)
    return text


def parse_draft(text: str, *, source: str = "<draft>", today: dt.date | None = None) -> OkrSet:
    """Read a pasted draft (plain text, Markdown, YAML or JSON) into an :class:`~coach.model.OkrSet`.

    Raises :class:`~coach.errors.ParseError` (and nothing else) naming the source, the line and the fix.
    ``today`` dates periods that leave out the year ("Q3" -> this year's Q3); default: the real today.
    """
    text = _check_text(text, source)
    front = _front_matter(text, source)
    if front is not None:
        text = front.body
    fmt = detect_format(text, source)
    yaml_error: ParseError | None = None
    try:
        if fmt == "json":
            from coach.parse.structured import read_json

            return read_json(text, source=source, today=today)
        if fmt == "yaml":
            from coach.parse.structured import ShapeError, read_yaml

            try:
                return read_yaml(text, source=source, today=today)
            except ParseError as error:
                syntax = "not valid YAML" in error.message
                labelled = isinstance(error, ShapeError) and len(_NUMBERED_LABEL_KEY_RE.findall(text, 0, 20_000)) >= 2
                if source.lower().endswith((".yaml", ".yml")) or not (syntax or labelled):
                    raise  # a YAML file, or a document refused for its size or values: the error stands
                # '# Title' over a '---' rule, 'OKR:' over 'Objective 1: ...' and 'KR1: ...' keys: it only
                # looked like YAML, or its keys are labels a reader of the text understands
                fmt = "markdown" if _MARKDOWN_RE.search(text) else "text"
                yaml_error = error
        if fmt == "csv":
            from coach.parse.tabular import read_table

            return read_table(text, source=source, today=today)
        from coach.parse.text import read_text_draft

        try:
            okr_set = read_text_draft(text, source=source, today=today)
        except ParseError:
            if yaml_error is not None:
                raise yaml_error from None  # neither reading works: the YAML error is the one to fix
            raise
    except RecursionError:
        raise ParseError("the draft is nested too deeply to read", source=source,
                         hint="an OKR set is at most four levels deep: set, objective, key result, measure") from None
    okr_set.source_format = fmt
    if front is not None:
        front.apply(okr_set, today)
    return okr_set


_FRONT_MATTER_RE = regex_cache.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
#: Front-matter keys that describe the set; others (layout, tags, date ...) are the page's, not the OKRs'.
_FRONT_KEYS = {"team": "team", "squad": "team", "group": "team", "department": "team",
               "quarter": "period", "period": "period", "cycle": "period", "timeframe": "period",
               "owner": "owner", "owners": "owner", "dri": "owner", "author": "owner"}


class _FrontMatter:
    """A YAML block between '---' lines above a Markdown or text draft (Jekyll, Hugo, Obsidian pages)."""

    def __init__(self, fields: dict[str, str], body: str) -> None:
        self.fields, self.body = fields, body

    def apply(self, okr_set: OkrSet, today: dt.date | None) -> None:
        from coach.parse.period import parse_period

        if team := self.fields.get("team"):
            okr_set.team = team
        if owner := self.fields.get("owner"):
            okr_set.owner = owner
        if label := self.fields.get("period"):
            period = parse_period(label, today=today)
            okr_set.period = period.label if period else label
            okr_set.starts, okr_set.ends = (period.starts, period.ends) if period else (None, None)


def _front_matter(text: str, source: str) -> _FrontMatter | None:
    """The front matter of a Markdown or text draft, or None (a YAML file's '---' starts a YAML document).

    The block's lines become blank lines in the body, so every line number the reader reports stays true.
    """
    if not text.startswith("---") or source.lower().endswith((".yaml", ".yml", ".json")):
        return None
    match = _FRONT_MATTER_RE.match(text)
    if match is None:
        return None
    rest = text[match.end():]
    if not rest.strip() or detect_format(rest, source) in ("yaml", "json"):
        return None  # a YAML document with several parts, not a page with front matter
    from coach.parse.structured import read_mapping

    data = read_mapping(match.group(1), source=source, first_line=2)
    if data is None:
        return None
    fields = {}
    for key, value in data.items():
        name = _FRONT_KEYS.get(str(key).strip().lower())
        if name and isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            fields.setdefault(name, " ".join(str(value).split()))
        elif name == "owner" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            fields.setdefault(name, ", ".join(value))
    body = "\n" * text.count("\n", 0, match.end()) + rest
    return _FrontMatter(fields, body)
