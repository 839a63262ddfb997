"""Chat streaming sends what changed, not every step (issue 13: a 20,000-character draft made 315 updates).

:func:`coach.ui.chat.coalesce` is fed scripted view sequences (test data, not a mock of our logic) and the
bench/bench_chat_stream.py times the real ``respond`` on a 20,000-character draft.
"""

from __future__ import annotations

import threading
import time

from coach.ui.chat import ChatSession, ChatView, coalesce


def views(n: int, *, pause_after: int | None = None, pause: threading.Event | None = None):
    for i in range(n):
        yield ChatView(history=[{"role": "assistant", "content": str(i)}], session=ChatSession())
        if pause_after is not None and i == pause_after:
            assert pause is not None
            pause.wait(10)


def test_a_burst_of_views_becomes_a_few_updates_and_the_last_is_always_sent():
    sent = [v.history[0]["content"] for v in coalesce(views(500), interval=0.5)]
    assert sent[0] == "0" and sent[-1] == "499"
    assert len(sent) <= 4


def test_a_waiting_view_is_sent_when_the_interval_ends_not_when_the_next_event_comes():
    release = threading.Event()
    stream = coalesce(views(3, pause_after=1, pause=release), interval=0.2)
    assert next(stream).history[0]["content"] == "0"
    started = time.monotonic()
    second = next(stream)  # view 1 arrived inside the interval; view 2 waits for `release`
    assert second.history[0]["content"] == "1"
    assert time.monotonic() - started < 5
    release.set()
    assert [v.history[0]["content"] for v in stream] == ["2"]


def test_an_error_in_the_worker_reaches_the_caller():
    def broken():
        yield ChatView(history=[], session=ChatSession())
        raise RuntimeError("boom")

    stream = coalesce(broken(), interval=0.1)
    next(stream)
    try:
        list(stream)
    except RuntimeError as exc:
        assert str(exc) == "boom"
    else:
        raise AssertionError("the error was swallowed")
