"""Pages copied as text: put back what a copy from a rendered page drops, before the text reader reads it.

A manager copies a wiki page, a GitHub file or a doc rather than its source. The copy keeps the words and
the line breaks but not the marks: a table becomes rows of tab-joined cells, a heading and its paragraph
become two plain lines, a list item whose text is a paragraph leaves its marker alone on a line, and
lines that ended without a blank line run into one paragraph. Each function here mends one of these, line
by line and in linear time; the structure itself is still decided by :class:`coach.parse.text.TextDraftReader`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach import regex_cache
from coach.parse import markup

if TYPE_CHECKING:
    from coach.parse.text import Line


def stack_fields(lines: list[Line]) -> list[Line]:
    """A field written as its name over its value ('Team' / 'Assessments'), as a page shows a heading or a
    definition list once it is pasted as text: the pair is one 'Team: Assessments' field. The value is a
    short line (five words at most) that no bullet follows, so a 'Team' section over its objectives stays."""
    content = [at for at, line in enumerate(lines) if not line.blank]
    for place, at in enumerate(content[:-1]):
        line, value = lines[at], lines[content[place + 1]]
        after = lines[content[place + 2]] if place + 2 < len(content) else None
        named = line.kind == "plain" or line.kind == "meta" and not line.meta_value  # 'Team' or 'Team:'
        if not named or line.bulleted or value.kind != "plain" or value.bulleted \
                or len(value.text.split()) > 5 or after is not None and after.bulleted:
            continue
        field = markup.META_RE.match(f"{line.text.rstrip(' :')}: {value.text}")
        if field is None or " ".join(field.group("key").split()).lower() != " ".join(line.text.rstrip(" :").split()).lower():
            continue
        line.kind, line.meta_key, line.meta_value = "meta", " ".join(field.group("key").lower().split()), value.text
        value.kind, value.text = "blank", ""
    return lines


#: A list marker with nothing after it: '  1. ', '•'.
_BARE_MARKER_RE = regex_cache.compile(r"\s*(?:[-*+•◦▪‣]|\d{1,3}[.)]|[a-h][.)])\s*$")


def join_bare_markers(shown: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A list item whose text is a paragraph of its own: a page copy writes the marker on one line and the
    text, after a blank line, on the next ('  1. ' / '' / 'LSIF is adopted by customers'). The marker
    joins the text, at the marker's indentation."""
    if not any(_BARE_MARKER_RE.fullmatch(raw) and raw.strip() for _, raw in shown):
        return shown
    out: list[tuple[int, str]] = []
    marker = None
    for number, raw in shown:
        if raw.strip() and _BARE_MARKER_RE.fullmatch(raw):
            if marker is not None:
                out.append(marker)
            marker = (number, raw.rstrip())
            continue
        if marker is not None and not raw.strip():
            continue
        if marker is not None:
            out.append((number, f"{marker[1]} {raw.strip()}"))
            marker = None
            continue
        out.append((number, raw))
    if marker is not None:
        out.append(marker)
    return out


def _tab_cells(raw: str) -> list[str] | None:
    """The cells of a row pasted from a rendered table or a spreadsheet (cells joined by tabs), or None. A
    tab only indents when nothing stands before it ('\t- Add 27 customers' is a nested bullet)."""
    body = raw.lstrip(" \t").rstrip(" \r")
    if "\t" not in body or body.startswith("|") or body[:1] in "-*+•" and body[1:2] in (" ", "\t"):
        return None
    first = body.split("\t", 1)[0]
    if len(first.strip()) <= 3 and markup.BULLET_RE.match(first + "  x"):
        return None  # '●\tGrow loyalty', 'o\tRepeat rate', '1.\tShip': a list marker and its tab (Docs, Word)
    return [cell.strip() for cell in body.split("\t")]


