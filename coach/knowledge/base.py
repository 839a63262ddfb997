"""The knowledge base: the built-in notes plus a team's documents, searched with hybrid ranking.

Storage is one Chroma collection (embedded in ``<data dir>/knowledge``, or on a Chroma server when
``chroma_url`` is set). Each passage is stored with its vector, its text and metadata (source, anchor,
heading path, positions, file digest). The collection's own metadata records the embedding model and
dimension, and a ``generation`` counter that every write bumps so other processes know to reload their
lexical index (``sections.sqlite3``, see :mod:`coach.knowledge.sections`).

Writes (add, remove, rebuild, first-use indexing) take the writer lock and keep the journal (see
:mod:`coach.knowledge.locking`); searches never wait for a writer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import sys
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from coach.errors import KnowledgeBusyError, KnowledgeError
from coach.knowledge.anchors import read_section, split_anchor
from coach.knowledge.chunking import CHUNK_OVERLAP, CHUNK_SIZE, Chunk, chunk_document
from coach.knowledge.embeddings import Embedder, make_embedder
from coach.knowledge.lexical import reciprocal_rank_fusion, tokenize
from coach.knowledge.loaders import LoadedDocument, UnreadableDocument, iter_files, load_document
from coach.knowledge.locate import builtin_notes, find_knowledge_dir
from coach.knowledge.locking import Journal, WriteLock, lock_is_held
from coach.knowledge.sections import SectionIndex
from coach.knowledge.store import COLLECTION, ClientSpec, client_spec, make_client
from coach.knowledge.types import DocumentResult, IngestReport, Skipped, SourceInfo
from coach.model import Citation

log = logging.getLogger(__name__)

#: Recorded with every passage: changing the chunking re-indexes the built-in notes on next use.
CHUNKING = f"markdown-headers+recursive-{CHUNK_SIZE}-{CHUNK_OVERLAP}"
FORMAT_VERSION = 1
_EMBED_BATCH = 64
#: BM25 length normalisation. Sections are self-contained units of similar purpose, so a long section is
#: not "padded" the way long web pages are; weaker normalisation (0.3 vs the textbook 0.75) ranked
#: complete sections better on the dev questions.
BM25_B = 0.3
BM25_K1 = 1.2
_WRITE_BATCH = 1000
#: Rows per ``get``/``delete`` call. SQLite refuses statements with more than 32,766 variables, and chroma
#: binds one per id, so the whole collection is never read or deleted in one call.
_READ_PAGE = 5000
#: What one ``add`` may write: a file past these bounds is refused before anything is embedded. A team's
#: real playbook is a few hundred passages; 10,000 is a 10 MB document.
MAX_PASSAGES_PER_FILE = 10_000
MAX_PASSAGES_PER_ADD = 50_000

Progress = bool | Callable[[int, int], None]


@dataclass
class Ranking:
    """How dense and lexical rankings are fused (tuned on the dev split of the retrieval set)."""

    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    candidates: int = 40  # how deep each ranking is read before fusion
    rrf_k: int = 60  # reciprocal-rank constant: larger flattens the difference between ranks


class KnowledgeBase:
    """Open with :meth:`open`; nothing heavy (chromadb, the model) loads until it is needed."""

    def __init__(self, settings, spec: ClientSpec, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.spec = spec
        self.folder = Path(settings.data_dir).expanduser() / "knowledge"  # lock + journal live here
        self.journal = Journal(self.folder)
        self.ranking = Ranking()
        self._embedder = embedder
        self._embedder_name = embedder.name if embedder is not None else make_embedder(settings).name
        self._client = None
        self.lexical = SectionIndex(self.folder / _sections_file(spec))
        self._writing = False  # this instance holds the writer lock
        self._seen: tuple[str, int] | None = None  # the generation this process's vector index reflects
        self._builtin_checked = False

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, settings, *, embedder: Embedder | None = None, check: bool = True) -> KnowledgeBase:
        """The knowledge base the settings point at.

        With ``check`` (the default) a store left half-written by an interrupted write, or built with a
        different embedding model, raises :class:`KnowledgeError` explaining the fix. The ``knowledge``
        commands that repair a store (add, remove, rebuild, list) open it with ``check=False``.
        """
        kb = cls(settings, client_spec(settings), embedder)
        if check:
            kb.check_health()
        return kb

    @property
    def where(self) -> str:
        return self.spec.where

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings)
        return self._embedder

    def check_health(self) -> None:
        """Raise :class:`KnowledgeError` if a write was cut short or the embedding model changed."""
        record = self.journal.read()
        if record is not None and not lock_is_held(self.folder):
            sources = [s for s in record.get("sources", []) if s != "*"]
            what = f" while writing {', '.join(sources)}" if sources else ""
            raise KnowledgeError(
                f"the knowledge base at {self.where} was left half-written: `okr-coach knowledge "
                f"{record.get('operation', 'add')}` (pid {record.get('pid', '?')}, started "
                f"{record.get('started', '?')}) stopped before it finished{what}",
                hint="run `okr-coach knowledge rebuild` to re-index every source, or run the same "
                     "`okr-coach knowledge add` again")
        self._collection()  # checks the embedding model

    def _get_client(self):
        if self._client is None:
            self._client = make_client(self.spec)
        return self._client

    def _collection(self, *, check_model: bool = True):
        """The collection, or ``None`` before the first write."""
        from chromadb.errors import NotFoundError

        try:
            collection = self._get_client().get_collection(COLLECTION, embedding_function=None)
        except NotFoundError:
            return None
        if check_model:
            self._check_model(collection.metadata or {})
        return collection

    def _check_model(self, metadata: dict) -> None:
        built_with = metadata.get("embedding_model")
        if built_with and built_with != self._embedder_name:
            raise KnowledgeError(
                f"the knowledge base at {self.where} was built with {built_with} "
                f"({metadata.get('embedding_dimension', '?')} dimensions); you configured {self._embedder_name}",
                hint=f"run `okr-coach knowledge rebuild` to re-embed every document with {self._embedder_name}, "
                     "or set [embeddings] provider/model (OKR_COACH_EMBEDDINGS, OKR_COACH_EMBEDDINGS_MODEL) "
                     "back to what the store was built with")

    def _create_collection(self, dimension: int):
        metadata = {"embedding_model": self._embedder_name, "embedding_dimension": dimension,
                    "generation": 0, "format_version": FORMAT_VERSION, "chunking": CHUNKING}
        # One thread builds the graph: with several, the order of insertions (and so the approximate graph and
        # a tie at rank 5) depends on thread timing; the store holds a few hundred passages, so one is enough.
        return self._get_client().get_or_create_collection(
            COLLECTION, embedding_function=None, configuration={"hnsw": {"space": "cosine", "num_threads": 1}},
            metadata=metadata)

    # ------------------------------------------------------------------ reading

    def search(self, query: str, k: int = 5) -> list[Citation]:
        """The ``k`` best passages for ``query``, one per section, best first.

        Dense (embedding) and lexical (BM25) rankings are fused by reciprocal rank; ``score`` is the fused
        score (higher is better, comparable only within one result list).
        """
        return self.search_many([query], k)[0]

    def search_many(self, queries: list[str], k: int = 5) -> list[list[Citation]]:
        """:meth:`search` for several queries at once: one embedding batch and one vector query.

        A critique cites passages for every finding; batching makes that one model call instead of one per
        finding. Results are in the order of ``queries``; an empty query gets an empty list.
        """
        cleaned = [(q or "").strip() for q in queries]
        results: list[list[Citation]] = [[] for _ in cleaned]
        wanted = [i for i, q in enumerate(cleaned) if q]
        if not wanted or k <= 0:
            return results
        collection = self._fresh(self._collection())
        if collection is None:
            return results
        index = self._current_index(collection)
        size = index.size()
        if not size:
            return results
        depth = min(max(self.ranking.candidates, 4 * k), size)
        dense_ids: list[list[str]] = [[] for _ in wanted]
        if self.ranking.dense_weight > 0:
            vectors = self._embed([cleaned[i] for i in wanted], collection.metadata or {})
            found = collection.query(query_embeddings=list(vectors), n_results=depth, include=[])
            dense_ids = found["ids"]
        for slot, i in enumerate(wanted):
            results[i] = self._fuse(index, cleaned[i], dense_ids[slot], depth, k)
        return results

    def _fuse(self, index: SectionIndex, query: str, dense_ids: list[str], depth: int, k: int) -> list[Citation]:
        rankings: list[tuple[list[int], float]] = []
        best_passage: dict[int, str] = {}  # section -> its best dense passage
        if self.ranking.dense_weight > 0:
            dense: list[int] = []
            section_of = index.sections_of(dense_ids)  # unknown: written after the index was stamped
            for chunk_id in dense_ids:
                section = section_of.get(chunk_id)
                if section is not None and section not in best_passage:
                    best_passage[section] = chunk_id
                    dense.append(section)
            rankings.append((dense, self.ranking.dense_weight))
        terms = tokenize(query)
        if self.ranking.lexical_weight > 0:
            rankings.append((index.top(terms, depth, k1=BM25_K1, b=BM25_B), self.ranking.lexical_weight))
        fused = reciprocal_rank_fusion(rankings, k=self.ranking.rrf_k)
        results: list[Citation] = []
        for section in sorted(fused, key=lambda n: (-fused[n], n))[:k]:
            chunk_id = best_passage.get(section)
            found = index.passage(chunk_id) if chunk_id is not None else None
            if found is None:
                found = _best_lexical_passage(index, section, set(terms))
            if found is None:
                continue
            text, meta = found
            results.append(Citation(anchor=meta["anchor"], source=meta["source"], heading=meta["heading"],
                                    text=text, score=round(fused[section], 6)))
        return results

    def list_sources(self) -> list[SourceInfo]:
        """Every indexed document: built-in notes first, then added documents, by source."""
        collection = self._collection(check_model=False)
        if collection is None:
            return []
        infos = [SourceInfo(source=m["source"], name=m["name"], origin=m["origin"], kind=m["kind"],
                            chunks=m["chunks"], sections=m["sections"], digest=m["digest"],
                            indexed_at=m.get("indexed_at"))
                 for m in self._current_index(collection).sources()]
        return sorted(infos, key=lambda s: (s.origin != "builtin", s.source))

    def passage(self, anchor: str) -> Citation | None:
        """The whole section an anchor names (built-in notes are read from the file; no index needed)."""
        name, fragment = split_anchor(anchor)
        folder = find_knowledge_dir()
        note = folder / name if folder is not None and name else None
        if note is not None and fragment and note.suffix == ".md" and note.is_file():
            found = read_section(note.read_text(encoding="utf-8"), fragment)
            if found is not None:
                path, body = found
                return Citation(anchor=anchor, source=f"knowledge/{name}", heading=" > ".join(path), text=body)
        collection = self._collection(check_model=False)
        if collection is None:
            return None
        rows = [row for got in _pages(collection, where={"anchor": anchor}, include=["documents", "metadatas"])
                for row in zip(got["metadatas"], got["documents"], strict=True)]
        if not rows:
            return None
        rows = sorted(rows,
                      key=lambda row: (row[0]["origin"] != "builtin", row[0]["source"], row[0]["index"]))
        source = rows[0][0]["source"]
        texts = [text for meta, text in rows if meta["source"] == source]
        return Citation(anchor=anchor, source=source, heading=rows[0][0]["heading"], text=_join_overlapping(texts))

    def _current_index(self, collection) -> SectionIndex:
        """The lexical index, rebuilt from the collection when it is behind it.

        ``collection`` comes from :meth:`_collection`, which fetches it afresh, so its metadata shows
        writes made by other processes since the last call. While another process holds the writer lock
        the index is used as it is (that writer brings it up to date when it finishes).
        """
        generation = _generation(collection)
        if self.lexical.state() != generation and not self._writing and not lock_is_held(self.folder):
            self.lexical.rebuild(generation, _pages(collection, include=["documents", "metadatas"]))
        return self.lexical

    def _fresh(self, collection):
        """``collection``, read again when another process wrote since this one last looked (its generation
        moved): the embedded store's vector index lives in memory and would not show the new passages."""
        if collection is None:
            return None
        generation = _generation(collection)
        if self._seen is None or self._writing:
            self._seen = generation
            return collection
        if generation != self._seen:
            from coach.knowledge.store import reopened

            log.info("the knowledge base changed in another process; reading it again")
            self._client = reopened(self._get_client(), self.spec)
            collection = self._collection()
            self._seen = _generation(collection) if collection is not None else None
        return collection

    def _embed(self, texts: list[str], metadata: dict) -> list[list[float]]:
        vectors = self.embedder.embed_documents(texts)
        expected = metadata.get("embedding_dimension")
        if vectors and expected and len(vectors[0]) != expected:
            raise KnowledgeError(
                f"the knowledge base at {self.where} holds {expected}-dimension vectors but "
                f"{self._embedder_name} returned {len(vectors[0])}",
                hint="run `okr-coach knowledge rebuild`, or configure the model the store was built with")
        return vectors

    # ------------------------------------------------------------------ writing

    def add(self, paths: Iterable[str | Path], progress: Progress = True) -> IngestReport:
        """Index files and folders (recursively). Unreadable files are reported in ``skipped``.

        Unchanged documents are left alone; edited ones have their passages replaced. Raises
        :class:`KnowledgeBusyError` if another process is writing.
        """
        report = IngestReport()
        documents = self._load([Path(p) for p in paths], "added", report)
        if not documents:
            return report
        total = sum(len(chunks) for _, _, chunks in documents)
        if total > MAX_PASSAGES_PER_ADD:
            raise KnowledgeError(
                f"these {len(documents)} documents make {total:,} passages; one add takes at most "
                f"{MAX_PASSAGES_PER_ADD:,}", hint="add the documents in smaller groups")
        with self._writer("adding documents"):
            return report.merge(self._ingest(documents, progress))

    def remove(self, source: str) -> int:
        """Remove one added document (by source, path or unique file name); returns the passages removed."""
        match = self._resolve_source(source)
        with self._writer("removing a document"):
            return self._remove_sources([match.source])

    def ensure_builtin(self, progress: Progress = False) -> IngestReport | None:
        """Index the built-in notes on first use and re-index any that changed (once per instance).

        Returns what was written, or ``None`` when nothing had to be. If another process is writing, the
        search goes ahead with what is indexed and the check is repeated on the next call.
        """
        if self._builtin_checked:
            return None
        folder = find_knowledge_dir()
        if folder is None:
            log.info("no built-in knowledge notes found; set OKR_COACH_KNOWLEDGE_DIR to index them")
            self._builtin_checked = True
            return None
        notes = builtin_notes(folder)
        indexed = {s.source: (s.digest, s.chunks) for s in self.list_sources() if s.origin == "builtin"}
        chunking_ok = (self._collection(check_model=False) is None
                       or (self._collection().metadata or {}).get("chunking") == CHUNKING)
        wanted = {f"knowledge/{p.name}": p for p in notes}
        stale = [p for src, p in wanted.items() if src not in indexed or indexed[src][0] != _file_digest(p)
                 or not chunking_ok]
        gone = [src for src in indexed if src not in wanted]
        if not stale and not gone:
            self._builtin_checked = True
            return None
        try:
            with self._writer("indexing the built-in notes"):
                report = IngestReport()
                documents = self._load(stale, "builtin", report)
                report = report.merge(self._ingest(documents, progress))
                if gone:
                    self._remove_sources(gone)
                if not chunking_ok:
                    self._set_metadata(chunking=CHUNKING)
        except KnowledgeBusyError:
            log.info("knowledge base busy; searching the passages indexed so far")
            return None
        self._builtin_checked = True
        return report

    def rebuild(self, progress: Progress = True) -> IngestReport:
        """Re-embed every source with the configured model (the fix for a model switch or a torn write).

        Built-in notes are re-read from ``knowledge/``; added documents from their paths, and those that no
        longer exist are reported as skipped.
        """
        with self._writer("rebuilding the knowledge base"):
            previous = self._collection(check_model=False)
            added: list[str] = []
            if previous is not None:
                added = sorted({m["source"] for got in _pages(previous, include=["metadatas"])
                                for m in got["metadatas"] if m.get("origin") == "added"})
            self.journal.begin("rebuild", ["*"])
            if previous is not None:
                self._get_client().delete_collection(COLLECTION)
            self.lexical.rebuild(None, [])
            report = IngestReport()
            folder = find_knowledge_dir()
            documents = self._load(builtin_notes(folder) if folder else [], "builtin", report)
            for source in added:
                if Path(source).is_file():
                    documents += self._load([Path(source)], "added", report)
                else:
                    report.skipped.append(Skipped(path=source, reason="no longer exists; dropped from the index"))
            if not documents:
                self._create_collection(len(self.embedder.embed_query("okr")))
            report = report.merge(self._ingest(documents, progress, journal=False))
            self.journal.finish()
            self._builtin_checked = True
            return report

    # ------------------------------------------------------------------ writing: internals

    @contextmanager
    def _writer(self, activity: str):
        """The writer lock, with the lexical index caught up first, dirty during the write, stamped after.

        A write that raises or is killed leaves the index dirty, and the next reader rebuilds it.
        """
        with WriteLock(self.folder, activity=activity):
            self._writing = True
            try:
                collection = self._collection(check_model=False)
                if collection is None:
                    self.lexical.rebuild(None, [])
                elif self.lexical.state() != _generation(collection):
                    self.lexical.rebuild(_generation(collection), _pages(collection, include=["documents", "metadatas"]))
                self.lexical.stamp(None)
                yield
                collection = self._collection(check_model=False)
                self.lexical.stamp(_generation(collection) if collection is not None else None)
            finally:
                self._writing = False

    def _load(self, paths: list[Path], origin: str, report: IngestReport) -> list[tuple[LoadedDocument, str, list[Chunk]]]:
        documents = []
        for path in iter_files(paths):
            try:
                doc = load_document(path)
            except UnreadableDocument as exc:
                report.skipped.append(Skipped(path=str(path), reason=exc.reason))
                continue
            source = f"knowledge/{path.name}" if origin == "builtin" else str(path.resolve())
            chunks = chunk_document(doc, source)
            if not chunks:
                report.skipped.append(Skipped(path=str(path), reason="empty: no text to index"))
                continue
            if origin == "added" and len(chunks) > MAX_PASSAGES_PER_FILE:
                report.skipped.append(Skipped(path=str(path), reason=(
                    f"{len(chunks):,} passages, more than the {MAX_PASSAGES_PER_FILE:,} one file may add; "
                    "split it into smaller documents")))
                continue
            documents.append((doc, origin, chunks))
        return documents

    def _ingest(self, documents, progress: Progress, *, journal: bool = True) -> IngestReport:
        """Write ``documents`` (lock held): embed new passages, upsert them, delete replaced ones."""
        report = IngestReport()
        keeper = _JournalKeeper(self.journal, "add") if journal else None
        collection = self._collection()
        plans = []
        for doc, origin, chunks in documents:
            source = chunks[0].source
            existing = set(_ids_where(collection, {"source": source})) if collection else set()
            new_ids = {c.id for c in chunks}
            fresh = [c for c in chunks if c.id not in existing]
            plans.append((doc, origin, source, chunks, fresh, existing - new_ids, existing))
        total = sum(len(plan[4]) for plan in plans)
        bar = _progress_bar(progress, total)
        wrote = False
        try:
            for doc, origin, source, chunks, fresh, obsolete, existing in plans:
                status = "added" if not existing else ("unchanged" if not fresh and not obsolete else "updated")
                report.documents.append(DocumentResult(
                    source=source, name=doc.name, status=status, chunks_added=len(fresh),
                    chunks_removed=len(obsolete), chunks_unchanged=len(chunks) - len(fresh)))
                if status == "unchanged":
                    if keeper:
                        keeper.written(source)
                    continue
                vectors = []
                for start in range(0, len(fresh), _EMBED_BATCH):
                    batch = fresh[start:start + _EMBED_BATCH]
                    vectors += self._embed([c.embed_text for c in batch],
                                           (collection.metadata or {}) if collection else {})
                    bar.update(len(batch))
                if collection is None:
                    collection = self._create_collection(len(vectors[0]))
                if not wrote:  # before the first change: a write killed half-way still moves the counter
                    self._bump_generation()
                if keeper:
                    keeper.writing(source)
                wrote = True
                stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                for start in range(0, len(fresh), _WRITE_BATCH):
                    part = fresh[start:start + _WRITE_BATCH]
                    collection.upsert(ids=[c.id for c in part], embeddings=vectors[start:start + _WRITE_BATCH],
                                      documents=[c.text for c in part],
                                      metadatas=[_chunk_metadata(c, doc, origin, stamp) for c in part])
                if obsolete:
                    _delete(collection, sorted(obsolete))
                self.lexical.replace_source(source, _pages(collection, where={"source": source},
                                                           include=["documents", "metadatas"]))
                if keeper:
                    keeper.written(source)
        finally:
            bar.close()
            if wrote:
                self._bump_generation()
        return report

    def _remove_sources(self, sources: list[str]) -> int:
        collection = self._collection(check_model=False)
        if collection is None:
            return 0
        keeper = _JournalKeeper(self.journal, "remove")
        removed = 0
        self._bump_generation()  # before the first change, as in _ingest
        for source in sources:
            ids = _ids_where(collection, {"source": source})
            keeper.writing(source)
            _delete(collection, ids)
            self.lexical.remove_source(source)
            keeper.written(source)
            removed += len(ids)
        self._bump_generation()
        return removed

    def _resolve_source(self, wanted: str) -> SourceInfo:
        sources = self.list_sources()
        candidates = [s for s in sources if s.source == wanted]
        if not candidates:
            resolved = str(Path(wanted).expanduser().resolve())
            candidates = [s for s in sources if s.source == resolved]
        if not candidates:
            candidates = [s for s in sources if s.name == wanted and s.origin == "added"] or \
                         [s for s in sources if s.name == wanted]
        if not candidates:
            raise KnowledgeError(f"no indexed document matches {wanted!r}",
                                 hint="`okr-coach knowledge list` shows the sources you can remove")
        if len(candidates) > 1:
            raise KnowledgeError(f"{wanted!r} matches {len(candidates)} documents: "
                                 f"{', '.join(c.source for c in candidates)}", hint="pass the full source path")
        if candidates[0].origin == "builtin":
            raise KnowledgeError(f"{candidates[0].source} is a built-in note and is indexed again on every use",
                                 hint="remove only documents you added; built-in notes live in knowledge/")
        return candidates[0]

    def _bump_generation(self) -> None:
        collection = self._collection(check_model=False)
        if collection is not None:
            metadata = dict(collection.metadata or {})
            self._set_metadata(generation=int(metadata.get("generation", 0)) + 1)
            collection = self._collection(check_model=False)
            self._seen = _generation(collection) if collection is not None else None  # our own write

    def _set_metadata(self, **changes) -> None:
        collection = self._collection(check_model=False)
        if collection is not None:
            metadata = dict(collection.metadata or {})
            metadata.update(changes)
            collection.modify(metadata=metadata)  # chroma replaces the whole metadata: pass every key


