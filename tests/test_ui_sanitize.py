"""The web app's sanitiser: untrusted text in, Markdown that can run or fetch nothing out.

The check renders the sanitised Markdown the way a browser-side renderer would (markdown-it, HTML
allowed) and inspects the resulting HTML, so "safe" means safe after rendering, not just string-level.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coach.ui.format import details_block
from coach.ui.sanitize import is_safe_url, safe_inline, safe_markdown

_RENDERER = MarkdownIt("commonmark", {"html": True, "linkify": False})


class _Audit(HTMLParser):
    """Collects what would execute or fetch: tags, event-handler attributes, URL attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(name)
            if name.lower() in ("href", "src", "action", "formaction", "srcset", "xlink:href"):
                self.urls.append((tag, value or ""))


def audit(markdown: str) -> _Audit:
    parser = _Audit()
    parser.feed(_RENDERER.render(markdown))
    return parser


def assert_inert(markdown: str) -> None:
    result = audit(markdown)
    assert not {"script", "img", "iframe", "object", "embed", "svg", "style", "form", "input", "video",
                "audio", "link", "meta", "base"} & set(result.tags), result.tags
    assert not result.handlers
    for tag, url in result.urls:
        assert tag == "a" and is_safe_url(url), (tag, url)
    assert "<script" not in markdown.lower()
    assert "javascript:" not in markdown.lower()
    assert not re.search(r"<[^>]*\bon\w+\s*=", markdown, re.IGNORECASE)


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=javascript:alert('XSS')>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(document.cookie) )",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "![tracker](https://evil.example/pixel.png)",
    "![x][img]\n\n[img]: https://evil.example/a.png",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<details open ontoggle=alert(1)>",
    "<javascript:alert(1)>",
    "plain javascript:alert(1) in prose",
    "<<script>script>alert(1)<</script>/script>",
    "`<script>` in code and ```\n<script>alert(1)</script>\n```",
    # issue 13: forms the regex pass let through, which Chromium then fetched
    "![a\nb](http://127.0.0.1:9/x/(a(b)))",
    "![a\nb][r]\n\n[r]: http://127.0.0.1:9/x.png",
    "![r]\n\n[r]:\n  http://127.0.0.1:9/x.png\n  'title'",
    "[![inner](http://127.0.0.1:9/i.png)](https://example.org)",
    "\\![x](http://127.0.0.1:9/escaped.png)",
    "<http://127.0.0.1:9/auto.png> and www.example.org/x.png",
    "| a |\n|---|\n| ![c](http://127.0.0.1:9/cell.png) |",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_inert_after_rendering(text):
    assert_inert(safe_markdown(text))


def test_http_links_survive_with_their_host_and_text_reads_the_same():
    text = "See [the guide](https://example.org/okrs) or [notes](#baseline-and-target). Keep churn < 2% & NPS > 40."
    rendered = _RENDERER.render(safe_markdown(text))
    assert 'href="https://example.org/okrs"' in rendered
    assert 'rel="noopener noreferrer nofollow"' in rendered
    assert "the guide</a> (example.org)" in rendered
    assert "#baseline-and-target" not in rendered and "notes." in rendered  # only http(s) links stay links
    assert "Keep churn &lt; 2% &amp; NPS &gt; 40." in rendered  # reads the same once rendered


def test_dangerous_link_keeps_its_text_and_images_become_their_alt_text():
    assert safe_markdown("[read me](javascript:alert(1))") == "read me"
    assert html.unescape(safe_markdown("![chart](https://x.example/c.png)")) == "[image: chart]"
    assert html.unescape(safe_markdown("![a\nb](http://127.0.0.1:9/x/(a(b)))")) == "[image: a b]"


def test_a_second_markdown_parse_finds_no_syntax():
    # Gradio parses our output as Markdown again: escaped brackets must not become an image there
    out = safe_markdown("`![x](http://127.0.0.1:9/x.png)` and \\*stars\\* and \\[y](http://127.0.0.1:9/)")
    rendered = _RENDERER.render(out)
    assert "<img" not in rendered and "<a " not in rendered and "<em>" not in rendered
    assert "![x](http://127.0.0.1:9/x.png)" in html.unescape(rendered)
    assert "*stars*" in html.unescape(rendered)


def test_lists_tables_and_code_keep_their_shape():
    out = safe_markdown("- a\n- **b**\n\n| k | v |\n|---|---|\n| 1 | 2 |\n\n```\nx\n\ny\n```")
    assert "\n\n" not in out  # no blank line: the HTML block is not cut short by a second parse
    rendered = _RENDERER.render(out)
    for tag in ("<ul>", "<strong>b</strong>", "<table>", "<td>2</td>", "<pre><code>"):
        assert tag in rendered


def test_safe_inline_flattens_lines_and_table_pipes():
    out = safe_inline("a\nb|c")
    assert "\n" not in out and "|" not in out
    assert html.unescape(out) == "a b|c"


@pytest.mark.parametrize("url, safe", [
    ("https://example.org", True), ("http://x", True), ("mailto:a@b.c", False), ("#anchor", False),
    ("docs/page.md", False), ("http://", False), ("javascript:alert(1)", False), (" JAVASCRIPT:x", False), ("data:text/html,x", False),
    ("&#x6A;avascript:x", False), ("java%09script:x", False), ("file:///etc/passwd", False), ("vbscript:x", False),
])
def test_is_safe_url(url, safe):
    assert is_safe_url(url) is safe


def test_details_block_escapes_its_summary():
    block = details_block("<img src=x onerror=alert(1)>", safe_markdown("body"))
    assert_inert(block.replace("<details><summary>", "").replace("</summary>", "").replace("</details>", ""))
    assert "<img" not in block


_fragments = st.sampled_from([
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "javascript:", "JaVaScRiPt:", "[a](", ")", "![b](",
    "](", "\n", "\n\n", "[r]: ", "&#106;", "&#58;", "<", ">", "\"", "'", " onerror=", "data:", "`", "<a href=",
    "http://evil.example/x.png", "\t", "<svg onload=alert(1)>", "<details>", "%6A",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_fragments, st.text(max_size=12)), max_size=30).map("".join))
def test_property_nothing_executable_survives(text):
    assert_inert(safe_markdown(text))
