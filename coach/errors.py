"""Errors a user can cause.

Every error the user can trigger subclasses :class:`CoachError`. Messages name the place (file, line,
field or flag) and say what to do, e.g. ``draft.md line 7: 'KR1.2' has no objective above it; start the
block with 'Objective:'``. The CLI maps them to exit code 2; the web app shows them as a message.
"""

from __future__ import annotations


class CoachError(Exception):
    """Base class of every error caused by input, configuration or environment the user controls."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message}; {hint}")


class ParseError(CoachError):
    """A draft (text, Markdown, YAML or JSON) could not be read as an OKR set."""

    def __init__(self, message: str, *, source: str = "<draft>", line: int | None = None,
                 hint: str | None = None) -> None:
        self.source = source
        self.line = line
        where = source if line is None else f"{source} line {line}"
        super().__init__(f"{where}: {message}", hint=hint)


class ConfigError(CoachError):
    """A configuration file, environment variable or flag has an invalid value."""


class PromptError(CoachError):
    """A prompt file in prompts/ is malformed, or a variable is missing."""


class LLMError(CoachError):
    """The LLM endpoint failed (timeout, rate limit, refusal, truncation, invalid output)."""

    def __init__(self, message: str, *, kind: str = "error", hint: str | None = None) -> None:
        self.kind = kind  # timeout | rate_limit | refusal | truncated | invalid_output | connection | error
        super().__init__(message, hint=hint)


class KnowledgeError(CoachError):
    """The knowledge base cannot be used (busy, half-written, embedding model mismatch...)."""


class KnowledgeBusyError(KnowledgeError):
    """Another process is writing to the knowledge base."""


class StoreError(CoachError):
    """The check-in store rejected an operation (bad row, unknown OKR set...)."""


class InputTooLargeError(CoachError):
    """Input is larger than the documented limit."""
