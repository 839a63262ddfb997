"""StructuredLLM over the fake chat model: parsing, error kinds, usage, request shape; extract_json."""

from __future__ import annotations

import asyncio
import threading

import pytest
from langchain_core.messages import AIMessage

from coach.ask import AskReply
from coach.errors import LLMError
from coach.llm import InvalidOutputError, StructuredLLM, Usage, load_prompt
from coach.llm.client import extract_json
from coach.llm.fake import FakeChatModel, FakeQueueEmpty

VARS = {"question": "How many KRs?", "history": "[]", "passages": "[]"}


@pytest.fixture
def prompt():
    return load_prompt("answer_question")


def test_fake_replies_in_order_and_records_requests(fake_chat, prompt):
    fake_chat.enqueue(AskReply(answer="first")).enqueue({"answer": "second"}, usage=(10, 3))
    llm = StructuredLLM(fake_chat, max_tokens=300, temperature=0.7)
    one = llm.generate(prompt, VARS)  # schema defaults to the prompt's output_schema
    two = llm.generate(prompt, VARS, schema=AskReply)

    assert (one.output.answer, two.output.answer) == ("first", "second")
    assert one.usage == Usage() and two.usage == Usage(prompt_tokens=10, completion_tokens=3)
    assert one.model == "fake-chat-model" and one.attempts == 1
    request = fake_chat.requests[0]
    assert request.kwargs == {"temperature": prompt.temperature, "max_tokens": 300}
    assert request.system == prompt.render(VARS)[0]["content"]
    assert '<data name="question"' in request.user
    assert fake_chat.pending == 0


def test_empty_queue_fails_the_test_loudly(fake_chat, prompt):
    with pytest.raises(FakeQueueEmpty, match="request #1"):
        StructuredLLM(fake_chat).generate(prompt, VARS)


@pytest.mark.parametrize("exc, kind", [
    (TimeoutError("slow"), "timeout"),
    (ConnectionError("refused"), "connection"),
    (LLMError("already mapped", kind="rate_limit"), "rate_limit"),
])
def test_exceptions_become_llm_errors(fake_chat, prompt, exc, kind):
    fake_chat.enqueue(exc)
    with pytest.raises(LLMError) as info:
        StructuredLLM(fake_chat, endpoint="http://example.test/v1").generate(prompt, VARS)
    assert info.value.kind == kind


def test_our_own_bugs_are_not_disguised_as_llm_errors(fake_chat, prompt):
    fake_chat.enqueue(KeyError("bug"))
    with pytest.raises(KeyError):
        StructuredLLM(fake_chat).generate(prompt, VARS)


@pytest.mark.parametrize("reply, options, kind", [
    ('{"answer": "cut', {"finish_reason": "length"}, "truncated"),
    (None, {"refusal": "No."}, "refusal"),
    ("", {"finish_reason": "content_filter"}, "refusal"),
    ("I cannot help with that request.", {}, "refusal"),
    ("The answer is five.", {}, "invalid_output"),
    ('{"used_passages": []}', {}, "invalid_output"),
    ("", {}, "invalid_output"),
])
def test_reply_problems_have_their_kind(fake_chat, prompt, reply, options, kind):
    fake_chat.enqueue(reply, **options)
    with pytest.raises(LLMError) as info:
        StructuredLLM(fake_chat, endpoint="http://example.test/v1").generate(prompt, VARS)
    assert info.value.kind == kind
    assert "http://example.test/v1" in str(info.value)


def test_invalid_output_carries_what_a_retry_needs(fake_chat, prompt):
    fake_chat.enqueue('{"answer": ["not", "text"]}')
    with pytest.raises(InvalidOutputError) as info:
        StructuredLLM(fake_chat).generate(prompt, VARS)
    assert info.value.raw_output == '{"answer": ["not", "text"]}'
    assert info.value.validation_errors[0].startswith("answer:")
    assert info.value.schema_name == "AskReply"


