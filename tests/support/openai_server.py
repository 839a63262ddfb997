"""A scripted OpenAI-compatible HTTP server for tests of the real client path.

It listens on 127.0.0.1 on a free port, in a background thread (stdlib ``http.server``), and serves

- ``POST /v1/chat/completions``: each request takes the next reply from a queue that the test fills
  (a normal answer with usage, HTTP 429 with ``retry-after``, a delay longer than the client timeout,
  a malformed body, a refusal, ``finish_reason: "length"``, any HTTP error). An empty queue answers
  HTTP 500 with a message saying so, so a test that forgot a reply fails loudly;
- ``POST /v1/embeddings``: deterministic fake vectors (a hash of each input, unit length) of a
  configurable dimension, independent of the chat queue.

Every request is recorded (method, path, headers, raw body, parsed JSON) for assertions::

    with ScriptedOpenAIServer() as server:
        server.enqueue_rate_limit(retry_after=0.01)
        server.enqueue_json({"answer": "..."})
        ... settings.llm.base_url = server.base_url ...
        assert len(server.chat_requests) == 2
"""

from __future__ import annotations

import hashlib
import json
import math
import queue
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["ScriptedOpenAIServer", "RecordedRequest", "Reply"]


@dataclass
class RecordedRequest:
    """One HTTP request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    raw: bytes
    json: Any = None  # the parsed body, or None when it was not JSON

    @property
    def messages(self) -> list[dict]:
        """The chat messages of a chat-completions request."""
        return list((self.json or {}).get("messages", []))

    def message(self, role: str) -> str:
        """The content of the first message with ``role`` (``"system"``, ``"user"``)."""
        for message in self.messages:
            if message.get("role") == role:
                content = message.get("content")
                if isinstance(content, list):  # content parts
                    return "".join(part.get("text", "") for part in content if isinstance(part, dict))
                return content or ""
        raise KeyError(f"no {role!r} message in the request")


@dataclass
class Reply:
    """One scripted reply: a status, headers and a body, optionally after a delay."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    trickle: float = 0.0  # seconds between single bytes of the body (a server that never quite stalls)


