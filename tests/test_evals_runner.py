"""The runner over the real client path (scripted OpenAI-compatible server) and the response cache.

The rewrite suite is run on three activity key results; each needs exactly one chat request (the
scripted rewrite passes the rules' re-check, so nothing is sent back).
"""

from __future__ import annotations

import json

import pytest

from coach.evals.cache import CachingLLM, ResponseCache, cache_key, track
from coach.evals.runner import RunConfig, run_eval

IDS = ["rw-001", "rw-002", "rw-003"]
REWRITE = {"rewrites": [{
    "target": "O1.KR1", "kind": "key_result",
    # one scripted reply serves all three cases, so it names each one's result (a trial, a deal, help): the
    # verifier rejects a metric that has nothing to do with the key result and its objective
    "text": "Increase the share of customers who start a trial, win a deal or get help without a ticket from "
            "[current %] to [target %] by [end of cycle]",
    "rationale": "Measures the result the work is meant to cause.", "moved_to_initiatives": None}]}


def _config(tmp_path, **kw):
    return RunConfig(suites=["rewrite"], ids=IDS, fast=True, progress=False, out=None, **kw)


def _script(server, n):
    for _ in range(n):
        server.enqueue_json(REWRITE, usage=(900, 60))


@pytest.mark.parametrize("concurrency", [1, 8])
def test_second_run_of_an_unchanged_eval_makes_zero_model_requests(openai_server, llm_settings, concurrency):
    settings = llm_settings(max_retries=0)
    _script(openai_server, len(IDS))
    first = run_eval(settings, _config(None, concurrency=concurrency))
    assert len(openai_server.chat_requests) == len(IDS)
    assert first["usage"]["requests"] == len(IDS) and first["usage"]["cache_hits"] == 0
    assert first["config"]["engine"] == "llm" and first["config"]["model"] == "scripted-model"
    cases = first["suites"]["rewrite"]["cases"]
    assert [c["id"] for c in cases] == IDS
    assert all(c["output"]["writer"] == "llm" for c in cases), [c["output"]["notices"] for c in cases]
    assert first["suites"]["rewrite"]["metrics"]["verified"] == 1.0
    assert first["usage"]["prompt_tokens"] == 900 * len(IDS) and first["usage"]["completion_tokens"] == 60 * len(IDS)
    assert first["usage"]["cost_usd"] is None  # "scripted-model" has no price: n/a, never a guess

    second = run_eval(settings, _config(None, concurrency=concurrency))
    assert len(openai_server.chat_requests) == len(IDS)  # nothing new reached the server
    assert second["usage"]["requests"] == 0 and second["usage"]["cache_hits"] == len(IDS)
    assert second["usage"]["cache_hit_rate"] == 1.0
    assert second["suites"]["rewrite"]["metrics"] == first["suites"]["rewrite"]["metrics"]
    assert "rewrite_key_results@1" in second["prompts"]["used"]


def test_no_cache_sends_every_request_again(openai_server, llm_settings):
    settings = llm_settings(max_retries=0)
    _script(openai_server, 2 * len(IDS))
    run_eval(settings, _config(None))
    run = run_eval(settings, _config(None, use_cache=False))
    assert len(openai_server.chat_requests) == 2 * len(IDS)
    assert run["usage"]["cache_hits"] == 0 and run["usage"]["cache_hit_rate"] == 0.0


def test_errors_are_never_cached(openai_server, llm_settings):
    settings = llm_settings(max_retries=0)
    openai_server.enqueue_error(400, "scripted failure")
    run = run_eval(settings, RunConfig(suites=["rewrite"], ids=["rw-001"], fast=True, progress=False))
    case = run["suites"]["rewrite"]["cases"][0]
    assert case["output"]["writer"] == "template"  # the critique fell back, and says so
    assert run["usage"]["errors"] == 1
    _script(openai_server, 1)
    again = run_eval(settings, RunConfig(suites=["rewrite"], ids=["rw-001"], fast=True, progress=False))
    assert len(openai_server.chat_requests) == 2  # the failure was retried, not replayed from the cache
    assert again["usage"]["cache_hits"] == 0 and again["suites"]["rewrite"]["cases"][0]["output"]["writer"] == "llm"


