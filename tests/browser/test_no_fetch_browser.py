"""Hostile Markdown and HTML in uploaded documents makes the browser fetch nothing (issue 13).

A canary HTTP server on 127.0.0.1 counts every request. A document whose sections hold images, links
and raw HTML pointing at it (multi-line images, reference-style images, nested and escaped forms, HTML
tags that load things) is uploaded, found by search and every passage opened: the canary must see zero
requests. The shared page guard already fails any request that leaves 127.0.0.1.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect


class _Canary(BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.server.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def canary():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def hostile_corpus(port: int) -> list[str]:
    c = f"http://127.0.0.1:{port}"
    return [
        f"![a\nb]({c}/1/(a(b)))",
        f"![a\nb][r2]\n\n[r2]: {c}/2.png",
        f"![r3]\n\n[r3]:\n  {c}/3.png\n  'title'",
        f"![r4][]\n\n[r4]: <{c}/4.png>",
        f"[![inner]({c}/5.png)]({c}/5-link)",
        f"\\![x]({c}/6.png)",
        f"<img src=\"{c}/7.png\">",
        f"<picture><source srcset=\"{c}/8.png\"></picture>",
        f"<video poster=\"{c}/9.png\"></video>",
        f"<div style=\"background:url({c}/10.png)\">x</div>",
        f"<link rel=stylesheet href=\"{c}/11.css\">",
        f"<iframe src=\"{c}/12\"></iframe>",
        f"| t |\n|---|\n| ![cell]({c}/13.png) |",
        f"<svg><image href=\"{c}/14.png\"/></svg>",
        f"<object data=\"{c}/15\"></object>",
        f"- item ![li]({c}/16.png)\n- <img\nsrc={c}/17.png>",
        f"> quote ![q]({c}/18.png)",
        f"<{c}/19.png> and [ref link][r20]\n\n[r20]: {c}/20.png",
    ]


def test_hostile_markdown_in_passages_fetches_nothing(page, app, goto, shoot, tmp_path, canary):
    cases = hostile_corpus(canary.server_address[1])
    sections = []
    for start in range(0, len(cases), 4):  # SEARCH_RESULTS sections, each under one passage's size
        body = "\n\n".join(cases[start:start + 4])
        sections.append(f"## Zanzibar canary section {start // 4 + 1}\n\nZanzibar canary passage.\n\n{body}\n")
    doc = tmp_path / "hostile-notes.md"
    doc.write_text("# Hostile notes\n\n" + "\n".join(sections), encoding="utf-8")

    goto(page, app.url, tab="Knowledge")
    deadline = time.monotonic() + 300  # the built-in notes are indexed in the background at start-up
    while "key-results.md" not in page.locator("#kb-sources").inner_text() and time.monotonic() < deadline:
        page.locator("#kb-refresh").click()
        page.wait_for_timeout(2_000)
    expect(page.locator("#kb-sources")).to_contain_text("key-results.md")
    page.locator("#kb-files input[type=file]").set_input_files(str(doc))
    page.locator("#kb-add").click()
    expect(page.locator("#kb-add-status")).to_contain_text("hostile-notes.md: added", timeout=180_000)
    page.locator("#kb-query textarea, #kb-query input").first.fill("zanzibar canary section passage")
    page.locator("#kb-search").click()
    results = page.locator("#kb-results")
    expect(results).to_contain_text("hostile-notes.md#zanzibar-canary-section-5", timeout=60_000)
    summaries = results.locator("details summary")
    for i in range(summaries.count()):
        summaries.nth(i).click()
    expect(results).to_contain_text("[image: a b]")
    expect(results).to_contain_text("[image: cell]")
    expect(results).to_contain_text("<img src=")  # raw HTML is shown as text
    page.wait_for_timeout(500)  # as in test_hostile_llm_browser: let any element that would fetch start
    shoot(page, "knowledge-hostile-markdown")
    selector = ", ".join(f"#kb-results {tag}" for tag in ("img", "iframe", "object", "video", "picture", "svg image"))
    fetched = page.evaluate("(selector) => [...document.querySelectorAll(selector)].map(e => e.outerHTML)", selector)
    assert fetched == []
    assert canary.hits == [], f"the browser fetched from the canary: {canary.hits}"
    assert not any(f":{canary.server_address[1]}/" in url for url in page.request_log.urls)
