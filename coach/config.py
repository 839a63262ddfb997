"""One settings object, read from flags, environment and the team file, in that order of precedence.

Team file: ``okr-coach.toml`` (top-level keys) or ``[tool.okr-coach]`` in ``pyproject.toml``, looked up in
the working directory, or given with ``--config PATH`` / ``OKR_COACH_CONFIG``. Example::

    profile = "google"            # methodology profile (see `okr-coach rules profiles`)
    data_dir = "~/.okr-coach"

    [rules]
    ignore = ["OKR203", "objective-no-why"]   # codes, code prefixes ("OKR2") or names
    select = []                               # when non-empty, only these rules run
    [rules.extend]
    activity_verbs = ["roll out"]

    [llm]
    base_url = "http://localhost:11434/v1"   # any OpenAI-compatible endpoint
    model = "llama3.1"

Environment: ``OKR_COACH_DATA_DIR``, ``OKR_COACH_PROFILE``, ``OKR_COACH_OFFLINE``, ``OKR_COACH_LLM_BASE_URL``
(or ``OPENAI_BASE_URL``), ``OKR_COACH_LLM_MODEL``, ``OKR_COACH_LLM_API_KEY`` (or ``OPENAI_API_KEY``),
``OKR_COACH_EMBEDDINGS`` (``local``/``openai``), ``OKR_COACH_CHROMA_URL``, ``OKR_COACH_AUTH`` (``user:password``).

The LLM is used only when a model or base URL is configured, or ``OPENAI_API_KEY`` is set; ``--offline`` or
``OKR_COACH_OFFLINE=1`` forces the offline writers.

No ``from __future__ import annotations``: pydantic would evaluate every field annotation from a string
when each settings class is created (see ``coach.model``).
"""

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coach.errors import ConfigError

DEFAULT_LLM_MODEL = "gpt-4o-mini"
LOCAL_EMBEDDING_MODEL = "all-MiniLM-L6-v2"


class _Section(BaseModel):
    # Schemas are built on first validation, not at import: a cold `okr-coach check` with no team file
    # and no environment never validates settings (see `default_settings`).
    model_config = ConfigDict(extra="forbid", defer_build=True)


class RulesSettings(_Section):
    select: list[str] = Field([], description="Only these rules (codes, prefixes, names).")
    ignore: list[str] = Field([], description="Skip these rules (codes, prefixes, names).")
    extend: dict[str, list[str]] = Field({}, description="Extra words per word list.")


class LLMSettings(_Section):
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = Field(None, repr=False)
    timeout: float = Field(60.0, gt=0, description="Seconds for one whole call, retries included.")
    max_retries: int = Field(2, ge=0, le=10, description="Retries on rate limits and timeouts (client layer only).")
    max_tokens: int = Field(2000, ge=64)
    temperature: float = Field(0.2, ge=0, le=2)
    output_mode: Literal["prompt", "json_object", "json_schema"] = Field(
        "prompt", description="How JSON is requested: schema in the prompt (works everywhere), "
        "response_format json_object, or strict json_schema (OpenAI, recent vLLM).")


class EmbeddingSettings(_Section):
    provider: Literal["local", "openai"] = "local"
    model: str = LOCAL_EMBEDDING_MODEL
    base_url: str | None = None
    api_key: str | None = Field(None, repr=False)


class UISettings(_Section):
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    auth: str | None = Field(None, repr=False, description="'user:password' for basic auth.")
    max_draft_chars: int = Field(20_000, ge=100)
    max_file_mb: float = Field(10.0, gt=0)
    concurrency: int = Field(2, ge=1)
    queue_size: int = Field(16, ge=1)


class SuggestSettings(_Section):
    metrics: list[Path] = Field([], description="Team outcome-metric files, in the TOML schema of "
                                "coach/suggest/outcome_metrics.toml; relative paths start at the team file.")