def test_repeats_are_separate_samples_and_pinned_prompt_is_recorded(openai_server, llm_settings):
    settings = llm_settings(max_retries=0)
    _script(openai_server, 2)
    run = run_eval(settings, RunConfig(suites=["rewrite"], ids=["rw-001"], repeats=2, fast=True, progress=False,
                                       pins={"rewrite_key_results": "rewrite_key_results@1"}))
    assert len(openai_server.chat_requests) == 2
    assert [c["repeat"] for c in run["suites"]["rewrite"]["cases"]] == [0, 1]
    assert run["config"]["prompt_pins"] == {"rewrite_key_results": "rewrite_key_results@1"}


def test_run_directory_holds_run_json_and_reports(openai_server, llm_settings, tmp_path):
    settings = llm_settings(max_retries=0)
    _script(openai_server, 1)
    out = tmp_path / "my-run"
    run = run_eval(settings, RunConfig(suites=["rewrite"], ids=["rw-001"], fast=True, progress=False, out=out))
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md", "run.json"]
    saved = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert saved["run_id"] == run["run_id"] and saved["git"].keys() == {"commit", "dirty"}
    assert saved["suites"]["rewrite"]["usage"]["requests"] == 1


def test_offline_engine_runs_without_any_llm(tmp_path):
    from coach.config import Settings

    run = run_eval(Settings(data_dir=tmp_path), RunConfig(suites=["critique", "checkin"], progress=False,
                                                          ids=["crit-001", "crit-002", "ci-001", "ci-002"]))
    assert run["config"]["engine"] == "offline" and run["usage"]["requests"] == 0
    assert run["suites"]["critique"]["metrics"]["cases"] == 2
    assert 0.0 <= run["suites"]["checkin"]["metrics"]["status_agreement"] <= 1.0


# --------------------------------------------------------------------------- the cache itself


def test_cache_key_changes_with_every_ingredient():
    base = dict(model="m", endpoint="http://x", prompt_hash="h1", variables={"a": 1}, schema="S", params={"t": 0})
    key = cache_key(**base)
    for field, value in [("model", "m2"), ("endpoint", "http://y"), ("prompt_hash", "h2"),
                         ("variables", {"a": 2}), ("schema", "T"), ("params", {"t": 1})]:
        assert cache_key(**{**base, field: value}) != key
    assert cache_key(**{**base, "variables": {"a": 1}}) == key




def test_caching_llm_replays_fake_chat_answers_and_swaps_pinned_prompts(tmp_path, fake_chat):
    from coach.llm import StructuredLLM, load_prompt
    from coach.suggest.llm_writer import RewriteBatch

    cache = ResponseCache(tmp_path / "cache.sqlite")
    fake_chat.enqueue(REWRITE)
    llm = CachingLLM(StructuredLLM(fake_chat), cache, pins={"rewrite_key_results": "rewrite_key_results@1"})
    variables = {"items": "[]", "passages": "[]", "draft": "Objective: x", "feedback": "[]"}
    with track() as usage:
        first = llm.generate(load_prompt("rewrite_key_results"), variables, schema=RewriteBatch)
        second = llm.generate(load_prompt("rewrite_key_results"), variables, schema=RewriteBatch)
        third = llm.with_sample(1)  # a new repeat is a new sample
        fake_chat.enqueue(REWRITE)
        third.generate(load_prompt("rewrite_key_results"), variables, schema=RewriteBatch)
    assert len(fake_chat.requests) == 2
    assert second.cached and second.output == first.output
    assert (usage.requests, usage.cache_hits) == (2, 1)
    assert usage.prompts == {"rewrite_key_results@1": load_prompt("rewrite_key_results@1").content_hash}
    assert len(cache) == 2
    cache.close()


def test_a_damaged_cache_file_is_a_clear_error(tmp_path):
    from coach.errors import CoachError

    bad = tmp_path / "cache.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CoachError, match="--no-cache"):
        ResponseCache(bad)
