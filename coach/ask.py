"""The ``ask`` use case: answer a question about OKR practice from the knowledge base, with citations.

    retrieve passages (knowledge base) ──> LLM answers from them, citing passage ids ──> keep only the
    citations that point at retrieved passages ──> Answer
                                      └── no LLM, or it failed ──> the best passages, formatted

The LLM sees the question, the conversation so far and the passages only as fenced data variables of
``prompts/answer_question``. It must say which passages it used; a citation of anything that was not
retrieved is dropped and the answer says so in ``notices``. Offline, or when the LLM fails, the answer
is the closest passages themselves (``source="passages"``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from coach.errors import CoachError, InputTooLargeError, LLMError
from coach.model import Citation

__all__ = ["Answer", "AskReply", "ask", "render_answer", "MAX_QUESTION_CHARS"]

PROMPT_NAME = "answer_question"
MAX_QUESTION_CHARS = 2_000
RETRIEVE_K = 5
OFFLINE_PASSAGES = 3
MAX_HISTORY_TURNS = 8
MAX_TURN_CHARS = 1_500
MAX_PASSAGE_CHARS = 1_200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKER = re.compile(r"\[\s*(P\d+(?:\s*,\s*P\d+)*)\s*\]", re.IGNORECASE)


class KnowledgeSearch(Protocol):
    def search(self, query: str, k: int) -> list[Citation]: ...


class AskReply(BaseModel):
    """What the LLM must answer with (the output schema of ``prompts/answer_question``)."""

    model_config = ConfigDict(extra="forbid")

    answer: str = Field(description="The answer for a busy manager, at most about 180 words, with the id of each "
                                    "passage it relies on in square brackets after the sentence, e.g. [P1].")
    used_passages: list[str] = Field(default_factory=list,
                                     description="Ids of every passage the answer relies on, e.g. ['P1', 'P3']. "
                                                 "Only ids that appear in the passages block.")
    covered: bool = Field(True, description="False when the passages do not answer the question; the answer "
                                            "then says so instead of guessing.")


class Answer(BaseModel):
    """An answer to a question, with the passages it rests on."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The answer. Citation markers [1], [2] refer to `citations` in order.")
    citations: list[Citation] = Field(default_factory=list)
    source: Literal["llm", "passages"] = Field(
        description="'llm' for a written answer, 'passages' for the closest passages shown as they are.")
    notices: list[str] = Field(default_factory=list, description="e.g. a dropped citation or an LLM failure.")


def ask(question: str, settings, *, history: Iterable[Any] = (), llm=None,
        kb: KnowledgeSearch | None = None) -> Answer:
    """Answer ``question`` from the knowledge base; with an LLM when one is configured.

    ``history`` holds the earlier turns for follow-up questions: ``(role, text)`` pairs with role
    ``"user"`` / ``"assistant"``, ``{"role", "content"}`` dicts, or ``(question, answer)`` exchanges.
    ``llm`` defaults to ``coach.llm.make_llm(settings)`` and ``kb`` to the knowledge base in the data
    directory. Raises :class:`CoachError` for an empty or over-long question.
    """
    question = clean_question(question)
    turns = normalise_history(history)
    notices: list[str] = []
    if kb is None:
        kb = _open_knowledge_base(settings)
    passages = _unique(kb.search(_search_query(question, turns), k=RETRIEVE_K))
    if not passages:
        return Answer(text="The knowledge base has no passage about this question.", source="passages",
                      notices=["Nothing matched in the knowledge base; rephrase the question, or add your team's "
                               "documents with 'okr-coach knowledge add PATH'."])
    if llm is None:
        llm = _default_llm(settings, notices)
    if llm is not None:
        try:
            return _llm_answer(llm, question, turns, passages, notices)
        except LLMError as exc:
            notices.append(f"The LLM could not answer ({exc.kind}: {exc}); showing the closest passages instead.")
    return passages_answer(passages, notices)


