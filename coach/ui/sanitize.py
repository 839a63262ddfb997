"""Make untrusted text (drafts, LLM output, uploaded documents) safe to hand to Gradio as Markdown.

Regexes cannot tell what a Markdown renderer will make of a multi-line image or a reference definition,
so the text is *parsed* (markdown-it-py, CommonMark plus tables and strikethrough, raw HTML off: a tag
in the input is text), rendered to HTML with our own rules, and cleaned by an allow-list sanitiser
(nh3, the Rust ``ammonia`` library):

- an image becomes its alt text, ``[image: alt]``: nothing is ever fetched;
- a link survives only to ``http(s)``, opens in a new tab without referrer, and shows its host after the
  text, ``the guide (example.org)``, so a reader sees where it goes; any other link keeps just its text;
- only formatting tags are allowed (paragraphs, emphasis, lists, quotes, code, tables, headings).

Gradio renders what we return as Markdown once more. So that this second parse cannot find any syntax,
every character it could read as syntax is written as a numeric character reference (``&#91;``): the
browser shows the same character, the Markdown parser sees no bracket, star, pipe or backtick, and
newlines inside code blocks become ``&#10;`` so no blank line ends the HTML block early. A single
paragraph is returned without its ``<p>`` so it can sit inside a sentence (``**Not added:** ...``).

The only other HTML on the page is what *our* code writes around sanitised text (``<details>`` blocks in
:mod:`coach.ui.format`).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import urlsplit

__all__ = ["safe_markdown", "safe_inline", "is_safe_url", "link_host"]

_SAFE_SCHEMES = ("http", "https")
_TAGS = {"p", "br", "hr", "em", "strong", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
         "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a"}
_ATTRIBUTES = {"a": {"href", "target"}, "ol": {"start"}}
# Control characters and whitespace that browsers ignore inside a URL scheme ("java\tscript:").
_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# What a second Markdown parse could read as syntax: raw HTML and entities, image and link brackets, code
# spans, emphasis, table pipes, backslash escapes, headings, and the starts of GFM autolinks (``://``,
# ``www.``, ``a@b``), and the colon of a script scheme. Other punctuation (``.``, ``(``, ``_``, ``-``) stays as typed: it can only reshape text.
_PUNCTUATION = re.compile(r"[&<>\[\]!`*~|\\#@\"']|:(?=//)|(?<=www)\.|(?i:(?<=javascript)|(?<=vbscript)|(?<=data)):")
_IN_PRE = re.compile(r"<pre>.*?</pre>", re.DOTALL)


def is_safe_url(url: str) -> bool:
    """True only for ``http(s)`` URLs with a host (entity, percent and whitespace tricks decoded first)."""
    candidate = _URL_JUNK.sub("", html.unescape(url.strip().strip("<>")))
    candidate = re.sub(r"%([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), candidate)
    candidate = _URL_JUNK.sub("", candidate)
    match = _SCHEME.match(candidate)
    return bool(match and match.group(1).lower() in _SAFE_SCHEMES and link_host(candidate))


def link_host(url: str) -> str:
    """The host a reader is sent to (``example.org``), or ``""``."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # we judge links in _link_open; markdown-it's own check drops data: only
    rules = md.renderer.rules

    def image(tokens, idx, options, env):
        alt = "".join(" " if child.type in ("softbreak", "hardbreak") else child.content
                      for child in tokens[idx].children or [])
        return html.escape(f"[image: {alt}]" if alt.strip() else "[image]")

    def link_open(tokens, idx, options, env):
        token = tokens[idx]
        href = str(token.attrGet("href") or "")
        env.setdefault("links", []).append(href if is_safe_url(href) else None)
        if env["links"][-1] is None:
            return ""
        return f'<a href="{html.escape(href)}" target="_blank">'

    def link_close(tokens, idx, options, env):
        href = env["links"].pop() if env.get("links") else None
        if href is None:
            return ""
        host = link_host(href)
        text = _link_text(tokens, idx)
        return "</a>" if not host or host in text else f"</a> ({html.escape(host)})"

    rules["image"] = image
    rules["link_open"] = link_open
    rules["link_close"] = link_close
    return md


def _link_text(tokens, close: int) -> str:
    """The plain text between a link_close token and its link_open."""
    parts, depth = [], 0
    for token in reversed(tokens[:close]):
        if token.type == "link_close":
            depth += 1
        elif token.type == "link_open":
            if depth == 0:
                break
            depth -= 1
        elif token.type in ("text", "code_inline"):
            parts.append(token.content)
    return "".join(reversed(parts))


def _inert(rendered: str) -> str:
    """The allow-list pass, then every punctuation character as a character reference (see the module doc)."""
    import nh3

    cleaned = nh3.clean(rendered, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set(_SAFE_SCHEMES),
                        link_rel="noopener noreferrer nofollow", strip_comments=True,
                        set_tag_attribute_values={"a": {"target": "_blank"}})
    out = []
    for part in _TAG_OR_TEXT.split(cleaned):
        if part.startswith("<"):
            out.append(part)
        elif part:
            out.append(_PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", html.unescape(part)))
    result = "".join(out)
    return _IN_PRE.sub(lambda m: m.group().replace("\n", "&#10;"), result)


def safe_markdown(text: str | None) -> str:
    """Untrusted text -> HTML-in-Markdown that shows the same words with no live script, fetch or syntax."""
    if not text:
        return ""
    source = str(text).replace("\x00", "\ufffd")
    rendered = _inert(_parser().render(source, {})).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1 \
            and "</p>" not in rendered[3:-4]:
        rendered = rendered[3:-4]
    return rendered


def safe_inline(text: str | None) -> str:
    """:func:`safe_markdown` for a one-line fragment (table cell, summary): inline syntax only, one line."""
    if not text:
        return ""
    source = str(text).replace("\x00", "\ufffd").replace("\r", " ").replace("\n", " ")
    return _inert(_parser().renderInline(source, {})).replace("\n", " ")
