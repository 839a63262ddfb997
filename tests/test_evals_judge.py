"""The LLM judge with the fake chat model and over the scripted server: rubric grading, both-order
pairwise comparisons, agreement with the human labels, and temperature 0."""

from __future__ import annotations

import json

import pytest

from coach.evals.datasets import load_cases
from coach.evals.judge import Judge, PairwiseVerdict, RubricVerdict, agreement, load_rubric
from coach.llm import StructuredLLM, load_prompt

CRITERIA = [c.id for c in load_rubric()]


def _verdict(**overrides) -> RubricVerdict:
    return RubricVerdict(criteria=[{"id": c, "verdict": overrides.get(c, "pass"), "evidence": "e"} for c in CRITERIA])


def test_rubric_has_binary_criteria_and_prompts_run_at_temperature_zero():
    assert CRITERIA == ["outcome", "measurable", "faithful", "no-invented-data", "time-bound"]
    assert load_prompt("judge_rewrite").temperature == 0.0
    assert load_prompt("judge_pairwise").temperature == 0.0


def test_pointwise_grade_sends_the_rewrite_as_data_and_reads_every_criterion(fake_chat):
    fake_chat.enqueue(RubricVerdict(criteria=[{"id": "outcome", "verdict": "fail", "evidence": "a task"}]))
    judge = Judge(StructuredLLM(fake_chat))
    verdicts = judge.grade("Make the blog a source of trials", "Publish 12 posts", "Publish 12 great posts")
    assert verdicts["outcome"] == "fail"
    assert all(verdicts[c] == "fail" for c in CRITERIA)  # a criterion the judge skipped is not a pass
    request = fake_chat.requests[0]
    assert "Publish 12 great posts" in request.user and '<data name="rewrite"' in request.user


def test_pairwise_win_needs_both_orders(fake_chat):
    judge = Judge(StructuredLLM(fake_chat))
    fake_chat.enqueue(PairwiseVerdict(winner="a"))  # A first: A wins
    fake_chat.enqueue(PairwiseVerdict(winner="b"))  # swapped, A is now B: A wins again
    assert judge.compare("o", "k", "good", "bad")["winner"] == "a"
    fake_chat.enqueue(PairwiseVerdict(winner="a"))  # always the first slot: position bias
    fake_chat.enqueue(PairwiseVerdict(winner="a"))
    result = judge.compare("o", "k", "good", "bad")
    assert result == {"winner": "tie", "orders": ["a", "a"]}
    first, second = fake_chat.requests[-2:]
    assert first.user.index("good") < first.user.index("bad")
    assert second.user.index("bad") < second.user.index("good")


def test_agreement_with_human_labels_counts_disagreements(fake_chat):
    items = [i for i in load_cases("judge") if i.id in {"jdg-001", "jdg-002", "jdg-019"}]
    fake_chat.enqueue(_verdict())                     # jdg-001: human pass, judge pass
    fake_chat.enqueue(_verdict())                     # jdg-002: human fail (outcome), judge pass
    fake_chat.enqueue(PairwiseVerdict(winner="a"))    # jdg-019: human a; judge a in both orders
    fake_chat.enqueue(PairwiseVerdict(winner="b"))
    result = agreement(Judge(StructuredLLM(fake_chat)), items)
    assert result["items"] == 3 and result["agreement"] == pytest.approx(2 / 3)
    assert result["pointwise"]["agreement"] == 0.5 and result["pairwise"]["agreement"] == 1.0
    assert result["disagreements"] == [{"id": "jdg-002", "criterion": "outcome", "human": "fail", "judge": "pass"}]


def test_judge_agreement_command_over_the_scripted_server(openai_server, llm_settings, monkeypatch, capsys):
    from coach.cli import main

    settings = llm_settings(max_retries=0)
    items = load_cases("judge")
    graded: set[tuple] = set()  # identical grading requests are asked once: the rest come from the cache
    for item in items:
        if item.rewrite_b is None:
            key = (item.objective, item.original, item.rewrite, item.period)
            if key not in graded:
                graded.add(key)
                verdicts = {i.criterion: i.human for i in items if i.rewrite_b is None
                            and (i.objective, i.original, i.rewrite, i.period) == key}
                openai_server.enqueue_json(_verdict(**verdicts).model_dump())
        else:
            openai_server.enqueue_json({"winner": "tie", "reason": "r"})
            openai_server.enqueue_json({"winner": "tie", "reason": "r"})
    monkeypatch.setenv("OKR_COACH_LLM_BASE_URL", settings.llm.base_url)
    monkeypatch.setenv("OKR_COACH_LLM_MODEL", "scripted-model")
    monkeypatch.setenv("OKR_COACH_LLM_API_KEY", "test-key")
    assert main(["--data-dir", str(settings.data_dir), "eval", "judge-agreement", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    pairwise = [i for i in items if i.rewrite_b is not None]
    assert result["pointwise"]["agreement"] == 1.0
    assert result["pairwise"]["agreement"] == sum(i.human == "tie" for i in pairwise) / len(pairwise)
    bodies = [r.json for r in openai_server.chat_requests]
    assert all(b.get("temperature") == 0.0 for b in bodies)
    sent = len(openai_server.chat_requests)
    assert main(["--data-dir", str(settings.data_dir), "eval", "judge-agreement", "--format", "json"]) == 0
    assert len(openai_server.chat_requests) == sent  # the second run is answered from the cache


def test_judge_in_a_run_grades_rewrites(fake_chat, tmp_path):
    from coach.config import Settings
    from coach.evals.runner import RunConfig, run_eval
    from coach.suggest.llm_writer import RewriteBatch

    fake_chat.enqueue(RewriteBatch(rewrites=[{
        "target": "O1.KR1", "kind": "key_result",
        "text": "Increase the share of readers who start a trial from [current %] to [target %] by [end of cycle]"}]))
    fake_chat.enqueue(_verdict(faithful="fail"))
    run = run_eval(Settings(data_dir=tmp_path), RunConfig(suites=["rewrite"], ids=["rw-001"], judge=True,
                                                          fast=True, progress=False), llm=StructuredLLM(fake_chat))
    case = run["suites"]["rewrite"]["cases"][0]
    assert case["output"]["judge"]["criteria"]["faithful"] == "fail"
    assert run["suites"]["rewrite"]["metrics"]["judge_pass"] == pytest.approx(0.8)
