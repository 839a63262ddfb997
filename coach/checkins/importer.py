"""Read check-in files (CSV, YAML, JSON) into validated :class:`~coach.model.CheckIn` records.

Reading is all-or-nothing: every row is validated before anything is stored, and the error names each bad
row (``checkins.csv row 7: confidence 'purple' is not a known level; use ...``). CSV rows are numbered as a
spreadsheet shows them (the header is row 1); YAML and JSON entries are numbered from 1. The format is
documented in ``docs/checkins.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from coach.checkins.confidence import ConfidenceError, parse_confidence
from coach.errors import StoreError
from coach.model import CheckIn, OkrSet, kr_ref
from coach.strict_data import DuplicateKey, expanded_size, load_json, load_yaml

MAX_BYTES = 20_000_000
MAX_ROWS = 200_000
MAX_ERRORS_SHOWN = 10
#: Items in one list field (blockers, next actions, decisions) of one check-in.
MAX_LIST_ITEMS = 50
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
DAYS_BEFORE_CYCLE = 31  # a check-in may predate the cycle by this much (a kickoff baseline reading)
DAYS_AFTER_CYCLE = 62  # ...or follow its end by this much (late grading)

#: Column or key -> field. Headers are matched after lower-casing and turning spaces and hyphens into '_'.
COLUMNS: dict[str, str] = {
    "kr": "key_result", "key_result": "key_result", "ref": "key_result",
    "date": "date", "week": "date",
    "value": "value", "current": "value", "current_value": "value",
    "confidence": "confidence",
    "what_changed": "what_changed", "changed": "what_changed",
    "why": "why",
    "blockers": "blockers", "blocker": "blockers",
    "next_actions": "next_actions", "next_action": "next_actions", "actions": "next_actions",
    "decisions_needed": "decisions_needed", "decisions": "decisions_needed", "decision_needed": "decisions_needed",
    "owner": "owner",
    "target": "target", "new_target": "target",
}
LIST_FIELDS = ("blockers", "next_actions", "decisions_needed")
_REF = re.compile(r"^\s*O\s*(\d{1,3})\s*[.\s_-]?\s*KR\s*(\d{1,3})\s*$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_SUFFIX = {"k": 1e3, "m": 1e6, "bn": 1e9}


@dataclass
class CheckInFile:
    """A check-in file read but not yet checked against an OKR set."""

    source: str
    records: list[tuple[str, dict[str, Any]]]  # (place for errors, raw record)
    set_name: str | None = None


@dataclass
class ImportBatch:
    """Validated check-ins, each with the place it came from."""

    source: str
    checkins: list[CheckIn] = field(default_factory=list)
    where: list[str] = field(default_factory=list)


def detect_format(text: str, source: str) -> str:
    suffix = PurePath(source).suffix.lower()
    if suffix in (".csv", ".json"):
        return suffix[1:]
    if suffix in (".yaml", ".yml"):
        return "yaml"
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        return "json"
    first = stripped.splitlines()[0] if stripped else ""
    return "yaml" if first.startswith(("-", "checkins:", "set:", "---")) else "csv"


def read_checkin_file(text: str, source: str) -> CheckInFile:
    """Split a CSV, YAML or JSON check-in file into raw records. Raises :class:`StoreError` on bad syntax."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise StoreError(f"{source}: larger than {MAX_BYTES // 1_000_000} MB", hint="split the file")
    if "\x00" in text:
        raise StoreError(f"{source}: looks like a binary file", hint="export the check-ins as CSV, YAML or JSON")
    if not text.strip():
        raise StoreError(f"{source}: the file is empty", hint="see docs/checkins.md for the format")
    fmt = detect_format(text, source)
    if fmt == "csv":
        return _read_csv(text, source)
    return _read_structured(text, source, fmt)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _drop_formula_guard(cell: str) -> str:
    """Undo the apostrophe our CSV export puts before text a spreadsheet would run as a formula."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _read_csv(text: str, source: str) -> CheckInFile:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect, strict=True)  # strict: an unclosed quote is an error
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise StoreError(f"{source} row 1: no header row", hint="start with 'kr,date,value,confidence,...'") from exc
    columns = [_column(name, source, f"{source} row 1") for name in header]
    for index, column in enumerate(columns):
        if column in columns[:index]:
            raise StoreError(f"{source} row 1: column '{header[index].strip()[:40]}' repeats column "
                             f"{columns.index(column) + 1} ('{header[columns.index(column)].strip()[:40]}')",
                             hint="keep one column per field")
    records: list[tuple[str, dict[str, Any]]] = []
    number = 1
    try:
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                raise StoreError(f"{source} row {number}: {len(row)} cells but the header has {len(columns)}",
                                 hint="quote cells that contain the delimiter")
            cells = [_drop_formula_guard(cell) for cell in row]
            records.append((f"{source} row {number}", dict(zip(columns, cells, strict=False))))
            if len(records) > MAX_ROWS:
                raise StoreError(f"{source}: more than {MAX_ROWS:,} rows", hint="split the file")
    except csv.Error as exc:  # the row after the last one read is the broken one
        if "field limit" in str(exc):
            raise StoreError(f"{source} row {number + 1}: a cell is longer than {csv.field_size_limit():,} "
                             "characters", hint="shorten it, or check for an unclosed quote above it") from exc
        raise StoreError(f"{source} row {number + 1}: not valid CSV ({exc})",
                         hint="check the quoting on that row: every opening \" needs a closing one") from exc
    return CheckInFile(source, records)


def _read_structured(text: str, source: str, fmt: str) -> CheckInFile:
    try:
        if fmt == "json":
            data = load_json(text)
        else:
            data = load_yaml(text)
    except json.JSONDecodeError as exc:
        raise StoreError(f"{source} line {exc.lineno}: not valid JSON ({exc.msg})",
                         hint="fix the syntax at that line") from exc
    except DuplicateKey as exc:
        where = f"{source} line {exc.line}" if exc.line else source
        raise StoreError(f"{where}: the key '{exc.key}' appears twice in one entry",
                         hint="keep one value per key; a second one would silently replace the first") from None
    except RecursionError:
        raise StoreError(f"{source}: nested too deeply to be a check-in file",
                         hint="write a flat list of check-ins (see docs/checkins.md)") from None
    except Exception as exc:  # yaml.YAMLError and friends: yaml is imported lazily
        mark = getattr(exc, "problem_mark", None)
        where = f"{source} line {mark.line + 1}" if mark else source
        raise StoreError(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})",
                         hint="fix the indentation or quoting at that line") from exc
    set_name = None
    if isinstance(data, dict):
        unknown = set(data) - {"set", "checkins"}
        if unknown or "checkins" not in data:
            raise StoreError(f"{source}: expected a list of check-ins, or a mapping with 'checkins' (and "
                             f"optionally 'set'); found keys {', '.join(map(str, data))}",
                             hint="see docs/checkins.md for the format")
        set_name = None if data.get("set") is None else str(data["set"])
        data = data["checkins"]
    if not isinstance(data, list):
        raise StoreError(f"{source}: expected a list of check-ins, got {type(data).__name__}",
                         hint="see docs/checkins.md for the format")
    if len(data) > MAX_ROWS:
        raise StoreError(f"{source}: more than {MAX_ROWS:,} check-ins", hint="split the file")
    records = []
    expanded = 0
    for number, item in enumerate(data, start=1):
        where = f"{source} check-in {number}"
        expanded += expanded_size(item, MAX_BYTES)
        if expanded > MAX_BYTES:  # YAML aliases: a small file can stand for far more data
            raise StoreError(f"{where}: with its aliases written out the file holds more than "
                             f"{MAX_BYTES // 1_000_000} MB of check-in data by this check-in",
                             hint="write the values out instead of repeating anchors (&name / *name), "
                                  "or split the file")
        if not isinstance(item, dict):
            raise StoreError(f"{where}: expected a mapping of fields, got {type(item).__name__}",
                             hint="write each check-in as 'kr: O1.KR2', 'date: ...' and so on")
        record: dict[str, Any] = {}
        for key, value in item.items():
            column = _column(str(key), source, where)
            if column in record:
                raise StoreError(f"{where}: '{str(key)[:40]}' and another key both give the {column}",
                                 hint="keep one of them")
            record[column] = value
        records.append((where, record))
    return CheckInFile(source, records, set_name)


def _column(name: str, source: str, where: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower().lstrip("\ufeff"))
    if key not in COLUMNS:
        known = ", ".join(sorted(set(COLUMNS.values())))
        raise StoreError(f"{where}: unknown column '{name.strip()[:40]}'", hint=f"use the columns {known}")
    return COLUMNS[key]


# --------------------------------------------------------------------------- validation


def validate(file: CheckInFile, okr_set: OkrSet) -> ImportBatch:
    """Check every record against ``okr_set``; raise one :class:`StoreError` naming every bad row."""
    known = dict.fromkeys(kr_ref(o.position, k.position) for o, k in okr_set.iter_key_results())
    low, high = _date_bounds(okr_set)
    batch = ImportBatch(file.source)
    errors: list[str] = []
    seen: dict[tuple[str, dt.date], str] = {}
    for where, record in file.records:
        try:
            checkin = _checkin(record, known, low, high)
        except _RowError as exc:
            errors.append(f"{where}: {exc}")
            continue
        key = (checkin.key_result, checkin.date)
        if key in seen:
            errors.append(f"{where}: {checkin.key_result} has a second check-in dated {checkin.date.isoformat()} "
                          f"(first at {seen[key]}); keep one row per key result and date")
            continue
        seen[key] = where
        batch.checkins.append(checkin)
        batch.where.append(where)
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        more = f" (and {len(errors) - len(shown)} more)" if len(errors) > len(shown) else ""
        raise StoreError("\n".join(shown) + more, hint="nothing was imported; fix these rows and import again")
    if not batch.checkins:
        raise StoreError(f"{file.source}: no check-ins found", hint="see docs/checkins.md for the format")
    return batch


class _RowError(Exception):
    pass


def _date_bounds(okr_set: OkrSet) -> tuple[dt.date, dt.date]:
    low, high = EARLIEST, LATEST
    if okr_set.starts:
        low = okr_set.starts - dt.timedelta(days=DAYS_BEFORE_CYCLE)
    if okr_set.ends:
        high = okr_set.ends + dt.timedelta(days=DAYS_AFTER_CYCLE)
        if not okr_set.starts:
            low = okr_set.ends - dt.timedelta(days=400)
    return low, high


def _checkin(record: dict[str, Any], known: dict[str, None], low: dt.date, high: dt.date) -> CheckIn:
    ref = _ref(record.get("key_result"), known)
    date = _date(record.get("date"), low, high)
    confidence = None
    raw_conf = record.get("confidence")
    if raw_conf not in (None, ""):
        try:
            confidence = parse_confidence(raw_conf)
        except ConfidenceError as exc:
            raise _RowError(str(exc)) from None
    return CheckIn(
        key_result=ref, date=date, value=_number(record.get("value"), "value"), confidence=confidence,
        what_changed=_text(record.get("what_changed"), "what_changed"), why=_text(record.get("why"), "why"),
        blockers=_list(record.get("blockers"), "blockers"), next_actions=_list(record.get("next_actions"), "next_actions"),
        decisions_needed=_list(record.get("decisions_needed"), "decisions_needed"),
        owner=_text(record.get("owner"), "owner"), target=_number(record.get("target"), "target"))


def _ref(raw: Any, known: dict[str, None]) -> str:
    if raw in (None, ""):
        raise _RowError("the key result ('kr') is missing; write it as O1.KR2")
    match = _REF.match(str(raw))
    if not match:
        raise _RowError(f"'{str(raw)[:40]}' is not a key result reference; write it as O1.KR2")
    ref = kr_ref(int(match[1]), int(match[2]))
    if ref not in known:
        refs = list(known)
        listed = ", ".join(refs) if len(refs) <= 12 else ", ".join(refs[:12]) + ", ..."
        raise _RowError(f"{ref} is not a key result of this OKR set (it has {listed or 'none'})")
    return ref


def _date(raw: Any, low: dt.date, high: dt.date) -> dt.date:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        date = raw
    elif raw in (None, ""):
        raise _RowError("the date is missing; write it as YYYY-MM-DD")
    else:
        try:
            date = dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise _RowError(f"date '{str(raw)[:40]}' is not a date; write it as YYYY-MM-DD") from None
    if not low <= date <= high:
        raise _RowError(f"date {date.isoformat()} is outside the OKR set's cycle (allowed "
                        f"{low.isoformat()} to {high.isoformat()}); check the year and month")
    return date


def _number(raw: Any, name: str) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise _RowError(f"{name} {raw!r} is not a number")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        shown = str(raw).strip()[:40]
        text = text.lstrip("$€£").rstrip("%")
        scale = 1.0
        for suffix, factor in _SUFFIX.items():
            if text.lower().endswith(suffix) and text[: -len(suffix)][-1:].isdigit():
                text, scale = text[: -len(suffix)], factor
                break
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            value = float(text) * scale
        except ValueError:
            raise _RowError(f"{name} '{shown}' is not a number; write e.g. 58, 58% or 1200") from None
    if math.isnan(value) or math.isinf(value) or abs(value) > 1e15:
        raise _RowError(f"{name} {raw!r} is not a usable number")
    return value


def _text(raw: Any, name: str) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, (dict, list)):
        raise _RowError(f"{name} should be text, not a {type(raw).__name__}")
    text = str(raw).strip()
    if len(text) > 2000:
        raise _RowError(f"{name} is longer than 2,000 characters; keep check-in notes short")
    return text or None


def _list(raw: Any, name: str) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, list):
        if len(raw) > MAX_LIST_ITEMS:
            raise _RowError(f"{name} has {len(raw):,} items; one check-in takes at most {MAX_LIST_ITEMS}")
        items = [_text(item, name) for item in raw]
    elif isinstance(raw, dict):
        raise _RowError(f"{name} should be a list of text items")
    else:
        items = [part.strip() for part in re.split(r"[;\n]", str(raw))]
        if len(items) > MAX_LIST_ITEMS:
            raise _RowError(f"{name} has {len(items):,} items; one check-in takes at most {MAX_LIST_ITEMS}")
    return [item for item in items if item]
