"""The knowledge base over a real embedded chromadb, with the deterministic hash embedder.

Covers first-use indexing, idempotent re-adding, edits replacing passages, removal, passages by anchor,
embedding-model switches, the writer lock across processes, recovery from a killed ingest, Chroma
server selection and the OpenAI-compatible embeddings path (against a local HTTP server).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from coach.config import load_settings
from coach.errors import ConfigError, KnowledgeBusyError, KnowledgeError
from coach.knowledge import KnowledgeBase
from coach.knowledge.embeddings import HashEmbedder
from coach.knowledge.locking import Journal
from coach.knowledge.store import client_spec, make_client

REPO = Path(__file__).resolve().parents[1]

NOTES = {
    "key-results.md": """# Key results

Notes on key results.

## Baseline and target

Every key result states where the metric starts (the baseline) and where it should end (the target).

## How many key results

Two to four key results per objective keep the team focused on what matters most.
""",
    "check-ins.md": """# Check-ins

## Confidence scales

Owners rate confidence weekly on a scale from one to ten, or as green, amber and red.
""",
}

PLAYBOOK = """# Acme playbook

## Weekly ritual

Every Monday the squad reviews its dashboards and names one blocker per key result.

## Quarterly offsite

The leadership team meets offsite to draft the company objectives for the next quarter.
"""


@pytest.fixture
def notes_dir(tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("OKR_COACH_KNOWLEDGE_DIR", str(folder))
    return folder


@pytest.fixture
def settings(tmp_path, notes_dir):
    return load_settings({"data_dir": str(tmp_path / "data")}, cwd=tmp_path)


def open_kb(settings, dimension: int = 256, **kwargs) -> KnowledgeBase:
    return KnowledgeBase.open(settings, embedder=HashEmbedder(dimension), **kwargs)


def count(kb: KnowledgeBase) -> int:
    return kb._collection(check_model=False).count()


# --------------------------------------------------------------------------- built-in notes


def test_builtin_notes_are_indexed_on_first_use_then_left_alone(settings):
    kb = open_kb(settings)
    assert kb.search("baseline") == []  # nothing indexed yet, and no crash
    report = kb.ensure_builtin()
    assert report is not None and report.chunks_added == 4 and report.chunks_unchanged == 0
    assert kb.ensure_builtin() is None
    assert open_kb(settings).ensure_builtin() is None  # a new process finds the notes unchanged
    assert {s.source for s in kb.list_sources()} == {"knowledge/key-results.md", "knowledge/check-ins.md"}
    assert all(s.origin == "builtin" for s in kb.list_sources())


def test_an_edited_note_is_reindexed_and_a_deleted_one_dropped(settings, notes_dir):
    open_kb(settings).ensure_builtin()
    (notes_dir / "key-results.md").write_text(NOTES["key-results.md"].replace("Two to four", "Three to five"),
                                              encoding="utf-8")
    (notes_dir / "check-ins.md").unlink()
    kb = open_kb(settings)
    report = kb.ensure_builtin()
    [doc] = report.documents
    assert (doc.name, doc.status, doc.chunks_added, doc.chunks_removed) == ("key-results.md", "updated", 1, 1)
    assert [s.name for s in kb.list_sources()] == ["key-results.md"]
    assert "Three to five" in kb.search("how many key results per objective", k=1)[0].text
    assert count(kb) == 3


# --------------------------------------------------------------------------- adding documents


def test_readding_an_unchanged_file_changes_nothing(settings, tmp_path):
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    kb = open_kb(settings)
    first = kb.add([doc], progress=False)
    assert (first.chunks_added, first.documents[0].status) == (2, "added")
    generation = kb._collection().metadata["generation"]
    again = kb.add([doc], progress=False)
    assert again.summary().startswith("0 added, 2 unchanged, 0 removed")
    assert again.documents[0].status == "unchanged"
    assert kb._collection().metadata["generation"] == generation  # not even a metadata write


def test_editing_a_file_replaces_its_passages(settings, tmp_path):
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    kb = open_kb(settings)
    kb.add([doc], progress=False)
    doc.write_text(PLAYBOOK.replace("offsite", "retreat"), encoding="utf-8")
    report = kb.add([doc], progress=False)
    assert (report.documents[0].status, report.chunks_added, report.chunks_removed, report.chunks_unchanged) == (
        "updated", 1, 1, 1)
    assert count(kb) == 2
    texts = [c.text for c in kb.search("leadership meets to draft company objectives", k=5)]
    assert any("retreat" in t for t in texts) and not any("offsite" in t for t in texts)


def test_bad_files_are_reported_by_name_and_skipped(settings, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "playbook.md").write_text(PLAYBOOK, encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02")
    (folder / "empty.md").write_text("", encoding="utf-8")
    kb = open_kb(settings)
    report = kb.add([folder, tmp_path / "missing.md"], progress=False)
    assert [d.name for d in report.documents] == ["playbook.md"]
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"logo.png", "blob.txt", "empty.md", "missing.md"}
    assert "binary" in reasons["blob.txt"] and "no such file" in reasons["missing.md"]
    assert report.summary().endswith("4 files skipped")


def test_only_bad_files_write_nothing(settings, tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04")
    kb = open_kb(settings)
    report = kb.add([bad], progress=False)
    assert report.documents == [] and len(report.skipped) == 1
    assert kb._collection(check_model=False) is None


def test_progress_callback_sees_every_passage(settings, tmp_path):
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    seen: list[tuple[int, int]] = []
    open_kb(settings).add([doc], progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)


# --------------------------------------------------------------------------- searching and passages


def test_search_returns_cited_passages_one_per_section(settings, tmp_path):
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    kb = open_kb(settings)
    kb.ensure_builtin()
    kb.add([doc], progress=False)
    results = kb.search("weekly blocker per key result on Monday", k=3)
    assert len(results) == 3
    top = results[0]
    assert top.anchor == "playbook.md#weekly-ritual"
    assert top.source == str(doc.resolve())
    assert top.heading == "Acme playbook > Weekly ritual"
    assert "Monday" in top.text
    assert len({r.anchor for r in results}) == 3
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    assert kb.search("   ") == [] and kb.search("baseline", k=0) == []


def test_a_reader_sees_documents_another_writer_added(settings, tmp_path):
    reader = open_kb(settings)
    reader.ensure_builtin()
    assert all(r.anchor != "playbook.md#quarterly-offsite" for r in reader.search("leadership offsite", k=5))
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    open_kb(settings).add([doc], progress=False)  # another instance, as another process would
    assert reader.search("leadership offsite", k=1)[0].anchor == "playbook.md#quarterly-offsite"


def test_passage_expands_builtin_and_added_sections(settings, tmp_path):
    kb = open_kb(settings)
    builtin = kb.passage("key-results.md#how-many-key-results")  # read from the note; no index needed
    assert builtin.heading == "Key results > How many key results"
    assert builtin.text.startswith("Two to four") and builtin.source == "knowledge/key-results.md"
    assert kb.passage("key-results.md#no-such-heading") is None
    doc = tmp_path / "long.md"
    sentences = " ".join(f"Sentence number {i} about weekly rituals." for i in range(60))
    doc.write_text(f"# Long\n\n## Rituals\n\n{sentences}\n", encoding="utf-8")
    kb.add([doc], progress=False)
    passage = kb.passage("long.md#rituals")
    assert passage.text == sentences  # chunks joined back, overlap removed
    assert kb.passage("missing.md#x") is None


def test_remove_by_name_or_path_and_refuse_builtin(settings, tmp_path):
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    kb = open_kb(settings)
    kb.ensure_builtin()
    kb.add([doc], progress=False)
    assert kb.remove("playbook.md") == 2
    assert all(s.name != "playbook.md" for s in kb.list_sources())
    kb.add([doc], progress=False)
    assert kb.remove(str(doc)) == 2
    with pytest.raises(KnowledgeError, match="no indexed document matches 'playbook.md'; `okr-coach knowledge list`"):
        kb.remove("playbook.md")
    with pytest.raises(KnowledgeError, match="built-in note"):
        kb.remove("knowledge/key-results.md")


# --------------------------------------------------------------------------- embedding models


def test_switching_embedding_models_is_detected_and_rebuild_fixes_it(settings, tmp_path):
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    kb = open_kb(settings, 256)
    kb.ensure_builtin()
    kb.add([doc], progress=False)
    with pytest.raises(KnowledgeError) as info:
        open_kb(settings, 64)
    message = str(info.value)
    assert f"the knowledge base at {settings.data_dir / 'knowledge'} was built with hash:bow-256" in message
    assert "you configured hash:bow-64" in message and "okr-coach knowledge rebuild" in message
    switched = open_kb(settings, 64, check=False)
    with pytest.raises(KnowledgeError, match="was built with hash:bow-256"):
        switched.add([doc], progress=False)  # never silently mixed
    report = switched.rebuild(progress=False)
    assert {d.name for d in report.documents} == {"key-results.md", "check-ins.md", "playbook.md"}
    reopened = open_kb(settings, 64)
    assert reopened._collection().metadata["embedding_model"] == "hash:bow-64"
    assert reopened._collection().metadata["embedding_dimension"] == 64
    assert reopened.search("Monday blocker", k=1)[0].anchor == "playbook.md#weekly-ritual"


def test_rebuild_reports_added_documents_that_disappeared(settings, tmp_path):
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    kb = open_kb(settings)
    kb.add([doc], progress=False)
    doc.unlink()
    report = kb.rebuild(progress=False)
    assert [(Path(s.path).name, s.reason) for s in report.skipped] == [
        ("playbook.md", "no longer exists; dropped from the index")]
    assert all(s.origin == "builtin" for s in kb.list_sources())


# --------------------------------------------------------------------------- half-written stores


def test_a_leftover_journal_is_reported_with_the_fix(settings, tmp_path):
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    open_kb(settings).add([doc], progress=False)
    Journal(settings.data_dir / "knowledge").begin("add", [str(doc.resolve())])
    with pytest.raises(KnowledgeError) as info:
        open_kb(settings)
    message = str(info.value)
    assert "was left half-written" in message and str(doc.resolve()) in message
    assert "okr-coach knowledge rebuild" in message and "knowledge add" in message
    open_kb(settings, check=False).add([doc], progress=False)  # adding the same document again repairs it
    open_kb(settings)  # no error now


def test_adding_another_document_keeps_the_torn_one_listed(settings, tmp_path):
    torn = tmp_path / "torn.md"
    torn.write_text("# Torn\n\n## Part\n\ntext\n", encoding="utf-8")
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    Journal(settings.data_dir / "knowledge").begin("add", [str(torn.resolve())])
    open_kb(settings, check=False).add([doc], progress=False)
    with pytest.raises(KnowledgeError, match="torn.md"):
        open_kb(settings)
    open_kb(settings, check=False).rebuild(progress=False)
    open_kb(settings)


_PRELUDE = """
import sys, time
from coach.config import load_settings
from coach.knowledge import KnowledgeBase
from coach.knowledge.embeddings import HashEmbedder
settings = load_settings({"data_dir": sys.argv[1]})
"""


def _run_script(body: str, *args: str) -> subprocess.Popen:
    """Run ``body`` (after the settings prelude) in a new Python process; argv[1] is the data dir."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    code = _PRELUDE + textwrap.dedent(body)
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_line(proc: subprocess.Popen, expected: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if expected in line:
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"process ended early: {proc.stderr.read()}")
    raise AssertionError(f"timed out waiting for {expected!r}")


