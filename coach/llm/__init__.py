"""The LLM layer: versioned prompt files, structured output, one OpenAI-compatible client.

    from coach.llm import load_prompt, make_llm
    llm = make_llm(settings)                  # None when no LLM is configured or offline
    result = llm.generate(load_prompt("answer_question"), {...}, schema=AskReply)

Importing this package is cheap: langchain and openai load only when a request is built or sent.
Tests use ``coach.llm.fake.FakeChatModel`` (imported from there: it needs langchain at import).
See ``docs/llm.md``.
"""

from coach.llm.client import InvalidOutputError, LLMResult, StructuredLLM, Usage, make_llm
from coach.llm.prompts import Prompt, PromptVariable, available_prompts, load_prompt

__all__ = [
    "load_prompt", "make_llm", "StructuredLLM", "LLMResult", "Usage", "Prompt", "PromptVariable",
    "InvalidOutputError", "available_prompts",
]
