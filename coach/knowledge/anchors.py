"""Markdown headings and their GitHub-style anchors (pure, no third-party imports).

Citations point at ``FILE.md#anchor``, where the anchor is the slug GitHub gives a heading: lower-case,
inline markup and punctuation dropped, spaces turned into hyphens, and ``-1``, ``-2``... appended when a
heading repeats inside one file. The rules cite the built-in notes this way, so the knowledge base must
compute exactly the same slugs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*(?:\s#+)?\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def slugify(heading: str) -> str:
    """GitHub's anchor for a heading: ``"Outcomes, not outputs"`` -> ``"outcomes-not-outputs"``."""
    text = _LINK.sub(r"\1", heading.strip().lower())
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML tags
    text = re.sub(r"[`*_~]", "", text)  # inline markup
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@dataclass(frozen=True)
class Heading:
    line: int  # 1-based line number in the file
    level: int  # 1 for '#', 6 for '######'
    text: str
    anchor: str  # unique within the file


def scan_headings(markdown: str) -> list[Heading]:
    """Every ATX heading outside code fences, with its unique anchor (GitHub's ``-1`` suffix rule)."""
    found: list[Heading] = []
    seen: dict[str, int] = {}
    fence: str | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
            continue
        if fence is not None:
            continue
        match = _HEADING.match(line)
        if not match:
            continue
        text = match.group(2).strip()
        base = slugify(text) or "section"
        anchor = base if base not in seen else f"{base}-{seen[base]}"
        seen[base] = seen.get(base, 0) + 1
        seen.setdefault(anchor, 1)
        found.append(Heading(number, len(match.group(1)), text, anchor))
    return found


def split_anchor(anchor: str) -> tuple[str, str]:
    """``"key-results.md#baseline-and-target"`` -> ``("key-results.md", "baseline-and-target")``."""
    name, _, fragment = anchor.partition("#")
    return name, fragment


def read_section(markdown: str, fragment: str) -> tuple[list[str], str] | None:
    """The heading path and body of the section ``fragment`` names, subsections included.

    The body runs from the heading to the next heading of the same or a higher level. Returns ``None``
    when no heading has that anchor.
    """
    headings = scan_headings(markdown)
    lines = markdown.splitlines()
    for position, heading in enumerate(headings):
        if heading.anchor != fragment:
            continue
        end = len(lines)
        for later in headings[position + 1:]:
            if later.level <= heading.level:
                end = later.line - 1
                break
        body = "\n".join(lines[heading.line:end]).strip()
        return heading_path(headings, position), body
    return None


def heading_path(headings: list[Heading], position: int) -> list[str]:
    """The texts of the headings enclosing ``headings[position]``, outermost first, itself last."""
    path: list[Heading] = [headings[position]]
    for earlier in reversed(headings[:position]):
        if earlier.level < path[0].level:
            path.insert(0, earlier)
    return [h.text for h in path]
