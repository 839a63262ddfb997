"""The structure a parsed draft has, in the shape layout tests compare: [(objective, [key results])]."""

from __future__ import annotations

import datetime as dt

from coach.parse import parse_draft

TODAY = dt.date(2026, 5, 10)


def structure(text: str, source: str = "draft.md") -> list[tuple[str, list[str]]]:
    okr_set = parse_draft(text, source=source, today=TODAY)
    return [(o.text, [kr.text for kr in o.key_results]) for o in okr_set.objectives]
