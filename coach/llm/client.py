"""Structured requests to any OpenAI-compatible chat endpoint, with every failure turned into ``LLMError``.

:class:`StructuredLLM` wraps a langchain chat model (``ChatOpenAI`` from :func:`make_llm`, or
``coach.llm.fake.FakeChatModel`` in tests). ``generate(prompt, variables, schema)`` renders the prompt,
sends one request and returns the answer parsed into the pydantic ``schema``, with usage, latency and the
number of HTTP attempts. It never retries by itself, and ``timeout`` is one deadline for the whole call,
retries included (see :func:`_deadline_transport`):

**Retries live in exactly one layer: the openai client** (``max_retries`` from the settings). That client
already retries what is worth retrying (429, 408, 409, 5xx, timeouts, dropped connections) with
exponential backoff and jitter, honours ``Retry-After`` / ``Retry-After-Ms`` and the server's
``x-should-retry``, and does it per HTTP request, so no second loop here or in langchain (we use no
``with_retry``) multiplies the attempts. An answer that fails validation is not retried: the caller gets
``InvalidOutputError`` with the validation errors and decides whether to ask again with them.

Output modes (``llm.output_mode`` / ``OKR_COACH_LLM_OUTPUT_MODE``): ``prompt`` (default) puts the JSON
schema in the system message and parses the reply, tolerating code fences, which works with every server;
``json_object`` also sets ``response_format={"type": "json_object"}``; ``json_schema`` sends the schema as
``response_format`` too (OpenAI, recent vLLM / Ollama / LM Studio). The schema is always in the prompt.

langchain and openai are imported only inside the functions that call them.
"""

from __future__ import annotations

import contextvars
import json
import re
import sys
import time
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import Any, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, ValidationError

from coach.errors import ConfigError, LLMError
from coach.llm.prompts import Prompt

__all__ = ["StructuredLLM", "LLMResult", "Usage", "InvalidOutputError", "make_llm", "extract_json", "OUTPUT_MODES"]

OutputMode = Literal["prompt", "json_object", "json_schema"]
OUTPUT_MODES: tuple[str, ...] = ("prompt", "json_object", "json_schema")
OPENAI_ENDPOINT = "https://api.openai.com/v1"
#: Sent as the key to servers that need none (Ollama, vLLM, LM Studio): the openai client insists on one.
NO_KEY = "okr-coach-no-key"

# HTTP attempts made by the current generate() call, counted by a request hook on the HTTP client.
_ATTEMPTS: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("okr_coach_llm_attempts", default=None)
# time.monotonic() by which the current generate() call must be over, retries included (None: no deadline).
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("okr_coach_llm_deadline", default=None)

_REFUSAL_TEXT = re.compile(
    r"^\W*(?:I'?m sorry|I am sorry|sorry[,.!]|I apologi[sz]e|as an ai\b|I can(?:not|'t|’t) (?:help|assist|comply|"
    r"provide|do that|fulfil|fulfill|answer)|I (?:won'?t|will not) (?:help|assist|comply|provide)|"
    r"I'?m (?:not able|unable) to)", re.IGNORECASE)


class Usage(BaseModel):
    """Tokens of one request (0 when the endpoint did not report usage). Add them up with ``+``."""

    model_config = ConfigDict(frozen=True)

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(prompt_tokens=self.prompt_tokens + other.prompt_tokens,
                     completion_tokens=self.completion_tokens + other.completion_tokens)


@dataclass
class LLMResult:
    """A validated answer and what it cost."""

    output: BaseModel
    usage: Usage
    latency_s: float
    model: str
    attempts: int = 1  # HTTP requests made, retries included (1 for chat models without HTTP)
    text: str = ""  # the raw reply
    finish_reason: str | None = None
    prompt: str = ""  # the prompt's name@version
    endpoint: str = ""


class InvalidOutputError(LLMError):
    """The reply is not JSON, or does not match the schema. Carries what a retry needs."""

    def __init__(self, message: str, *, raw_output: str, errors: list[str], schema_name: str,
                 hint: str | None = None) -> None:
        super().__init__(message, kind="invalid_output", hint=hint)
        self.raw_output = raw_output
        self.validation_errors = errors
        self.schema_name = schema_name