class Settings(_Section):
    data_dir: Path = Field(default_factory=lambda: default_data_dir())
    profile: str = "default"
    offline: bool = False
    chroma_url: str | None = None
    rules: RulesSettings = Field(default_factory=RulesSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    embeddings: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    ui: UISettings = Field(default_factory=UISettings)
    suggest: SuggestSettings = Field(default_factory=SuggestSettings)
    config_file: Path | None = Field(None, description="The team file these settings came from, if any.")

    @property
    def llm_enabled(self) -> bool:
        """True when an OpenAI-compatible endpoint is configured and offline mode is off."""
        return not self.offline and bool(self.llm.model or self.llm.base_url or self.llm.api_key)

    @property
    def llm_model(self) -> str:
        return self.llm.model or DEFAULT_LLM_MODEL


def default_settings() -> Settings:
    """The defaults, built without validation: they are this module's own values, and a test checks that
    they equal ``Settings()``. Validating them would build five pydantic schemas, a tenth of a cold
    ``okr-coach check``."""
    return Settings.model_construct(rules=RulesSettings.model_construct(), llm=LLMSettings.model_construct(),
                                    embeddings=EmbeddingSettings.model_construct(), ui=UISettings.model_construct(),
                                    config_file=None)


def default_data_dir() -> Path:
    """Per-user data directory: ``$XDG_DATA_HOME/okr-coach`` or ``~/.local/share/okr-coach``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "okr-coach"


_ENV: dict[str, tuple[str, ...]] = {
    # env var -> dotted settings path
    "OKR_COACH_DATA_DIR": ("data_dir",),
    "OKR_COACH_PROFILE": ("profile",),
    "OKR_COACH_OFFLINE": ("offline",),
    "OKR_COACH_CHROMA_URL": ("chroma_url",),
    "OPENAI_BASE_URL": ("llm", "base_url"),
    "OKR_COACH_LLM_BASE_URL": ("llm", "base_url"),
    "OKR_COACH_LLM_MODEL": ("llm", "model"),
    "OPENAI_API_KEY": ("llm", "api_key"),
    "OKR_COACH_LLM_API_KEY": ("llm", "api_key"),
    "OKR_COACH_LLM_TIMEOUT": ("llm", "timeout"),
    "OKR_COACH_LLM_OUTPUT_MODE": ("llm", "output_mode"),
    "OKR_COACH_EMBEDDINGS": ("embeddings", "provider"),
    "OKR_COACH_EMBEDDINGS_MODEL": ("embeddings", "model"),
    "OKR_COACH_EMBEDDINGS_BASE_URL": ("embeddings", "base_url"),
    "OKR_COACH_AUTH": ("ui", "auth"),
}


def find_team_file(cwd: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The team file in ``cwd``: ``okr-coach.toml``, else ``[tool.okr-coach]`` of ``pyproject.toml``."""
    cwd = cwd or Path.cwd()
    own = cwd / "okr-coach.toml"
    if own.is_file():
        return own, _read_toml(own)
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        section = _read_toml(pyproject).get("tool", {}).get("okr-coach")
        if isinstance(section, dict):
            return pyproject, section
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: byte {exc.start} is not valid UTF-8", hint="save the file as UTF-8 text") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})",
                          hint="check the path and the file's permissions") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})", hint="fix the syntax at the position shown") from exc


def _set(tree: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = value


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_settings(
    overrides: dict[str, Any] | None = None,
    *,
    config_file: Path | None = None,
    cwd: Path | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Build the settings: defaults < team file < environment < ``overrides`` (from flags).

    ``overrides`` uses the settings' shape, e.g. ``{"profile": "google", "llm": {"model": "x"}}``;
    ``None`` values are ignored so unset flags do not clobber the file or the environment.
    """
    env = os.environ if environ is None else environ
    tree: dict[str, Any] = {}
    source: Path | None = None
    explicit = config_file or (Path(env["OKR_COACH_CONFIG"]) if env.get("OKR_COACH_CONFIG") else None)
    if explicit is not None:
        if explicit.is_dir():
            raise ConfigError(f"config file {explicit} is a folder", hint="pass the okr-coach.toml file itself")
        if not explicit.is_file():
            raise ConfigError(f"config file {explicit} does not exist", hint="check the --config path")
        data = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            data = data.get("tool", {}).get("okr-coach", {})
        tree, source = data, explicit
    else:
        found = find_team_file(cwd)
        if found:
            source, tree = found
    from_env: dict[tuple[str, ...], str] = {}
    for var, path in _ENV.items():
        value = env.get(var)
        if value not in (None, ""):
            _set(tree, path, value)
            from_env[path] = var
    overrides = _drop_none(overrides or {})
    tree = _merge(tree, overrides)
    if not tree and source is None:  # nothing from a file, the environment or a flag
        return default_settings()
    tree["config_file"] = source
    try:
        return Settings.model_validate(tree)
    except ValidationError as exc:
        problems = "; ".join(_problem(e, source, from_env, overrides) for e in exc.errors())
        raise ConfigError(problems, hint="fix these values (see README, 'Configuration')") from exc


def _problem(error: dict[str, Any], source: Path | None, from_env: dict[tuple[str, ...], str],
             overrides: dict[str, Any]) -> str:
    """One validation problem, named by where the value came from: a flag, an environment variable or the file."""
    loc = tuple(str(part) for part in error["loc"])
    key = ".".join(loc)
    node: Any = overrides
    for part in loc:
        node = node.get(part) if isinstance(node, dict) else None
    if node is not None:
        where = f"--{loc[-1].replace('_', '-')}"
    elif loc[:2] in from_env or loc[:1] in from_env:
        where = f"environment variable {from_env.get(loc[:2]) or from_env[loc[:1]]} ({key})"
    else:
        where = f"{source} key '{key}'" if source else f"setting '{key}'"
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown key" + _known_keys(loc)
    return f"{where}: {error['msg']}"


def _known_keys(loc: tuple[str, ...]) -> str:
    model: Any = Settings
    for part in loc[:-1]:
        field = model.model_fields.get(part)
        model = field.annotation if field is not None else None
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return ""
    names = [n for n in model.model_fields if n != "config_file"]
    return f" (known keys: {', '.join(names)})"


def _drop_none(tree: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            value = _drop_none(value)
            if value:
                out[key] = value
        elif value is not None:
            out[key] = value
    return out
