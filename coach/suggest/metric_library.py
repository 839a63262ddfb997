"""The outcome-metric library: which metric follows from which work, read from ``outcome_metrics.toml``.

"Migrate the card vault to the new provider" is not asking for a sign-up conversion: the work is meant to
let card payments go through. The library lists outcome metrics by function (product, growth, sales,
support, engineering, people, finance, operations, marketing, security, data), each with the kinds of work
that move it (``moved_by``) and the objective words that point at it (``cues``). :func:`match` scores every
metric against the key result's own words (its object weighs most) and its objective, optionally adds the
similarity of MiniLM embeddings when the caller already has the model loaded (the critique's knowledge
base), and returns the best metrics with the words that matched. Below :data:`CONFIDENT` nothing is
confident and the writer asks the coaching question instead of guessing.

Pure and cheap without an embedder: ``okr-coach check`` never imports this module.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coach.errors import ConfigError

LIBRARY = Path(__file__).with_name("outcome_metrics.toml")
FUNCTIONS = ("product", "growth", "sales", "support", "engineering", "people", "finance", "operations",
             "marketing", "security", "data")
#: Lowest score a metric needs to be proposed: one specific work phrase in the key result, or a weak one
#: backed by the objective.
CONFIDENT = 3.0
#: Without a specific phrase in the key result, the objective must point at the metric this strongly (a
#: named deliverable under "Add richness to the web platform").
OBJECTIVE_CONFIDENT = 5.0
#: Weight per word of an objective cue ('reliability', 'developer productivity').
CUE_WEIGHT = 2.0
#: Single words that many kinds of work share: they count, but little.
_WEAK = frozenset("""ship launch release implement implementation deploy deployment migrate migration automate
automation track tracking review reviews design process flow tests test app feature features api apis report
reports content event events schedule cleanup index updated update tool tooling plan guide session sessions
network invite welcome lead senior intern value interface pipeline build builds collect collection close offer
offers scale""".split())
_STOP = frozenset("a an the of for to in on at by with and or our we us all every from into per".split())


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OutcomeMetric(_Model):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    function: Literal[FUNCTIONS]  # type: ignore[valid-type]
    family: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    metric: str = Field(min_length=5)
    direction: Literal["increase", "reduce"]
    unit: Literal["%", "days", "hours", "minutes", "seconds", "ms", "points", "number", "score", "amount"]
    moved_by: list[str] = Field(min_length=1)
    cues: list[str] = Field(default_factory=list)
    change: str = Field(min_length=5, description="What such work is meant to change ('<work> is meant to ...').")

    @field_validator("metric", "change")
    @classmethod
    def _no_numbers(cls, value: str) -> str:
        if re.search(r"\d", value):
            raise ValueError(f"{value!r} states a number; the library may not invent numbers")
        return value


class LibraryFile(_Model):
    metrics: list[OutcomeMetric] = Field(min_length=1)

    @field_validator("metrics")
    @classmethod
    def _unique(cls, metrics: list[OutcomeMetric]) -> list[OutcomeMetric]:
        ids = [m.id for m in metrics]
        clash = sorted({i for i in ids if ids.count(i) > 1})
        if clash:
            raise ValueError(f"metric id {clash[0]!r} is used twice")
        return metrics


@dataclass(frozen=True)
class Match:
    """A metric for a key result, how strongly it matched and the draft words that made it match."""

    metric: OutcomeMetric
    score: float
    evidence: tuple[str, ...]  # the phrases of the key result / objective that matched
    in_key_result: bool = False  # at least one phrase matched in the key result itself

    @property
    def confident(self) -> bool:
        """Strong enough, and grounded in the key result's own words: an objective alone says what the team
        wants, not what this particular piece of work changes."""
        return (self.score >= CONFIDENT and self.in_key_result) or self.score >= OBJECTIVE_CONFIDENT


def read_library(path: Path = LIBRARY) -> LibraryFile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return LibraryFile.model_validate(data)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})", hint="fix the syntax at the position shown") from exc
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{path}: {where}", hint="see the field list at the top of the file") from exc


@functools.lru_cache(maxsize=1)
def library() -> tuple[OutcomeMetric, ...]:
    return tuple(read_library().metrics)


# --------------------------------------------------------------------------- lexical matching


@functools.lru_cache(maxsize=16384)
def _base(word: str) -> str:
    """A word's noun singular or verb base ('bugs' -> 'bug', 'reviews' -> 'review'); the word otherwise."""
    from coach.reading.words import word_class

    wc = word_class(word)
    return wc.noun or wc.verb or word


