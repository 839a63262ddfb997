"""The metric lexicon: which outcome metrics fit which kind of work, read from a data file.

The template writer needs to turn "Launch the new onboarding flow" into outcomes such as "onboarding
completion rate". Which metrics fit which kind of work is domain knowledge, so it lives in
``metric_lexicon.toml`` next to this module, not in code. A team can add or replace domains with its own
``metric_lexicon.toml`` in the data directory (``okr-coach`` reads it when it exists; see docs/critique.md).
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coach.errors import ConfigError

BUILTIN_LEXICON = Path(__file__).with_name("metric_lexicon.toml")
TEAM_LEXICON_NAME = "metric_lexicon.toml"
GENERIC_DOMAIN = "generic"

Unit = Literal["%", "days", "hours", "minutes", "seconds", "ms", "points", "number", "score", "amount"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MetricTemplate(_Model):
    metric: str = Field(min_length=3, description="Metric phrase; '{subject}' is replaced by the draft's subject.")
    direction: Literal["increase", "reduce"]
    unit: Unit

    @field_validator("metric")
    @classmethod
    def _no_numbers(cls, value: str) -> str:
        # A number in a template would be a number the draft never stated.
        if re.search(r"(?<![\w.])\d", value):
            raise ValueError(f"metric {value!r} states a number; templates may only use placeholders")
        return value


class Domain(_Model):
    name: str = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    subject: str = Field(min_length=1, description="Subject used when the draft names none.")
    objective: str = Field(min_length=3, description="'verb + what' of an objective rewrite, with {subject}.")
    value: str = Field(min_length=3, description="Business value, the part after 'in order to'.")
    metrics: list[MetricTemplate] = Field(min_length=1)


class LexiconFile(_Model):
    """What a lexicon file may contain; a team file needs no generic domain of its own."""

    generic_nouns: list[str] = Field(default_factory=list, description="Vehicle nouns dropped from subjects.")
    lead_verbs: list[str] = Field(default_factory=list, description="Leading verbs dropped from subjects.")
    fog_words: list[str] = Field(default_factory=list, description="Jargon and vague adjectives dropped from subjects.")
    output_nouns: list[str] = Field(default_factory=list, description="Outputs whose topic follows 'on'/'about'.")
    domains: list[Domain] = Field(default_factory=list)


class Lexicon(LexiconFile):
    """The complete lexicon: it always ends with the generic fallback domain."""

    @field_validator("domains")
    @classmethod
    def _has_generic(cls, domains: list[Domain]) -> list[Domain]:
        if not any(d.name == GENERIC_DOMAIN for d in domains):
            raise ValueError(f"the lexicon needs a '{GENERIC_DOMAIN}' domain as the fallback")
        return domains

    def domain(self, name: str) -> Domain:
        for domain in self.domains:
            if domain.name == name:
                return domain
        raise KeyError(name)

    def detect(self, key_result_text: str, objective_text: str = "", *, focus: str = "") -> Domain:
        """The domain whose keywords best match the texts; ``generic`` when nothing matches.

        Per word of a keyword: 2 points when it is in the key result, 2 more when it is in ``focus`` (the
        object of the line's verb: "webinars" in "Run 6 webinars for prospects"), 1 when it is in the
        objective. So the key result's own words lead and the objective breaks ties. Remaining ties go to
        the domain listed first in the file.
        """
        kr_words = _normalise(key_result_text)
        focus_words = _normalise(focus)
        objective_words = _normalise(objective_text)
        best, best_score = self.domain(GENERIC_DOMAIN), 0
        for domain in self.domains:
            score = 0
            for keyword in domain.keywords:
                phrase = _normalise(keyword)
                weight = len(phrase.split())
                if _contains(kr_words, phrase):
                    score += 2 * weight
                if _contains(focus_words, phrase):
                    score += 2 * weight
                if _contains(objective_words, phrase):
                    score += weight
            if score > best_score:
                best, best_score = domain, score
        return best

    def merged_with(self, other: LexiconFile) -> Lexicon:
        """This lexicon with ``other``'s domains added (same name: replaced), the generic one kept last."""
        replaced = {d.name: d for d in other.domains}
        own = [replaced.pop(d.name, d) for d in self.domains]
        new = [d for d in other.domains if d.name in replaced]
        ordered = [d for d in own if d.name != GENERIC_DOMAIN] + new + [d for d in own if d.name == GENERIC_DOMAIN]
        def union(field: str) -> list[str]:
            return list(dict.fromkeys([*getattr(self, field), *getattr(other, field)]))

        return Lexicon(generic_nouns=union("generic_nouns"), lead_verbs=union("lead_verbs"),
                       fog_words=union("fog_words"), output_nouns=union("output_nouns"), domains=ordered)


def _normalise(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", text.lower())) + " "


def _contains(haystack: str, phrase: str) -> bool:
    return bool(phrase.strip()) and f" {phrase.strip()} " in haystack


def read_lexicon(path: Path, *, partial: bool = False) -> LexiconFile:
    """Read and validate one lexicon file; errors name the file and the offending field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})", hint="fix the syntax at the position shown") from exc
    model = LexiconFile if partial else Lexicon  # a team file only adds domains
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_describe(exc)}", hint="see docs/critique.md, 'Extending the lexicon'") from exc


def _describe(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in exc.errors())


@functools.lru_cache(maxsize=1)
def builtin_lexicon() -> Lexicon:
    return read_lexicon(BUILTIN_LEXICON)


def load_lexicon(data_dir: Path | None = None) -> Lexicon:
    """The built-in lexicon, extended by ``<data_dir>/metric_lexicon.toml`` when that file exists."""
    lexicon = builtin_lexicon()
    if data_dir is not None:
        team_file = Path(data_dir) / TEAM_LEXICON_NAME
        if team_file.is_file():
            lexicon = lexicon.merged_with(read_lexicon(team_file, partial=True))
    return lexicon