def test_a_killed_ingest_is_detected_and_add_again_repairs_it(settings, tmp_path):
    docs = []
    for name in ("one.md", "two.md"):
        path = tmp_path / name
        path.write_text(PLAYBOOK.replace("Acme", name), encoding="utf-8")
        docs.append(path)
    writer = _run_script("""
        import chromadb.api.models.Collection as collection_module
        real_upsert = collection_module.Collection.upsert
        calls = []
        def upsert(self, *args, **kwargs):
            real_upsert(self, *args, **kwargs)
            calls.append(1)
            if len(calls) == 2:  # the second document is written, its old passages not yet deleted
                print("writing", flush=True)
                time.sleep(600)
        collection_module.Collection.upsert = upsert
        KnowledgeBase.open(settings, embedder=HashEmbedder()).add(sys.argv[2:], progress=False)
    """, str(settings.data_dir), *map(str, docs))
    try:
        _wait_for_line(writer, "writing")
    finally:
        writer.kill()
        writer.wait()
    with pytest.raises(KnowledgeError) as info:
        open_kb(settings)
    assert "left half-written" in str(info.value) and "two.md" in str(info.value)
    assert "one.md" not in str(info.value)  # the first document was finished
    report = open_kb(settings, check=False).add(docs, progress=False)
    assert [d.status for d in report.documents] == ["unchanged", "unchanged"]
    assert open_kb(settings).search("Monday blocker", k=1)


