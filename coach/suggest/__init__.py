"""Suggestions for a critique: the metric lexicon, the two writers (template and LLM) and the verifier.

``template_writer`` and ``llm_writer`` produce the same :class:`coach.model.Suggestion` objects;
``verify`` re-checks each one with the rules and the invented-number check before it is shown.
"""