@dataclass
class StructuredLLM:
    """A chat model that answers into pydantic schemas; see the module docstring.

    ``model_name`` and ``endpoint`` are only used in results and error messages. ``max_tokens`` and
    ``temperature`` are sent with every request (a prompt file may lower ``max_tokens`` and set its own
    temperature). ``legacy_max_tokens`` also sends ``max_tokens`` in the body for servers that ignore
    ``max_completion_tokens``.
    """

    chat_model: Any
    _: KW_ONLY
    model_name: str | None = None
    endpoint: str = "<chat model>"
    output_mode: OutputMode = "prompt"
    max_tokens: int | None = None
    temperature: float | None = None
    timeout: float | None = None
    legacy_max_tokens: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.model_name is None:
            self.model_name = str(getattr(self.chat_model, "model_name", None) or type(self.chat_model).__name__)
        if self.output_mode not in OUTPUT_MODES:
            raise ConfigError(f"llm output mode '{self.output_mode}' is not known",
                              hint=f"use one of: {', '.join(OUTPUT_MODES)}")

    # ------------------------------------------------------------------ public

    def generate(self, prompt: Prompt, variables: Mapping[str, Any],
                 schema: type[BaseModel] | None = None) -> LLMResult:
        """Render ``prompt`` with ``variables``, send it, and return the answer validated by ``schema``.

        ``schema`` defaults to the prompt's ``output_schema``. Raises :class:`PromptError` for bad
        variables (before any request) and :class:`LLMError` for every endpoint or output failure.
        """
        schema = schema or prompt.output_model
        messages, kwargs = self._request(prompt, variables, schema)
        attempts: list[int] = []
        token = _ATTEMPTS.set(attempts)
        deadline = _DEADLINE.set(time.monotonic() + self.timeout if self.timeout else None)
        started = time.perf_counter()
        try:
            reply = self.chat_model.invoke(messages, **kwargs)
        except LLMError:
            raise
        except Exception as exc:  # noqa: BLE001 - every client failure becomes an LLMError; our bugs re-raise
            mapped = self._error_from_exception(exc, len(attempts) or 1)
            if mapped is exc:
                raise
            raise mapped from exc
        finally:
            _ATTEMPTS.reset(token)
            _DEADLINE.reset(deadline)
        return self._result(reply, schema, prompt, time.perf_counter() - started, len(attempts) or 1)

    async def agenerate(self, prompt: Prompt, variables: Mapping[str, Any],
                        schema: type[BaseModel] | None = None) -> LLMResult:
        """:meth:`generate` for asyncio code (eval runs with concurrency)."""
        schema = schema or prompt.output_model
        messages, kwargs = self._request(prompt, variables, schema)
        attempts: list[int] = []
        token = _ATTEMPTS.set(attempts)
        deadline = _DEADLINE.set(time.monotonic() + self.timeout if self.timeout else None)
        started = time.perf_counter()
        try:
            reply = await self.chat_model.ainvoke(messages, **kwargs)
        except LLMError:
            raise
        except Exception as exc:  # noqa: BLE001
            mapped = self._error_from_exception(exc, len(attempts) or 1)
            if mapped is exc:
                raise
            raise mapped from exc
        finally:
            _ATTEMPTS.reset(token)
            _DEADLINE.reset(deadline)
        return self._result(reply, schema, prompt, time.perf_counter() - started, len(attempts) or 1)

    # ------------------------------------------------------------------ request

    def _request(self, prompt: Prompt, variables: Mapping[str, Any],
                 schema: type[BaseModel]) -> tuple[list[dict[str, str]], dict[str, Any]]:
        messages = prompt.render(variables, schema=schema)
        kwargs: dict[str, Any] = dict(self.extra)
        temperature = prompt.temperature if prompt.temperature is not None else self.temperature
        if temperature is not None:
            kwargs["temperature"] = temperature
        max_tokens = self._max_tokens(prompt)
        if max_tokens is not None:
            kwargs["max_tokens"] = max_tokens
            if self.legacy_max_tokens:
                kwargs["extra_body"] = {"max_tokens": max_tokens}
        if self.output_mode == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        elif self.output_mode == "json_schema":
            kwargs["response_format"] = {"type": "json_schema", "json_schema": {
                "name": re.sub(r"[^A-Za-z0-9_-]", "_", schema.__name__)[:64],
                "schema": schema.model_json_schema(), "strict": False}}
        return messages, kwargs

    def _max_tokens(self, prompt: Prompt) -> int | None:
        limits = [n for n in (self.max_tokens, prompt.max_tokens) if n is not None]
        return min(limits) if limits else None

    # ------------------------------------------------------------------ reply

    def _result(self, reply: Any, schema: type[BaseModel], prompt: Prompt, latency: float,
                attempts: int) -> LLMResult:
        text = _content_text(getattr(reply, "content", reply))
        metadata = getattr(reply, "response_metadata", None) or {}
        finish_reason = metadata.get("finish_reason")
        model = metadata.get("model_name") or metadata.get("model") or self.model_name
        where = f"the LLM at {self.endpoint} (model {model})"
        refusal = (getattr(reply, "additional_kwargs", None) or {}).get("refusal")
        if refusal or finish_reason == "content_filter":
            reason = str(refusal).strip() if refusal else "the provider's content filter stopped the answer"
            raise LLMError(f"{where} refused the request: {_clip(reason)}", kind="refusal",
                           hint="rephrase the input; if it is a legitimate OKR draft, try another model")
        if finish_reason == "length":
            limit = self._max_tokens(prompt)
            raise LLMError(f"{where} stopped at the token limit ({limit or 'server default'} tokens) before "
                           f"the answer was complete", kind="truncated",
                           hint="raise [llm] max_tokens in okr-coach.toml, or shorten the input")
        if len(text) > MAX_REPLY_CHARS:
            raise LLMError(f"{where} answered {len(text):,} characters, more than the {MAX_REPLY_CHARS:,} an "
                           "answer may have", kind="invalid_output",
                           hint="check the model and [llm] max_tokens; a well-behaved answer is far shorter")
        try:
            data = extract_json(text)
        except ValueError as exc:
            if _REFUSAL_TEXT.match(text or ""):
                raise LLMError(f"{where} refused the request: {_clip(text)}", kind="refusal",
                               hint="rephrase the input; if it is a legitimate OKR draft, try another model") from None
            raise InvalidOutputError(
                f"{where} did not answer with JSON for {schema.__name__} ({exc}); the reply began "
                f"{_clip(text, 80)!r}", raw_output=text, errors=[str(exc)], schema_name=schema.__name__,
                hint=_INVALID_HINT) from None
        try:
            output = schema.model_validate(data)
        except ValidationError as exc:
            errors = [f"{'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in exc.errors()]
            raise InvalidOutputError(
                f"{where} answered JSON that does not match {schema.__name__}: {'; '.join(errors[:5])}"
                + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""),
                raw_output=text, errors=errors, schema_name=schema.__name__, hint=_INVALID_HINT) from None
        return LLMResult(output=output, usage=_usage(reply), latency_s=latency, model=str(model),
                         attempts=attempts, text=text, finish_reason=finish_reason, prompt=prompt.ref,
                         endpoint=self.endpoint)

    # ------------------------------------------------------------------ errors

    def _error_from_exception(self, exc: Exception, attempts: int) -> Exception:
        """The ``LLMError`` for a client exception; unknown exceptions (our bugs) are returned unchanged."""
        where = f"the LLM at {self.endpoint} (model {self.model_name})"
        tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
        openai = sys.modules.get("openai")  # an openai exception implies the module is loaded already
        timeouts = (TimeoutError, openai.APITimeoutError) if openai else (TimeoutError,)
        connections = (ConnectionError, openai.APIConnectionError) if openai else (ConnectionError,)
        if isinstance(exc, timeouts):
            limit = f" within {self.timeout:g} s, the deadline for the whole call" if self.timeout else ""
            return LLMError(f"{where} did not answer{limit} ({tries}; timeout)", kind="timeout",
                            hint="raise [llm] timeout (OKR_COACH_LLM_TIMEOUT), use a faster model, or run with "
                                 "--offline")
        if isinstance(exc, connections):
            return LLMError(f"cannot connect to {self.endpoint} ({tries}): {_clip(str(exc))}", kind="connection",
                            hint="check that the server is running and that [llm] base_url (OKR_COACH_LLM_BASE_URL) "
                                 "is right, usually ending in /v1; or run with --offline")
        if isinstance(exc, ValueError | IndexError | KeyError | TypeError | AttributeError) and _raised_by_client(exc):
            # the endpoint answered 200 with something that is not a chat completion: an HTML page from a
            # proxy, "choices": [] ... langchain trips over it; it is the endpoint's fault, not ours
            return LLMError(f"{where} answered with something that is not an OpenAI chat completion "
                            f"({type(exc).__name__}: {_clip(str(exc), 120)})", kind="invalid_output",
                            hint="check that [llm] base_url points at an OpenAI-compatible API (ending in /v1), "
                                 "not a web page or proxy")
        if openai is None:
            return exc
        if isinstance(exc, openai.RateLimitError):
            if "insufficient_quota" in str(exc):
                return LLMError(f"{where}: the account behind the API key has no quota left (HTTP 429)",
                                kind="rate_limit", hint="check the plan and billing of the account, or use "
                                                        "another key or endpoint")
            return LLMError(f"{where} is rate-limiting requests (HTTP 429, {tries})", kind="rate_limit",
                            hint="wait a minute and retry, lower the eval concurrency, or raise [llm] max_retries")
        if isinstance(exc, openai.AuthenticationError):
            return LLMError(f"{self.endpoint} rejected the API key (HTTP 401)", kind="error",
                            hint="set OKR_COACH_LLM_API_KEY or OPENAI_API_KEY to a valid key for this endpoint")
        if isinstance(exc, openai.PermissionDeniedError):
            return LLMError(f"{self.endpoint} refused access to model {self.model_name} (HTTP 403)", kind="error",
                            hint="check that the API key may use this model, or set another [llm] model")
        if isinstance(exc, openai.NotFoundError):
            return LLMError(f"{self.endpoint} answered 404 for model '{self.model_name}'", kind="error",
                            hint="check [llm] model (OKR_COACH_LLM_MODEL) names a model this server serves, and "
                                 "that [llm] base_url ends in /v1")
        if isinstance(exc, openai.BadRequestError):
            message = _clip(getattr(exc, "message", str(exc)))
            if "context" in message.lower() and ("length" in message.lower() or "window" in message.lower()):
                return LLMError(f"{where}: the request is longer than the model's context window ({message})",
                                kind="error", hint="shorten the draft or configure a model with a larger context")
            if "response_format" in message or "json_schema" in message:
                return LLMError(f"{where} does not support output mode '{self.output_mode}' ({message})",
                                kind="error", hint="set OKR_COACH_LLM_OUTPUT_MODE=prompt (works with every server)")
            if "temperature" in message.lower():
                return LLMError(f"{where} does not accept the requested temperature ({message})", kind="error",
                                hint="this model accepts only its default temperature: set [llm] temperature = 1")
            return LLMError(f"{where} rejected the request (HTTP 400): {message}", kind="error",
                            hint="check [llm] model and max_tokens; see docs/llm.md")
        if isinstance(exc, openai.APIStatusError):
            return LLMError(f"{where} failed with HTTP {exc.status_code} ({tries}): "
                            f"{_clip(getattr(exc, 'message', str(exc)))}", kind="error",
                            hint="retry later; if it persists, check the server's logs")
        if isinstance(exc, openai.LengthFinishReasonError):
            return LLMError(f"{where} stopped at the token limit before the answer was complete", kind="truncated",
                            hint="raise [llm] max_tokens in okr-coach.toml, or shorten the input")
        if isinstance(exc, openai.ContentFilterFinishReasonError):
            return LLMError(f"{where} refused the request: the content filter stopped the answer", kind="refusal",
                            hint="rephrase the input, or try another model")
        if isinstance(exc, openai.APIResponseValidationError | json.JSONDecodeError) or (
                isinstance(exc, openai.OpenAIError) and "json" in str(exc).lower()):
            return LLMError(f"{where} sent a response that is not valid JSON: {_clip(str(exc))}",
                            kind="invalid_output", hint="check that [llm] base_url points at an OpenAI-compatible "
                                                        "API (ending in /v1), not a web page or proxy")
        if isinstance(exc, openai.OpenAIError):
            return LLMError(f"{where} failed: {_clip(str(exc))}", kind="error", hint="see docs/llm.md")
        return exc


