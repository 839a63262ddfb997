"""Make untrusted text (drafts, LLM output, uploaded documents) safe to hand to Gradio as Markdown.

Gradio renders Markdown in the browser and runs its own HTML sanitiser (``sanitize_html=True``, kept on).
We do not rely on it alone: on the server every untrusted string goes through :func:`safe_markdown`,
which

- escapes ``<`` so no raw HTML tag, comment or autolink survives (the text still *reads* the same);
- keeps a link only when its target is ``http(s)``, ``mailto`` or a relative/anchor path, otherwise it
  keeps just the link text (``javascript:``, ``data:``, ``vbscript:``, ``file:`` and entity- or
  whitespace-obfuscated spellings of them are dropped);
- replaces every image with its alt text, so nothing is fetched from a remote host;
- breaks any left-over ``javascript:`` / ``data:`` / ``vbscript:`` scheme (its colon becomes a fullwidth
  colon, U+FF1A) so no auto-linker or missed link form can turn it into a live link.

The only HTML on the page is what *our* code writes around sanitised text (``<details>`` blocks in
:mod:`coach.ui.format`). Pure string functions, no third-party dependency.
"""

from __future__ import annotations

import html
import re

__all__ = ["safe_markdown", "safe_inline", "is_safe_url"]

_SAFE_SCHEMES = ("http", "https", "mailto")
_DANGEROUS_SCHEME = re.compile(r"(?i)(javascript|vbscript|data|livescript)(\s*):")
# Control characters and whitespace that browsers ignore inside a URL scheme ("java\tscript:").
_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")

# [text](dest "title") and ![alt](dest): dest may be <...> or bare with one level of balanced parens.
# ASCII: like CommonMark, only ASCII spaces and controls end a destination ("\x85" or a no-break space
# is part of it), so the URL checked here is the one a Markdown renderer links to.
_INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:\\.|[^\[\]\\]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<dest><[^>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))*)(?P<title>\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)",
    re.ASCII,
)
# [label]: dest "title"   (link reference definitions, at most 3 spaces of indent, also inside block quotes
# and list items: "> [r]: javascript:..." defines a link as well)
_REFERENCE_DEF = re.compile(
    r"(?m)^(?P<indent>(?:[ \t]{0,3}(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*[ \t]{0,3})"
    r"\[(?P<label>[^\]\n]+)\]:[ \t]*(?P<dest>\S*)(?P<rest>.*)$", re.ASCII)
# ![alt][ref] and ![alt] reference-style images
_REFERENCE_IMAGE = re.compile(r"!\[(?P<text>[^\]\n]*)\](?:\[[^\]\n]*\])?")


def is_safe_url(url: str) -> bool:
    """True for ``http(s)``/``mailto`` URLs and scheme-less (relative or ``#anchor``) ones."""
    candidate = _URL_JUNK.sub("", html.unescape(url.strip().strip("<>")))
    # A percent-encoded scheme ("%6Aavascript:") is not a scheme to the browser, but decode once anyway
    # so "java%09script:" cannot sneak through either.
    candidate = re.sub(r"%([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), candidate)
    candidate = _URL_JUNK.sub("", candidate)
    if candidate.startswith("//"):  # protocol-relative: a remote host with an implied scheme
        return True
    match = _SCHEME.match(candidate)
    if match is None:
        return ":" not in candidate.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return match.group(1).lower() in _SAFE_SCHEMES


def _rewrite_inline(match: re.Match[str]) -> str:
    text = match.group("text")
    if match.group("bang"):
        return f"[image: {text}]" if text.strip() else "[image]"
    if not is_safe_url(match.group("dest")):
        return text
    return match.group(0)


def _rewrite_reference(match: re.Match[str]) -> str:
    if is_safe_url(match.group("dest")):
        return match.group(0)
    return f"{match.group('indent')}\\[{match.group('label')}\\]: (link removed)"


def safe_markdown(text: str | None) -> str:
    """Untrusted text -> Markdown that renders as the same words with no live HTML, script or fetch."""
    if not text:
        return ""
    out = str(text).replace("\x00", "\ufffd")
    out = out.replace("<", "&lt;")
    out = _INLINE_LINK.sub(_rewrite_inline, out)
    out = _REFERENCE_DEF.sub(_rewrite_reference, out)
    out = _REFERENCE_IMAGE.sub(lambda m: f"[image: {m.group('text')}]" if m.group("text").strip() else "[image]", out)
    # A scheme left anywhere else (prose, or a link form the patterns above missed) loses its colon to a
    # fullwidth one: it reads the same, but no parser, auto-linker or percent-decoder finds a scheme in it.
    out = _DANGEROUS_SCHEME.sub(lambda m: f"{m.group(1)}{m.group(2)}\uff1a", out)
    return out


def safe_inline(text: str | None) -> str:
    """:func:`safe_markdown` for a one-line fragment (table cell, summary): newlines and pipes flattened."""
    return safe_markdown(text).replace("\r", " ").replace("\n", " ").replace("|", "\\|")
