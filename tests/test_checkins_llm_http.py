"""The check-in narrative's LLM path over real HTTP: ``make_llm`` against the scripted OpenAI-compatible server.

``tests/test_checkins_llm.py`` covers the faithfulness loop with the in-process fake chat model; these tests
send the same narratives through the OpenAI client, so the prompt rendering (the data fences), the JSON
parsing of the reply, the timeout handling and the fallback are exercised the way a user's endpoint would
see them. The last test runs the check-in eval suite's LLM path over the same server.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from coach.checkins.facts import SetInput, build_facts
from coach.checkins.importer import read_checkin_file, validate
from coach.checkins.service import narrate
from coach.checkins.writers import write_narrative
from coach.llm import make_llm
from coach.parse import parse_draft

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
INVENTED_FIGURE = "97%"
INVENTED_DATE = "2026-08-09"


@pytest.fixture(scope="module")
def facts():
    okrs = parse_draft((EXAMPLES / "checkins-okrs.md").read_text(), source="checkins-okrs.md")
    checkins = validate(read_checkin_file((EXAMPLES / "checkins.csv").read_text(), "checkins.csv"), okrs).checkins
    return build_facts([SetInput("growth-q3-2026", okrs, checkins)], as_of=dt.date(2026, 8, 10), kind="weekly")


def faithful(facts):
    """What a careful model would answer: the deterministic content, with a reworded headline."""
    draft = write_narrative(facts)
    return draft.model_copy(update={"headline": "This week in brief: " + draft.headline})


def invented(facts):
    """A narrative whose first key-result note states a figure and a date the facts do not hold."""
    draft = faithful(facts)
    note = draft.key_results[0].model_copy(
        update={"summary": f"Completion hit {INVENTED_FIGURE} on {INVENTED_DATE}."})
    return draft.model_copy(update={"key_results": [note, *draft.key_results[1:]]})


def data_blocks(user_message: str) -> dict[str, str]:
    """``{name: content}`` of every ``<data name=...>`` fence in a rendered prompt."""
    pattern = re.compile(r'<data name="(?P<name>[\w-]+)" id="(?P<id>[^"]+)">\n(?P<body>.*?)\n</data id="(?P=id)">',
                         re.DOTALL)
    return {m.group("name"): m.group("body") for m in pattern.finditer(user_message)}


def test_a_faithful_narrative_is_accepted_after_one_request(facts, openai_server, llm_settings):
    openai_server.enqueue_json(faithful(facts))
    narrative = narrate(facts, llm=make_llm(llm_settings(max_retries=0)))

    assert (narrative.writer, narrative.requests, narrative.notices) == ("llm", 1, [])
    assert narrative.draft == faithful(facts)
    assert narrative.model == "scripted-model"
    assert len(openai_server.chat_requests) == 1
    blocks = data_blocks(openai_server.chat_requests[0].message("user"))
    assert json.loads(blocks["facts"])["as_of"] == "2026-08-10"  # the facts went in as fenced data
    assert blocks["violations"] == "none"


def test_an_invented_figure_is_retried_once_with_the_violations_in_the_data_fence(facts, openai_server,
                                                                                   llm_settings):
    openai_server.enqueue_json(invented(facts))
    openai_server.enqueue_json(faithful(facts))
    narrative = narrate(facts, llm=make_llm(llm_settings(max_retries=0)))

    assert (narrative.writer, narrative.requests) == ("llm", 2)
    assert len(openai_server.chat_requests) == 2
    assert narrative.draft == faithful(facts)
    assert "corrected one is shown" in narrative.notices[0]

    first = data_blocks(openai_server.chat_requests[0].message("user"))
    second_user = openai_server.chat_requests[1].message("user")
    second = data_blocks(second_user)
    assert first["violations"] == "none"
    violations = json.loads(second["violations"])  # the feedback is data, inside its fence
    messages = " | ".join(v["message"] for v in violations)
    assert f"the figure {INVENTED_FIGURE} is not in the facts" in messages
    assert f"the date {INVENTED_DATE} is not in the facts" in messages
    outside = re.sub(r'<data name="violations".*?</data id="[^"]+">', "", second_user, flags=re.DOTALL)
    assert INVENTED_FIGURE not in outside  # nowhere outside the fence
    assert second["facts"] == first["facts"]  # the same facts, sent again


def test_inventing_twice_falls_back_to_the_deterministic_narrative_with_a_notice(facts, openai_server,
                                                                                 llm_settings):
    openai_server.enqueue_json(invented(facts))
    openai_server.enqueue_json(invented(facts))
    narrative = narrate(facts, llm=make_llm(llm_settings(max_retries=0)))

    assert (narrative.writer, narrative.requests) == ("deterministic", 2)
    assert len(openai_server.chat_requests) == 2
    assert narrative.draft == write_narrative(facts)
    assert len(narrative.notices) == 1
    assert "not faithful to the data after a retry" in narrative.notices[0]
    assert INVENTED_FIGURE in narrative.notices[0]
    assert openai_server.pending == 0


def test_a_timeout_falls_back_to_the_deterministic_narrative_with_a_notice(facts, openai_server, llm_settings):
    openai_server.enqueue_delay(2.0, faithful(facts).model_dump_json())
    narrative = narrate(facts, llm=make_llm(llm_settings(timeout=0.3, max_retries=0)))

    assert narrative.writer == "deterministic"
    assert narrative.draft == write_narrative(facts)
    assert len(narrative.notices) == 1
    assert narrative.notices[0].startswith("the LLM failed")
    assert "timeout" in narrative.notices[0].lower() or "timed out" in narrative.notices[0].lower()
    assert len(openai_server.chat_requests) == 1  # no retry after a timeout with max_retries=0


def test_the_checkin_eval_suite_uses_the_llm_writer_over_http(openai_server, llm_settings):
    """One check-in case through the eval runner with an LLM configured: the narrative comes from the model
    (a faithful one is scripted) and is scored; a second run is served from the cache."""
    from coach.evals.datasets import load_cases
    from coach.evals.runner import RunConfig, run_eval
    from coach.evals.suites import checkin_inputs

    case = load_cases("checkin")[0]
    okr_set, rows = checkin_inputs(case)
    case_facts = build_facts([SetInput(case.id, okr_set, rows)], as_of=case.as_of, kind=case.kind)
    openai_server.enqueue_json(faithful(case_facts))
    settings = llm_settings(max_retries=0)
    config = RunConfig(suites=["checkin"], ids=[case.id], concurrency=1, progress=False)

    run = run_eval(settings, config)
    assert run["config"]["engine"] == "llm" and run["config"]["model"] == "scripted-model"
    assert len(openai_server.chat_requests) == 1
    (record,) = run["suites"]["checkin"]["cases"]
    assert record["error"] is None
    assert record["output"]["writer"] == "llm", record["output"]["notices"]
    assert record["output"]["narrative"].startswith("This week in brief: ")
    assert record["output"]["unsupported"] == []
    assert record["metrics"]["faithfulness"] == 1.0
    assert record["metrics"]["status_agreement"] == 1.0
    assert "checkin_weekly@1" in run["prompts"]["used"]
    assert run["usage"]["requests"] == 1

    again = run_eval(settings, config)
    assert len(openai_server.chat_requests) == 1  # served from the cache
    assert again["usage"]["cache_hits"] == 1
    assert again["suites"]["checkin"]["metrics"] == run["suites"]["checkin"]["metrics"]