# ---------------------------------------------------------------------------------------------- input


def clean_question(question: str) -> str:
    if not isinstance(question, str):
        raise CoachError(f"the question must be text, not {type(question).__name__}")
    text = _CONTROL.sub("", question).strip()
    if not text:
        raise CoachError("the question is empty",
                         hint='ask something, e.g. okr-coach ask "How many key results per objective?"')
    if len(text) > MAX_QUESTION_CHARS:
        raise InputTooLargeError(f"the question is {len(text):,} characters long; the limit is {MAX_QUESTION_CHARS:,}",
                                 hint="ask one short question; to review a whole draft run 'okr-coach critique FILE'")
    return text


def normalise_history(history: Iterable[Any]) -> list[dict[str, str]]:
    """Earlier turns as ``[{"role": "user"|"assistant", "text": ...}]``, the last few only, each clipped."""
    turns: list[dict[str, str]] = []
    for number, item in enumerate(history or (), start=1):
        if isinstance(item, dict):
            role, text = item.get("role"), item.get("content", item.get("text"))
            pairs = [(role, text)]
        elif isinstance(item, list | tuple) and len(item) == 2:
            first, second = item
            is_role = first in ("user", "assistant", "system")
            pairs = [(first, second)] if is_role else [("user", first), ("assistant", second)]
        else:
            raise CoachError(f"history item {number} is not a (role, text) pair",
                             hint="pass earlier turns as ('user', question) and ('assistant', answer) pairs")
        for role, text in pairs:
            if role not in ("user", "assistant") or not isinstance(text, str):
                raise CoachError(f"history item {number}: role must be 'user' or 'assistant' and text a string",
                                 hint="pass earlier turns as ('user', question) and ('assistant', answer) pairs")
            text = _CONTROL.sub("", text).strip()
            if text:
                turns.append({"role": role, "text": _clip(text, MAX_TURN_CHARS)})
    return turns[-MAX_HISTORY_TURNS:]


def _search_query(question: str, turns: Sequence[dict[str, str]]) -> str:
    """Short follow-ups ("and for objectives?") are searched together with the previous question."""
    previous = next((t["text"] for t in reversed(turns) if t["role"] == "user"), None)
    if previous and len(question.split()) < 8:
        return f"{_clip(previous, 300)} {question}"
    return question


# ---------------------------------------------------------------------------------------------- LLM


def _llm_answer(llm, question: str, turns: list[dict[str, str]], passages: list[Citation],
                notices: list[str]) -> Answer:
    from coach.llm import load_prompt

    ids = {f"P{i}": passage for i, passage in enumerate(passages, start=1)}
    variables = {
        "question": question,
        "history": json.dumps(turns, ensure_ascii=False, indent=1),
        "passages": json.dumps([{"id": pid, "source": p.anchor, "heading": p.heading,
                                 "text": _clip(p.text or "", MAX_PASSAGE_CHARS)} for pid, p in ids.items()],
                               ensure_ascii=False, indent=1),
    }
    reply: AskReply = llm.generate(load_prompt(PROMPT_NAME), variables, schema=AskReply).output
    return answer_from_reply(reply, ids, notices)


