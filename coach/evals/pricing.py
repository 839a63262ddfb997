"""Token prices per model, to put a cost on an eval run. Unknown models cost "n/a", never a guess.

Defaults are list prices in US dollars per million tokens at the time of writing. Override or extend them
with a TOML file (``--prices FILE``, or ``<data_dir>/evals/prices.toml`` when it exists)::

    [models."gpt-4o-mini"]
    input = 0.15     # USD per 1M prompt tokens
    output = 0.60    # USD per 1M completion tokens
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from coach.errors import ConfigError

DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}


def load_prices(path: Path | None = None, *, data_dir: Path | None = None) -> dict[str, tuple[float, float]]:
    prices = dict(DEFAULT_PRICES)
    if path is None and data_dir is not None and (Path(data_dir) / "evals" / "prices.toml").is_file():
        path = Path(data_dir) / "evals" / "prices.toml"
    if path is None:
        return prices
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read as TOML ({exc})",
                          hint='write [models."NAME"] tables with input and output prices') from exc
    for name, entry in (data.get("models") or {}).items():
        try:
            prices[name] = (float(entry["input"]), float(entry["output"]))
        except (TypeError, KeyError, ValueError) as exc:
            raise ConfigError(f"{path}: models.{name} needs numeric 'input' and 'output' (USD per 1M tokens)",
                              hint="e.g. input = 0.15, output = 0.60") from exc
    return prices


def cost_usd(model: str | None, prompt_tokens: int, completion_tokens: int,
             prices: dict[str, tuple[float, float]]) -> float | None:
    """Dollar cost of the tokens, or None when the model has no known price (shown as 'n/a')."""
    if not model or model not in prices:
        return None if prompt_tokens or completion_tokens else 0.0
    price_in, price_out = prices[model]
    return (prompt_tokens * price_in + completion_tokens * price_out) / 1_000_000
