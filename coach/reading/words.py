"""Word classes and base forms of English words, from the shipped LemmInflect extract.

``word_class("shipped")`` -> ``WordClass(classes="V", verb="ship", noun=None)``. The table is read once, on
first use, as one string of sorted lines with a line sampled every few kilobytes: a lookup bisects the
samples, then finds the word's line in the few kilobytes between two of them. No per-word dictionary and
no list of 64,000 lines is built, so the first lookup costs about a millisecond, the time to read the file. Words the lexicon does not know (product names, "roadmap",
"kubernetes") have no class: callers treat them as nouns.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

TABLE = Path(__file__).with_name("word_classes.txt")


class WordClass(NamedTuple):
    classes: str  # letters: V verb, N noun, A adjective, R adverb, X auxiliary ('' when unknown)
    verb: str | None  # the verb's base form, when the word can be a verb
    noun: str | None  # the noun's singular, when the word can be a noun

    @property
    def known(self) -> bool:
        return bool(self.classes)

    def can_be(self, letter: str) -> bool:
        return letter in self.classes


UNKNOWN = WordClass("", None, None)


#: Characters between the lines :func:`_table` samples; a lookup scans at most about this much text.
_STEP = 2048


@lru_cache(maxsize=1)
def _table() -> tuple[str, list[int], list[str]]:
    """The entries as one string (each line after a newline), and every ~``_STEP`` characters a line's start
    offset and text: a lookup bisects the sampled lines, then finds the word's line between two of them."""
    # Bytes decoded in one call: read_text's newline translation costs a cold check about a millisecond on
    # this 1 MB file. A checkout that turned the line ends into "\r\n" is mended by one scan in C.
    text = TABLE.read_bytes().decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    at = 0
    while text.startswith("#", at):  # the comment lines at the top; each entry then follows a newline
        at = text.index("\n", at) + 1
    if at == 0:
        text = "\n" + text
        at = 1
    offsets, heads = [], []
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        offsets.append(at)
        heads.append(text[at:end])
        next_at = text.find("\n", at + _STEP)
        at = len(text) if next_at < 0 else next_at + 1
    return text, offsets, heads


@lru_cache(maxsize=8192)
def word_class(word: str) -> WordClass:
    """The classes and base forms of a lower-case word (UNKNOWN for words the lexicon lacks)."""
    if not word:
        return UNKNOWN
    key = word + "\t"
    text, offsets, heads = _table()
    at = bisect.bisect_left(heads, key)  # the word's line, if any, lies after sample at-1, up to sample at
    begin = offsets[at - 1] - 1 if at else offsets[0] - 1
    end = offsets[at] + len(key) if at < len(offsets) else len(text)
    found = text.find("\n" + key, begin, end)  # entries are sorted and unique: at most one line starts so
    if found < 0:
        return UNKNOWN
    line_end = text.find("\n", found + 1)
    _, classes, verb, noun = text[found + 1:line_end if line_end >= 0 else len(text)].split("\t")
    return WordClass(classes, (verb or word) if "V" in classes else None, (noun or word) if "N" in classes else None)