class _JournalKeeper:
    """Keeps the journal naming every source that may be incomplete, including ones a dead writer left."""

    def __init__(self, journal: Journal, operation: str) -> None:
        self.journal = journal
        self.operation = operation
        stale = journal.read()
        self.whole_store = bool(stale) and (stale.get("operation") not in ("add", "remove")
                                            or "*" in stale.get("sources", []))
        self.pending: set[str] = set(stale.get("sources", [])) if stale else set()

    def writing(self, source: str) -> None:
        self.pending.add(source)
        self._save()

    def written(self, source: str) -> None:
        if source in self.pending:
            self.pending.discard(source)
            self._save()

    def _save(self) -> None:
        if self.whole_store:  # a torn rebuild: only a complete rebuild clears it
            return
        if self.pending:
            self.journal.begin(self.operation, sorted(self.pending))
        else:
            self.journal.finish()


def _generation(collection) -> tuple[str, int]:
    """(collection id, write counter): a rebuild makes a new collection, every write bumps the counter."""
    return (str(collection.id), int((collection.metadata or {}).get("generation", 0)))


def _sections_file(spec: ClientSpec) -> str:
    if spec.kind == "persistent":
        return "sections.sqlite3"
    return f"sections-{hashlib.sha256(spec.where.encode()).hexdigest()[:12]}.sqlite3"


