"""CSV and tab-separated exports -> :class:`coach.model.OkrSet`.

Two shapes, both read with Python's :mod:`csv` module:

* **Tracker exports** (Jira, Linear, Asana, a spreadsheet kept like one): one row per item, an issue-type
  column saying ``Objective`` or ``Key Result`` and a parent column naming the objective a key result
  belongs to, by its key (``OKR-1``) or its title. Rows of other types (tasks, epics, initiatives) are the
  objective's initiatives.
* **OKR spreadsheets**: an ``Objective`` column and a ``Key result`` column; a row with the objective
  cell left empty continues the objective above (merged cells pasted out).

Optional columns: owner (assignee, DRI), baseline/current, target, due date. Status, progress and other
tracker columns are not part of the OKR text. :func:`table_header` decides whether a draft is such an
export at all; anything else stays with the text reader.
"""

from __future__ import annotations

import csv
import datetime as dt
import re

from coach import regex_cache
from coach.errors import ParseError
from coach.model import Initiative, KeyResult, Objective, OkrSet
from coach.parse import labels, markup
from coach.parse.measure import extract_measure

_COLUMN_PATTERNS = {  # first match wins, in this order, for each header cell
    "type": r"(?:issue|item|work\s*item|record|row|okr)?\s*type|level|kind|hierarchy|category",
    "parent": r"parent(?:\s*(?:summary|key|id|issue|issue\s+key|name|title|task|item|goal|objective))?"
              r"|parent\s*/\s*objective|epic\s+link|belongs\s+to|supports|objective\s+(?:key|id)",
    "key": r"(?:issue\s*)?key|id|issue\s*id|task\s*id|item\s*id|identifier|ref|#|no\.?",
    "objective": r"objectives?|goals?|o",
    "kr": r"key\s*results?|krs?|results?|measures?|metrics?",
    "text": r"summary|title|name|text|task\s*name|item|description|okr|what",
    "owner": r"owners?|assignee|assigned\s+to|dri|lead|responsible|accountable|who",
    "start": r"baseline|current(?:\s+value)?|start(?:ing)?(?:\s+value)?|from|actual",
    "end": r"targets?|target\s+value|goal\s+value|to",
    "due": r"due(?:\s+date)?|target\s+date|deadline|end\s+date|by\s+when",
}
_COLUMN_RES = {name: regex_cache.compile(rf"(?:{pattern})$", re.IGNORECASE) for name, pattern in _COLUMN_PATTERNS.items()}
_OBJECTIVE_TYPE_RE = regex_cache.compile(r"(?:okr\s+)?(?:obj(?:ective)?|goal|o)s?\.?$", re.IGNORECASE)
_KR_TYPE_RE = regex_cache.compile(r"(?:key[\s_-]*results?|krs?|kr\s+item)$", re.IGNORECASE)
_MAX_CELL_CHARS = 2_000
_RULE_CELL_RE = regex_cache.compile(r"\s*:?-+:?\s*")


