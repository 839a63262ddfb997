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
import math
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
    at_lead: bool = False  # a phrase matched the line's first word ('Hire ...') or the objective repeats it
    in_objective: bool = False  # at least one phrase (work phrase or cue) matched in the objective
    key_result_cue: bool = False  # an objective cue of the metric stands in the key result itself
    key_result_word: bool = False  # any phrase matched in the key result, a weak single word included
    measured: bool = False  # a phrase of the key result names what its measuring noun measures

    @property
    def confident(self) -> bool:
        """Strong enough to propose: one specific work phrase in the key result, an objective that points
        at the metric strongly, or one that names the outcome (:attr:`objective_named`). Whether the writer
        should still ask is :attr:`sure`."""
        return self.strong or self.objective_named

    @property
    def strong(self) -> bool:
        """A specific work phrase of the key result, or an objective that points at the metric strongly."""
        return (self.score >= CONFIDENT and self.in_key_result) or self.score >= OBJECTIVE_CONFIDENT

    @property
    def objective_named(self) -> bool:
        """No specific work phrase of the key result backs the metric, but its objective names the outcome:
        in a phrase of two words or more ('Code Health', 'the targeted volunteer user experience'), or in a
        word the line's own words agree with ('Throw one co-branded event' under an objective about a
        community). Two single words of the objective alone ('team', 'headcount') are not enough. Never
        :attr:`sure`: the objective says what the team wants, not what this piece of work changes, so the
        writer offers it as a guess beside the coaching question."""
        if self.in_key_result or not self.in_objective or self.score < CONFIDENT:
            return False
        phrases = [_phrase(e) for e in self.evidence]
        return any(len(p) >= 2 for p in phrases) or (self.key_result_word and len(set(phrases)) >= 2)

    @property
    def objective_guess(self) -> bool:
        """Confident only because the objective names the outcome: ranked after every match the key
        result's own words back, and dropped when those words point at another function."""
        return self.objective_named and not self.strong

    @property
    def from_key_result(self) -> bool:
        """The key result's own words point at the metric: a specific work phrase or one of its cues."""
        return self.in_key_result or self.key_result_cue

    @property
    def corroborated(self) -> bool:
        """More than one word stands behind the match: a phrase of two words or more, or two phrases that
        agree, the line's first word (the work named by its own verb: 'Hire 3 account executives'), a
        word the objective repeats, or the thing a measuring noun of the line measures ('the performance
        measurement': the line says twice that performance is what it is about). A single word elsewhere, however specific, can mean something else in
        this draft ('examples', 'hub')."""
        phrases = [_phrase(e) for e in self.evidence]
        return self.at_lead or self.measured or len(set(phrases)) >= 2 or any(len(p) >= 2 for p in phrases)

    @property
    def sure(self) -> bool:
        """Confident, grounded in the key result's own words and corroborated: the writer proposes the metric
        without asking. An objective alone says what the team wants, not what this piece of work changes, so
        a match found only there is a guess the writer offers together with the coaching question."""
        return self.confident and self.in_key_result and self.corroborated


#: A team file may hold at most this many bytes (a metric library, not a data dump).
MAX_TEAM_FILE_BYTES = 1_000_000
_HINT = "see the field list at the top of coach/suggest/outcome_metrics.toml and docs/critique.md"


def read_library(path: Path = LIBRARY) -> LibraryFile:
    """One library file, validated; a bad value is reported with the file, the line and the field."""
    try:
        if path.stat().st_size > MAX_TEAM_FILE_BYTES:
            raise ConfigError(f"{path}: {path.stat().st_size} bytes; a metric library may hold at most "
                              f"{MAX_TEAM_FILE_BYTES}", hint="keep outcome metrics only in this file")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})",
                          hint="check [suggest] metrics in okr-coach.toml; the file must be UTF-8 TOML") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})", hint="fix the syntax at the position shown") from exc
    try:
        return LibraryFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise ConfigError(f"{path} line {_line_of(text, error['loc'])}: {_field(error['loc'], data)}: "
                          f"{error['msg']}{more}", hint=_HINT) from exc