def answer_from_reply(reply: AskReply, ids: dict[str, Citation], notices: list[str]) -> Answer:
    """Keep only citations of retrieved passages; renumber the inline markers [P2] -> [1] to match."""
    cited = [pid.strip().upper() for pid in reply.used_passages]
    cited += [pid.strip().upper() for group in _MARKER.findall(reply.answer) for pid in group.split(",")]
    order: list[str] = []
    unknown: list[str] = []
    for pid in cited:
        if pid in ids and pid not in order:
            order.append(pid)
        elif pid not in ids and pid not in unknown:
            unknown.append(pid)
    number = {pid: i for i, pid in enumerate(order, start=1)}

    def renumber(match: re.Match) -> str:
        kept = [f"[{number[p]}]" for p in (x.strip().upper() for x in match.group(1).split(",")) if p in number]
        return "".join(kept)

    text = re.sub(r"[ \t]+([.,;:])", r"\1", _MARKER.sub(renumber, reply.answer)).strip()
    if not text:
        raise LLMError("the LLM answered with an empty text", kind="invalid_output", hint="ask again")
    if unknown:
        notices.append(f"Dropped {len(unknown)} citation{'s' if len(unknown) > 1 else ''} of passages that were not "
                       f"retrieved ({', '.join(u[:12] for u in unknown[:5])}).")
    if not reply.covered:
        notices.append("The knowledge base does not fully cover this question; the answer says what is missing.")
    elif not order:
        notices.append("The answer cites no passage; check it against the knowledge base before relying on it.")
    return Answer(text=text, citations=[ids[pid] for pid in order], source="llm", notices=notices)


def _default_llm(settings, notices: list[str]):
    if not getattr(settings, "llm_enabled", False):
        return None
    from coach.llm import make_llm

    try:
        return make_llm(settings)
    except CoachError as exc:
        notices.append(f"LLM not usable ({exc}); showing the closest passages instead.")
        return None


# ---------------------------------------------------------------------------------------------- offline


def passages_answer(passages: Sequence[Citation], notices: list[str] | None = None) -> Answer:
    """The closest passages as a readable answer (no LLM)."""
    shown = list(passages[:OFFLINE_PASSAGES])
    parts = ["These passages from the knowledge base match your question best:"]
    for i, passage in enumerate(shown, start=1):
        title = passage.heading or passage.anchor
        parts.append(f"[{i}] {title}\n{_excerpt(passage.text or '')}")
    return Answer(text="\n\n".join(parts), citations=shown, source="passages", notices=list(notices or []))


def _excerpt(text: str, limit: int = 600) -> str:
    """The start of a passage, cut at a sentence end when possible."""
    text = re.sub(r"[ \t]+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind(".\n"), cut.rfind("? "), cut.rfind("! "))
    return (cut[: end + 1] if end > limit // 2 else cut.rstrip() + "…").strip()


# ---------------------------------------------------------------------------------------------- rendering


def render_answer(answer: Answer, fmt: str = "text") -> str:
    """The answer as ``text``, ``markdown`` or ``json`` (``{"version": 1, ...Answer fields}``)."""
    if fmt == "json":
        return json.dumps({"version": 1, **answer.model_dump(mode="json")}, ensure_ascii=False, indent=2)
    if fmt == "markdown":
        lines = [answer.text]
        if answer.citations:
            lines += ["", "**Sources**", ""]
            lines += [f"{i}. {c.heading or c.anchor} (`{c.anchor}`)" for i, c in enumerate(answer.citations, 1)]
        lines += [f"\n> **Note:** {notice}" for notice in answer.notices]
        return "\n".join(lines)
    if fmt != "text":
        raise CoachError(f"unknown format '{fmt}'", hint="use --format text, markdown or json")
    lines = [answer.text]
    if answer.citations:
        lines += ["", "Sources:"]
        lines += [f"  [{i}] {c.heading or c.anchor} ({c.anchor})" for i, c in enumerate(answer.citations, 1)]
    lines += [f"\nNote: {notice}" for notice in answer.notices]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- helpers


def _open_knowledge_base(settings) -> KnowledgeSearch:
    try:
        from coach.knowledge import KnowledgeBase
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("coach.knowledge"):
            raise CoachError("the knowledge base is not available in this installation",
                             hint="reinstall okr-coach; 'okr-coach knowledge' must be available") from exc
        raise
    kb = KnowledgeBase.open(settings)
    kb.ensure_builtin()  # index the built-in notes on first use
    return kb


def _unique(passages: Iterable[Citation]) -> list[Citation]:
    seen: set[str] = set()
    out = []
    for passage in passages:
        if passage.anchor not in seen:
            seen.add(passage.anchor)
            out.append(passage)
    return out


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