def _column_names(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = " ".join(labels.header_to_english(markup.strip_emphasis(cell).strip(" :*\ufeff\"")).split())
        for kind, pattern in _COLUMN_RES.items():
            if kind not in columns and pattern.match(name):
                columns[kind] = position
                break
    if "objective" in columns and "start" in columns and "end" not in columns and \
            cells[columns["objective"]].strip(" :*\"").lower().startswith("goal"):
        columns["end"] = columns.pop("objective")  # 'Metric, Current, Goal': the goal is the target value
    return columns


def table_header(text: str) -> tuple[str, dict[str, int]] | None:
    """(delimiter, columns) when the draft's first line is the header of an OKR export, else None.

    A header needs a type column with a text column, or both an objective and a key-result column.
    """
    lines = text.split("\n", 50)[:50]
    first = next((line for line in lines if line.strip()), "")
    if not first.lstrip().startswith("|"):  # a Markdown table (Notion, Confluence) may sit under a title
        first = next((line for line in lines if line.lstrip().startswith("|")), first)
    markdown = first.lstrip().startswith("|")
    delimiter = "|" if markdown else "\t" if "\t" in first else \
        max(",;|", key=lambda d: (first.count(d), -",;|".index(d)))  # 'ID | Level | Objective': a pipe export
    if first.count(delimiter) < 1 or len(first) > 1_000:
        return None
    cells = next(csv.reader([first], delimiter=delimiter), [])
    columns = _column_names(cells)
    if "type" in columns and not _types_name_okrs(lines, delimiter, columns["type"]):
        del columns["type"]  # 'Level: Chief / Manager': a column about the row, not its kind
    if "type" in columns and ("text" in columns or "objective" in columns or "kr" in columns):
        return delimiter, columns
    if "objective" in columns and "kr" in columns and not markdown:  # the text reader reads Markdown tables
        return delimiter, columns
    if not markdown:
        return _headerless_columns(lines, delimiter)
    return None


def _headerless_columns(lines: list[str], delimiter: str) -> tuple[str, dict[str, int]] | None:
    """Columns of an export pasted without its header row, read from the cells themselves.

    One column must name every row's kind (``Obj`` / ``KR``, both present); the text is the column with the
    longest cells. The header row is then absent, which ``"headerless"`` in the columns records.
    """
    rows = [row for row in csv.reader(lines, delimiter=delimiter) if any(cell.strip() for cell in row)]
    if len(rows) < 2 or min(len(row) for row in rows) < 3:
        return None
    width = min(len(row) for row in rows)
    for position in range(width):
        kinds = [labels.to_english(row[position].strip(" *")) for row in rows]
        objectives = sum(bool(_OBJECTIVE_TYPE_RE.match(kind)) for kind in kinds)
        krs = sum(bool(_KR_TYPE_RE.match(kind)) for kind in kinds)
        if objectives and krs and objectives + krs == len(rows):
            text = max((p for p in range(width) if p != position),
                       key=lambda p: sum(len(row[p]) for row in rows))
            return delimiter, {"type": position, "text": text, "headerless": -1}
    return None


def _types_name_okrs(lines: list[str], delimiter: str, position: int) -> bool:
    """Some row's type cell says Objective or Key Result: a 'Type' column of other kinds is not an OKR export."""
    for row in csv.reader(lines[1:], delimiter=delimiter):
        kind = labels.to_english(row[position].strip(" *")) if position < len(row) else ""
        if _OBJECTIVE_TYPE_RE.match(kind) or _KR_TYPE_RE.match(kind):
            return True
    return False


class _Rows:
    def __init__(self, source: str, columns: dict[str, int]) -> None:
        self.source, self.columns = source, columns

    def cell(self, row: list[str], name: str) -> str:
        position = self.columns.get(name)
        value = row[position] if position is not None and position < len(row) else ""
        return " ".join(value.split())

    def title(self, row: list[str]) -> str:
        """The row's statement: its text column, else its key-result or objective column."""
        return self.cell(row, "text") or self.cell(row, "kr") or self.cell(row, "objective")


def read_table(text: str, *, source: str, today: dt.date | None) -> OkrSet:
    """Read a CSV/TSV export whose header :func:`table_header` recognised."""
    from coach.parse.text import row_measure

    found = table_header(text)
    if found is None:
        raise ParseError("no OKR columns in the header row", source=source, line=1,
                         hint="name the columns, e.g. 'Issue Type,Summary,Parent' or 'Objective,Key Result,Owner'")
    delimiter, columns = found
    rows = _Rows(source, columns)
    reader = csv.reader(text.split("\n"), delimiter=delimiter)
    objectives: list[Objective] = []
    by_name: dict[str, Objective] = {}
    set_initiatives: list[Initiative] = []
    header_seen = "headerless" in columns
    if delimiter == "|" and any(line.lstrip().startswith("|") for line in text.split("\n", 50)[:50]):
        # a Markdown table: only its rows count; the lines above it are a title (the '|---|' rule is skipped below)
        text = "\n".join(line if line.lstrip().startswith("|") else "" for line in text.split("\n"))
        reader = csv.reader(text.split("\n"), delimiter=delimiter)
    typed = "type" in columns
    table = [(reader.line_num, row) for row in reader]
    objective_ids = _objective_ids(table, rows) if typed else {}
    by_line: dict[int, Objective] = {}
    pending: list[tuple[int, str, int, str | None]] = []  # key results listed above their objective's row
    for line, row in table:
        if all(not cell.strip() or _RULE_CELL_RE.fullmatch(cell) for cell in row):
            continue  # an empty row, or the rule under the header ('|---|---|', or '-- | --' without outer pipes)
        if not header_seen:
            header_seen = True
            continue
        if any(len(cell) > _MAX_CELL_CHARS for cell in row):
            raise ParseError(f"a cell is over {_MAX_CELL_CHARS:,} characters", source=source, line=line,
                             hint="an OKR cell is a sentence; check the export's quoting")
        owner = markup.clean_name(rows.cell(row, "owner")) or None
        if typed:
            kind = labels.to_english(rows.cell(row, "type"))  # 'Ziel', 'Schlüsselergebnis', '目标'
            title = rows.title(row)
            parent_name = rows.cell(row, "parent") or (rows.cell(row, "objective") if "text" in columns else "")
            if not title:
                continue
            if _OBJECTIVE_TYPE_RE.match(kind):
                objective = Objective(text=title, position=len(objectives) + 1, line=line, owner=owner)
                objectives.append(objective)
                for name in (title, rows.cell(row, "key")):
                    if name:
                        by_name.setdefault(name.lower(), objective)
                by_line[line] = objective
                continue
            owning_line = _owning_objective_line(row, objective_ids)
            parent = by_line.get(owning_line) if owning_line is not None else None
            if owning_line is not None and parent is None and _KR_TYPE_RE.match(kind):
                pending.append((owning_line, title + row_measure(rows.cell(row, "start"), rows.cell(row, "end"),
                                                                 rows.cell(row, "due")), line, owner))
                continue
            if parent is None:
                parent = by_name.get(parent_name.lower()) if parent_name else (objectives[-1] if objectives else None)
            if _KR_TYPE_RE.match(kind):
                if parent is None and parent_name:
                    raise ParseError(f"key result '{_short(title)}' names the parent '{_short(parent_name)}', which "
                                     "is not an objective in the export", source=source, line=line,
                                     hint="export the objectives together with their key results")
                if parent is None:
                    parent = Objective(text="", position=1, line=line)
                    objectives.append(parent)
                _add_kr(parent, title + row_measure(rows.cell(row, "start"), rows.cell(row, "end"),
                                                    rows.cell(row, "due")), line, owner)
            else:  # a task, epic or initiative under an objective (or a key result's own work)
                target = parent.initiatives if parent is not None else set_initiatives
                if parent is None and parent_name and parent_name.lower() not in by_name:
                    owning = next((o for o in objectives for kr in o.key_results
                                   if kr.text.lower().startswith(parent_name.lower())), None)
                    target = owning.initiatives if owning is not None else set_initiatives
                target.append(Initiative(text=title, owner=owner, line=line))
            continue
        objective_text = rows.cell(row, "objective")
        label = markup.OBJECTIVE_LABEL_RE.match(objective_text)
        objective_text = objective_text[label.end():].strip() if label else objective_text
        if objective_text and (not objectives or objectives[-1].text != objective_text):
            objectives.append(Objective(text=objective_text, position=len(objectives) + 1, line=line))
        kr_text = rows.cell(row, "kr")
        label = markup.KR_LABEL_RE.match(kr_text)
        kr_text = kr_text[label.end():].strip() if label else kr_text
        if not kr_text:
            continue
        if not objectives:
            raise ParseError(f"row '{_short(kr_text)}' has no objective", source=source, line=line,
                             hint="fill the Objective column on the first row of each objective")
        _add_kr(objectives[-1], kr_text + row_measure(rows.cell(row, "start"), rows.cell(row, "end"),
                                                       rows.cell(row, "due")), line, owner)
    for owning_line, text, line, owner in pending:
        _add_kr(by_line[owning_line], text, line, owner)
    for objective in {id(by_line[owning_line]): by_line[owning_line] for owning_line, *_ in pending}.values():
        objective.key_results.sort(key=lambda kr: kr.line)  # file order, as the export lists them
        for position, kr in enumerate(objective.key_results, 1):
            kr.position = position
    if not objectives:
        raise ParseError("no objective rows in the export", source=source, line=1,
                         hint="include the rows whose type is 'Objective' (or fill the Objective column)")
    return OkrSet(objectives=objectives, initiatives=set_initiatives, source=source, source_format="csv")


#: An item id: 'OKR-12', '2022-Q1-CI-1.2', '3.1' (at least one digit, no spaces).
_ID_RE = regex_cache.compile(r"(?=[^\s]*\d)[A-Za-z0-9]+(?:[-._/][A-Za-z0-9]+)*")
_LAST_PART_RE = regex_cache.compile(r"[-._/][A-Za-z0-9]+$")


def _objective_ids(table: list[tuple[int, list[str]]], rows: _Rows) -> dict[str, int | None]:
    """Every id-like cell of an objective row -> that row's line; None for an id several objectives share."""
    ids: dict[str, int | None] = {}
    for line, row in table:
        title = rows.title(row)
        if title and _OBJECTIVE_TYPE_RE.match(labels.to_english(rows.cell(row, "type"))):
            for cell in {cell.strip() for cell in row if len(cell) <= 60 and _ID_RE.fullmatch(cell.strip())}:
                ids[cell] = line if cell not in ids else None
    return ids


def _owning_objective_line(row: list[str], ids: dict[str, int | None]) -> int | None:
    """The line of the objective whose id this row's id extends ('2022-Q1-CI-1.2' under '2022-Q1-CI-1').

    Hierarchical ids say where a key result belongs even when the rows are sorted some other way; an id that
    several objectives share (a period, a team) decides nothing. The longest id wins.
    """
    for cell in sorted((cell.strip() for cell in row), key=len, reverse=True):
        if len(cell) > 60 or not _ID_RE.fullmatch(cell):
            continue
        prefix = _LAST_PART_RE.sub("", cell)
        if prefix != cell and ids.get(prefix) is not None:
            return ids[prefix]
    return None


def _add_kr(objective: Objective, text: str, line: int, owner: str | None) -> None:
    owned = markup.split_owner(text)
    body, kind = markup.split_kind(markup.strip_tracker_columns(owned.text))
    body = markup.tidy(body)
    if not body:
        return
    objective.key_results.append(KeyResult(text=body, position=len(objective.key_results) + 1, line=line,
                                           owner=owner or owned.owner, kind=kind, measure=extract_measure(body)))


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."
