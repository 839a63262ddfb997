"""Accepting suggestions in the web chat: the core helpers of :mod:`coach.revise`, re-exported.

The verifier applies a suggestion and re-checks the revised draft with the very same functions, so the
label a suggestion carries and the Re-check after Accept cannot disagree.
"""

from coach.revise import StaleSuggestionError, apply_suggestion, draft_json, draft_markdown

__all__ = ["StaleSuggestionError", "apply_suggestion", "draft_json", "draft_markdown"]
