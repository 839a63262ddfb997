"""HTML inside a text or Markdown draft, read as the lines it shows.

Drafts copied from a repository's Markdown or a page's source carry HTML: ``<details><summary>Objective 1:
...</summary>``, ``<h2>``, ``<ul><li>`` lists, ``<table>`` rows, ``<b>`` and ``<br>``. A browser shows those as
headings, bullets and rows; the text reader reads Markdown, so each HTML line is turned into the Markdown
lines it shows, all keeping the line number of the source line they came from (so every location the
checker reports is still a line of the draft as pasted).

Only a fixed set of tags is read; anything else between ``<`` and ``>`` stays text ("latency < 200 ms").
Markdown table rows (``| ... |``) are left alone: their ``<br>`` is a line break inside a cell.
"""

from __future__ import annotations

import re

from coach import regex_cache

_BLOCK = frozenset("p div details summary h1 h2 h3 h4 h5 h6 li ul ol tr table thead tbody tfoot blockquote "
                   "section article header footer br hr dl dt dd caption".split())
_INLINE = frozenset("b strong i em u span a sub sup font small mark code s del ins abbr cite img".split())
_CELL = frozenset(("td", "th"))
_TAG_RE = regex_cache.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b(?:\s[^<>]{0,500})?/?>")
_HINT_RE = regex_cache.compile(r"</?(?:details|summary|h[1-6]|li|ul|ol|p|div|tr|td|th|br)\b[^<>]{0,500}>", re.IGNORECASE)
#: A closing inline tag: '</span>', '</b>'. Unlike '<' alone it never occurs in plain text.
#: (Not </sub> and </sup>: "N<sub>0</sub>" writes a value, which the text reader reads with its digit.)
_CLOSING_INLINE_RE = regex_cache.compile(r"</(?:span|b|strong|i|em|u|font|mark|small|a|s|del|ins)>",
                                         re.IGNORECASE)


def has_html(text: str) -> bool:
    """At least two block tags of the set this module reads, or two closing inline tags (a status badge
    '<span class='label'>...</span>' in front of each line, with no block tag anywhere)."""
    for pattern in (_HINT_RE, _CLOSING_INLINE_RE):
        found = pattern.search(text)
        if found is not None and pattern.search(text, found.end()) is not None:
            return True
    return False


def unfold_html(raws: list[str]) -> list[tuple[int, str]]:
    """(source line number, Markdown line) for every line a browser would show; a source line that shows
    nothing (``</details>``) stays as a blank line."""
    import html  # here, not at the top: html.entities is a big table, and most drafts hold no HTML

    out: list[tuple[int, str]] = []
    depth = 0  # open <ul>/<ol>
    row: list[str] | None = None  # cells of the open <tr>
    header_row = False
    for number, raw in enumerate(raws, start=1):
        if "<" not in raw or raw.lstrip().startswith("|"):
            out.append((number, raw))
            continue
        indent = raw[:len(raw) - len(raw.lstrip())]
        pieces: list[str] = []
        prefix, buffer, at = "", [], 0

        def flush() -> None:
            nonlocal prefix
            text = " ".join(html.unescape("".join(buffer)).split())
            buffer.clear()
            if row is not None and row:
                row[-1] = " ".join(filter(None, (row[-1], text)))
            elif text:
                pieces.append((prefix if prefix.lstrip().startswith("-") else indent + prefix) + text)
            prefix = ""

        for match in _TAG_RE.finditer(raw):
            buffer.append(raw[at:match.start()])
            at = match.end()
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name in _INLINE:
                continue
            if name not in _BLOCK and name not in _CELL:
                buffer.append(match.group(0))  # not a tag this module reads: keep it as text
                continue
            flush()
            if name in _CELL:
                if row is not None and not closing:
                    row.append("")
                    header_row = header_row or name == "th"
            elif name in ("ul", "ol"):
                depth = max(0, depth + (-1 if closing else 1))
            elif name == "tr" and not closing:
                row, header_row = [], False
            elif name == "tr" and row is not None:
                if any(row):
                    pieces.append("| " + " | ".join(row) + " |")
                    if header_row:
                        pieces.append("|" + "---|" * len(row))
                row = None
            elif not closing and name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                prefix = "#" * int(name[1]) + " "
            elif not closing and name == "li":
                prefix = "  " * max(0, depth - 1) + "- "
        buffer.append(raw[at:])
        flush()
        out.extend((number, piece) for piece in pieces or [""])
    return out
