"""Lexical ranking (BM25) and reciprocal rank fusion with the dense ranking.

Dense embeddings find paraphrases ("to-do items as goals" ~ "outputs, not outcomes") but blur exact
terms (KPI, baseline, 0.7); BM25 does the opposite. Fusing the two rankings by reciprocal rank needs no
score calibration between them. BM25 here is the classic Okapi formula over a small in-memory inverted
index: a few thousand passages score in well under a millisecond per query term, so no dependency.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

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


def _canonical(word: str) -> str:
    # "scoring"->"scor" but "score"->"score": drop a final 'e' so both land on "scor"
    stemmed = stem(word)
    return stemmed[:-1] if len(stemmed) > 3 and stemmed.endswith("e") else stemmed


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop words dropped, lightly stemmed terms."""
    text = text.lower().replace("\u2019", "'")
    return [_canonical(w.replace("'", "")) for w in _WORD.findall(text) if w not in STOPWORDS]


class BM25:
    """Okapi BM25 over tokenised documents (``k1`` term saturation, ``b`` length normalisation)."""

    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.size = len(documents)
        self.lengths = [len(doc) for doc in documents]
        self.average = (sum(self.lengths) / self.size) if self.size else 0.0
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, doc in enumerate(documents):
            for term, count in Counter(doc).items():
                self.postings[term].append((index, count))

    def idf(self, term: str) -> float:
        frequency = len(self.postings.get(term, ()))
        return math.log(1 + (self.size - frequency + 0.5) / (frequency + 0.5))

    def scores(self, query: Iterable[str]) -> dict[int, float]:
        """Score of every document that shares at least one term with the query."""
        scores: dict[int, float] = defaultdict(float)
        for term in set(query):
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = self.idf(term)
            for index, count in postings:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[index] / (self.average or 1.0))
                scores[index] += idf * count * (self.k1 + 1) / (count + norm)
        return scores

    def top(self, query: Iterable[str], n: int) -> list[int]:
        """Indexes of the ``n`` best documents, best first (ties broken by index for determinism)."""
        scores = self.scores(query)
        return sorted(scores, key=lambda i: (-scores[i], i))[:n]


def reciprocal_rank_fusion(rankings: Sequence[tuple[Sequence[str], float]], *, k: int = 60) -> dict[str, float]:
    """Fuse ranked id lists: each list adds ``weight / (k + rank)`` to the ids it ranks (rank from 1)."""
    fused: dict[str, float] = defaultdict(float)
    for ranking, weight in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] += weight / (k + rank)
    return dict(fused)
