"""The knowledge base: methodology notes and team playbooks, retrieved with cited anchors.

    kb = KnowledgeBase.open(settings)      # cheap: chromadb and the model load on first use
    kb.ensure_builtin()                    # index knowledge/ on first use, re-index changed notes
    kb.search("how many key results?", k=5)  # -> [Citation(anchor="key-results.md#how-many-key-results", ...)]
    kb.add(["playbook.md", "docs/"])       # -> IngestReport
    kb.passage("key-results.md#baseline-and-target")  # -> the whole section

Modules: :mod:`~coach.knowledge.loaders` (files -> text), :mod:`~coach.knowledge.chunking` (text ->
passages with anchors), :mod:`~coach.knowledge.embeddings` (passages -> vectors),
:mod:`~coach.knowledge.lexical` (BM25 and rank fusion), :mod:`~coach.knowledge.store` (which Chroma),
:mod:`~coach.knowledge.locking` (one writer, torn-write journal), :mod:`~coach.knowledge.base` (the API).
See docs/knowledge-base.md.
"""

from coach.knowledge.anchors import slugify
from coach.knowledge.base import KnowledgeBase, Ranking
from coach.knowledge.locate import find_knowledge_dir
from coach.knowledge.types import DocumentResult, IngestReport, Skipped, SourceInfo

__all__ = ["DocumentResult", "IngestReport", "KnowledgeBase", "Ranking", "Skipped", "SourceInfo",
           "find_knowledge_dir", "slugify"]
