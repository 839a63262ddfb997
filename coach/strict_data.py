"""Strict JSON and YAML reading for files users hand us (drafts, check-ins, eval datasets).

Two things the standard loaders get wrong for us:

* a key repeated in one mapping silently keeps the last value, which hides a typo or a paste mistake;
  here it raises :class:`DuplicateKey` with the key and, for YAML, its line;
* libyaml's C loader recurses without a limit, so a deeply nested document can crash the process;
  :class:`StrictYamlLoader` is the pure-Python loader, which raises ``RecursionError`` instead.
"""

from __future__ import annotations

import json
from typing import Any


class DuplicateKey(ValueError):
    """A key appears twice in one mapping (``line`` is 1-based, None when unknown)."""

    def __init__(self, key: object, line: int | None = None) -> None:
        self.key, self.line = str(key)[:40], line
        super().__init__(self.key)


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads`` ``object_pairs_hook``: a repeated key is an error, not a silent overwrite."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


def expanded_size(value: Any, limit: int) -> int:
    """Characters ``value`` holds once every YAML alias is written out, counting stops just past ``limit``.

    A YAML alias is a shared reference, so a 15 KB file can stand for gigabytes once something copies it
    (a store, an export). Shared parts are sized once and counted each time they are referenced, so this
    is linear in the *distinct* objects even for nested "billion laughs" aliases.
    """
    sizes: dict[int, int] = {}

    def size(item: Any) -> int:
        if isinstance(item, dict | list):
            key = id(item)
            if key not in sizes:
                total = 2
                children = (x for pair in item.items() for x in pair) if isinstance(item, dict) else item
                for child in children:
                    total += size(child) + 1
                    if total > limit:
                        break
                sizes[key] = total
            return sizes[key]
        return len(str(item)) if item is not None else 4

    return min(size(value), limit + 1)


def load_json(text: str) -> Any:
    """``json.loads`` that refuses repeated keys (raises ``json.JSONDecodeError``, :class:`DuplicateKey`,
    ``RecursionError``)."""
    return json.loads(text, object_pairs_hook=unique_keys)


def strict_yaml_loader(text: str) -> Any:
    """A safe, pure-Python YAML loader over ``text`` that refuses repeated keys (call ``dispose()`` after)."""
    import yaml  # lazily: only YAML input needs it

    return _loader_class(yaml)(text)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` that refuses repeated keys and fails cleanly on deep nesting."""
    loader = strict_yaml_loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


_LOADER: Any = None


def _loader_class(yaml: Any) -> Any:
    global _LOADER
    if _LOADER is None:

        class StrictYamlLoader(yaml.SafeLoader):
            def construct_mapping(self, node, deep=False):
                seen: set[object] = set()
                for key_node, _ in node.value:
                    key = self.construct_object(key_node, deep=True)
                    if isinstance(key, str | int | float | bool):
                        if key in seen:
                            raise DuplicateKey(key, key_node.start_mark.line + 1)
                        seen.add(key)
                return super().construct_mapping(node, deep=deep)

        _LOADER = StrictYamlLoader
    return _LOADER
