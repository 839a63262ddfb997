"""The lexical side of the knowledge base: every passage and a BM25 index of sections, in SQLite FTS5.

Chroma holds the vectors; this file (``sections.sqlite3`` next to the writer lock) holds what ranking and
``knowledge list`` need without reading the whole collection: each passage's text and metadata, one row
per section (source + anchor, the unit a citation names) and that section's terms in an FTS5 table. It
stays on disk, so a new process searches at once, and a write touches only the rows of the sources it
wrote, so the cost of a write does not grow with the size of the store.

It is a cache of the collection: ``state`` records the (collection id, generation) it reflects. A writer
marks it dirty before changing anything and stamps the new generation after; a reader that finds it behind
(another machine wrote to a shared Chroma server, or a writer was killed) rebuilds it page by page.

Ranking is Okapi BM25 with our own tokeniser and length normalisation (``b``), computed in SQL from the
FTS5 term statistics (the ``fts5vocab`` tables): FTS5's built-in ``bm25()`` fixes ``b`` at 0.75.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from coach.knowledge.lexical import tokenize

SCHEMA_VERSION = "1"
_META = ("source", "name", "origin", "kind", "anchor", "heading", "section", "index", "digest", "indexed_at")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sections (id INTEGER PRIMARY KEY, source TEXT NOT NULL, anchor TEXT NOT NULL,
    heading TEXT NOT NULL, length INTEGER NOT NULL, UNIQUE (source, anchor));
CREATE TABLE IF NOT EXISTS passages (id TEXT PRIMARY KEY, section INTEGER NOT NULL, source TEXT NOT NULL,
    anchor TEXT NOT NULL, part INTEGER NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, meta TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS passages_source ON passages (source, part, idx);
CREATE INDEX IF NOT EXISTS passages_section ON passages (section, part, idx);
CREATE VIRTUAL TABLE IF NOT EXISTS terms USING fts5 (body, tokenize = "unicode61 tokenchars '.'");
CREATE VIRTUAL TABLE IF NOT EXISTS term_rows USING fts5vocab (terms, 'row');
CREATE VIRTUAL TABLE IF NOT EXISTS term_hits USING fts5vocab (terms, 'instance');
"""


def section_terms(heading: str, texts: Iterable[str]) -> list[str]:
    """What BM25 scores for one section: its heading path, its own heading once more, and its passages."""
    return tokenize(f"{heading} {heading.rpartition(' > ')[2]} {' '.join(texts)}")