class ScriptedOpenAIServer:
    """Context manager running the scripted server; see the module docstring."""

    def __init__(self, *, model: str = "scripted-model", embedding_dim: int = 16) -> None:
        self.model = model
        self.embedding_dim = embedding_dim
        self.requests: list[RecordedRequest] = []
        self._replies: queue.Queue[Reply] = queue.Queue()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> ScriptedOpenAIServer:
        server = self

        class Handler(_Handler):
            scripted = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="scripted-openai",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping on a scripted delay
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedOpenAIServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "start the server first"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """What to put in ``settings.llm.base_url``."""
        return f"http://127.0.0.1:{self.port}/v1"

    # ------------------------------------------------------------------ recorded requests

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    @property
    def embedding_requests(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/embeddings")]

    @property
    def pending(self) -> int:
        """Scripted chat replies not consumed yet."""
        return self._replies.qsize()

    # ------------------------------------------------------------------ scripting

    def enqueue(self, reply: Reply) -> None:
        self._replies.put(reply)

    def enqueue_answer(self, content: str | None, *, finish_reason: str = "stop",
                       usage: tuple[int, int] | None = (11, 7), refusal: str | None = None,
                       delay: float = 0.0, trickle: float = 0.0) -> None:
        """A normal chat completion whose message content is ``content``."""
        message: dict[str, Any] = {"role": "assistant", "content": content}
        if refusal is not None:
            message["refusal"] = refusal
        body: dict[str, Any] = {
            "id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()),
            "model": self.model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}],
        }
        if usage is not None:
            body["usage"] = {"prompt_tokens": usage[0], "completion_tokens": usage[1],
                             "total_tokens": usage[0] + usage[1]}
        self.enqueue(Reply(body=json.dumps(body).encode(), headers={"content-type": "application/json"},
                           delay=delay, trickle=trickle))

    def enqueue_json(self, payload: Any, **kwargs) -> None:
        """A normal answer whose content is ``payload`` serialised as JSON (a pydantic object or plain data)."""
        if hasattr(payload, "model_dump_json"):
            text = payload.model_dump_json()
        else:
            text = json.dumps(payload)
        self.enqueue_answer(text, **kwargs)

    def enqueue_rate_limit(self, *, retry_after: float | None = 0.01) -> None:
        """HTTP 429 with ``retry-after`` / ``retry-after-ms`` headers (seconds; None sends neither)."""
        headers = {"content-type": "application/json"}
        if retry_after is not None:
            headers["retry-after"] = f"{retry_after:g}"
            headers["retry-after-ms"] = f"{retry_after * 1000:g}"
        body = {"error": {"message": "Rate limit reached (scripted)", "type": "requests",
                          "code": "rate_limit_exceeded", "param": None}}
        self.enqueue(Reply(status=429, body=json.dumps(body).encode(), headers=headers))

    def enqueue_error(self, status: int, message: str = "scripted error", *, code: str | None = None) -> None:
        body = {"error": {"message": message, "type": "invalid_request_error", "code": code, "param": None}}
        self.enqueue(Reply(status=status, body=json.dumps(body).encode(),
                           headers={"content-type": "application/json"}))

    def enqueue_delay(self, seconds: float, content: str = "{}") -> None:
        """Answer ``content`` only after ``seconds`` (set it longer than the client timeout)."""
        self.enqueue_answer(content, delay=seconds)

    def enqueue_trickle(self, seconds_per_byte: float, content: str = '{"answer": "slow"}') -> None:
        """A normal answer sent one byte at a time: every read succeeds, the whole takes forever."""
        self.enqueue_answer(content, trickle=seconds_per_byte)

    def enqueue_malformed_body(self) -> None:
        """HTTP 200 with a body that is not JSON at all."""
        self.enqueue(Reply(body=b'{"id": "chatcmpl-broken", "choices": [', headers={"content-type": "application/json"}))

    def enqueue_malformed_content(self, content: str = '{"answer": "unterminated') -> None:
        """A well-formed completion whose message content is not valid JSON."""
        self.enqueue_answer(content)

    def enqueue_refusal(self, text: str = "I'm sorry, but I can't help with that.", *,
                        field: bool = True) -> None:
        """A refusal: ``message.refusal`` set (``field=True``, content null) or only a refusal text."""
        if field:
            self.enqueue_answer(None, refusal=text)
        else:
            self.enqueue_answer(text)

    def enqueue_truncated(self, content: str = '{"answer": "The first half of an ans') -> None:
        """A reply cut off by the token limit: ``finish_reason: "length"``."""
        self.enqueue_answer(content, finish_reason="length")

    # ------------------------------------------------------------------ serving

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _next_reply(self) -> Reply:
        try:
            return self._replies.get_nowait()
        except queue.Empty:
            body = {"error": {"message": "ScriptedOpenAIServer: no scripted reply left for this request",
                              "type": "server_error", "code": None, "param": None}}
            return Reply(status=500, body=json.dumps(body).encode(), headers={"content-type": "application/json",
                                                                              "x-should-retry": "false"})

    def _embeddings(self, payload: Any) -> Reply:
        inputs = payload.get("input") if isinstance(payload, dict) else None
        if isinstance(inputs, (str, int)) or (isinstance(inputs, list) and inputs and isinstance(inputs[0], int)):
            inputs = [inputs]
        if not isinstance(inputs, list):
            return Reply(status=400, body=b'{"error": {"message": "input must be a string or a list"}}',
                         headers={"content-type": "application/json"})
        data = [{"object": "embedding", "index": i, "embedding": self.vector(item)} for i, item in enumerate(inputs)]
        tokens = sum(len(str(item).split()) for item in inputs)
        body = {"object": "list", "data": data, "model": payload.get("model", self.model),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}
        return Reply(body=json.dumps(body).encode(), headers={"content-type": "application/json"})

    def vector(self, item: Any) -> list[float]:
        """The deterministic unit vector the server returns for one embedding input."""
        text = item if isinstance(item, str) else json.dumps(item)
        values: list[float] = []
        counter = 0
        while len(values) < self.embedding_dim:
            digest = hashlib.sha256(f"{counter}:{text}".encode()).digest()
            values.extend(v / 2**31 - 1.0 for v in struct.unpack("<8I", digest))
            counter += 1
        values = values[: self.embedding_dim]
        norm = math.sqrt(sum(v * v for v in values)) or 1.0
        return [v / norm for v in values]


class _Handler(BaseHTTPRequestHandler):
    scripted: ScriptedOpenAIServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:  # noqa: A002 - keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        self._read_and_record()
        if self.path.rstrip("/").endswith("/models"):
            body = {"object": "list", "data": [{"id": self.scripted.model, "object": "model"}]}
            self._send(Reply(body=json.dumps(body).encode(), headers={"content-type": "application/json"}))
        else:
            self._send(Reply(status=404, body=b'{"error": {"message": "not found"}}'))

    def do_POST(self) -> None:  # noqa: N802
        payload = self._read_and_record()
        path = self.path.split("?", 1)[0].rstrip("/")
        if path.endswith("/chat/completions"):
            reply = self.scripted._next_reply()
        elif path.endswith("/embeddings"):
            reply = self.scripted._embeddings(payload)
        else:
            reply = Reply(status=404, body=b'{"error": {"message": "unknown path (scripted server)"}}',
                          headers={"content-type": "application/json"})
        if reply.delay and self.scripted._stopping.wait(reply.delay):
            return  # shutting down
        self._send(reply)

    def _read_and_record(self) -> Any:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        self.scripted._record(RecordedRequest(method=self.command, path=self.path,
                                              headers={k.lower(): v for k, v in self.headers.items()},
                                              raw=raw, json=parsed))
        return parsed

    def _send(self, reply: Reply) -> None:
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(reply.body)))
            self.end_headers()
            if reply.trickle:
                for i in range(len(reply.body)):
                    if self.scripted._stopping.wait(reply.trickle):
                        return
                    self.wfile.write(reply.body[i:i + 1])
                    self.wfile.flush()
            else:
                self.wfile.write(reply.body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            self.close_connection = True