def test_one_writer_at_a_time_while_readers_keep_working(settings, tmp_path):
    open_kb(settings).ensure_builtin()
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    holder = _run_script("""
        class SlowEmbedder(HashEmbedder):
            def embed_documents(self, texts):
                print("embedding", flush=True)
                time.sleep(600)
        KnowledgeBase.open(settings, embedder=SlowEmbedder()).add([sys.argv[2]], progress=False)
    """, str(settings.data_dir), str(doc))
    try:
        _wait_for_line(holder, "embedding")
        reader = _run_script("""
            kb = KnowledgeBase.open(settings, embedder=HashEmbedder())
            kb.ensure_builtin()
            print(kb.search("confidence scale", k=1)[0].anchor)
        """, str(settings.data_dir))
        adder = _run_script("""
            from coach.errors import KnowledgeBusyError
            try:
                KnowledgeBase.open(settings, embedder=HashEmbedder()).add([sys.argv[2]], progress=False)
            except KnowledgeBusyError as exc:
                print("busy:", exc)
        """, str(settings.data_dir), str(doc))
        reader_out, reader_err = reader.communicate(timeout=120)
        adder_out, adder_err = adder.communicate(timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert reader.returncode == 0, reader_err
    assert reader_out.strip() == "check-ins.md#confidence-scales"
    expected = (f"busy: knowledge base at {settings.data_dir / 'knowledge'} is busy: another okr-coach "
                f"process (pid {holder.pid}) is adding documents; try again when it finishes")
    assert adder_out.strip() == expected, adder_err
    # the holder died: the lock went with it, and nothing was half-written (it never got to write)
    report = open_kb(settings).add([doc], progress=False)
    assert report.chunks_added == 2


def test_busy_error_in_process(settings, tmp_path):
    from coach.knowledge.locking import WriteLock

    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    with WriteLock(settings.data_dir / "knowledge", activity="rebuilding the knowledge base"):
        with pytest.raises(KnowledgeBusyError, match=rf"\(pid {os.getpid()}\) is rebuilding"):
            open_kb(settings).add([doc], progress=False)
        assert open_kb(settings).ensure_builtin() is None  # skipped, not failed, while busy
    assert open_kb(settings).add([doc], progress=False).chunks_added == 2


# --------------------------------------------------------------------------- Chroma server mode


@pytest.mark.parametrize(("url", "host", "port", "ssl"), [
    ("http://chroma.internal:9000", "chroma.internal", 9000, False),
    ("https://chroma.example.com", "chroma.example.com", 443, True),
    ("chroma.internal", "chroma.internal", 8000, False),
    ("http://10.0.0.5", "10.0.0.5", 8000, False),
])
def test_chroma_url_selects_the_http_client(tmp_path, url, host, port, ssl):
    spec = client_spec(load_settings({"data_dir": str(tmp_path), "chroma_url": url}, cwd=tmp_path))
    assert (spec.kind, spec.host, spec.port, spec.ssl) == ("http", host, port, ssl)


def test_no_chroma_url_means_the_embedded_store_in_the_data_dir(tmp_path):
    spec = client_spec(load_settings({"data_dir": str(tmp_path)}, cwd=tmp_path))
    assert (spec.kind, spec.path) == ("persistent", tmp_path / "knowledge")


def test_chroma_url_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OKR_COACH_CHROMA_URL", "http://search-box:8001")
    spec = client_spec(load_settings({"data_dir": str(tmp_path)}, cwd=tmp_path))
    assert (spec.host, spec.port) == ("search-box", 8001)


@pytest.mark.parametrize("url", ["ftp://chroma", "http://", "http://host:notaport"])
def test_bad_chroma_url_names_the_setting(tmp_path, url):
    with pytest.raises(ConfigError, match="chroma_url"):
        client_spec(load_settings({"data_dir": str(tmp_path), "chroma_url": url}, cwd=tmp_path))


def test_http_spec_builds_chromadb_http_client(tmp_path, monkeypatch):
    import chromadb

    calls = {}
    monkeypatch.setattr(chromadb, "HttpClient", lambda **kwargs: calls.update(kwargs) or "client")
    spec = client_spec(load_settings({"data_dir": str(tmp_path), "chroma_url": "https://kb.example:8443"},
                                     cwd=tmp_path))
    assert make_client(spec) == "client"
    assert (calls["host"], calls["port"], calls["ssl"]) == ("kb.example", 8443, True)
    assert calls["settings"].anonymized_telemetry is False


def test_unreachable_chroma_server_is_a_knowledge_error(tmp_path):
    spec = client_spec(load_settings({"data_dir": str(tmp_path), "chroma_url": "http://127.0.0.1:9"},
                                     cwd=tmp_path))
    with pytest.raises(KnowledgeError, match=r"cannot reach the Chroma server at http://127.0.0.1:9"):
        make_client(spec)


# --------------------------------------------------------------------------- OpenAI-compatible embeddings


class _EmbeddingsHandler(BaseHTTPRequestHandler):
    """``POST /v1/embeddings``: 8-dimension vectors hashed from the words; records each request."""

    requests: list[dict] = []
    fail = False

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if self.path != "/v1/embeddings" or type(self).fail:
            self._send(400, {"error": {"message": "model not found", "type": "invalid_request_error"}})
            return
        texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [{"object": "embedding", "index": i, "embedding": _vector(t)} for i, t in enumerate(texts)]
        self._send(200, {"object": "list", "data": data, "model": body["model"],
                         "usage": {"prompt_tokens": 1, "total_tokens": 1}})

    def _send(self, status, payload):
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        pass


def _vector(text: str) -> list[float]:
    vector = [0.0] * 8
    for word in text.lower().split():
        vector[hashlib.sha256(word.encode()).digest()[0] % 8] += 1.0
    return vector


@pytest.fixture
def embeddings_server():
    _EmbeddingsHandler.requests = []
    _EmbeddingsHandler.fail = False
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmbeddingsHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_openai_compatible_embeddings_endpoint(tmp_path, notes_dir, embeddings_server):
    settings = load_settings({"data_dir": str(tmp_path / "data"),
                              "embeddings": {"provider": "openai", "model": "test-embed",
                                             "base_url": embeddings_server, "api_key": "sk-test"}}, cwd=tmp_path)
    kb = KnowledgeBase.open(settings)
    kb.ensure_builtin()
    metadata = kb._collection().metadata
    assert (metadata["embedding_model"], metadata["embedding_dimension"]) == ("openai:test-embed", 8)
    assert kb.search("confidence scales", k=1)[0].anchor == "check-ins.md#confidence-scales"
    requests = _EmbeddingsHandler.requests
    assert requests and all(r["path"] == "/v1/embeddings" and r["body"]["model"] == "test-embed" for r in requests)
    assert requests[0]["auth"] == "Bearer sk-test"
    with pytest.raises(KnowledgeError, match=r"built with openai:test-embed \(8 dimensions\); you configured local:all-MiniLM-L6-v2"):
        KnowledgeBase.open(load_settings({"data_dir": str(tmp_path / "data")}, cwd=tmp_path))


def test_embeddings_endpoint_errors_name_the_endpoint(tmp_path, notes_dir, embeddings_server):
    _EmbeddingsHandler.fail = True
    settings = load_settings({"data_dir": str(tmp_path / "data"),
                              "embeddings": {"provider": "openai", "model": "nope",
                                             "base_url": embeddings_server}}, cwd=tmp_path)
    kb = KnowledgeBase.open(settings)
    with pytest.raises(KnowledgeError, match=rf"embeddings endpoint {embeddings_server} failed for model 'nope'"):
        kb.ensure_builtin()
    assert kb.journal.read() is None  # failed while embedding: nothing was half-written
    assert kb._collection(check_model=False) is None


def test_openai_provider_uses_the_llm_endpoint_and_a_default_model(tmp_path):
    from coach.knowledge.embeddings import OpenAIEmbedder, make_embedder

    settings = load_settings({"data_dir": str(tmp_path), "embeddings": {"provider": "openai"},
                              "llm": {"base_url": "http://127.0.0.1:11434/v1"}}, cwd=tmp_path)
    embedder = make_embedder(settings)
    assert isinstance(embedder, OpenAIEmbedder)
    assert (embedder.name, embedder.base_url) == ("openai:text-embedding-3-small", "http://127.0.0.1:11434/v1")


def test_unknown_local_model_is_a_config_error(tmp_path):
    settings = load_settings({"data_dir": str(tmp_path), "embeddings": {"model": "bge-large"}}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="embeddings.model = 'bge-large'"):
        KnowledgeBase.open(settings)


def test_an_unusable_data_dir_is_a_clear_error(tmp_path, notes_dir):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    settings = load_settings({"data_dir": str(blocker)}, cwd=tmp_path)
    with pytest.raises(KnowledgeError, match=f"cannot open the knowledge base at {blocker / 'knowledge'}"):
        open_kb(settings)
    with pytest.raises(KnowledgeError, match=f"cannot write to the knowledge base at {blocker / 'knowledge'}"):
        open_kb(settings, check=False).add([notes_dir / "check-ins.md"], progress=False)
