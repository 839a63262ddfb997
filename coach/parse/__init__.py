"""Drafts in, typed model out: text, Markdown, YAML and JSON -> :class:`coach.model.OkrSet`.

Public entry points (see docs/architecture.md and docs/draft-format.md):

* :func:`parse_draft` - a whole draft; raises :class:`coach.errors.ParseError` and nothing else.
* :func:`extract_measure` - the quantity of one key result; never raises.
* :func:`parse_period` - a cycle phrase -> :class:`Period` with dates, or None.
* :func:`find_deadline` - the deadline phrase of a key result, or None.

Everything here is pure and cheap to import (no PyYAML until a YAML draft arrives).
"""

from coach.parse.draft import MAX_DRAFT_CHARS, DraftTooLargeError, detect_format, parse_draft
from coach.parse.measure import extract_measure
from coach.parse.period import Period, find_deadline, parse_period

__all__ = [
    "MAX_DRAFT_CHARS", "DraftTooLargeError", "Period", "detect_format", "extract_measure", "find_deadline",
    "parse_draft", "parse_period",
]
