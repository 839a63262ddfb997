"""Reading and chunking documents: anchors, heading paths, loaders, stable ids (no chromadb, no model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.knowledge.anchors import read_section, scan_headings, slugify
from coach.knowledge.chunking import chunk_document
import math
from collections import Counter

from coach.knowledge.lexical import reciprocal_rank_fusion, stem, tokenize
from coach.knowledge.sections import SectionIndex, section_terms
from coach.knowledge.loaders import UnreadableDocument, html_to_markdown, iter_files, load_document

REPO = Path(__file__).resolve().parents[1]

PLAYBOOK = """# Team playbook

Intro text about the playbook.

## Weekly ritual

Every Monday the squad reviews confidence on each key result.

### Who attends

The product trio and the key result owners.

## Example

First example section.

## Example

Second example section with the same heading.

```
## not a heading inside a fence
```
"""


@pytest.mark.parametrize(("heading", "anchor"), [
    ("KPIs vs OKRs", "kpis-vs-okrs"),
    ("Plain language, no corporate fog", "plain-language-no-corporate-fog"),
    ("Scores: 0.0 to 1.0", "scores-00-to-10"),
    ("Check-ins that aren't status theatre", "check-ins-that-arent-status-theatre"),
    ("The `okr-coach` *CLI*", "the-okr-coach-cli"),
    ("See [the guide](https://example.com/x)", "see-the-guide"),
])
def test_slugify_matches_github(heading, anchor):
    assert slugify(heading) == anchor


def test_repeated_headings_get_github_suffixes_and_fences_are_ignored():
    anchors = [h.anchor for h in scan_headings(PLAYBOOK)]
    assert anchors == ["team-playbook", "weekly-ritual", "who-attends", "example", "example-1"]


def test_markdown_chunks_carry_anchor_and_heading_path(tmp_path):
    path = tmp_path / "playbook.md"
    path.write_text(PLAYBOOK, encoding="utf-8")
    chunks = chunk_document(load_document(path), str(path))
    by_anchor = {c.anchor: c for c in chunks}
    assert by_anchor["playbook.md#who-attends"].heading == "Team playbook > Weekly ritual > Who attends"
    assert "product trio" in by_anchor["playbook.md#who-attends"].text
    assert "Second example" in by_anchor["playbook.md#example-1"].text
    assert "First example" in by_anchor["playbook.md#example"].text
    assert by_anchor["playbook.md#weekly-ritual"].embed_text.startswith("Team playbook > Weekly ritual\n")


def test_every_builtin_rule_anchor_is_produced_by_the_chunker():
    """The anchors the chunker stores are the ones the rules cite (same slug rules as GitHub)."""
    anchors = set()
    for note in sorted((REPO / "knowledge").glob("*.md")):
        anchors |= {c.anchor for c in chunk_document(load_document(note), note.name)}
    for cited in ("key-results.md#outcomes-not-outputs", "kpis-vs-okrs.md#health-metrics-belong-on-a-dashboard",
                  "objectives.md#plain-language-no-corporate-fog", "key-results.md#how-many-key-results"):
        assert cited in anchors


def test_long_sections_are_split_by_size_and_keep_their_anchor(tmp_path):
    path = tmp_path / "long.md"
    paragraph = "Confidence drops when the owner cannot name the next step. " * 12
    path.write_text("# Long\n\n## Big section\n\n" + "\n\n".join([paragraph] * 5), encoding="utf-8")
    chunks = chunk_document(load_document(path), "long.md", chunk_size=400, chunk_overlap=50)
    assert len(chunks) > 3
    assert {c.anchor for c in chunks} == {"long.md#big-section"}
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert all(len(c.text) <= 400 for c in chunks)


def test_chunk_ids_are_stable_and_change_with_content(tmp_path):
    path = tmp_path / "p.md"
    path.write_text(PLAYBOOK, encoding="utf-8")
    first = chunk_document(load_document(path), "p.md")
    again = chunk_document(load_document(path), "p.md")
    assert [c.id for c in first] == [c.id for c in again]
    path.write_text(PLAYBOOK.replace("product trio", "whole team"), encoding="utf-8")
    edited = chunk_document(load_document(path), "p.md")
    changed = {c.id for c in first} ^ {c.id for c in edited}
    assert len(changed) == 2  # only the edited passage's old and new ids differ
    assert len({c.id for c in first}) == len(first)


def test_plain_text_is_anchored_by_line(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("line one\n" + "\n".join(f"Paragraph {i} " + "word " * 60 for i in range(8)), encoding="utf-8")
    chunks = chunk_document(load_document(path), "notes.txt")
    assert chunks[0].anchor == "notes.txt#L1"
    assert len(chunks) > 1 and all(c.anchor.startswith("notes.txt#L") for c in chunks)
    assert len({c.anchor for c in chunks}) == len(chunks)


def test_html_drops_scripts_and_styles_and_keeps_headings():
    html = """<html><head><title>Guide</title><style>body{color:red}</style>
    <script>var secret = "drop me";</script></head><body><nav><noscript>no js</noscript></nav>
    <h2>Retro &amp; review</h2><p>Hold a retrospective<br>every cycle.</p><ul><li>score</li><li>learn</li></ul>
    </body></html>"""
    text = html_to_markdown(html)
    assert "drop me" not in text and "color:red" not in text and "no js" not in text
    assert text.startswith("# Guide")
    assert "## Retro & review" in text
    assert "- score" in text and "every cycle." in text


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` in Helvetica, xref offsets computed so pypdf reads it cleanly."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_pages_become_page_anchored_passages(tmp_path):
    path = tmp_path / "guide.pdf"
    path.write_bytes(_tiny_pdf("Score every key result from zero to one"))
    chunks = chunk_document(load_document(path), "guide.pdf")
    assert [c.anchor for c in chunks] == ["guide.pdf#page=1"]
    assert "Score every key result" in chunks[0].text


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("image.png", b"\x89PNG\r\n", "unsupported type .png"),
    ("noext", b"hello", "unsupported type (no extension)"),
    ("blob.md", b"abc\x00def", "binary file"),
    ("latin.txt", "caf\u00e9".encode("latin-1"), "not valid UTF-8"),
    ("empty.md", b"   \n\n", "empty"),
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
    ("blank.html", b"<html><script>only()</script></html>", "empty"),
])
def test_unreadable_files_raise_a_short_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument) as info:
        load_document(path)
    assert reason in info.value.reason


def test_missing_file_is_unreadable_not_a_crash(tmp_path):
    with pytest.raises(UnreadableDocument, match="no such file"):
        load_document(tmp_path / "missing.md")


def test_folders_recurse_in_order_and_skip_hidden_entries(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for rel in ("a.md", "b/c.md", ".git/config.md", ".hidden.md"):
        (tmp_path / rel).write_text("# x\n\ny\n", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert found == ["a.md", "b/c.md"]


def test_read_section_includes_subsections_and_stops_at_the_next_sibling():
    path, body = read_section(PLAYBOOK, "weekly-ritual")
    assert path == ["Team playbook", "Weekly ritual"]
    assert "Every Monday" in body and "product trio" in body and "First example" not in body
    assert read_section(PLAYBOOK, "no-such-anchor") is None


# --------------------------------------------------------------------------- lexical ranking


def test_tokenize_stems_plurals_and_drops_stop_words():
    assert tokenize("The objectives are scored") == tokenize("objective scoring")
    assert "the" not in tokenize("the KPI")
    assert stem("business") == "business"


def test_bm25_prefers_rarer_terms_and_more_matches(tmp_path):
    texts = ["baseline and target for every key result", "key result owners update key result values",
             "confidence scale for the weekly check-in"]
    index = SectionIndex(tmp_path / "sections.sqlite3")
    index.rebuild(("c", 1), [{
        "ids": [f"p{i}" for i in range(3)], "documents": texts,
        "metadatas": [{"source": "doc.md", "name": "doc.md", "origin": "added", "kind": "markdown",
                       "anchor": f"doc.md#s{i}", "heading": f"S{i}", "section": i, "index": 0, "digest": "d",
                       "indexed_at": None} for i in range(3)]}])
    assert index.top(tokenize("baseline key result"), 3, k1=1.2, b=0.75)[0] == 1  # section numbers from 1
    assert index.top(tokenize("weekly confidence"), 1, k1=1.2, b=0.75) == [3]
    assert index.top(tokenize("unrelated words"), 3, k1=1.2, b=0.75) == []
    # the scores are Okapi BM25 with our b: the same order as the textbook formula
    docs = [section_terms(f"S{i}", [t]) for i, t in enumerate(texts)]
    query = tokenize("key result weekly values")
    average = sum(map(len, docs)) / len(docs)

    def okapi(doc, b=0.3, k1=1.2):
        counts = Counter(doc)
        return sum(math.log(1 + (3 - df + 0.5) / (df + 0.5)) * counts[t] * (k1 + 1)
                   / (counts[t] + k1 * (1 - b + b * len(doc) / average))
                   for t in set(query) if (df := sum(t in d for d in docs)) and t in counts)

    expected = sorted((i for i in range(3) if okapi(docs[i]) > 0), key=lambda i: -okapi(docs[i]))
    assert index.top(query, 3, k1=1.2, b=0.3) == [i + 1 for i in expected]


def test_reciprocal_rank_fusion_rewards_agreement_and_respects_weights():
    fused = reciprocal_rank_fusion([(["a", "b", "c"], 1.0), (["b", "c", "a"], 1.0)], k=60)
    assert max(fused, key=fused.get) == "b"
    dense_only = reciprocal_rank_fusion([(["a", "b"], 1.0), (["b", "a"], 0.0)], k=60)
    assert max(dense_only, key=dense_only.get) == "a"


def test_a_folder_is_not_left_through_symbolic_links(tmp_path):
    # issue 13: a link in the folder to a system folder indexed the system's password file
    import os

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "playbook.md").write_text(PLAYBOOK, encoding="utf-8")
    os.symlink(outside, folder / "system")
    os.symlink(outside / "secret.txt", folder / "passwd.txt")
    os.symlink(folder / "playbook.md", folder / "same.md")  # a link that stays inside is followed
    read, refused = [], []
    for path in iter_files([folder]):
        try:
            read.append(load_document(path).name)
        except UnreadableDocument as exc:
            refused.append((path.name, exc.reason))
    assert sorted(read) == ["playbook.md", "same.md"]
    assert sorted(name for name, _ in refused) == ["passwd.txt", "system"]
    assert all("outside the folder being added" in reason for _, reason in refused)
