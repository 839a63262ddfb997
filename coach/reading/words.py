"""Word classes and base forms of English words, from the shipped LemmInflect extract.

``word_class("shipped")`` -> ``WordClass(classes="V", verb="ship", noun=None)``. The table is read once, on
first use, as one sorted list of lines searched by bisection: no per-word dictionary is built, so the
first lookup costs a few milliseconds. Words the lexicon does not know (product names, "roadmap",
"kubernetes") have no class: callers treat them as nouns.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("word_classes.txt")


@dataclass(frozen=True)
class WordClass:
    classes: str  # letters: V verb, N noun, A adjective, R adverb, X auxiliary ('' when unknown)
    verb: str | None  # the verb's base form, when the word can be a verb
    noun: str | None  # the noun's singular, when the word can be a noun

    @property
    def known(self) -> bool:
        return bool(self.classes)

    def can_be(self, letter: str) -> bool:
        return letter in self.classes


UNKNOWN = WordClass("", None, None)


@lru_cache(maxsize=1)
def _lines() -> list[str]:
    text = TABLE.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=8192)
def word_class(word: str) -> WordClass:
    """The classes and base forms of a lower-case word (UNKNOWN for words the lexicon lacks)."""
    if not word:
        return UNKNOWN
    lines = _lines()
    key = word + "\t"
    at = bisect.bisect_left(lines, key)
    if at >= len(lines) or not lines[at].startswith(key):
        return UNKNOWN
    _, classes, verb, noun = lines[at].split("\t")
    return WordClass(classes, (verb or word) if "V" in classes else None, (noun or word) if "N" in classes else None)