#: The longest reply read (characters). Answers are a few thousand characters even with reasoning shown;
#: a longer one is refused before it is parsed, stored or printed.
MAX_REPLY_CHARS = 250_000

_INVALID_HINT = ("retry; if it keeps happening, try OKR_COACH_LLM_OUTPUT_MODE=json_object (or json_schema) or a "
                 "larger model")


def extract_json(text: str) -> Any:
    """The JSON value in a reply: bare, inside a Markdown code fence, or after a ``<think>`` section.

    Linear in the length of the reply: plain ``str.find`` scans, no backtracking regex (a lazy
    ``<think>.*?</think>`` is quadratic on a reply full of unclosed tags, and it holds the GIL).
    """
    body = _strip_thinking(text or "").strip()
    if not body:
        raise ValueError("the reply is empty")
    fence = _first_fence(body)
    candidates = [fence.strip()] if fence is not None else []
    candidates.append(body)
    start, end = body.find("{"), body.rfind("}")
    if 0 <= start < end:
        candidates.append(body[start:end + 1])
    error: ValueError | None = None
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except ValueError as exc:
            error = error or exc
    raise ValueError(f"not valid JSON: {error}")


def _strip_thinking(text: str) -> str:
    """``text`` without its complete ``<think>...</think>`` sections (an unclosed one stays)."""
    parts, position = [], 0
    while True:
        opening = text.find("<think>", position)
        closing = text.find("</think>", opening + 7) if opening >= 0 else -1
        if closing < 0:  # no later <think> can be closed either
            parts.append(text[position:])
            return "".join(parts)
        parts.append(text[position:opening])
        position = closing + 8