def tab_tables(shown: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Tables pasted as text: a browser or a spreadsheet copies a table as rows of tab-joined cells. A run
    of two or more such rows with the same number of cells becomes a pipe table, its first row the header
    when every header cell is a short name, so the table reader reads it like the Markdown table it came
    from (a header row is never a key result). Rows keep their line numbers."""
    out: list[tuple[int, str]] = []
    at = 0
    while at < len(shown):
        cells = _tab_cells(shown[at][1])
        end = at + 1
        if cells is not None and len(cells) >= 2:
            while end < len(shown) and (row := _tab_cells(shown[end][1])) is not None and len(row) == len(cells):
                end += 1
        if end - at < 2 or not all(len(cell) <= 40 and len(cell.split()) <= 5 for cell in cells):
            out.extend(shown[at:end])
            at = end
            continue
        for offset, (number, raw) in enumerate(shown[at:end]):
            row = _tab_cells(raw) or []
            out.append((number, "| " + " | ".join(cell.replace("|", "/") for cell in row) + " |"))
            if offset == 0:
                out.append((number, "|" + " --- |" * len(row)))
        at = end
    return out


#: A numbered KR label inside a line: ' KR1.2 3MF always declares ...', ' KR 3: ...'.
_INLINE_KR_LABEL_RE = regex_cache.compile(r"(?:(?<=\s)|^)(?-i:KR)\s?-?(\d{1,3}(?:\.\d{1,3})?)(?=[\s:.)\]–—-])")


def unfold_kr_labels(raw: str) -> list[str]:
    """Numbered key results a page ran together into one paragraph ('KR1.1 Same tessellation ... KR1.2 3MF
    declares ...'), as Markdown does with lines that end without a blank line: one line per label, the
    text before the first label on a line of its own. Two labels at least, each number after the one before."""
    if len(raw) < 40 or "KR" not in raw or raw.lstrip().startswith("|"):
        return [raw]  # a table row keeps its cells
    stripped = raw.lstrip(" ")
    indent = " " * (len(raw) - len(stripped))
    labels = list(_INLINE_KR_LABEL_RE.finditer(stripped))
    numbers = [tuple(int(part) for part in m.group(1).split(".")) for m in labels]
    if len(labels) < 2 or any(later <= earlier for earlier, later in zip(numbers, numbers[1:])):
        return [raw]
    if any(stripped[:m.start()].rstrip()[-1:] not in ".;!?)•·–—-|。；！？）" for m in labels[1:]):
        return [raw]  # 'if KR1 is met but KR2 slips': labels named inside a sentence, not run together
    starts = [m.start() for m in labels]
    head = stripped[:starts[0]].rstrip()
    texts = [stripped[start:end].strip() for start, end in zip(starts, [*starts[1:], len(stripped)])]
    return ([indent + head] if head else []) + [indent + text for text in texts]


#: A typographic list marker, as a word processor, a PDF or a page copied in Firefox writes it: such a
#: copy shows a deeper level by another marker ('•' then '–' or 'o'), not always by a deeper indent.
_TYPED_MARKER_RE = regex_cache.compile(r"([ \t]*)([•·◦▪▫‣⁃○●■□►▶➤➢–—o])[ \t]+\S")


def nest_marker_changes(shown: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lists whose levels differ by marker only: '• Increase Q2 revenue' then '– Up-sell to 100 customers',
    '– Reduce churn ...' at the same indent. When the items of one indentation use two typographic markers,
    the first item has one and each item with it is followed by items with the other, the second marker is
    the deeper level: its items (and the wrapped lines under them) are indented under the first."""
    items: dict[int, list[tuple[int, str]]] = {}  # indent -> (position, marker) of each item, in order
    for at, (_, raw) in enumerate(shown):
        if raw[:1] == "#":
            items.clear()  # a heading ends every list
        elif (match := _TYPED_MARKER_RE.match(raw)) is not None:
            items.setdefault(len(match.group(1).expandtabs(4)), []).append((at, match.group(2)))
    deeper: set[int] = set()
    for run in items.values():
        markers = [marker for _, marker in run]
        if len(set(markers)) != 2 or markers.count(markers[0]) == len(markers):
            continue
        head = markers[0]
        if any(marker == head and (place + 1 == len(markers) or markers[place + 1] == head)
               for place, marker in enumerate(markers)):
            continue  # an item of the first marker with none of the second under it: two kinds of item, not levels
        deeper.update(at for at, marker in run if marker != head)
    if not deeper:
        return shown
    out: list[tuple[int, str]] = []
    inside = False  # in a deeper item, whose wrapped lines move with it
    for at, (number, raw) in enumerate(shown):
        if at in deeper:
            inside = True
        elif not raw.strip() or _TYPED_MARKER_RE.match(raw) or raw[:1] == "#":
            inside = False
        out.append((number, "    " + raw if inside else raw))
    return out
