"""Which Chroma to talk to: an embedded store in the data directory, or a Chroma server.

``settings.chroma_url`` unset -> ``chromadb.PersistentClient(settings.data_dir / "knowledge")``;
set (``http://host:8000``, ``https://chroma.example.com``) -> ``chromadb.HttpClient`` with that host, port
and TLS. :func:`client_spec` makes the choice without importing chromadb, so it is tested without a network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from coach.errors import ConfigError, KnowledgeError

COLLECTION = "okr-coach-knowledge"


@dataclass(frozen=True)
class ClientSpec:
    kind: str  # "persistent" | "http"
    path: Path | None = None
    host: str | None = None
    port: int | None = None
    ssl: bool = False

    @property
    def where(self) -> str:
        """How messages name the store."""
        if self.kind == "persistent":
            return str(self.path)
        scheme = "https" if self.ssl else "http"
        return f"{scheme}://{self.host}:{self.port}"


def client_spec(settings) -> ClientSpec:
    """Pick the client from the settings (pure)."""
    if not settings.chroma_url:
        return ClientSpec("persistent", path=Path(settings.data_dir).expanduser() / "knowledge")
    url = settings.chroma_url.strip()
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"chroma_url = {settings.chroma_url!r}: not an http(s) URL",
                          hint="use e.g. 'http://chroma.internal:8000' (OKR_COACH_CHROMA_URL or chroma_url)")
    try:
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"chroma_url = {settings.chroma_url!r}: invalid port",
                          hint="use e.g. 'http://chroma.internal:8000'") from exc
    ssl = parts.scheme == "https"
    return ClientSpec("http", host=parts.hostname, port=port or (443 if ssl else 8000), ssl=ssl)


def make_client(spec: ClientSpec):
    """A chromadb client for ``spec`` (telemetry off: nothing leaves the machine unasked)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if spec.kind == "persistent":
        assert spec.path is not None
        try:
            spec.path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(spec.path), settings=chroma_settings)
        except Exception as exc:  # noqa: BLE001 - chromadb raises many types for an unusable folder
            raise KnowledgeError(f"cannot open the knowledge base at {spec.path} ({exc})",
                                 hint="check the folder's permissions, or run `okr-coach knowledge rebuild`") from exc
    try:
        return chromadb.HttpClient(host=spec.host, port=spec.port, ssl=spec.ssl, settings=chroma_settings)
    except Exception as exc:  # noqa: BLE001 - connection errors surface here
        raise KnowledgeError(f"cannot reach the Chroma server at {spec.where} ({exc})",
                             hint="start the server, or unset chroma_url / OKR_COACH_CHROMA_URL to use the local store") from exc


def reopened(client, spec: ClientSpec):
    """A new client for ``spec`` that reads the store again from disk; the old one is stopped later.

    An embedded (persistent) store keeps its vector index in memory: passages another process (the CLI)
    wrote since are in the store's SQLite file but not in this process's index until it is read again.
    chromadb shares one client system per folder and process, so that system is taken out of its cache
    first. A Chroma server needs none of this: every client asks the one server.
    """
    if spec.kind != "persistent":
        return client
    from chromadb.api.shared_system_client import SharedSystemClient

    identifier = getattr(client, "_identifier", None)
    with SharedSystemClient._refcount_lock:
        old = SharedSystemClient._identifier_to_system.pop(identifier, None)
        SharedSystemClient._identifier_to_refcount.pop(identifier, None)
    fresh = make_client(spec)
    if old is not None:  # a search in another thread may still use it: stop it at the next reopening
        _retire(old)
    return fresh


_RETIRED: list = []


def _retire(system) -> None:
    while _RETIRED:
        try:
            _RETIRED.pop().stop()
        except Exception:  # noqa: BLE001 - it is dropped either way
            pass
    _RETIRED.append(system)