def _pages(collection, *, include: list[str], where: dict | None = None):
    """``collection.get`` one page at a time (see ``_READ_PAGE``), in chroma's stable insertion order."""
    offset = 0
    while True:
        got = collection.get(where=where, include=include, limit=_READ_PAGE, offset=offset)
        if not got["ids"]:
            return
        yield got
        if len(got["ids"]) < _READ_PAGE:
            return
        offset += len(got["ids"])


def _ids_where(collection, where: dict) -> list[str]:
    return [cid for got in _pages(collection, where=where, include=[]) for cid in got["ids"]]


def _delete(collection, ids: list[str]) -> None:
    for start in range(0, len(ids), _READ_PAGE):
        collection.delete(ids=ids[start:start + _READ_PAGE])


def _best_lexical_passage(index: SectionIndex, section: int, terms: set[str]) -> tuple[str, dict] | None:
    """The passage of a section that shares the most query terms (the first one on a tie)."""
    passages = index.passages_in(section)
    if not passages:
        return None
    best = max(range(len(passages)), key=lambda i: (len(terms & set(tokenize(passages[i][1]))), -i))
    return passages[best][1], passages[best][2]


def _chunk_metadata(chunk: Chunk, doc: LoadedDocument, origin: str, stamp: str) -> dict:
    return {"source": chunk.source, "name": doc.name, "origin": origin, "kind": doc.kind,
            "anchor": chunk.anchor, "heading": chunk.heading, "section": chunk.section, "index": chunk.index,
            "digest": doc.digest, "indexed_at": stamp}


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _join_overlapping(texts: list[str]) -> str:
    """Join consecutive chunks of one section, dropping the overlap the size splitter repeated."""
    joined = texts[0] if texts else ""
    for text in texts[1:]:
        overlap = next((n for n in range(min(len(joined), len(text), CHUNK_OVERLAP * 2), 0, -1)
                        if joined.endswith(text[:n])), 0)
        joined += ("" if overlap else "\n\n") + text[overlap:]
    return joined


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


class _CallbackBar:
    def __init__(self, callback: Callable[[int, int], None], total: int) -> None:
        self.callback, self.total, self.done = callback, total, 0
        callback(0, total)

    def update(self, n: int) -> None:
        self.done += n
        self.callback(self.done, self.total)

    def close(self) -> None:
        pass


def _progress_bar(progress: Progress, total: int):
    """tqdm on stderr when asked for and stderr is a terminal; a callback bar for the web app."""
    if callable(progress):
        return _CallbackBar(progress, total)
    if not progress or total == 0 or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, unit="passage", desc="Embedding", leave=False)