def _line_of(text: str, loc: tuple) -> int:
    """The line a validation error points at: the field's own line inside the n-th [[metrics]] table, or
    that table's header (TOML keeps no positions, so the tables are counted in the text)."""
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if line.strip().startswith("[[metrics]]")]
    if len(loc) < 2 or not isinstance(loc[1], int) or loc[1] >= len(headers):
        return next((i + 1 for i, line in enumerate(lines) if line.strip().startswith("metrics")), 1)
    start = headers[loc[1]]
    end = headers[loc[1] + 1] if loc[1] + 1 < len(headers) else len(lines)
    if len(loc) >= 3:
        key = re.compile(rf"^\s*{re.escape(str(loc[2]))}\s*=")
        found = next((i for i in range(start, end) if key.match(lines[i])), None)
        if found is not None:
            return found + 1
    return start + 1


def _field(loc: tuple, data: dict) -> str:
    if len(loc) >= 2 and isinstance(loc[1], int):
        entries = data.get("metrics") or []
        entry = entries[loc[1]] if loc[1] < len(entries) and isinstance(entries[loc[1]], dict) else {}
        name = f"metric '{entry['id']}'" if isinstance(entry.get("id"), str) else f"metric {loc[1] + 1}"
        return name + (f" field '{loc[2]}'" if len(loc) >= 3 else "")
    return f"field '{'.'.join(map(str, loc))}'"


@functools.lru_cache(maxsize=1)
def _builtin() -> tuple[OutcomeMetric, ...]:
    return tuple(read_library().metrics)


@functools.lru_cache(maxsize=16)
def _with_team(files: tuple[tuple[Path, float], ...]) -> tuple[OutcomeMetric, ...]:
    metrics = list(_builtin())
    where = {m.id: f"{LIBRARY.name}" for m in metrics}
    for path, _mtime in files:
        text = path.read_text(encoding="utf-8")
        for number, metric in enumerate(read_library(path).metrics):
            if metric.id in where:
                loc = ("metrics", number, "id")
                raise ConfigError(f"{path} line {_line_of(text, loc)}: metric id '{metric.id}' is already used "
                                  f"in {where[metric.id]}", hint="give the team metric its own id")
            where[metric.id] = str(path)
            metrics.append(metric)
    return tuple(metrics)


def team_files(settings) -> tuple[Path, ...]:
    """The team's metric files from ``[suggest] metrics``, relative paths from the team file's folder."""
    suggest = getattr(settings, "suggest", None)
    paths = list(getattr(suggest, "metrics", None) or [])
    config = getattr(settings, "config_file", None)
    base = Path(config).parent if config else Path.cwd()
    out = []
    for raw in paths:
        path = Path(raw).expanduser()
        path = path if path.is_absolute() else base / path
        if not path.is_file():
            raise ConfigError(f"[suggest] metrics: {path} is not a file",
                              hint="fix the path in okr-coach.toml (relative paths start at that file's folder)")
        out.append(path)
    return tuple(out)


def library(settings=None) -> tuple[OutcomeMetric, ...]:
    """The built-in metrics, then the team's own (``[suggest] metrics``): read once per file version."""
    files = team_files(settings) if settings is not None else ()
    if not files:
        return _builtin()
    return _with_team(tuple((p, p.stat().st_mtime) for p in files))


# --------------------------------------------------------------------------- lexical matching


@functools.lru_cache(maxsize=16384)
def _base(word: str) -> str:
    """A word's noun singular or verb base ('bugs' -> 'bug', 'reviews' -> 'review'); the word otherwise."""
    from coach.reading.words import word_class

    wc = word_class(word)
    if not wc.classes and len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]  # a plural the word list does not know ('blogs', 'repos'): the same thing as one
    return wc.noun or wc.verb or word


#: Marks a gerund whose base the word list knows ('sharing' -> 'share~'), see :func:`_match_form`.
GERUND = "~"