def _tokens(text: str) -> tuple[str, ...]:
    words = re.findall(r"[a-z0-9]+(?:[-/'][a-z0-9]+)*", text.lower().replace("’", "'"))
    return tuple(_base(w) for w in words)


@functools.lru_cache(maxsize=4096)
def _phrase(phrase: str) -> tuple[str, ...]:
    return tuple(t for t in _tokens(phrase) if t not in _STOP) or _tokens(phrase)


def _hits(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n and phrase[0] not in words:  # most phrases share no word with the line: skip the slice scan
        return False
    return any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


def _weight(phrase: tuple[str, ...]) -> float:
    if len(phrase) == 1 and phrase[0] in _WEAK:
        return 1.0
    return 3.0 * len(phrase)


@functools.lru_cache(maxsize=1024)
def _lexical_scores(kr: tuple[str, ...], objective: tuple[str, ...]) -> tuple[tuple[float, tuple[str, ...], bool], ...]:
    """:func:`_lexical` for every library metric (the writer and the verifier match the same lines)."""
    return tuple((score, tuple(evidence), in_kr)
                 for score, evidence, in_kr in (_lexical(metric, kr, objective) for metric in library()))


def _lexical(metric: OutcomeMetric, kr: tuple[str, ...], objective: tuple[str, ...]) -> tuple[float, list[str], bool]:
    score, evidence, in_kr = 0.0, [], False
    seen: set[tuple[str, ...]] = set()
    for raw in metric.moved_by:
        phrase = _phrase(raw)
        if phrase in seen:
            continue
        seen.add(phrase)
        if _hits(kr, phrase):
            score += _weight(phrase)
            evidence.append(raw)
            in_kr = in_kr or _weight(phrase) > 1.0
        elif _hits(objective, phrase):
            score += 0.5 * _weight(phrase)
            evidence.append(raw)
    for raw in metric.cues:
        phrase = _phrase(raw)
        if phrase in seen:
            continue
        seen.add(phrase)
        if _hits(objective, phrase) or _hits(kr, phrase):
            score += CUE_WEIGHT * len(phrase)
            evidence.append(raw)
    return score, evidence, in_kr


# --------------------------------------------------------------------------- embeddings (optional)


_DOC_VECTORS: dict[str, object] = {}  # model name -> (metrics x dimension) unit rows, as a numpy array


def metric_document(metric: OutcomeMetric) -> str:
    return f"{metric.metric}. Work that moves it: {', '.join(metric.moved_by[:12])}. It shows whether we {metric.change}."


def _similarities(embedder, query: str) -> list[float]:
    """Cosine similarity of the query to every metric's description (descriptions embedded once per model)."""
    import numpy as np  # loaded with any embedding model already

    key = _model_key(embedder)
    docs = _DOC_VECTORS.get(key)
    if docs is None:
        rows = np.asarray(embedder.embed_documents([metric_document(m) for m in library()]), dtype=np.float64)
        docs = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-300)
        docs[np.linalg.norm(rows, axis=1) == 0] = 0.0
        _DOC_VECTORS[key] = docs
    vector = _QUERY_VECTORS.pop((key, query), None)
    if vector is None:
        vector = embedder.embed_query(query)
    vector = np.asarray(vector, dtype=np.float64)
    norm = float(np.linalg.norm(vector)) or 1.0
    return (docs @ (vector / norm)).tolist()  # one product instead of a Python loop per metric 


