"""Input limits of the web app, checked before any parsing or model call.

The size limit on pasted text is ``settings.ui.max_draft_chars`` (default 20,000 characters); uploads
are capped by Gradio's ``max_file_size`` (``settings.ui.max_file_mb``) *and* re-checked here, together
with the allowed file types, because a client can skip the browser's checks.
"""

from __future__ import annotations

from pathlib import Path

from coach.errors import CoachError, InputTooLargeError

DRAFT_TYPES = (".md", ".markdown", ".txt", ".yaml", ".yml", ".json")
CHECKIN_TYPES = (".csv", ".yaml", ".yml", ".json", ".md", ".txt")
DOCUMENT_TYPES = (".md", ".markdown", ".txt", ".pdf")


def check_draft_size(text: str, max_chars: int, *, what: str = "The pasted text") -> None:
    """Refuse text over ``max_chars`` with a message that names the limit and the fix."""
    if len(text) > max_chars:
        raise InputTooLargeError(
            f"{what} has {len(text):,} characters; the limit is {max_chars:,} (setting ui.max_draft_chars)",
            hint="paste one team's OKRs at a time, or raise ui.max_draft_chars in okr-coach.toml")


def check_upload(path: str | Path, allowed: tuple[str, ...], max_mb: float, *, field: str) -> Path:
    """An uploaded file's path, after checking its type and size; raises :class:`CoachError` otherwise."""
    p = Path(path)
    name = p.name
    if p.suffix.lower() not in allowed:
        raise CoachError(f"{field}: '{name}' is not an accepted file type",
                         hint=f"upload one of {', '.join(allowed)}")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise CoachError(f"{field}: '{name}' could not be read ({exc.strerror})", hint="upload it again") from exc
    if size > max_mb * 1_000_000:
        raise InputTooLargeError(f"{field}: '{name}' is {size / 1_000_000:.1f} MB; the limit is {max_mb:g} MB "
                                 "(setting ui.max_file_mb)", hint="upload a smaller file")
    return p


def read_text_upload(path: Path, max_chars: int, *, field: str) -> str:
    """A text upload decoded as UTF-8, refusing binary content and text over ``max_chars``."""
    data = path.read_bytes()
    if b"\x00" in data:
        raise CoachError(f"{field}: '{path.name}' looks like a binary file",
                         hint="export it as plain text, Markdown, CSV, YAML or JSON")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CoachError(f"{field}: '{path.name}' byte {exc.start} is not valid UTF-8",
                         hint="save the file as UTF-8 text") from exc
    check_draft_size(text, max_chars, what=f"{field}: '{path.name}'")
    return text
