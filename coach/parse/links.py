"""Alignment links in a draft: which set it is, its parent set, and what each objective or KR supports.

Kept apart from the layout readers so that those stay about objectives and key results. A draft is read
in two steps: :func:`strip_links` takes the link syntax out of the text (blanking whole link lines, so
line numbers stay right, and cutting inline annotations), the ordinary parser reads what is left, and
:func:`attach_links` gives each link to the objective or key result it belongs to: the nearest one that
starts on or above its line. YAML and JSON drafts state the same links as fields (:func:`structured_links`).

Text syntax (case-insensitive, a bullet in front is allowed)::

    Set: growth-q3-2026                 # the set's id (default: the file name without extension)
    Parent set: company-q3-2026         # the set one level up
    Supports: Company O2                # under an objective or a KR (also 'Parent:', 'Aligned to:')
    - Grow activation ... (parent: company-q3-2026 O1.KR2)
    Depends on: Platform O1.KR3         # a KR of another team this item needs
    Contribution: every activated account adds to company ARR   # how a KR moves the parent KR
    Acknowledges: Growth O1             # the other side of a dependency: 'we committed to it'

A table (a Jira or Linear export pasted as a pipe, tab or comma table) may carry the same links in a
``Parent``, ``Supports``, ``Depends on`` or ``Blocked by`` column; each row's cell links that row's item.

A reference is ``[SET] O<n>[.KR<m>]``; SET is a set's id, team name or file name (``Company``,
``company-q3-2026``) and may be left out for the set's own parent. Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from coach import regex_cache

#: Item-level link keywords -> the kind of link.
_KINDS = {"supports": "supports", "support": "supports", "parent": "supports", "aligned to": "supports",
          "aligns to": "supports", "contributes to": "supports", "depends on": "depends", "depends": "depends",
          "dependency": "depends", "dependencies": "depends", "needs": "depends",
          "acknowledges": "acknowledges", "committed to": "acknowledges", "for": "acknowledges",
          "contribution": "contribution"}
_SET_KINDS = {"set": "id", "set id": "id", "parent set": "parent"}

_KEYWORDS = "|".join(sorted((re.escape(k) for k in (*_KINDS, *_SET_KINDS)), key=len, reverse=True))
_LINE_RE = regex_cache.compile(rf"^\s*(?:[-*•]\s+)?\**(?P<key>{_KEYWORDS})\**\s*:\s*(?P<value>\S.*?)\s*$", re.IGNORECASE)
_INLINE_RE = regex_cache.compile(r"\s*[(\[]\s*(?P<key>parent|supports|aligned to|depends on|contribution)\s*:\s*"
                        r"(?P<value>[^)\]]+?)\s*[)\]]", re.IGNORECASE)
_REF_RE = regex_cache.compile(r"^(?P<set>.*?)[\s:]*\bO\s*(?P<o>\d+)(?:\s*[.\-/ ]?\s*KR\s*(?P<k>\d+))?\s*$", re.IGNORECASE)
_MAX_LINK_LINE = 300


class Ref(NamedTuple):
    """A reference to a set's objective or key result, as written: ``Company O2``, ``platform O1.KR3``."""

    text: str
    set_name: str | None
    objective: int | None
    key_result: int | None = None
    line: int | None = None

    @property
    def item(self) -> str:
        if self.objective is None:
            return "the set"
        return f"O{self.objective}" + (f".KR{self.key_result}" if self.key_result else "")


@dataclass
class ItemLinks:
    """The links of one objective or key result."""

    supports: list[Ref] = field(default_factory=list)
    depends: list[Ref] = field(default_factory=list)
    acknowledges: list[Ref] = field(default_factory=list)
    contribution: str | None = None

    def __bool__(self) -> bool:
        return bool(self.supports or self.depends or self.acknowledges or self.contribution)


@dataclass
class DraftLinks:
    """Every link a draft states. Keys: objective position; (objective, key result) positions."""

    set_id: str | None = None
    parent_set: str | None = None
    set_level: ItemLinks = field(default_factory=ItemLinks)  # links stated above the first objective
    objectives: dict[int, ItemLinks] = field(default_factory=dict)
    key_results: dict[tuple[int, int], ItemLinks] = field(default_factory=dict)
    #: A tracker export's own keys ('OKR-12', upper-cased) -> objective position or (objective, KR) positions.
    keys: dict[str, Any] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return bool(self.set_id or self.parent_set or self.set_level or any(self.objectives.values())
                    or any(self.key_results.values()))


def parse_ref(text: str, line: int | None = None) -> Ref:
    """``'Company O2'`` -> Ref(set 'Company', O2); a bare set name is a reference to the whole set."""
    text = " ".join(text.strip().strip(".;").split())
    match = _REF_RE.match(text)
    if not match:
        return Ref(text, text or None, None, None, line)
    set_name = match.group("set").strip(" -:,") or None
    return Ref(text, set_name, int(match.group("o")), int(match.group("k")) if match.group("k") else None, line)