def test_prompt_errors_come_before_any_request(fake_chat, prompt):
    with pytest.raises(Exception, match="missing variable 'history'"):
        StructuredLLM(fake_chat).generate(prompt, {"question": "q", "passages": "[]"})
    assert fake_chat.requests == []


def test_an_enqueued_ai_message_passes_through(fake_chat, prompt):
    fake_chat.enqueue(AIMessage(content=[{"type": "text", "text": '{"answer": "blocks"}'}],
                                response_metadata={"model_name": "m2", "finish_reason": "stop"}))
    result = StructuredLLM(fake_chat).generate(prompt, VARS)
    assert result.output.answer == "blocks" and result.model == "m2"


def test_unknown_output_mode_is_refused(fake_chat):
    with pytest.raises(Exception, match="output mode 'yaml'"):
        StructuredLLM(fake_chat, output_mode="yaml")


def test_fake_is_safe_from_several_threads(prompt):
    fake = FakeChatModel(default_usage=(1, 1))
    for i in range(40):
        fake.enqueue({"answer": str(i)})
    llm = StructuredLLM(fake)
    answers: list[str] = []
    threads = [threading.Thread(target=lambda: answers.extend(llm.generate(prompt, VARS).output.answer
                                                              for _ in range(10))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers, key=int) == [str(i) for i in range(40)] and len(fake.requests) == 40


def test_agenerate_with_the_fake(fake_chat, prompt):
    fake_chat.enqueue({"answer": "async"})
    assert asyncio.run(StructuredLLM(fake_chat).agenerate(prompt, VARS)).output.answer == "async"


def test_usage_adds_up():
    total = Usage(prompt_tokens=3, completion_tokens=4) + Usage(prompt_tokens=10, completion_tokens=1)
    assert (total.prompt_tokens, total.completion_tokens, total.total_tokens) == (13, 5, 18)


@pytest.mark.parametrize("text, expected", [
    ('{"a": 1}', {"a": 1}),
    ('  ```json\n{"a": 1}\n```  ', {"a": 1}),
    ('```\n{"a": [1, 2]}\n```', {"a": [1, 2]}),
    ('Sure! Here it is:\n{"a": {"b": 2}}\nHope this helps.', {"a": {"b": 2}}),
    ('<think>maybe {"a": 0}</think>\n{"a": 3}', {"a": 3}),
    ("[1, 2]", [1, 2]),
])
def test_extract_json_tolerates_fences_and_chatter(text, expected):
    assert extract_json(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "no json here", '{"a": ', "```json\n{oops}\n```"])
def test_extract_json_rejects_what_is_not_json(text):
    with pytest.raises(ValueError):
        extract_json(text)


@pytest.mark.parametrize("hostile", [
    "<think>" * 30_000,  # every <think> unclosed: a lazy regex rescans the rest of the reply for each one
    "```x\n" * 40_000,  # fences that never close
    "<think>" * 15_000 + "</think>" + "```" * 20_000,
])
def test_extract_json_is_linear_on_hostile_replies(hostile):
    # 200 KB: a backtracking regex took over 10 s on the 175 KB reply; a linear scan takes milliseconds
    import time

    start = time.perf_counter()
    with pytest.raises(ValueError):
        extract_json(hostile)
    assert time.perf_counter() - start < 0.5
    assert extract_json(hostile + '\n{"a": 1}') == {"a": 1}


def test_an_oversized_reply_is_refused_before_parsing(fake_chat, prompt):
    from coach.llm.client import MAX_REPLY_CHARS

    fake_chat.enqueue(AIMessage(content='{"answer": "' + "x" * MAX_REPLY_CHARS + '"}'))
    with pytest.raises(LLMError) as info:
        StructuredLLM(fake_chat, endpoint="http://example.test/v1").generate(prompt, VARS)
    assert info.value.kind == "invalid_output"
    assert f"more than the {MAX_REPLY_CHARS:,} an answer may have" in str(info.value)
    assert len(str(info.value)) < 500
