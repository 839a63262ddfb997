"""Versioned prompt files: ``prompts/<name>/v<N>.toml``, loaded, checked and rendered into chat messages.

A prompt file holds the system text, a user template with ``{{variable}}`` placeholders, the declared
variables and the import path of the pydantic model the answer must match (format in ``docs/llm.md``).
Loading checks everything that can be checked without a model: unknown keys, name and version against
the file path, placeholders against declared variables, and that the output schema imports.

Rendering substitutes placeholders in one pass (an inserted value is never scanned for placeholders).
A variable declared ``data = true`` (the default) is user or computed material: it is wrapped in a data
block whose closing line carries a random id that occurs in no value of that render, so no value can
close its block early or forge another one; the system message says what those blocks are.
Pure Python + pydantic: cheap to import.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import re
import secrets
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from coach.errors import PromptError

__all__ = [
    "Prompt", "PromptVariable", "load_prompt", "available_prompts", "prompt_versions", "default_prompts_dir",
    "render_value", "data_block",
]

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_ANY_BRACES = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_VERSION_FILE = re.compile(r"^v([1-9][0-9]*)\.toml$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

#: Makes the random id of a render's data blocks; tests replace it to prove collisions are avoided.
nonce_factory: Callable[[], str] = lambda: secrets.token_hex(8)  # noqa: E731


def default_prompts_dir() -> Path:
    """``OKR_COACH_PROMPTS_DIR``, else ``prompts/`` next to the ``coach`` package in a checkout, else the copy
    an installed wheel carries as ``coach/_prompts``."""
    override = os.environ.get("OKR_COACH_PROMPTS_DIR")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parents[1]
    checkout = package.parent / "prompts"
    return checkout if checkout.is_dir() else package / "_prompts"


class PromptVariable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, description="What the value is; shown to reviewers, not the model.")
    data: bool = Field(True, description="User or computed material: fenced and labelled as data. Set false "
                                         "only for values the tool itself controls (a count, a language name).")


class Prompt(BaseModel):
    """One version of one prompt, as loaded from ``prompts/<name>/v<N>.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_NAME.pattern, description="Must match the folder name.")
    version: int = Field(ge=1, description="Must match the file name v<N>.toml.")
    description: str = Field(min_length=1)
    output_schema: str = Field(pattern=r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$",
                               description="Import path of the pydantic output model, 'package.module:Class'.")
    temperature: float | None = Field(None, ge=0, le=2, description="Overrides the configured temperature.")
    max_tokens: int | None = Field(None, ge=16, description="Caps the answer below the configured max_tokens.")
    system: str = Field(min_length=1)
    template: str = Field(min_length=1)
    variables: dict[str, PromptVariable] = Field(default_factory=dict)

    _path: Path | None = PrivateAttr(None)
    _content_hash: str = PrivateAttr("")
    _output_model: type[BaseModel] | None = PrivateAttr(None)

    @property
    def ref(self) -> str:
        """``name@version``: how reports and eval caches name this prompt."""
        return f"{self.name}@{self.version}"

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def content_hash(self) -> str:
        """sha256 of the normalised file text plus the shared protocol text (an eval cache key)."""
        return self._content_hash

    @property
    def output_model(self) -> type[BaseModel]:
        if self._output_model is None:
            self._output_model = import_schema(self.output_schema, where=self._where("output_schema"))
        return self._output_model

    @property
    def data_variables(self) -> list[str]:
        return [name for name, var in self.variables.items() if var.data]

    def render(self, variables: Mapping[str, Any], *, schema: type[BaseModel] | None = None) -> list[dict[str, str]]:
        """The chat messages for ``variables``: ``[{"role": "system", ...}, {"role": "user", ...}]``.

        ``schema`` (default: the prompt's output model) is described in the system message. Raises
        :class:`PromptError` naming any missing or unexpected variable.
        """
        given = set(variables)
        declared = set(self.variables)
        if missing := sorted(declared - given):
            raise PromptError(f"prompt {self.ref}: missing variable {', '.join(repr(m) for m in missing)}",
                              hint=f"pass every declared variable: {', '.join(sorted(declared))}")
        if unexpected := sorted(given - declared):
            raise PromptError(f"prompt {self.ref}: unexpected variable {', '.join(repr(u) for u in unexpected)}",
                              hint=f"declare it under [variables] in {self._where('variables')} or stop passing it")
        values = {name: render_value(value, name=name, prompt=self.ref) for name, value in variables.items()}
        nonce = _fresh_nonce([values[name] for name in self.data_variables])

        def substitute(match: re.Match) -> str:
            name = match.group(1)
            if self.variables[name].data:
                return data_block(name, values[name], nonce)
            return values[name]

        user = PLACEHOLDER.sub(substitute, self.template.strip("\n"))
        system = self.system.strip("\n")
        protocol = _protocol()
        if self.data_variables:
            system += "\n\n" + protocol["data_notice"].strip("\n")
        output = schema if schema is not None else self.output_model
        schema_json = json.dumps(output.model_json_schema(), ensure_ascii=False, separators=(",", ":"))
        system += "\n\n" + protocol["json_instructions"].strip("\n").replace("{schema}", schema_json)
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def _where(self, field: str) -> str:
        return f"{self._path or self.ref} field '{field}'"


