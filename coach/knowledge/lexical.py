"""The lexical tokeniser and reciprocal rank fusion with the dense ranking.

Dense embeddings find paraphrases ("to-do items as goals" ~ "outputs, not outcomes") but blur exact
terms (KPI, baseline, 0.7); BM25 does the opposite. Fusing the two rankings by reciprocal rank needs no
score calibration between them. The BM25 index itself lives in SQLite FTS5 (:mod:`coach.knowledge.sections`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")

STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her
here hers him his how i if in into is it its itself just me more most my no nor not of off on once only or
other our ours out over own same she should so some such than that the their theirs them then there these
they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours let lets get gets got us also one s t
""".split())


def stem(word: str) -> str:
    """A light suffix stripper so 'objectives', 'objective' and 'scoring', 'scored', 'score' meet."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""),
                                ("ed", ""), ("ly", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + replacement
    return word


@lru_cache(maxsize=65536)
def _canonical(word: str) -> str:
    # "scoring"->"scor" but "score"->"score": drop a final 'e' so both land on "scor"
    stemmed = stem(word)
    return stemmed[:-1] if len(stemmed) > 3 and stemmed.endswith("e") else stemmed


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop words dropped, lightly stemmed terms."""
    text = text.lower().replace("\u2019", "'")
    return [_canonical(w.replace("'", "")) for w in _WORD.findall(text) if w not in STOPWORDS]


def reciprocal_rank_fusion(rankings: Sequence[tuple[Sequence[str], float]], *, k: int = 60) -> dict[str, float]:
    """Fuse ranked id lists: each list adds ``weight / (k + rank)`` to the ids it ranks (rank from 1)."""
    fused: dict[str, float] = defaultdict(float)
    for ranking, weight in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] += weight / (k + rank)
    return dict(fused)
