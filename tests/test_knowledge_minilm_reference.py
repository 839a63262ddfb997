"""The numpy MiniLM gives the vectors sentence-transformers gives, sentence by sentence.

The reference vectors (``tests/fixtures/minilm-reference.*``) were computed once with sentence-transformers
and torch by ``scripts/make_minilm_reference.py``; torch is not installed to run this test.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from coach.knowledge.embeddings import LocalEmbedder

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_reference_sentence_embeds_to_the_sentence_transformers_vector():
    meta = json.loads((FIXTURES / "minilm-reference.json").read_text("utf-8"))
    reference = np.load(FIXTURES / "minilm-reference.npy").astype(np.float32)
    sentences = meta["sentences"]
    assert len(sentences) == len(reference) >= 200
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    vectors = np.asarray(LocalEmbedder().embed_documents(sentences), dtype=np.float32)
    cosine = (vectors * reference).sum(axis=1)
    worst = int(np.argmin(cosine))
    assert cosine[worst] >= 0.999, f"sentence {worst} ({sentences[worst][:60]!r}): cosine {cosine[worst]:.5f}"
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_query_alone_embeds_as_it_does_in_a_padded_batch():
    """Padding must not leak into a text's vector: the same text, alone or beside a long one."""
    embedder = LocalEmbedder()
    short = "Raise activation from 20% to 30%"
    alone = np.asarray(embedder.embed_query(short))
    batch = np.asarray(embedder.embed_documents(["a much longer passage about check-ins " * 20, short])[1])
    assert float(alone @ batch) > 0.99999


def test_a_folder_without_the_model_files_is_refused_with_the_missing_names(tmp_path):
    from coach.errors import ConfigError

    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match="missing tokenizer.json, model.safetensors"):
        LocalEmbedder(str(tmp_path))
