"""Read documents a team adds to the knowledge base: Markdown, plain text, PDF and HTML.

Every loader returns a :class:`LoadedDocument` or raises :class:`UnreadableDocument` with a short reason
("binary file", "empty", "unsupported type .docx"), which ingestion reports by file name and skips. HTML is
turned into Markdown-like text (headings kept, scripts and styles dropped) so it is chunked like Markdown.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

Kind = Literal["markdown", "text", "pdf", "html"]

SUFFIXES: dict[str, Kind] = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
    ".txt": "text", ".text": "text",
    ".pdf": "pdf",
    ".html": "html", ".htm": "html",
}
MAX_FILE_BYTES = 50_000_000


class UnreadableDocument(Exception):
    """A file that cannot be indexed; ``reason`` says why in a few words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass
class LoadedDocument:
    path: Path
    kind: Kind
    text: str = ""  # Markdown (for markdown and html) or plain text
    pages: list[str] = field(default_factory=list)  # pdf only, one string per page
    digest: str = ""  # sha256 of the file's bytes: unchanged bytes mean unchanged chunks

    @property
    def name(self) -> str:
        return self.path.name


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """The files under ``paths``: files as given, folders recursively (hidden entries skipped), sorted.

    Inside a folder a symbolic link is followed only when it stays inside that folder: a link to
    ``/etc`` in a shared documents folder must not index the system's files. An escaping link is yielded
    as an :class:`OutsideFolder` path, which :func:`load_document` refuses with the reason.
    """
    for path in paths:
        if path.is_dir():
            top = path.resolve()
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in [*(d for d in dirs if (Path(root) / d).is_symlink()), *sorted(files)]:
                    if name.startswith("."):
                        continue
                    entry = Path(root) / name
                    if entry.is_symlink() and not entry.resolve().is_relative_to(top):
                        yield OutsideFolder(entry)
                    elif not entry.is_dir():
                        yield entry
        else:
            yield path


class OutsideFolder(type(Path())):  # type: ignore[misc]
    """A path inside a folder that links outside it (refused by :func:`load_document`)."""


def load_document(path: Path) -> LoadedDocument:
    """Read one file; raise :class:`UnreadableDocument` when it cannot be indexed."""
    if isinstance(path, OutsideFolder):
        raise UnreadableDocument(f"a link to {path.resolve()}, outside the folder being added; pass that "
                                 "path itself to index it")
    kind = SUFFIXES.get(path.suffix.lower())
    if not path.exists():
        raise UnreadableDocument("no such file")
    if not path.is_file():
        raise UnreadableDocument("not a regular file")
    if kind is None:
        shown = path.suffix or "(no extension)"
        raise UnreadableDocument(f"unsupported type {shown}; supported: {', '.join(sorted(SUFFIXES))}")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableDocument(f"larger than {MAX_FILE_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"cannot be read ({exc.strerror or exc})") from exc
    digest = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        pages = _pdf_pages(data)
        if not any(page.strip() for page in pages):
            raise UnreadableDocument("empty: the PDF has no extractable text (scanned images?)")
        return LoadedDocument(path, kind, pages=pages, digest=digest)
    text = _decode(data)
    if kind == "html":
        text = html_to_markdown(text)
    if not text.strip():
        raise UnreadableDocument("empty: no text to index")
    return LoadedDocument(path, kind, text=text, digest=digest)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM ("Unicode" in Windows editors)
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableDocument(f"byte {exc.start} is not valid UTF-16; save the file as UTF-8") from exc
    if b"\x00" in data[:8192]:
        raise UnreadableDocument("binary file, not text; export it as Markdown, text, HTML or PDF")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(f"byte {exc.start} is not valid UTF-8; save the file as UTF-8") from exc


def _pdf_pages(data: bytes) -> list[str]:
    import io
    import logging

    from pypdf import PdfReader

    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)  # a broken PDF is reported once, as a skipped file, not as pypdf warnings
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument("encrypted PDF; export an unprotected copy")
        return [page.extract_text() or "" for page in reader.pages]
    except UnreadableDocument:
        raise
    except Exception as exc:  # a damaged or hostile PDF can fail in many ways; skip it, keep the others
        raise UnreadableDocument(f"not a readable PDF ({type(exc).__name__}); export it again, or save it as "
                                 "text") from exc
    finally:
        log.setLevel(level)


# --------------------------------------------------------------------------- HTML


class _MarkdownFromHtml(HTMLParser):
    """Collect the visible text of an HTML page, with headings as ``#`` lines and blocks as paragraphs."""

    SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
    BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol",
              "table", "tr", "blockquote", "pre", "figure", "figcaption", "dl", "dt", "dd", "hr", "form"}
    HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: list[str] = []
        self.in_title = False
        self.pre = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.HEADINGS:
            self.parts.append("\n\n" + "#" * self.HEADINGS[tag] + " ")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("br",):
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.HEADINGS or tag in self.BLOCKS:
            self.parts.append("\n\n")
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skipping:
            return
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> str:
    """Visible text of an HTML document as Markdown-like text; the ``<title>`` becomes the title heading."""
    parser = _MarkdownFromHtml()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    title = " ".join("".join(parser.title).split())
    if title and not text.startswith("# "):
        text = f"# {title}\n\n{text}"
    return text