_FENCE_INFO = re.compile(r"[A-Za-z0-9_-]*[ \t]*\n")


def _first_fence(body: str) -> str | None:
    """The body of the first ```` ```lang ```` code fence, or None."""
    position = 0
    while (opening := body.find("```", position)) >= 0:
        info = _FENCE_INFO.match(body, opening + 3)  # stops at the first character outside the info string
        if info is None:
            position = opening + 3
            continue
        closing = body.find("```", info.end())
        if closing < 0:
            return None
        content = body[info.end():closing]
        return content[:-1] if content.endswith("\n") else content
    return None


_CLIENT_MODULES = ("langchain_openai", "langchain_core", "openai", "httpx", "httpx2", "pydantic")


def _raised_by_client(exc: BaseException) -> bool:
    """True when the innermost frame of ``exc`` is in the HTTP/LLM client libraries, not in our code."""
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    module = str(tb.tb_frame.f_globals.get("__name__", ""))
    return module.split(".", 1)[0] in _CLIENT_MODULES


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(block if isinstance(block, str) else str(block.get("text", "")) for block in content
                       if isinstance(block, str | dict))
    return "" if content is None else str(content)


def _usage(reply: Any) -> Usage:
    usage = getattr(reply, "usage_metadata", None) or {}
    return Usage(prompt_tokens=int(usage.get("input_tokens") or 0),
                 completion_tokens=int(usage.get("output_tokens") or 0))


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------- factory