def _match_form(word: str) -> str:
    """The form a word is matched in: its base (:func:`_base`), and a gerund marked as one ('sharing' ->
    'share~'). A gerund in the key result still matches the base form of its verb ('Optimising the
    checkout' is work the library's 'optimise' names), but a gerund of the library names an activity and
    matches only a gerund: the base of its verb is often a noun with another meaning ('sourcing', the
    recruiting work, is not the 'source' of 'source code'; 'profiling' is not a 'profile', 'sharing' not a
    'share' or 'Shared ...', 'hosting' not 'Host an event'). The library spells out both forms where both
    are meant ('hire', 'hiring')."""
    base = _base(word)
    return base + GERUND if word.endswith("ing") and base != word else base


def _plain(token: str) -> str:
    return token[:-1] if token.endswith(GERUND) else token


def _tokens(text: str) -> tuple[str, ...]:
    words = re.findall(r"[a-z0-9]+(?:[-/'][a-z0-9]+)*", text.lower().replace("’", "'"))
    return tuple(_match_form(w) for w in words)


@functools.lru_cache(maxsize=4096)
def _phrase(phrase: str) -> tuple[str, ...]:
    return tuple(t for t in _tokens(phrase) if _plain(t) not in _STOP) or _tokens(phrase)


def _same(phrase_word: str, word: str) -> bool:
    """A library word against a word of the draft: equal, or the draft's gerund of the library's verb."""
    return phrase_word == word or (word.endswith(GERUND) and phrase_word == word[:-1])


def _at(words: tuple[str, ...], i: int, phrase: tuple[str, ...]) -> bool:
    return all(_same(p, w) for p, w in zip(phrase, words[i:i + len(phrase)], strict=False)) \
        and i + len(phrase) <= len(words)


