"""A long-lived reader (the web app) sees what another process (the CLI) wrote (issue 13, item 14).

The writer runs in a second process, as ``okr-coach knowledge add`` does; the reader is a knowledge base
kept open in this process, as the server keeps it. States are awaited (a line the writer prints, the
journal naming a source), never slept for.
"""

from __future__ import annotations

from coach.knowledge.base import _generation
from tests.test_knowledge_store import PLAYBOOK, _run_script, _wait_for_line, notes_dir, open_kb, settings  # noqa: F401

QUERY = "Monday squad dashboards blocker per key result"


def _add_in_another_process(settings, path) -> None:  # noqa: F811
    writer = _run_script("""
        KnowledgeBase.open(settings, embedder=HashEmbedder()).add([sys.argv[2]], progress=False)
        print("added", flush=True)
    """, str(settings.data_dir), str(path))
    try:
        _wait_for_line(writer, "added")
    finally:
        writer.wait(timeout=120)


def test_a_running_reader_finds_passages_the_cli_added(settings, tmp_path):  # noqa: F811
    reader = open_kb(settings)
    reader.ensure_builtin()
    assert all("playbook" not in c.source for c in reader.search(QUERY, k=3))  # the index is loaded
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    _add_in_another_process(settings, doc)

    hits = reader.search(QUERY, k=3)
    assert hits[0].source == str(doc.resolve()), [c.source for c in hits]  # dense and lexical both find it
    collection = reader._collection()
    found = collection.query(query_embeddings=[reader.embedder.embed_query(QUERY)], n_results=1,
                             include=["metadatas"])
    assert found["metadatas"][0][0]["source"] == str(doc.resolve())  # the vector index itself was read again


def test_a_killed_add_still_moves_the_generation(settings, tmp_path):  # noqa: F811
    reader = open_kb(settings)
    reader.ensure_builtin()
    before = _generation(reader._collection())
    doc = tmp_path / "playbook.md"
    doc.write_text(PLAYBOOK, encoding="utf-8")
    writer = _run_script("""
        import chromadb.api.models.Collection as collection_module
        real_upsert = collection_module.Collection.upsert
        def upsert(self, *args, **kwargs):
            real_upsert(self, *args, **kwargs)
            print("writing", flush=True)
            time.sleep(600)  # killed here, in the middle of its write
        collection_module.Collection.upsert = upsert
        KnowledgeBase.open(settings, embedder=HashEmbedder()).add([sys.argv[2]], progress=False)
    """, str(settings.data_dir), str(doc))
    try:
        _wait_for_line(writer, "writing")
    finally:
        writer.kill()
        writer.wait()
    after = _generation(reader._collection())
    assert after != before, "a killed add left the counter as it was: readers would not reload"
    hits = reader.search(QUERY, k=3)  # the reader reads the store again and rebuilds its lexical index
    assert reader.lexical.state() == after
    assert hits[0].source == str(doc.resolve())