def _refs(value: str, line: int | None) -> list[Ref]:
    return [parse_ref(part, line) for part in re.split(r"\s*[,;]\s*", value) if part.strip()]


# --------------------------------------------------------------------------- text drafts


class _Pending(NamedTuple):  # NamedTuples, not dataclasses: cheaper to define on a cold check
    line: int
    kind: str
    value: str


class StrippedText(NamedTuple):
    """The draft without its link syntax, and the links found, by line."""

    text: str
    found: list[_Pending]


#: Table columns (Jira, Linear and spreadsheet exports) whose cells are links, by header.
_COLUMN_KINDS = {"parent": "supports", "parent issue": "supports", "parent objective": "supports",
                 "parent key result": "supports", "parent kr": "supports", "supports": "supports",
                 "aligned to": "supports", "aligns to": "supports", "depends on": "depends",
                 "blocked by": "depends", "dependencies": "depends", "dependency": "depends",
                 "acknowledges": "acknowledges", "contribution": "contribution",
                 # the row's own key in a tracker export ('OKR-12'), which other rows' links may name
                 "issue key": "key", "key": "key", "issue id": "key", "id": "key"}


def _cells(line: str) -> tuple[str, list[str]] | None:
    """(separator, cells) of a table row: pipes, tabs or commas (CSV quoting understood)."""
    if "|" in line:
        return "|", [c.strip() for c in line.strip().strip("|").split("|")]
    if "\t" in line:
        return "\t", [c.strip() for c in line.split("\t")]
    if "," in line:
        import csv

        try:
            return ",", [c.strip() for c in next(csv.reader([line]))]
        except (csv.Error, StopIteration):
            return None
    return None


def _table_links(lines: list[str]) -> list[_Pending]:
    """Links in the link columns of a table: a header row names them, each later row gives one value."""
    found: list[_Pending] = []
    columns: dict[int, str] = {}
    separator = None
    for number, line in enumerate(lines, start=1):
        row = _cells(line) if len(line) <= 4 * _MAX_LINK_LINE else None
        if row is None or len(row[1]) < 2:
            columns, separator = {}, None
            continue
        sep, cells = row
        header = {i: _COLUMN_KINDS[c.lower().strip("*_ ")] for i, c in enumerate(cells)
                  if c.lower().strip("*_ ") in _COLUMN_KINDS}
        if header and len(header) < len(cells):
            columns, separator = header, sep
            continue
        if sep != separator or not columns:
            continue
        for index, kind in columns.items():
            value = cells[index] if index < len(cells) else ""
            if value and not set(value) <= set("-: "):
                found.append(_Pending(number, kind, value))
    return found


def strip_links(text: str) -> StrippedText:
    """Blank link lines and cut inline link annotations; line numbers are unchanged."""
    out, found = [], []
    lines = text.split("\n")
    if any("|" in line or "\t" in line or "," in line for line in lines[:50]):
        found.extend(_table_links(lines))
    for number, line in enumerate(lines, start=1):
        if len(line) <= _MAX_LINK_LINE and ":" in line:
            match = _LINE_RE.match(line)
            if match and _is_link_line(match):
                key = match.group("key").lower()
                found.append(_Pending(number, _SET_KINDS.get(key) and f"set-{_SET_KINDS[key]}" or _KINDS[key],
                                      match.group("value").strip("* ")))
                out.append("")
                continue
            if "(" in line or "[" in line:
                for inline in _INLINE_RE.finditer(line):
                    found.append(_Pending(number, _KINDS[inline.group("key").lower()], inline.group("value")))
                line = _INLINE_RE.sub("", line)
        out.append(line)
    found.sort(key=lambda p: p.line)
    return StrippedText("\n".join(out), found)


def _is_link_line(match: re.Match) -> bool:
    """A line is a link when its value is one: references (``Company O2``), a set id, or ``none``.

    ``Supports: Become the default tool for agencies`` names the parent objective in words: that line is
    left to the parser, which keeps it as the set's parent objective, as before links existed.
    """
    key, value = match.group("key").lower(), match.group("value")
    if _KINDS.get(key) == "contribution" or key in _SET_KINDS:
        return key != "set" or is_set_id(value)
    if is_standalone_text(value):
        return True
    refs = _refs(value, None)
    return bool(refs) and all(r.objective is not None or is_set_id(r.text) for r in refs)


#: ``Supports: none (why)``: the item stands alone on purpose (no edge, no broken reference).
STANDALONE = frozenset({"none", "nothing", "standalone", "stand-alone", "local", "n/a"})


def is_standalone_text(value: str) -> bool:
    words = value.split()
    return bool(words) and words[0].lower().strip("(),.:;-") in STANDALONE