def make_llm(settings, *, output_mode: str | None = None) -> StructuredLLM | None:
    """The configured endpoint as a :class:`StructuredLLM`, or None when no LLM is configured / offline.

    Raises :class:`ConfigError` for settings that cannot work (a bad base URL, OpenAI without a key).
    """
    if not settings.llm_enabled:
        return None
    cfg = settings.llm
    base_url = (cfg.base_url or "").strip() or None
    if base_url is not None:
        parsed = urlparse(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigError(f"[llm] base_url '{base_url}' is not an http(s) URL",
                              hint="write it like http://localhost:11434/v1 (OKR_COACH_LLM_BASE_URL)")
    endpoint = (base_url or OPENAI_ENDPOINT).rstrip("/")
    host = urlparse(endpoint).hostname or ""
    api_key = cfg.api_key
    if not api_key:
        if host == "api.openai.com":
            raise ConfigError(f"no API key for {endpoint} (model {settings.llm_model})",
                              hint="set OPENAI_API_KEY or OKR_COACH_LLM_API_KEY, or point [llm] base_url "
                                   "(OKR_COACH_LLM_BASE_URL) at a local server such as http://localhost:11434/v1")
        api_key = NO_KEY
    mode = output_mode or cfg.output_mode  # the settings loader reads OKR_COACH_LLM_OUTPUT_MODE

    import openai
    from langchain_openai import ChatOpenAI

    chat = ChatOpenAI(
        model=settings.llm_model,
        base_url=base_url,
        api_key=api_key,
        timeout=cfg.timeout,
        max_retries=cfg.max_retries,  # the one retry layer (see the module docstring)
        max_tokens=cfg.max_tokens,
        temperature=cfg.temperature,
        use_responses_api=False,  # Chat Completions: what every OpenAI-compatible server speaks
        http_client=openai.DefaultHttpxClient(event_hooks={"request": [_count_attempt]},
                                              transport=_deadline_transport(asynchronous=False)),
        http_async_client=openai.DefaultAsyncHttpxClient(event_hooks={"request": [_acount_attempt]},
                                                         transport=_deadline_transport(asynchronous=True)),
    )
    return StructuredLLM(chat, model_name=settings.llm_model, endpoint=endpoint, output_mode=mode,  # type: ignore[arg-type]
                         max_tokens=cfg.max_tokens, temperature=cfg.temperature, timeout=cfg.timeout,
                         legacy_max_tokens=not _speaks_max_completion_tokens(host))


def _speaks_max_completion_tokens(host: str) -> bool:
    """OpenAI and Azure read ``max_completion_tokens``; some local servers only read ``max_tokens``."""
    return host == "api.openai.com" or host.endswith(".openai.azure.com")


def _count_attempt(request) -> None:
    counter = _ATTEMPTS.get()
    if counter is not None:
        counter.append(1)


async def _acount_attempt(request) -> None:
    _count_attempt(request)


# ---------------------------------------------------------------------------------------------- deadline


def _deadline_transport(*, asynchronous: bool):
    """An HTTP transport that holds every request of a ``generate()`` call to one deadline.

    httpx's timeouts are per phase (connect, each read), so a server sending one byte every half second
    never times out. This transport caps each phase at the time left, checks the clock after every chunk
    of the body, and refuses a retry the deadline leaves no time for (``x-should-retry: false``). Running
    out raises the openai client's own ``APITimeoutError``, which that client passes on without retrying.
    """
    import openai
    from openai._base_client import DEFAULT_CONNECTION_LIMITS

    try:
        import httpx2 as httpx  # the HTTP library this openai release is built on
    except ImportError:  # pragma: no cover - older openai releases use httpx itself
        import httpx

    def remaining(request) -> float | None:
        deadline = _DEADLINE.get()
        if deadline is None:
            return None
        left = deadline - time.monotonic()
        if left <= 0:
            raise openai.APITimeoutError(request=request)
        timeouts = dict(request.extensions.get("timeout") or {})
        request.extensions["timeout"] = {phase: min(timeouts.get(phase) or left, left)
                                         for phase in ("connect", "read", "write", "pool")}
        return left

    def no_retry_without_time(request, response, left: float) -> None:
        if response.status_code not in (408, 409, 429) and response.status_code < 500:
            return
        retry_after = response.headers.get("retry-after-ms") or response.headers.get("retry-after")
        try:
            wait = float(retry_after) / (1000 if response.headers.get("retry-after-ms") else 1)
        except (TypeError, ValueError):
            retries = int(request.headers.get("x-stainless-retry-count") or 0)
            wait = min(0.5 * 2 ** retries, 8.0)
        if wait >= left:
            response.headers["x-should-retry"] = "false"

    if asynchronous:
        class DeadlineStream(httpx.AsyncByteStream):
            def __init__(self, inner, request) -> None:
                self.inner, self.request = inner, request

            async def __aiter__(self):
                async for chunk in self.inner:
                    remaining(self.request)
                    yield chunk

            async def aclose(self) -> None:
                await self.inner.aclose()

        class AsyncDeadlineTransport(httpx.AsyncBaseTransport):
            def __init__(self) -> None:
                self.inner = httpx.AsyncHTTPTransport(limits=DEFAULT_CONNECTION_LIMITS)

            async def handle_async_request(self, request):
                left = remaining(request)
                try:
                    response = await self.inner.handle_async_request(request)
                except httpx.TimeoutException:
                    remaining(request)  # the deadline, not the server's pace: no retry
                    raise
                if left is not None:
                    no_retry_without_time(request, response, left)
                    response.stream = DeadlineStream(response.stream, request)
                return response

            async def aclose(self) -> None:
                await self.inner.aclose()

        return AsyncDeadlineTransport()

    class SyncDeadlineStream(httpx.SyncByteStream):
        def __init__(self, inner, request) -> None:
            self.inner, self.request = inner, request

        def __iter__(self):
            for chunk in self.inner:
                remaining(self.request)
                yield chunk

        def close(self) -> None:
            self.inner.close()

    class DeadlineTransport(httpx.BaseTransport):
        def __init__(self) -> None:
            self.inner = httpx.HTTPTransport(limits=DEFAULT_CONNECTION_LIMITS)

        def handle_request(self, request):
            left = remaining(request)
            try:
                response = self.inner.handle_request(request)
            except httpx.TimeoutException:
                remaining(request)
                raise
            if left is not None:
                no_retry_without_time(request, response, left)
                response.stream = SyncDeadlineStream(response.stream, request)
            return response

        def close(self) -> None:
            self.inner.close()

    return DeadlineTransport()