def render_value(value: Any, *, name: str = "?", prompt: str = "?") -> str:
    """A variable value as text: strings as they are, pydantic objects and containers as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, BaseModel):
        return value.model_dump_json(indent=1)
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, ensure_ascii=False, indent=1, default=str)
    raise PromptError(f"prompt {prompt}: variable '{name}' is a {type(value).__name__}",
                      hint="pass a string, a number, a list, a dict or a pydantic object")


def data_block(name: str, value: str, nonce: str) -> str:
    """``value`` fenced as data; the caller guarantees ``nonce`` does not occur in ``value``."""
    return f'<data name="{name}" id="{nonce}">\n{value}\n</data id="{nonce}">'


def _fresh_nonce(values: list[str]) -> str:
    for _ in range(100):
        nonce = nonce_factory()
        if nonce and not any(nonce in value for value in values):
            return nonce
    raise PromptError("could not draw a data-block id that occurs in no value",
                      hint="check coach.llm.prompts.nonce_factory returns random ids")


# ---------------------------------------------------------------------------------------------- loading


def load_prompt(name: str, version: int | None = None, *, directory: Path | None = None) -> Prompt:
    """Load ``name`` (newest version), ``name@N`` or ``name`` with ``version=N`` from ``prompts/``."""
    directory = Path(directory) if directory is not None else default_prompts_dir()
    if "@" in name:
        name, _, wanted = name.partition("@")
        if not wanted.isdigit() or (version is not None and int(wanted) != version):
            raise PromptError(f"prompt reference '{name}@{wanted}': the version must be a whole number",
                              hint=f"write '{name}@1', or '{name}' for the newest version")
        version = int(wanted)
    if not _NAME.match(name):
        raise PromptError(f"prompt name '{name}' is not valid",
                          hint="use the folder name under prompts/: lower case letters, digits, underscores")
    versions = prompt_versions(name, directory=directory)
    if not versions:
        known = ", ".join(available_prompts(directory)) or "none"
        raise PromptError(f"no prompt '{name}' in {directory}", hint=f"available prompts: {known}")
    if version is None:
        version = versions[-1]
    elif version not in versions:
        raise PromptError(f"prompt '{name}' has no version {version} in {directory / name}",
                          hint=f"available versions: {', '.join(map(str, versions))}")
    path = directory / name / f"v{version}.toml"
    stat = path.stat()
    return _load_file(path, stat.st_mtime_ns, stat.st_size)


def available_prompts(directory: Path | None = None) -> list[str]:
    directory = Path(directory) if directory is not None else default_prompts_dir()
    if not directory.is_dir():
        return []
    return sorted(p.name for p in directory.iterdir() if p.is_dir() and prompt_versions(p.name, directory=directory))


def prompt_versions(name: str, *, directory: Path | None = None) -> list[int]:
    folder = (Path(directory) if directory is not None else default_prompts_dir()) / name
    if not folder.is_dir():
        return []
    return sorted(int(m.group(1)) for p in folder.iterdir() if (m := _VERSION_FILE.match(p.name)))


@functools.lru_cache(maxsize=128)
def _load_file(path: Path, mtime_ns: int, size: int) -> Prompt:  # mtime and size make edits reload
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptError(f"{path}: cannot be read ({exc})", hint="save the prompt file as UTF-8 text") from exc
    normalised = _normalise(text)
    try:
        data = tomllib.loads(normalised)
    except tomllib.TOMLDecodeError as exc:
        raise PromptError(f"{path}: not valid TOML ({exc})", hint="fix the syntax at the position shown") from exc
    try:
        prompt = Prompt.model_validate(data)
    except ValidationError as exc:
        raise PromptError(f"{path}: {_describe(exc)}",
                          hint="see the prompt file format in docs/llm.md") from None
    folder, expected_version = path.parent.name, int(_VERSION_FILE.match(path.name).group(1))
    if prompt.name != folder:
        raise PromptError(f"{path} field 'name': '{prompt.name}' does not match its folder '{folder}'",
                          hint=f"set name = \"{folder}\" or move the file")
    if prompt.version != expected_version:
        raise PromptError(f"{path} field 'version': {prompt.version} does not match the file name",
                          hint=f"set version = {expected_version} or rename the file to v{prompt.version}.toml")
    _check_placeholders(prompt, path)
    object.__setattr__(prompt, "__pydantic_private__", {
        "_path": path,
        "_content_hash": hashlib.sha256((normalised + "\0" + _protocol_text()).encode()).hexdigest(),
        "_output_model": import_schema(prompt.output_schema, where=f"{path} field 'output_schema'"),
    })
    return prompt


def _normalise(text: str) -> str:
    """Line endings to LF and no trailing blank space at line ends or at the end of the file."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).rstrip() + "\n"


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "(top level)"
        if error["type"] == "extra_forbidden":
            parts.append(f"unknown key '{where}'")
        elif error["type"] == "missing":
            parts.append(f"missing key '{where}'")
        else:
            parts.append(f"field '{where}': {error['msg']}")
    return "; ".join(parts)


