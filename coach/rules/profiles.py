"""Methodology profiles: the limits and word lists the rules use, as data.

A profile is a TOML file in ``coach/rules/profiles/`` (limits, plus optional extra words per list); the word
lists are text files in ``coach/rules/words/`` (one word or phrase per line, ``#`` comments). A team picks a
profile with ``profile = "focused"`` or ``--profile`` and adds words with ``[rules.extend]``::

    [rules.extend]
    activity_verbs = ["roll out", "spike"]

Files are read once per process (cached); nothing here touches the network or writes anything.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping, NamedTuple

from coach.errors import ConfigError

_PACKAGE = "coach.rules"


class Limits(NamedTuple):
    """How many objectives and key results a set should have."""

    max_objectives: int
    min_key_results: int
    max_key_results: int
    min_objectives: int | None = None  # advice only: no rule enforces a minimum number of objectives


@dataclass(frozen=True, eq=False)  # hashed by identity: loaded profiles are cached, one object per choice
class Profile:
    """A named methodology profile: limits plus the (extended) word lists."""

    name: str
    description: str
    limits: Limits
    words: Mapping[str, tuple[str, ...]] = field(repr=False)


@lru_cache(maxsize=2)
def _folder(name: str):
    """A packaged data folder (``words`` or ``profiles``), looked up once: each lookup costs a cold check."""
    return resources.files(_PACKAGE) / name


@lru_cache(maxsize=1)
def word_list_names() -> tuple[str, ...]:
    """Names of the packaged word lists (file names without ``.txt``), sorted."""
    return tuple(sorted(p.name[:-4] for p in _folder("words").iterdir() if p.name.endswith(".txt")))


@lru_cache(maxsize=None)
def read_word_list(name: str) -> tuple[str, ...]:
    """The words of one packaged list, lower-cased, in file order, without comments, blanks or repeats."""
    if name not in word_list_names():
        raise ConfigError(f"unknown word list {name!r}", hint=f"use one of: {', '.join(word_list_names())}")
    text = (_folder("words") / f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return tuple(dict.fromkeys(line for line in lines if line))


@lru_cache(maxsize=1)
def profile_names() -> tuple[str, ...]:
    return tuple(sorted(p.name[:-5] for p in _folder("profiles").iterdir() if p.name.endswith(".toml")))


@lru_cache(maxsize=None)
def _read_profile(name: str) -> dict:
    text = (_folder("profiles") / f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_profile(name: str = "default", extend: Mapping[str, list[str]] | None = None) -> Profile:
    """The profile ``name`` with its word lists extended by the profile's and the team's extra words.

    Raises :class:`ConfigError` naming the valid choices for an unknown profile or word-list name.
    """
    key = tuple(sorted((k, tuple(v)) for k, v in (extend or {}).items()))
    return _load_profile(name, key)


@lru_cache(maxsize=64)
def _load_profile(name: str, extend: tuple[tuple[str, tuple[str, ...]], ...]) -> Profile:
    if name not in profile_names():
        raise ConfigError(f"unknown profile {name!r}",
                          hint=f"use one of: {', '.join(profile_names())} (--profile or 'profile' in okr-coach.toml)")
    data = _read_profile(name)
    raw_limits = data.get("limits", {})
    try:
        limits = Limits(**raw_limits)
    except TypeError as exc:  # a packaged file we ship: a bug, but say where
        raise ConfigError(f"profiles/{name}.toml: bad [limits] ({exc})") from exc
    extra: dict[str, list[str]] = {}
    for source, mapping in ((f"profile {name!r} [words]", data.get("words", {})),
                            ("[rules.extend]", dict(extend))):
        for list_name, words in mapping.items():
            if list_name not in word_list_names():
                raise ConfigError(f"{source}: unknown word list {list_name!r}",
                                  hint=f"use one of: {', '.join(word_list_names())}")
            if isinstance(words, str) or not all(isinstance(w, str) for w in words):
                raise ConfigError(f"{source}: {list_name} must be a list of strings, e.g. {list_name} = [\"roll out\"]")
            extra.setdefault(list_name, []).extend(w.strip().lower() for w in words if w.strip())
    words = {n: tuple(dict.fromkeys(read_word_list(n) + tuple(extra.get(n, ())))) for n in word_list_names()}
    return Profile(name=name, description=data.get("description", ""), limits=limits,
                   words=MappingProxyType(words))
