"""What knowledge-base operations return (pydantic, so the CLI and the web app can render them as JSON)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class DocumentResult(BaseModel):
    """What one ``add`` did to one document."""

    source: str
    name: str
    status: Literal["added", "updated", "unchanged"]
    chunks_added: int = 0
    chunks_removed: int = 0
    chunks_unchanged: int = 0


class Skipped(BaseModel):
    path: str
    reason: str


class IngestReport(BaseModel):
    documents: list[DocumentResult] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)

    @property
    def chunks_added(self) -> int:
        return sum(d.chunks_added for d in self.documents)

    @property
    def chunks_unchanged(self) -> int:
        return sum(d.chunks_unchanged for d in self.documents)

    @property
    def chunks_removed(self) -> int:
        return sum(d.chunks_removed for d in self.documents)

    def summary(self) -> str:
        """e.g. ``"0 added, 14 unchanged, 0 removed passages in 1 document; 1 file skipped"``."""
        count = len(self.documents)
        text = (f"{self.chunks_added} added, {self.chunks_unchanged} unchanged, {self.chunks_removed} removed "
                f"passages in {count} document{'s' if count != 1 else ''}")
        if self.skipped:
            text += f"; {len(self.skipped)} file{'s' if len(self.skipped) != 1 else ''} skipped"
        return text

    def merge(self, other: IngestReport) -> IngestReport:
        return IngestReport(documents=self.documents + other.documents, skipped=self.skipped + other.skipped)


class SourceInfo(BaseModel):
    """One indexed document, as ``knowledge list`` shows it."""

    source: str = Field(description="'knowledge/key-results.md' for built-in notes, else the absolute path.")
    name: str = Field(description="File name; citations read NAME#anchor.")
    origin: Literal["builtin", "added"]
    kind: str
    chunks: int
    sections: int
    digest: str = Field(description="sha256 of the file when it was indexed.")
    indexed_at: str | None = None
