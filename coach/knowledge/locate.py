"""Where the built-in methodology notes (``knowledge/*.md``) are.

Looked up in this order:

1. ``OKR_COACH_KNOWLEDGE_DIR`` (any folder of Markdown notes);
2. ``coach/_knowledge/`` inside the installed package (a wheel that ships the notes as package data);
3. ``knowledge/`` next to the ``coach`` package (a repository checkout or an editable install);
4. ``<sys.prefix>/share/okr-coach/knowledge`` (a wheel that ships them as shared data).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from coach.errors import ConfigError

ENV_VAR = "OKR_COACH_KNOWLEDGE_DIR"


def candidate_dirs() -> list[Path]:
    package = Path(__file__).resolve().parents[1]  # .../coach
    return [package / "_knowledge", package.parent / "knowledge",
            Path(sys.prefix) / "share" / "okr-coach" / "knowledge"]


def find_knowledge_dir() -> Path | None:
    """The folder of built-in notes, or ``None`` when this installation has none."""
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override).expanduser()
        if not path.is_dir():
            raise ConfigError(f"{ENV_VAR}={override}: no such folder",
                              hint="point it at a folder of Markdown notes, or unset it")
        return path
    for path in candidate_dirs():
        if path.is_dir() and any(path.glob("*.md")):
            return path
    return None


def builtin_notes(folder: Path) -> list[Path]:
    """The notes indexed as built-in: every ``*.md`` directly in the folder, sorted (the README too: it
    answers questions about the coach itself, such as how to add a team playbook)."""
    return sorted(p for p in folder.glob("*.md") if p.is_file())