class SectionIndex:
    """One SQLite file; every call opens its own connection, so threads and processes can share it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            if _get(db, "schema") != SCHEMA_VERSION:
                _clear(db)
                db.execute("INSERT OR REPLACE INTO state VALUES ('schema', ?)", (SCHEMA_VERSION,))
                db.commit()
            with db:  # one transaction per call
                yield db

    # ------------------------------------------------------------------ state

    def state(self) -> tuple[str, int] | None:
        """The (collection id, generation) this index reflects, or ``None`` when dirty or empty."""
        with self._db() as db:
            value = _get(db, "generation")
        return tuple(json.loads(value)) if value else None  # type: ignore[return-value]

    def stamp(self, generation: tuple[str, int] | None) -> None:
        with self._db() as db:
            db.execute("INSERT OR REPLACE INTO state VALUES ('generation', ?)",
                       (json.dumps(list(generation)) if generation else "",))

    # ------------------------------------------------------------------ writing

    def rebuild(self, generation: tuple[str, int] | None, pages: Iterable[dict]) -> None:
        """Replace everything with the passages of ``pages`` (chroma ``get`` results), in one transaction."""
        with self._db() as db:
            _clear(db)
            for got in pages:
                _insert_passages(db, got)
            _index_sections(db, None)
            db.execute("INSERT OR REPLACE INTO state VALUES ('generation', ?)",
                       (json.dumps(list(generation)) if generation else "",))

    def replace_source(self, source: str, pages: Iterable[dict]) -> None:
        """Make one source's rows match ``pages`` (all of its passages as chroma now holds them)."""
        with self._db() as db:
            _delete_source(db, source)
            for got in pages:
                _insert_passages(db, got)
            _index_sections(db, source)

    def remove_source(self, source: str) -> None:
        with self._db() as db:
            _delete_source(db, source)

    # ------------------------------------------------------------------ reading

    def size(self) -> int:
        with self._db() as db:
            return db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]

    def sections_of(self, ids: list[str]) -> dict[str, int]:
        """Chunk id -> section number, for the ids this index knows."""
        if not ids:
            return {}
        with self._db() as db:
            rows = db.execute(f"SELECT id, section FROM passages WHERE id IN ({','.join('?' * len(ids))})", ids)
            return dict(rows.fetchall())

    def top(self, terms: list[str], n: int, *, k1: float, b: float) -> list[int]:
        """Section numbers of the ``n`` best BM25 matches for ``terms``, best first (ties: lower number)."""
        wanted = sorted(set(terms))
        if not wanted or n <= 0:
            return []
        marks = ",".join("?" * len(wanted))
        with self._db() as db:
            count, total = db.execute("SELECT COUNT(*), COALESCE(SUM(length), 0) FROM sections").fetchone()
            if not count:
                return []
            frequency = dict(db.execute(f"SELECT term, doc FROM term_rows WHERE term IN ({marks})", wanted))
            weights = {t: math.log(1 + (count - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}
            if not weights:
                return []
            values = ",".join("(?, ?)" for _ in weights)
            k1, b, average = float(k1), float(b), total / count
            rows = db.execute(f"""
                WITH idf(term, weight) AS (VALUES {values}),
                     tf AS (SELECT term, doc, COUNT(*) AS n FROM term_hits WHERE term IN ({marks}) GROUP BY term, doc)
                SELECT tf.doc, SUM(idf.weight * tf.n * {k1 + 1} / (tf.n + {k1} * (1 - {b} + {b} * s.length / {average or 1.0})))
                    AS score
                FROM tf JOIN idf USING (term) JOIN sections AS s ON s.id = tf.doc
                GROUP BY tf.doc ORDER BY score DESC, tf.doc LIMIT {int(n)}""",
                              [x for pair in weights.items() for x in pair] + wanted)
            return [doc for doc, _ in rows.fetchall()]

    def passages_in(self, section: int) -> list[tuple[str, str, dict]]:
        """(id, text, metadata) of a section's passages, in document order."""
        with self._db() as db:
            rows = db.execute("SELECT id, text, meta FROM passages WHERE section = ? ORDER BY part, idx", (section,))
            return [(cid, text, json.loads(meta)) for cid, text, meta in rows.fetchall()]

    def passage(self, chunk_id: str) -> tuple[str, dict] | None:
        with self._db() as db:
            row = db.execute("SELECT text, meta FROM passages WHERE id = ?", (chunk_id,)).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def sources(self) -> list[dict]:
        """Per source: the first passage's metadata plus ``chunks`` and ``sections`` counts."""
        with self._db() as db:
            rows = db.execute("""
                SELECT p.source, COUNT(*), COUNT(DISTINCT p.anchor),
                       (SELECT meta FROM passages AS q WHERE q.source = p.source ORDER BY part, idx LIMIT 1)
                FROM passages AS p GROUP BY p.source""").fetchall()
        return [{**json.loads(meta), "chunks": chunks, "sections": sections}
                for _, chunks, sections, meta in rows]


def _get(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _clear(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM passages")
    db.execute("DELETE FROM sections")
    db.execute("DELETE FROM terms")
    db.execute("DELETE FROM state WHERE key = 'generation'")


def _delete_source(db: sqlite3.Connection, source: str) -> None:
    ids = [row[0] for row in db.execute("SELECT id FROM sections WHERE source = ?", (source,))]
    db.executemany("DELETE FROM terms WHERE rowid = ?", ((i,) for i in ids))
    db.execute("DELETE FROM sections WHERE source = ?", (source,))
    db.execute("DELETE FROM passages WHERE source = ?", (source,))


def _insert_passages(db: sqlite3.Connection, got: dict) -> None:
    """Passages enter with section -1; :func:`_index_sections` numbers them."""
    db.executemany(
        "INSERT OR REPLACE INTO passages VALUES (?, -1, ?, ?, ?, ?, ?, ?)",
        ((cid, meta["source"], meta["anchor"], int(meta["section"]), int(meta["index"]), text,
          json.dumps({key: meta.get(key) for key in _META}))
         for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)))


def _index_sections(db: sqlite3.Connection, source: str | None) -> None:
    """Group the unnumbered passages (of ``source``, or all) into sections and index their terms."""
    where, args = ("AND source = ?", (source,)) if source is not None else ("", ())
    rows = db.execute(f"SELECT id, source, anchor, text, meta FROM passages WHERE section = -1 {where} "
                      "ORDER BY source, part, idx", args)
    groups: dict[tuple[str, str], tuple[str, list[str], list[str]]] = {}
    for cid, src, anchor, text, meta in rows.fetchall():
        heading, ids, texts = groups.setdefault((src, anchor), (json.loads(meta)["heading"], [], []))
        ids.append(cid)
        texts.append(text)
    for (src, anchor), (heading, ids, texts) in groups.items():
        terms = section_terms(heading, texts)
        number = db.execute("INSERT INTO sections (source, anchor, heading, length) VALUES (?, ?, ?, ?)",
                            (src, anchor, heading, len(terms))).lastrowid
        db.execute("INSERT INTO terms (rowid, body) VALUES (?, ?)", (number, " ".join(terms)))
        db.executemany("UPDATE passages SET section = ? WHERE id = ?", ((number, cid) for cid in ids))