def _check_placeholders(prompt: Prompt, path: Path) -> None:
    for field_name in ("template", "system"):
        for match in _ANY_BRACES.finditer(getattr(prompt, field_name)):
            if not PLACEHOLDER.fullmatch(match.group(0)):
                raise PromptError(f"{path} field '{field_name}': malformed placeholder '{match.group(0)[:40]}'",
                                  hint="write placeholders as {{variable_name}}")
    if found := PLACEHOLDER.findall(prompt.system):
        raise PromptError(f"{path} field 'system': placeholder '{{{{{found[0]}}}}}' in the system text",
                          hint="put variables in the template; the system text is fixed")
    used = PLACEHOLDER.findall(prompt.template)
    declared = set(prompt.variables)
    if undeclared := [name for name in dict.fromkeys(used) if name not in declared]:
        raise PromptError(f"{path} field 'template': placeholder '{{{{{undeclared[0]}}}}}' is not declared",
                          hint=f"add a [variables.{undeclared[0]}] table with a description")
    if unused := sorted(declared - set(used)):
        raise PromptError(f"{path} field 'variables': variable '{unused[0]}' is declared but not used",
                          hint=f"add {{{{{unused[0]}}}}} to the template or remove [variables.{unused[0]}]")
    if repeated := sorted({name for name in used if used.count(name) > 1}):
        raise PromptError(f"{path} field 'template': placeholder '{{{{{repeated[0]}}}}}' appears more than once",
                          hint="use each variable once so a value is sent once")


def import_schema(path: str, *, where: str) -> type[BaseModel]:
    """Import ``'package.module:Class'`` and check it is a pydantic model."""
    module_name, _, attr = path.partition(":")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # ImportError, or an error raised while the module imports
        raise PromptError(f"{where}: cannot import module '{module_name}' ({type(exc).__name__}: {exc})",
                          hint="fix the import path, written 'package.module:Class'") from exc
    model = getattr(module, attr, None)
    if model is None:
        raise PromptError(f"{where}: module '{module_name}' has no '{attr}'",
                          hint="fix the class name after the colon")
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise PromptError(f"{where}: '{path}' is not a pydantic model", hint="point at a pydantic BaseModel class")
    return model


@functools.cache
def _protocol_text() -> str:
    return (Path(__file__).with_name("protocol.toml")).read_text(encoding="utf-8")


@functools.cache
def _protocol() -> dict[str, str]:
    return tomllib.loads(_protocol_text())
