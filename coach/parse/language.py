"""Is a draft written in English? The checker's word lists and judgements only hold for English text.

The test is the share of words that English knows: a word counts when the reading layer's word-class
table (:func:`coach.reading.words.word_class`) lists it or it is an English function word
(``function_words.txt``: articles, prepositions, pronouns, which that table leaves out). English drafts
score well above :data:`MIN_ENGLISH_SHARE` even with product names and jargon; drafts in German, French,
Spanish, Italian, Dutch or Portuguese score far below it. Short drafts (under :data:`MIN_WORDS` words)
give too little evidence and are read as English.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from coach import regex_cache
from coach.model import OkrSet

#: The notice a report carries instead of findings when the draft is not in English.
NOT_ENGLISH_NOTICE = "okr-coach reads English drafts; findings are not shown for this text"
MIN_ENGLISH_SHARE = 0.4
MIN_WORDS = 8
_WORD_RE = regex_cache.compile(r"[^\W\d_]{2,}(?:['’][^\W\d_]+)*")
#: _WORD_RE on ASCII text, where a letter that is not a digit or '_' is A-Z or a-z (and ’ cannot occur).
_ASCII_WORD_RE = regex_cache.compile(r"[A-Za-z]{2,}(?:'[A-Za-z]+)*")
_CJK_RE = regex_cache.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_FUNCTION_WORDS = Path(__file__).with_name("function_words.txt")


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    lines = _FUNCTION_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def english_tally(texts: list[str]) -> tuple[int, int]:
    """(words English knows, words) over ``texts``: counts, so the tally of a set is the sum over its lines."""
    words, cjk = _words_of(texts)
    return sum(map(_is_english_word(), words)), len(words) + cjk


def _words_of(texts: list[str]) -> tuple[list[str], int]:
    """The lower-cased words of ``texts``, and how many CJK characters they hold."""
    # Chinese and Japanese are written without spaces, so each of their characters counts as one word:
    # otherwise one CJK sentence would weigh as much as a single English word beside it.
    cjk, words = 0, []
    for text in texts:
        if text.isascii():  # no CJK, and _WORD_RE's letters are A-Z and a-z: the same words, found faster
            words.extend(_ASCII_WORD_RE.findall(text.lower()))
        else:
            cjk += len(_CJK_RE.findall(text))
            words.extend(word.lower().replace("’", "'") for word in _WORD_RE.findall(_CJK_RE.sub(" ", text)))
    return words, cjk


def _is_english_word():
    """A test of one lower-case word: an English function word, or one the word-class table lists."""
    from coach.reading.words import word_class

    function_words = _function_words()
    return lambda word: word in function_words or word_class(word).known


def english_share(texts: list[str]) -> tuple[float, int]:
    """(share of words English knows, number of words) over ``texts``."""
    known, words = english_tally(texts)
    return (known / words if words else 1.0), words


def tally_reads_as_english(known: int, words: int) -> bool:
    """The verdict of :func:`reads_as_english` from a tally."""
    return words < MIN_WORDS or known / words >= MIN_ENGLISH_SHARE


def set_texts(okr_set: OkrSet) -> list[str]:
    """The texts whose words decide the language: objectives, then key results."""
    return [o.text for o in okr_set.objectives] + [kr.text for _, kr in okr_set.iter_key_results()]


def reads_as_english(okr_set: OkrSet) -> bool:
    """False when the objectives and key results are, by their words, in another language.

    :func:`tally_reads_as_english` of the set's tally, counted only as far as the verdict needs: the share of
    known words can only grow as more are counted, so once it reaches :data:`MIN_ENGLISH_SHARE` of all the
    words the draft reads as English (most drafts: the rest of their words are not looked up).
    """
    words, cjk = _words_of(set_texts(okr_set))
    total = len(words) + cjk
    if total < MIN_WORDS:
        return True
    known = 0
    for is_known in map(_is_english_word(), words):
        known += is_known
        if known / total >= MIN_ENGLISH_SHARE:
            return True
    return tally_reads_as_english(known, total)