#: Query vectors embedded ahead by :func:`prefetch`, taken (and dropped) by the match that needs them.
_QUERY_VECTORS: dict[tuple[str, str], list[float]] = {}


def _model_key(embedder) -> str:
    return getattr(embedder, "name", type(embedder).__name__)


def _query(kr_text: str, objective_text: str) -> str:
    from coach.reading.annotations import core_text

    return f"{core_text(kr_text)}. Objective: {objective_text}"


def prefetch(embedder, lines: list[tuple[str, str]]) -> None:
    """Embed, in one batch, the queries :func:`match` will embed one by one for these (key result,
    objective) lines: only those with a lexical hit, as match itself does. A failure leaves match to try."""
    if embedder is None:
        return
    from coach.reading.annotations import core_text

    wanted = list(dict.fromkeys(
        _query(kr_text, objective_text) for kr_text, objective_text in lines
        if any(score > 0 for score, _, _ in _lexical_scores(_tokens(core_text(kr_text)), _tokens(objective_text)))))
    if len(wanted) < 2:
        return
    try:
        vectors = embedder.embed_documents(wanted)
    except Exception:  # noqa: BLE001 - embeddings only help; match embeds (or skips) on its own
        return
    key = _model_key(embedder)
    _QUERY_VECTORS.clear()  # only this batch's lines are about to be matched
    _QUERY_VECTORS.update(((key, q), v) for q, v in zip(wanted, vectors, strict=True))


#: How much embedding similarity adds: similarity above the floor, scaled (MiniLM cosines of related
#: sentences sit around 0.3-0.6).
EMBEDDING_FLOOR = 0.25
EMBEDDING_WEIGHT = 6.0


def match(kr_text: str, objective_text: str = "", *, embedder=None, limit: int = 3) -> list[Match]:
    """The best metrics for a key result in its objective, best first (ties: library order).

    The key result's words count fully, the objective's half (a work phrase) or as cues; an ``embedder``
    (anything with ``embed_query``/``embed_documents``) adds semantic similarity on top, and is only
    passed by callers that already hold a loaded model.
    """
    from coach.reading.annotations import core_text

    lexical = _lexical_scores(_tokens(core_text(kr_text)), _tokens(objective_text))
    scored = []
    sims = None
    if embedder is not None and any(score > 0 for score, _, _ in lexical):  # similarity only adds to a hit
        try:
            sims = _similarities(embedder, _query(kr_text, objective_text))
        except Exception:  # noqa: BLE001 - embeddings only help; the lexical match stands on its own
            sims = None
    for i, (metric, (score, evidence, in_kr)) in enumerate(zip(library(), lexical, strict=True)):
        if sims is not None and score > 0:
            score += EMBEDDING_WEIGHT * max(0.0, sims[i] - EMBEDDING_FLOOR)
        if score > 0:
            scored.append((score, -i, Match(metric, round(score, 3), tuple(evidence), in_kr)))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    out: list[Match] = []
    families: set[str] = set()
    for _, _, m in scored:  # one metric per family: alternatives should differ
        if m.metric.family in families:
            continue
        families.add(m.metric.family)
        out.append(m)
        if len(out) == limit:
            break
    return out


def nearest_family(text: str) -> str | None:
    """The family whose metrics' words (phrase, the work that moves them, objective cues) a rewrite someone
    else wrote shares most, or None when it shares none: 'Raise CSAT ...' -> 'satisfaction'."""
    words = {t for t in _tokens(text) if t not in _STOP and t not in _WEAK and len(t) > 2}
    best, best_score = None, 0
    for metric in library():
        theirs = set(_tokens(metric.metric))
        for phrase in (*metric.moved_by, *metric.cues):
            theirs.update(_phrase(phrase))
        score = len(words & theirs)
        if score > best_score:
            best, best_score = metric, score
    return best.family if best is not None else None


def by_id(metric_id: str) -> OutcomeMetric:
    for metric in library():
        if metric.id == metric_id:
            return metric
    raise KeyError(metric_id)
