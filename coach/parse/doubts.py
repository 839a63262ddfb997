"""Signs that a pasted layout may have been read wrongly, said to the user instead of hidden.

The parser reads most layouts right, but a layout it has never seen can be read as the wrong objectives and
key results, and then every finding is about the wrong lines. Two independent readers of the same real
drafts agree on their structure more often than the parser matches them (scripts/structure_agreement.py),
so a misread is the parser's, and the user should hear about it. These are the shapes a misread tends to
leave: an objective with nothing under it beside ones with key results, one objective holding a whole
page of lines, a key result as long as a paragraph (lines run together), and many more objectives than a
team sets. Each doubt names the place. Drafts whose structure is explicit (YAML, JSON, CSV columns) raise
none: their reading is not a guess.
"""

from __future__ import annotations

from coach.model import OkrSet

MANY_OBJECTIVES = 7  # more than this is rarely one team's set for one cycle; often sub-headings read as objectives
MANY_KEY_RESULTS = 10  # more under one objective is often notes or a whole page read as key results
LONG_KEY_RESULT = 300  # characters: longer is often two lines, or a line and its notes, run together
_EXPLICIT_FORMATS = frozenset(("yaml", "json", "csv"))
_SHOWN = 3  # places named per kind of doubt


def layout_doubts(okr_set: OkrSet, text: str | None = None) -> list[str]:
    """Sentences naming where the reading of a pasted layout looks wrong; empty when nothing does.

    With the draft's ``text``, an objective with no key results on a line the writer labelled
    ('Objective: ...') is not doubted: the writer said what it is, and too-few-krs reports the gap.
    """
    if okr_set.source_format in _EXPLICIT_FORMATS or not okr_set.objectives:
        return []
    doubts: list[str] = []
    objectives = okr_set.objectives
    if any(o.key_results for o in objectives):
        empty = [o for o in objectives if not o.key_results]
        if empty and text is not None:
            lines = text.split("\n")
            empty = [o for o in empty if not _labelled(lines, o.line)]
        empty = [f"O{o.position}" for o in empty]
        if empty:
            doubts.append(f"{_places(empty)} {'has' if len(empty) == 1 else 'have'} no key results, while other "
                          "objectives do")
    crowded = [f"O{o.position} ({len(o.key_results)})" for o in objectives if len(o.key_results) > MANY_KEY_RESULTS]
    if crowded:
        doubts.append(f"{_places(crowded)} {'holds' if len(crowded) == 1 else 'hold'} more than "
                      f"{MANY_KEY_RESULTS} key results")
    if len(objectives) > MANY_OBJECTIVES:
        doubts.append(f"the draft reads as {len(objectives)} objectives")
    long = [f"O{o.position}.KR{k.position} ({len(k.text):,} characters)" for o in objectives for k in o.key_results
            if len(k.text) > LONG_KEY_RESULT]
    if long:
        doubts.append(f"{_places(long)} {'is' if len(long) == 1 else 'are'} as long as a paragraph, as if lines "
                      "ran together")
    return doubts


LAYOUT_FIX = ("if that is not how the draft is laid out, start each objective with 'Objective:' and each key "
              "result with 'KR:' (docs/draft-format.md), and check again")


def _labelled(lines: list[str], number: int | None) -> bool:
    """The draft's line ``number`` (1-based) carries an objective label, as the text reader classifies it."""
    if number is None or not 1 <= number <= len(lines):
        return False
    from coach.parse.text import clean_line

    return clean_line(number, lines[number - 1]).kind == "objective"


def _places(places: list[str]) -> str:
    shown = ", ".join(places[:_SHOWN])
    return shown + (f" and {len(places) - _SHOWN} more" if len(places) > _SHOWN else "")