def is_set_id(value: str) -> bool:
    """One word such as ``company-q3-2026`` or ``none``: a set id (free text has spaces)."""
    return re.fullmatch(r"[\w.\-]+", value.strip()) is not None


def attach_links(stripped: StrippedText, okr_set) -> DraftLinks:
    """Give each link found in the text to the item starting nearest above it (set level before the first)."""
    links = DraftLinks()
    anchors: list[tuple[int, Any]] = []
    for objective in okr_set.objectives:
        if objective.line is not None:
            anchors.append((objective.line, objective.position))
        for kr in objective.key_results:
            if kr.line is not None:
                anchors.append((kr.line, (objective.position, kr.position)))
    anchors.sort(key=lambda a: (a[0], isinstance(a[1], tuple)))
    for pending in stripped.found:
        if pending.kind == "set-id":
            links.set_id = pending.value
            continue
        if pending.kind == "set-parent":
            links.parent_set = pending.value
            continue
        owner = None
        for line, key in anchors:
            if line <= pending.line:
                owner = key
            else:
                break
        if pending.kind == "key":
            if owner is not None:
                links.keys.setdefault(pending.value.strip().upper(), owner)
            continue
        if owner is None:
            if pending.kind == "supports" and parse_ref(pending.value).objective is None:
                links.parent_set = pending.value  # 'Parent: company-q3-2026' above the objectives
                continue
            target = links.set_level
        elif isinstance(owner, tuple):
            target = links.key_results.setdefault(owner, ItemLinks())
        else:
            target = links.objectives.setdefault(owner, ItemLinks())
        _add(target, pending.kind, pending.value, pending.line)
    return links


def _add(target: ItemLinks, kind: str, value: str, line: int | None) -> None:
    if kind != "contribution" and is_standalone_text(value):
        getattr(target, kind).append(Ref(value, None, None, None, line))
    elif kind == "contribution":
        target.contribution = value
    else:
        getattr(target, kind).extend(_refs(value, line))


# --------------------------------------------------------------------------- YAML and JSON drafts

_ITEM_FIELDS = {"parent": "supports", "supports": "supports", "aligned_to": "supports", "aligns_to": "supports",
                "contributes_to": "supports", "depends_on": "depends", "depends": "depends",
                "dependencies": "depends", "acknowledges": "acknowledges", "committed_to": "acknowledges",
                "contribution": "contribution"}
_OBJECTIVES_KEYS = ("objectives", "okrs", "objective_list")
_KR_KEYS = ("key_results", "krs", "key_result", "results", "kr")


def _norm(key: Any) -> str:
    return re.sub(r"[\s\-]+", "_", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(key)).strip()).lower()


def _get(data: dict, keys: tuple[str, ...]) -> Any:
    for key, value in data.items():
        if _norm(key) in keys:
            return value
    return None


def structured_links(data: Any, okr_set) -> DraftLinks:
    """Links stated as fields of a YAML or JSON document (already loaded) that parsed into ``okr_set``.

    Set level: ``id``, ``parent`` (a set id, or a reference such as ``Company O2`` that every objective
    supports). Objective and KR level: ``parent``/``supports``, ``depends_on``, ``acknowledges``,
    ``contribution``; values are a string or a list of strings.
    """
    links = DraftLinks()
    if isinstance(data, list):
        data = {"objectives": data}
    if not isinstance(data, dict):
        return links
    if _get(data, ("id", "set_id")) is not None:
        links.set_id = str(_get(data, ("id", "set_id")))
    parent = _get(data, ("parent", "parent_set", "parent_objective", "supports", "aligned_to"))
    if isinstance(parent, str):
        ref = parse_ref(parent)
        if ref.objective is not None:
            links.set_level.supports.append(ref)
        elif is_set_id(parent):
            links.parent_set = parent.strip()  # a sentence is the parent objective in words, not a link
    objectives = _get(data, _OBJECTIVES_KEYS)
    if isinstance(objectives, dict):
        objectives = list(objectives.values())
    if not isinstance(objectives, list):
        objectives = [data] if _get(data, _KR_KEYS) is not None else []
    lines = {o.position: o for o in okr_set.objectives}
    for i, item in enumerate(objectives, start=1):
        if not isinstance(item, dict):
            continue
        objective = lines.get(i)
        links.objectives[i] = _item_links(item, objective.line if objective else None)
        krs = _get(item, _KR_KEYS)
        for j, kr in enumerate(krs if isinstance(krs, list) else [], start=1):
            if isinstance(kr, dict):
                line = objective.key_results[j - 1].line if objective and j <= len(objective.key_results) else None
                links.key_results[(i, j)] = _item_links(kr, line)
    return links


def _item_links(data: dict, line: int | None) -> ItemLinks:
    out = ItemLinks()
    for key, value in data.items():
        kind = _ITEM_FIELDS.get(_norm(key))
        if kind is None or value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, (str, int, float)):
                _add(out, kind, str(v), line)
    return out
