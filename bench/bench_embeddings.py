"""Embedding throughput: okr-coach's numpy MiniLM beside sentence-transformers + torch, same texts, one run.

    uv run python bench/bench_embeddings.py [--passages 500] [--queries 200] [--rounds 3]

The torch side runs only where sentence-transformers is importable; it is not a dependency of
okr-coach. To compare, add it for this one command (on Linux, a CPU build of torch: PyPI's Linux
wheel is the CUDA one):

    uv run --with sentence-transformers --with torch python bench/bench_embeddings.py

Texts: the passages the knowledge base embeds for the built-in notes plus generated playbooks (heading
path + text, as ingestion embeds them), and the retrieval eval's questions as queries. Each round times,
for each engine in turn (so both see the same machine load):

* ingestion: all passages in batches of 32 -> passages per second;
* queries: one question at a time -> median milliseconds per query.

Also reports the cosine between the two engines' vectors (min and mean). Prints medians over the
rounds and writes ``bench/results/embeddings-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_retrieval import generate_playbooks, queries  # noqa: E402


def passages(count: int) -> list[str]:
    from coach.knowledge.chunking import chunk_document
    from coach.knowledge.loaders import load_document

    texts = []
    with tempfile.TemporaryDirectory(prefix="okr-bench-embed-") as tmp:
        files = sorted((ROOT / "knowledge").glob("*.md")) + generate_playbooks(Path(tmp), count)
        for path in files:
            texts += [chunk.embed_text for chunk in chunk_document(load_document(path), path.name)]
    return texts


class NumpyEngine:
    name = "numpy (okr-coach)"

    def __init__(self) -> None:
        from coach.knowledge.embeddings import LocalEmbedder

        self.embedder = LocalEmbedder()
        self.embedder.embed_query("warm up")

    def documents(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.embedder.embed_documents(texts), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self.embedder.embed_query(text), dtype=np.float32)


class TorchEngine:
    name = "sentence-transformers + torch"

    def __init__(self) -> None:
        import sentence_transformers
        import torch
        from sentence_transformers import SentenceTransformer

        from coach.knowledge.minilm import shipped_model_dir

        self.versions = {"sentence_transformers": sentence_transformers.__version__, "torch": torch.__version__,
                         "torch_threads": torch.get_num_threads()}
        self.model = SentenceTransformer(str(shipped_model_dir()), device="cpu", local_files_only=True)
        self.query("warm up")

    def documents(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False,
                                 convert_to_numpy=True)

    def query(self, text: str) -> np.ndarray:
        return self.documents([text])[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=500, help="generated passages on top of the notes")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    texts, questions = passages(args.passages), queries(args.queries)

    engines = [NumpyEngine()]
    try:
        engines.append(TorchEngine())
    except ImportError:
        print("sentence-transformers/torch not installed: numpy only (see the docstring to compare)")
    ingest: dict[str, list[float]] = {e.name: [] for e in engines}
    query_ms: dict[str, list[float]] = {e.name: [] for e in engines}
    vectors: dict[str, np.ndarray] = {}
    for round_ in range(args.rounds):
        for engine in engines:
            start = time.perf_counter()
            vectors[engine.name] = engine.documents(texts)
            ingest[engine.name].append(len(texts) / (time.perf_counter() - start))
            samples = []
            for question in questions:
                start = time.perf_counter()
                engine.query(question)
                samples.append((time.perf_counter() - start) * 1000)
            query_ms[engine.name].append(statistics.median(samples))
            print(f"round {round_ + 1} {engine.name}: {ingest[engine.name][-1]:.1f} passages/s, "
                  f"query median {query_ms[engine.name][-1]:.2f} ms")

    result = {"benchmark": "embeddings", "passages": len(texts), "queries": len(questions), "rounds": args.rounds,
              "engines": {}, "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                         "platform": platform.platform(), "load_average": os.getloadavg()}}
    for engine in engines:
        result["engines"][engine.name] = {
            "median_passages_per_s": round(statistics.median(ingest[engine.name]), 1),
            "median_query_ms": round(statistics.median(query_ms[engine.name]), 2),
            "passages_per_s": [round(r, 1) for r in ingest[engine.name]],
            "query_ms": [round(r, 2) for r in query_ms[engine.name]],
            **getattr(engine, "versions", {}),
        }
        print(f"{engine.name:32s} ingestion median {result['engines'][engine.name]['median_passages_per_s']:7.1f} "
              f"passages/s   query median {result['engines'][engine.name]['median_query_ms']:6.2f} ms")
    if len(engines) == 2:
        a, b = (vectors[e.name] for e in engines)
        cosine = (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
        result["cosine_min"], result["cosine_mean"] = round(float(cosine.min()), 6), round(float(cosine.mean()), 6)
        numpy_, torch_ = (result["engines"][e.name] for e in engines)
        result["ingestion_ratio_numpy_over_torch"] = round(numpy_["median_passages_per_s"]
                                                           / torch_["median_passages_per_s"], 2)
        result["query_ratio_torch_over_numpy"] = round(torch_["median_query_ms"] / numpy_["median_query_ms"], 2)
        print(f"cosine numpy vs torch over {len(texts)} passages: min {result['cosine_min']}, mean "
              f"{result['cosine_mean']}; ingestion x{result['ingestion_ratio_numpy_over_torch']}, "
              f"query x{result['query_ratio_torch_over_numpy']} (above 1: numpy faster)")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    out = results / f"embeddings-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
