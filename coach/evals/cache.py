"""The eval response cache, and the LLM wrapper that uses it and records usage.

A second run of an unchanged eval makes zero model requests: every structured answer is stored in sqlite
(``<data_dir>/evals/cache.sqlite``) under a key made of the model, the endpoint, the prompt's content hash,
the variables, the output schema and the generation parameters (temperature, sample number). Change any
of them (a prompt edit changes its hash) and the key changes. Errors are never stored, so a timeout is
retried on the next run. ``--no-cache`` bypasses the cache for reads and writes.

:class:`CachingLLM` has the ``generate(prompt, variables, schema)`` shape of ``coach.llm.StructuredLLM``, so
the services under test (critique, check-in writers, the judge) take it wherever they take an LLM. It also
swaps in a pinned prompt version (``--prompt rewrite_key_results@2``) and records tokens, latency and
cache hits per case through :func:`track`.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.errors import CoachError

CACHE_FORMAT = 1


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def cache_key(*, model: str, endpoint: str | None, prompt_hash: str, variables: dict[str, Any],
              schema: str, params: dict[str, Any]) -> str:
    """The sha256 of everything that can change an answer."""
    material = {"format": CACHE_FORMAT, "model": model, "endpoint": endpoint or "", "prompt": prompt_hash,
                "variables": variables, "schema": schema, "params": params}
    return hashlib.sha256(_canonical(material).encode("utf-8")).hexdigest()


class ResponseCache:
    """A small thread-safe sqlite key/value store of successful structured answers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, payload TEXT NOT NULL, "
                             "created REAL NOT NULL)")
            self._db.commit()
        except sqlite3.Error as exc:
            raise CoachError(f"eval cache {path}: cannot be opened ({exc})",
                             hint="delete the file to start a fresh cache, or run with --no-cache") from exc
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self._lock:
            row = self._db.execute("SELECT payload FROM responses WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return json.loads(row[0])
        except json.JSONDecodeError:
            return None  # a damaged row is a miss; the next success overwrites it

    def put(self, key: str, payload: dict) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO responses (key, payload, created) VALUES (?, ?, ?)",
                             (key, _canonical(payload), time.time()))
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()


# --------------------------------------------------------------------------- usage tracking


@dataclass
class Usage:
    """What one case (or a whole run) cost in model calls."""

    requests: int = 0  # calls that reached the model
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0  # summed over calls that reached the model
    errors: int = 0
    prompts: dict[str, str] = field(default_factory=dict)  # "name@version" -> content hash

    def add(self, other: Usage) -> None:
        self.requests += other.requests
        self.cache_hits += other.cache_hits
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.latency_s += other.latency_s
        self.errors += other.errors
        self.prompts.update(other.prompts)

    @property
    def calls(self) -> int:
        return self.requests + self.cache_hits

    def as_dict(self) -> dict:
        return {"requests": self.requests, "cache_hits": self.cache_hits, "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens, "latency_s": round(self.latency_s, 4),
                "errors": self.errors}


_current: contextvars.ContextVar[Usage | None] = contextvars.ContextVar("eval_usage", default=None)


@contextlib.contextmanager
def track() -> Iterator[Usage]:
    """Collect the usage of every :class:`CachingLLM` call made inside the block (in this thread)."""
    usage = Usage()
    token = _current.set(usage)
    try:
        yield usage
    finally:
        _current.reset(token)


def _record(update) -> None:
    usage = _current.get()
    if usage is not None:
        update(usage)


# --------------------------------------------------------------------------- the wrapper


@dataclass
class CachedResult:
    """The ``LLMResult`` shape, rebuilt from the cache (or passed through from a real call)."""

    output: Any
    usage: Any
    latency_s: float
    model: str
    attempts: int = 0
    cached: bool = False


@dataclass
class _TokenUsage:
    prompt_tokens: int = 0
    completion_tokens: int = 0


class CachingLLM:
    """``generate(prompt, variables, schema)`` with the eval cache, prompt pins and usage tracking."""

    def __init__(self, inner, cache: ResponseCache | None, *, pins: dict[str, str] | None = None,
                 sample: int = 0) -> None:
        self.inner = inner
        self.cache = cache
        self.pins = dict(pins or {})
        self.sample = sample
        self.model_name = _attr(inner, "model_name", "model") or "unknown"
        self.endpoint = _attr(inner, "endpoint", "base_url")

    def with_sample(self, sample: int) -> CachingLLM:
        """The same wrapper for repeat number ``sample``: repeats are separate cache entries."""
        return CachingLLM(self.inner, self.cache, pins=self.pins, sample=sample)

    def resolve(self, prompt):
        """The pinned version of ``prompt`` when the run pins one (``--prompt name@version``)."""
        pin = self.pins.get(getattr(prompt, "name", ""))
        if pin is None:
            return prompt
        from coach.llm import load_prompt

        return load_prompt(pin)

    def generate(self, prompt, variables: dict[str, Any], schema=None, **kwargs):
        prompt = self.resolve(prompt)
        prompt_id = f"{getattr(prompt, 'name', '?')}@{getattr(prompt, 'version', '?')}"
        prompt_hash = str(getattr(prompt, "content_hash", "") or _canonical(getattr(prompt, "template", prompt_id)))
        _record(lambda u: u.prompts.__setitem__(prompt_id, prompt_hash))
        schema_name = f"{schema.__module__}.{schema.__qualname__}" if schema is not None else ""
        params = {"temperature": getattr(prompt, "temperature", None), "sample": self.sample,
                  **{k: v for k, v in kwargs.items() if isinstance(v, (str, int, float, bool, type(None)))}}
        key = cache_key(model=self.model_name, endpoint=self.endpoint, prompt_hash=prompt_hash,
                        variables=variables, schema=schema_name, params=params)
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None and schema is not None:
                try:
                    output = schema.model_validate(hit["output"])
                except Exception:  # noqa: BLE001 - a schema change makes an old entry a miss
                    output = None
                if output is not None:
                    _record(lambda u: setattr(u, "cache_hits", u.cache_hits + 1))
                    usage = _TokenUsage(**hit.get("usage", {}))
                    return CachedResult(output=output, usage=usage, latency_s=0.0, model=hit.get("model", ""),
                                        cached=True)
        started = time.perf_counter()
        try:
            result = self.inner.generate(prompt, variables, schema=schema, **kwargs)
        except Exception:
            elapsed = time.perf_counter() - started
            _record(lambda u: _count_error(u, elapsed))
            raise
        elapsed = time.perf_counter() - started
        tokens = getattr(result, "usage", None)
        prompt_tokens = int(getattr(tokens, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(tokens, "completion_tokens", 0) or 0)

        def count(u: Usage) -> None:
            u.requests += max(1, int(getattr(result, "attempts", 1) or 1))
            u.prompt_tokens += prompt_tokens
            u.completion_tokens += completion_tokens
            u.latency_s += elapsed

        _record(count)
        if self.cache is not None and schema is not None:
            output = result.output
            dumped = output.model_dump(mode="json") if hasattr(output, "model_dump") else output
            self.cache.put(key, {"output": dumped, "model": getattr(result, "model", self.model_name),
                                 "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens}})
        return result


def _count_error(usage: Usage, elapsed: float) -> None:
    usage.errors += 1
    usage.requests += 1
    usage.latency_s += elapsed


def _attr(obj, *names: str) -> str | None:
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value
    return None
