"""A langchain chat model that answers from a queue: the LLM of every unit test.

    fake = FakeChatModel()
    fake.enqueue(RewriteBatch(rewrites=[...]))            # a pydantic object -> its JSON
    fake.enqueue('{"answer": "..."}', usage=(120, 40))    # a string, sent as the reply text
    fake.enqueue({"answer": "..."})                       # a dict/list -> its JSON
    fake.enqueue("partial", finish_reason="length")       # a truncated reply
    fake.enqueue(None, refusal="I can't help with that")  # a refusal
    fake.enqueue(TimeoutError("slow"))                    # an exception, raised by the call
    llm = StructuredLLM(fake)
    ...
    fake.requests[0].system, fake.requests[0].user, fake.requests[0].kwargs

A request with nothing left in the queue fails the test with :class:`FakeQueueEmpty`. Safe to use from
several threads (eval runs with concurrency).
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import BaseModel, PrivateAttr

__all__ = ["FakeChatModel", "FakeRequest", "FakeQueueEmpty"]

_ROLES = {"human": "user", "ai": "assistant", "system": "system", "tool": "tool"}


class FakeQueueEmpty(AssertionError):
    """The fake model got a request but the test enqueued no reply for it."""


@dataclass
class FakeRequest:
    """One request the fake received: messages as ``{"role", "content"}`` dicts and the call's kwargs."""

    messages: list[dict[str, Any]]
    kwargs: dict[str, Any] = field(default_factory=dict)

    def content(self, role: str) -> str:
        for message in self.messages:
            if message["role"] == role:
                return message["content"]
        raise KeyError(f"no {role!r} message in the request")

    @property
    def system(self) -> str:
        return self.content("system")

    @property
    def user(self) -> str:
        return self.content("user")


@dataclass
class _Scripted:
    response: Any
    usage: tuple[int, int] | None
    finish_reason: str
    refusal: str | None


class FakeChatModel(BaseChatModel):
    """Replies from a queue filled with :meth:`enqueue`; records every request in :attr:`requests`."""

    model_name: str = "fake-chat-model"
    default_usage: tuple[int, int] | None = None  # (prompt_tokens, completion_tokens) for every reply

    _queue: deque = PrivateAttr(default_factory=deque)
    _requests: list = PrivateAttr(default_factory=list)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, responses: tuple | list = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for response in responses:
            self.enqueue(response)

    def enqueue(self, response: Any, *, usage: tuple[int, int] | None = None, finish_reason: str = "stop",
                refusal: str | None = None) -> FakeChatModel:
        """Queue one reply: a str, a pydantic object or dict/list (sent as JSON), an ``AIMessage``, or an
        exception to raise. Returns the model, so calls chain."""
        with self._lock:
            self._queue.append(_Scripted(response, usage, finish_reason, refusal))
        return self

    @property
    def requests(self) -> list[FakeRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def pending(self) -> int:
        """Replies enqueued but not used yet (assert 0 at the end of a test that should use them all)."""
        with self._lock:
            return len(self._queue)

    @property
    def _llm_type(self) -> str:
        return "okr-coach-fake"

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        with self._lock:
            self._requests.append(FakeRequest(
                messages=[{"role": _ROLES.get(m.type, m.type), "content": m.content} for m in messages],
                kwargs=dict(kwargs)))
            number = len(self._requests)
            if not self._queue:
                raise FakeQueueEmpty(f"FakeChatModel got request #{number} but no reply is enqueued")
            scripted = self._queue.popleft()
        message = self._message(scripted)
        return ChatResult(generations=[ChatGeneration(
            message=message, generation_info={"finish_reason": message.response_metadata.get("finish_reason")})])

    def _message(self, scripted: _Scripted) -> AIMessage:
        response = scripted.response
        if isinstance(response, BaseException):
            raise response
        if isinstance(response, AIMessage):
            return response
        if isinstance(response, BaseModel):
            text = response.model_dump_json()
        elif isinstance(response, dict | list):
            text = json.dumps(response)
        elif response is None:
            text = ""
        else:
            text = str(response)
        usage = scripted.usage or self.default_usage
        extra = {"refusal": scripted.refusal} if scripted.refusal is not None else {}
        return AIMessage(
            content=text,
            additional_kwargs=extra,
            response_metadata={"finish_reason": scripted.finish_reason, "model_name": self.model_name},
            usage_metadata=None if usage is None else {
                "input_tokens": usage[0], "output_tokens": usage[1], "total_tokens": usage[0] + usage[1]},
        )
