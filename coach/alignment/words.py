"""The small readings the alignment rules share: metric words, near-identical text, profile limits."""

from __future__ import annotations

import re
from functools import lru_cache

#: Words that say nothing about which metric is meant.
_FILLER = frozenset("a an the of our to in on for by per from and or with at as its their team teams "
                    "number count rate share total average median mean level new all".split())
#: Default alignment limits; a profile's TOML may set ``[alignment] max_depth``.
DEFAULT_LIMITS = {"max_depth": 3}


def _words(text: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", (text or "").lower())


def metric_words(metric: str | None) -> tuple[str, ...]:
    """The words that name a metric, sorted: 'the average handle time' -> ('handle', 'time')."""
    return tuple(sorted({w for w in _words(metric) if w not in _FILLER and not w.isdigit()}))


def same_words(child: str, parent: str, threshold: float = 0.85) -> bool:
    """True when the child text is the parent's, give or take a few words."""
    a, b = _words(child), _words(parent)
    if not a or not b:
        return False
    if a == b:
        return True
    from difflib import SequenceMatcher  # linked sets only: a lone draft never compares

    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


@lru_cache(maxsize=16)
def _profile_limits(name: str) -> dict:
    from coach.rules.profiles import _read_profile

    try:
        table = _read_profile(name).get("alignment", {})
    except OSError:  # a profile built in code, with no file
        table = {}
    return {**DEFAULT_LIMITS, **{k: int(v) for k, v in table.items() if k in DEFAULT_LIMITS}}


def alignment_limits(profile) -> dict:
    """The profile's alignment limits (``max_depth``: levels of sets in one chain of parents)."""
    return _profile_limits(profile.name)
