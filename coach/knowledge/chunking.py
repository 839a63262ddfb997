"""Split documents into passages: by headings first, then by size.

Markdown (and HTML, already turned into Markdown) goes through LangChain's ``MarkdownHeaderTextSplitter``,
so each passage belongs to one section and carries its heading path and GitHub anchor; sections longer
than ``CHUNK_SIZE`` characters are cut by ``RecursiveCharacterTextSplitter`` at paragraph, line and word
boundaries. Plain text is cut by size only and anchored by line (``notes.txt#L40``); PDFs by page, then
size (``guide.pdf#page=3``).

Chunk ids hash the source, anchor, heading path, position and text, so an unchanged passage keeps its id
across re-ingestion and an edited one gets a new id (the old one is then deleted).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from coach.knowledge.anchors import scan_headings, slugify
from coach.knowledge.loaders import LoadedDocument

#: Characters per passage (about 100 words). all-MiniLM-L6-v2 reads at most 256 word pieces, and a
#: focused passage embeds more sharply than a whole section: on the dev questions 600 beat 400, 900,
#: 1,400 and whole sections. Search still ranks whole sections (see coach.knowledge.base).
CHUNK_SIZE = 600
CHUNK_OVERLAP = 100

_OPEN, _CLOSE = "\u27e6", "\u27e7"  # brackets marking a heading's index inside the splitter's metadata
_MARKED = re.compile(rf"^(.*?)\s*{_OPEN}(\d+){_CLOSE}$")


@dataclass(frozen=True)
class Chunk:
    """One passage: what is embedded, ranked and cited."""

    id: str
    source: str
    anchor: str  # "file.md#heading-anchor"
    heading: str  # heading path, "Key results > How many key results"
    text: str
    section: int  # position of the section in the document (0-based)
    index: int  # position of the chunk in its section (0-based)

    @property
    def embed_text(self) -> str:
        """The heading path goes into the embedded text: headings say what a passage is about."""
        return f"{self.heading}\n\n{self.text}"


def chunk_document(doc: LoadedDocument, source: str, *, chunk_size: int = CHUNK_SIZE,
                   chunk_overlap: int = CHUNK_OVERLAP) -> list[Chunk]:
    """All passages of ``doc``, in document order. ``source`` is the name stored with each passage."""
    sections = _pdf_sections(doc) if doc.kind == "pdf" else (
        _text_sections(doc, chunk_size, chunk_overlap) if doc.kind == "text" else _markdown_sections(doc))
    splitter = _size_splitter(chunk_size, chunk_overlap)
    chunks: list[Chunk] = []
    for position, (anchor, heading, body) in enumerate(sections):
        pieces = [body] if doc.kind == "text" else splitter.split_text(body)
        for index, piece in enumerate(p.strip() for p in pieces):
            if piece:
                chunks.append(Chunk(_chunk_id(source, anchor, heading, index, piece), source, anchor,
                                    heading, piece, position, index))
    return chunks


def _chunk_id(source: str, anchor: str, heading: str, index: int, text: str) -> str:
    key = "\x1f".join((source, anchor, heading, str(index), text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _size_splitter(chunk_size: int, chunk_overlap: int):
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap,
                                          add_start_index=True)


def _markdown_sections(doc: LoadedDocument) -> list[tuple[str, str, str]]:
    """``(anchor, heading path, body)`` per section, anchors computed exactly as GitHub would."""
    from langchain_text_splitters import MarkdownHeaderTextSplitter

    headings = scan_headings(doc.text)
    lines = doc.text.splitlines()
    for position, heading in enumerate(headings):  # tag each heading with its index, kept in the metadata
        lines[heading.line - 1] = f"{'#' * heading.level} {heading.text} {_OPEN}{position}{_CLOSE}"
    splitter = MarkdownHeaderTextSplitter([("#" * n, f"h{n}") for n in range(1, 7)], strip_headers=True)
    sections = []
    for part in splitter.split_text("\n".join(lines)):
        path, anchor = [], doc.name
        for level in range(1, 7):
            raw = part.metadata.get(f"h{level}")
            if raw is None:
                continue
            match = _MARKED.match(raw)
            if match and int(match.group(2)) < len(headings):
                found = headings[int(match.group(2))]
                path.append(found.text)
                anchor = f"{doc.name}#{found.anchor}"
            else:  # a heading only the splitter saw (e.g. indented); slug its text
                path.append(raw)
                anchor = f"{doc.name}#{slugify(raw)}"
        body = part.page_content.replace("  \n", "\n\n")  # the splitter joins paragraphs with "  \n"
        sections.append((anchor, " > ".join(_plain(p) for p in path) or doc.name, body))
    return sections


def _plain(heading: str) -> str:
    """Heading text without inline Markdown markup, for display."""
    return re.sub(r"[`*_]", "", re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)).strip()


def _text_sections(doc: LoadedDocument, chunk_size: int, chunk_overlap: int) -> list[tuple[str, str, str]]:
    """Plain text has no headings: cut by size, and anchor each passage by its first line."""
    splitter = _size_splitter(chunk_size, chunk_overlap)
    sections = []
    for part in splitter.create_documents([doc.text]):
        line = doc.text.count("\n", 0, part.metadata.get("start_index", 0)) + 1
        sections.append((f"{doc.name}#L{line}", doc.name, part.page_content))
    return sections


def _pdf_sections(doc: LoadedDocument) -> list[tuple[str, str, str]]:
    return [(f"{doc.name}#page={number}", f"{doc.name} > page {number}", text)
            for number, text in enumerate(doc.pages, start=1) if text.strip()]