def _hits(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n and phrase[0] not in words and phrase[0] + GERUND not in words:  # most phrases share no word with
        return False                                                      # the line: skip the slice scan
    return any(_at(words, i, phrase) for i in range(len(words) - n + 1))


def _weight(phrase: tuple[str, ...]) -> float:
    if len(phrase) == 1 and _plain(phrase[0]) in _WEAK:
        return 1.0
    return 3.0 * len(phrase)


def _fresh_hit(words: tuple[str, ...], phrase: tuple[str, ...], covered: set[int]) -> bool:
    """Whether ``phrase`` occurs in ``words`` outside the positions a longer phrase already counted (then
    those positions are counted too): 'blog posts' counts once, not again as 'blog' and as 'posts'."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if _at(words, i, phrase) and not covered.intersection(range(i, i + n)):
            covered.update(range(i, i + n))
            return True
    return False


def _lead_names_the_work(text: str) -> bool:
    """Whether the line's first word can be the verb of the work, in its base form ('Hire 3 engineers',
    'Onboard 8 teams'), so a phrase matched there names the work twice over. A first word that is only a
    noun ('Communication channels ...', 'Setup the tests') or an inflected form ('Shared onboarding
    framework ...') modifies the line's subject: a phrase matched there is one signal, not two."""
    from coach.reading.words import word_class

    words = re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", text.lower())
    if not words:
        return False
    wc = word_class(words[0])
    return not wc.classes or wc.verb == words[0]


#: Nouns of measuring: the word before one ('performance measurement', 'cost reporting', 'error
#: monitoring'), or after its 'of' ('measurement of performance'), names what is measured.
MEASURING_NOUNS = frozenset("""measurement monitoring track~ tracking reporting report dashboard metric analytic
instrumentation telemetry""".split())


def _measured_positions(words: tuple[str, ...]) -> frozenset[int]:
    """Positions of the words a measuring noun measures: the word before it, or the one after its 'of'
    (stop words, weak words, numbers and other measuring nouns are no such word)."""
    out: set[int] = set()

    def thing(i: int) -> bool:
        return (0 <= i < len(words) and words[i] not in _STOP and _plain(words[i]) not in _WEAK
                and words[i] not in MEASURING_NOUNS and not words[i].isdigit())

    for i, word in enumerate(words):
        if word not in MEASURING_NOUNS:
            continue
        if thing(i - 1):
            out.add(i - 1)
        if i + 2 < len(words) and words[i + 1] == "of" and thing(i + 2):
            out.add(i + 2)
    return frozenset(out)


def _lexical(metric: OutcomeMetric, kr: tuple[str, ...], objective: tuple[str, ...],
             lead_is_work: bool = True, measured_at: frozenset[int] = frozenset(),
             ) -> tuple[float, list[str], bool, bool, bool, bool, bool, bool]:
    """(score, evidence, in_kr, at_lead, in_objective, kr_cue, kr_word, measured) of one metric for a key
    result."""
    score, evidence, in_kr, at_lead, in_objective, kr_cue, kr_word = 0.0, [], False, False, False, False, False
    seen: set[tuple[str, ...]] = set()
    in_kr_words: set[int] = set()
    in_objective_words: set[int] = set()
    # longest phrases first, each word of the line counted once: overlapping phrases are one signal
    for raw in sorted(metric.moved_by, key=lambda r: -len(_phrase(r))):
        phrase = _phrase(raw)
        if phrase in seen:
            continue
        seen.add(phrase)
        if _hits(kr, phrase):
            if not _fresh_hit(kr, phrase, in_kr_words):
                continue
            score += _weight(phrase)
            evidence.append(raw)
            in_kr, kr_word = in_kr or _weight(phrase) > 1.0, True
            # the work's own first word, or a phrase the objective repeats, backs the match twice over
            at_lead = at_lead or (_weight(phrase) > 1.0 and ((lead_is_work and _at(kr, 0, phrase))
                                                              or _hits(objective, phrase)))
        elif _hits(objective, phrase) and _fresh_hit(objective, phrase, in_objective_words):
            score += 0.5 * _weight(phrase)
            evidence.append(raw)
            in_objective = True
    for raw in metric.cues:
        phrase = _phrase(raw)
        if phrase in seen:
            continue
        seen.add(phrase)
        in_line, in_goal = _hits(kr, phrase), _hits(objective, phrase)
        if in_line or in_goal:
            score += CUE_WEIGHT * len(phrase)
            evidence.append(raw)
            in_objective = in_objective or in_goal
            kr_cue = kr_cue or (in_line and _weight(phrase) > 1.0)
            kr_word = kr_word or in_line
    measured = in_kr and bool(measured_at & in_kr_words)
    return score, evidence, in_kr, at_lead, in_objective, kr_cue, kr_word, measured


# --------------------------------------------------------------------------- embeddings (optional)


def _cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    na = math.sqrt(sum(x * x for x in a)) or 1.0
    nb = math.sqrt(sum(y * y for y in b)) or 1.0
    return dot / (na * nb)


_DOC_VECTORS: dict[str, list[list[float]]] = {}


def metric_document(metric: OutcomeMetric) -> str:
    return f"{metric.metric}. Work that moves it: {', '.join(metric.moved_by[:12])}. It shows whether we {metric.change}."


def _similarities(embedder, query: str, metrics: tuple[OutcomeMetric, ...]) -> list[float]:
    """Cosine similarity of the query to every metric's description (descriptions embedded once per model
    and library)."""
    key = f"{getattr(embedder, 'name', type(embedder).__name__)}:{hash(tuple(m.id for m in metrics))}"
    import numpy as np  # loaded with any embedding model already

    docs = _DOC_VECTORS.get(key)
    if docs is None:
        rows = np.asarray(embedder.embed_documents([metric_document(m) for m in metrics]), dtype=np.float64)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        docs = rows / np.where(norms == 0, 1.0, norms)
        _DOC_VECTORS[key] = docs
    vector = np.asarray(embedder.embed_query(query), dtype=np.float64)
    norm = float(np.linalg.norm(vector)) or 1.0
    return (docs @ (vector / norm)).tolist()  # _cosine for every metric, as one product


#: How much embedding similarity adds: similarity above the floor, scaled (MiniLM cosines of related
#: sentences sit around 0.3-0.6).
EMBEDDING_FLOOR = 0.25
EMBEDDING_WEIGHT = 6.0


def match(kr_text: str, objective_text: str = "", *, embedder=None, limit: int = 3,
          metrics: tuple[OutcomeMetric, ...] | None = None) -> list[Match]:
    """The best metrics for a key result in its objective, best first (ties: library order).

    The key result's words count fully, the objective's half (a work phrase) or as cues; an ``embedder``
    (anything with ``embed_query``/``embed_documents``) adds semantic similarity on top, and is only
    passed by callers that already hold a loaded model. ``metrics`` is the library to match in (default:
    the built-in one; :func:`library` with the settings adds the team's).
    """
    from coach.reading.annotations import core_text

    metrics = _builtin() if metrics is None else metrics
    kr = _tokens(core_text(kr_text))
    objective = _tokens(objective_text)
    scored = []
    sims = None
    lead_is_work = _lead_names_the_work(core_text(kr_text))
    measured_at = _measured_positions(kr)
    lexical = [_lexical(metric, kr, objective, lead_is_work, measured_at) for metric in metrics]
    if embedder is not None and any(hit[0] > 0 for hit in lexical):  # similarity only adds to a lexical hit
        try:
            sims = _similarities(embedder, f"{core_text(kr_text)}. Objective: {objective_text}", metrics)
        except Exception:  # noqa: BLE001 - embeddings only help; the lexical match stands on its own
            sims = None
    for i, (metric, (score, evidence, *flags)) in enumerate(zip(metrics, lexical, strict=True)):
        if sims is not None and score > 0:
            score += EMBEDDING_WEIGHT * max(0.0, sims[i] - EMBEDDING_FLOOR)
        if score > 0:
            scored.append((score, -i, Match(metric, round(score, 3), tuple(evidence), *flags)))
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


def nearest_family(text: str, metrics: tuple[OutcomeMetric, ...] | None = None) -> str | None:
    """The family whose metrics' words (phrase, the work that moves them, objective cues) a rewrite someone
    else wrote shares most, or None when it shares none: 'Raise CSAT ...' -> 'satisfaction'."""
    words = {_plain(t) for t in _tokens(text)}
    words = {t for t in words if t not in _STOP and t not in _WEAK and len(t) > 2}
    best, best_score = None, 0
    for metric in _builtin() if metrics is None else metrics:
        theirs = {_plain(t) for t in _tokens(metric.metric)}
        for phrase in (*metric.moved_by, *metric.cues):
            theirs.update(_plain(t) for t in _phrase(phrase))
        score = len(words & theirs)
        if score > best_score:
            best, best_score = metric, score
    return best.family if best is not None else None


def function_evidence(function: str, kr_text: str, objective_text: str = "",
                      metrics: tuple[OutcomeMetric, ...] | None = None) -> tuple[str, ...]:
    """The phrases of the key result and its objective that point at ``function``: any work phrase or cue of
    one of its metrics, weak single words left out. Empty: nothing in the line or its objective says the
    work belongs to that function, so a metric of that function is a guess from somewhere else."""
    from coach.reading.annotations import core_text

    kr, objective = _tokens(core_text(kr_text)), _tokens(objective_text)
    found: dict[str, None] = {}
    for metric in _builtin() if metrics is None else metrics:
        if metric.function != function:
            continue
        for raw in (*metric.moved_by, *metric.cues):
            phrase = _phrase(raw)
            if _weight(phrase) > 1.0 and (_hits(kr, phrase) or _hits(objective, phrase)):
                found[raw] = None
    return tuple(found)


def by_id(metric_id: str, metrics: tuple[OutcomeMetric, ...] | None = None) -> OutcomeMetric:
    for metric in _builtin() if metrics is None else metrics:
        if metric.id == metric_id:
            return metric
    raise KeyError(metric_id)
