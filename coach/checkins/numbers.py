"""How numbers are written in narratives, one formatter for every writer and flag message."""

from __future__ import annotations


def fmt_num(value: float) -> str:
    """``58.0`` -> ``58``; ``0.583`` -> ``0.58``; ``12500`` -> ``12,500``. Never scientific notation."""
    if value != value or value in (float("inf"), float("-inf")):
        return "n/a"
    rounded = round(value, 2)
    if float(rounded).is_integer():
        text = f"{int(rounded):,}" if abs(rounded) >= 10_000 else str(int(rounded))
    else:
        text = f"{rounded:,.2f}".rstrip("0") if abs(rounded) >= 10_000 else f"{rounded:.2f}".rstrip("0")
    return text


def fmt_quantity(value: float, unit: str | None) -> str:
    """A value with its unit: ``58%``, ``1,200 EUR``, ``3.5 hours``."""
    if unit == "%":
        return f"{fmt_num(value)}%"
    if unit:
        return f"{fmt_num(value)} {unit}"
    return fmt_num(value)


def fmt_pct(value: float) -> str:
    """A percentage figure rounded to a whole number: ``58%``."""
    return f"{round(value)}%"


def fmt_score(value: float) -> str:
    """A 0.0-1.0 grade: ``0.0``, ``0.6``, ``0.58``, ``1.0``."""
    text = f"{value:.2f}"
    return text[:-1] if text.endswith("0") else text


def points(n: int) -> str:
    """``1 point``, ``12 points``."""
    return f"{n} point" if abs(n) == 1 else f"{n} points"


def sentence(text: str) -> str:
    """User text as one sentence: trailing spaces and dots trimmed, a full stop added unless it ends in ? or !."""
    text = text.strip().rstrip(". ")
    return text if text.endswith(("?", "!")) else text + "."
