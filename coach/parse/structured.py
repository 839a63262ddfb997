"""YAML and JSON drafts -> :class:`coach.model.OkrSet`.

The document has the model's shape; friendly aliases are accepted (``objective``/``title``/``text``,
``key_results``/``krs``/``key results``, ``cycle`` for ``period`` ...). Key results may be plain strings or
mappings; their measure is read from the text unless the document states it (``measure:`` or flat fields
such as ``baseline:``/``target:``). Every error names the field path (``objectives[2].key_results[0]``)
and, for YAML, the line. PyYAML is imported here only, so text drafts never pay for it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from coach import regex_cache
from coach.errors import ParseError
from coach.model import Initiative, KeyResult, Measure, Objective, OkrSet
from coach.parse.markup import split_kind, split_owner, tidy
from coach.parse.measure import extract_measure
from coach.parse.period import parse_period
from coach.strict_data import DuplicateKey, strict_yaml_loader, unique_keys

Path = tuple[str | int, ...]


class ShapeError(ParseError):
    """The document parsed, but its keys do not lay out an OKR set the reader knows: a draft that only
    looked like YAML may still read as text (see :func:`coach.parse.draft.parse_draft`)."""

LineOf = Callable[[Path], int | None]

_SET_FIELDS = {
    "team": "team", "team_name": "team", "squad": "team", "department": "team", "dept": "team",
    "period": "period", "cycle": "period", "quarter": "period", "timeframe": "period", "time_frame": "period",
    "starts": "starts", "start": "starts", "start_date": "starts", "starts_on": "starts",
    "ends": "ends", "end": "ends", "end_date": "ends", "ends_on": "ends",
    "parent_objective": "parent", "parent": "parent", "supports": "parent", "aligned_to": "parent",
    "aligns_to": "parent", "company_objective": "parent",
    "objectives": "objectives", "okrs": "objectives", "okr": "objectives", "objective_list": "objectives",
    "initiatives": "initiatives", "projects": "initiatives", "key_initiatives": "initiatives",
    "title": "title", "name": "title",
}
_OBJECTIVE_FIELDS = {
    "objective": "text", "title": "text", "text": "text", "name": "text", "statement": "text", "goal": "text",
    "okr": "text", "o": "text", "obj": "text",  # "O" beside "KR", as short keys name them
    "owner": "owner", "owners": "owner", "dri": "owner", "lead": "owner",
    "key_results": "key_results", "krs": "key_results", "key_result": "key_results", "results": "key_results",
    "kr": "key_results",
    "initiatives": "initiatives", "projects": "initiatives", "key_initiatives": "initiatives",
}
_KR_FIELDS = {
    "text": "text", "kr": "text", "key_result": "text", "title": "text", "name": "text", "result": "text",
    "statement": "text",
    "owner": "owner", "owners": "owner", "dri": "owner",
    "kind": "kind", "type": "kind",
    "measure": "measure",
    "initiatives": "initiatives",
}
#: Generic text fields: beside a field named for its role ('objective', 'key_result') they hold a short name.
_SHORT_NAMES = frozenset({"title", "name", "text"})
_MEASURE_FLAT = {
    "metric": "metric", "direction": "direction", "baseline": "baseline", "current": "baseline",
    "baseline_text": "baseline_text", "baseline_unit": "baseline_unit", "target": "target",
    "target_text": "target_text", "unit": "unit", "comparator": "comparator", "change": "change",
    "change_unit": "change_unit", "factor": "factor", "deadline": "deadline", "due": "deadline",
    "goal": "target",  # '{text: "Hit monthly revenue of $1.75M", goal: 1750000}': a key result's goal is its target
}
_INITIATIVE_FIELDS = {"text": "text", "initiative": "text", "title": "text", "name": "text", "project": "text",
                      "owner": "owner", "owners": "owner", "dri": "owner"}
_FIELD_HINTS = {
    "set": "team, period (or cycle), starts, ends, parent_objective, objectives, initiatives",
    "objective": "objective (or title/text), owner, key_results (or krs), initiatives",
    "key result": "text, owner, kind, measure, or measure fields such as baseline and target",
    "initiative": "text, owner",
}
#: Fields a team may keep in its documents that the model has no place for.
_NOTE_FIELDS = frozenset(
    "id position line notes note description why comment comments status confidence score progress tags "
    "labels version author date updated source source_format link links url rationale context kpis "
    # alignment links, read by coach.parse.links
    "parent supports aligned_to aligns_to contributes_to depends_on depends dependencies acknowledges "
    "committed_to contribution set_id".split())
_CAMEL_RE = regex_cache.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _norm(key: Any) -> str:
    return re.sub(r"[\s\-]+", "_", _CAMEL_RE.sub("_", str(key)).strip()).lower()


def _described(data: dict, path: Path) -> tuple[Any, Path] | None:
    """A 'description' or 'summary' field, for a mapping that names its text no other way."""
    for key, value in data.items():
        if _norm(key) in ("description", "summary") and isinstance(value, str) and value.strip():
            return value, path + (str(key),)
    return None


def _blank_entry(item: Any) -> bool:
    """None, '' or a mapping whose every value is empty: a template row nobody filled in."""
    if item is None or isinstance(item, str) and not item.strip(" .…"):
        return True  # '...', '…': the writer's mark for entries left out of the paste
    return isinstance(item, dict) and all(v is None or isinstance(v, str) and not v.strip() for v in item.values())


def _where(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


class _Builder:
    def __init__(self, *, source: str, today: dt.date | None, line_of: LineOf) -> None:
        self.source, self.today, self.line_of = source, today, line_of

    def error(self, path: Path, message: str, hint: str) -> ParseError:
        return ShapeError(f"{_where(path)}: {message}", source=self.source, line=self.line_of(path), hint=hint)

    def fields(self, data: dict, path: Path, names: dict[str, str], what: str,
               *, measure_fields: dict[str, Any] | None = None) -> dict[str, tuple[Any, Path]]:
        """Map a document mapping onto model field names; note keys and a tool's own fields are skipped.

        An unknown key is an error when it looks like a misspelling of a field the mapping lacks
        ('key_resluts' with no key results, 'txt' with no text): that typo would otherwise lose the
        field. Other unknown keys (an export's 'weight', 'scoring', 'vision') are not OKR content.
        With ``measure_fields``, flat measure keys ('baseline:', 'target:') are collected there.
        """
        import difflib

        out: dict[str, tuple[Any, Path]] = {}
        unknown: list[tuple[Any, str]] = []
        for key, value in data.items():
            norm = _norm(key)
            name = names.get(norm)
            if name is None:
                if measure_fields is not None and norm in _MEASURE_FLAT:
                    measure_fields[norm] = value
                    continue
                if norm not in _NOTE_FIELDS:
                    unknown.append((key, norm))
                continue
            if name in out:
                earlier = _norm(out[name][1][-1])
                if name == "text" and (earlier in _SHORT_NAMES) != (norm in _SHORT_NAMES):
                    if norm in _SHORT_NAMES:
                        continue  # 'title' beside 'objective': a short name; the field named for its role is the text
                else:
                    raise self.error(path + (str(key),), f"{what} field given twice ('{key}')",
                                     "keep one of the two spellings")
            out[name] = (value, path + (str(key),))
        for key, norm in unknown:
            near = difflib.get_close_matches(norm, list(names), n=1, cutoff=0.75)
            if near and names[near[0]] not in out and names[near[0]] not in ("owner", "kind"):
                raise self.error(path + (str(key),), f"unknown {what} field '{key}'",
                                 f"use {_FIELD_HINTS[what]} (see docs/draft-format.md)")
        return out

    def text(self, value: Any, path: Path, what: str) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.error(path, f"{what} must be text, got {_type_name(value)}", f"write the {what} as a string")
        text = tidy(str(value))
        if not text:
            raise self.error(path, f"{what} is empty", f"write the {what}, or remove the entry")
        return text

    def items(self, value: Any, path: Path, what: str) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, (str, dict)) and what == "initiatives":
            value = [value]
        if not isinstance(value, list):
            raise self.error(path, f"{what} must be a list, got {_type_name(value)}", f"write {what} as a list of entries")
        return value

    def owner(self, value: Any, path: Path) -> str | None:
        if value is None:
            return None
        if isinstance(value, list):
            return ", ".join(self.text(v, path + (i,), "owner").lstrip("@") for i, v in enumerate(value)) or None
        return self.text(value, path, "owner").lstrip("@")

    # ------------------------------------------------------------------ levels

    def build(self, data: Any, source_format: str) -> OkrSet:
        if isinstance(data, list):
            data = {"objectives": data}
        if not isinstance(data, dict):
            raise self.error((), f"expected a mapping with 'objectives', got {_type_name(data)}",
                             "start the document with 'objectives:' (see docs/draft-format.md)")
        if "objectives" not in {_SET_FIELDS.get(_norm(k)) for k in data} and any(
                _OBJECTIVE_FIELDS.get(_norm(k)) == "key_results" for k in data):
            data = {"objectives": [data]}  # a single objective document
        elif "objectives" not in {_SET_FIELDS.get(_norm(k)) for k in data}:
            found, period_key = _find_objectives(data)
            if found:  # objectives kept deeper: under a quarter key, a project, a person ('Q4: {Objective: ...}')
                data = {"objectives": found, **({"period": period_key} if period_key else {})}
        fields = self.fields(data, (), _SET_FIELDS, "set")
        if "objectives" not in fields:
            raise self.error((), "no 'objectives' list", "add 'objectives:' with one entry per objective")
        raw_objectives, objectives_path = fields["objectives"]
        nested, nested_period = _find_objectives(raw_objectives) if isinstance(raw_objectives, dict) else ([], None)
        if _objective_shaped(raw_objectives):  # 'okr:' over one objective's 'objective:' and 'key_results:'
            raw_objectives = [raw_objectives]
        elif nested:  # 'OKR:' over 'Q4:' over the objectives
            raw_objectives = nested
            if nested_period and "period" not in fields:
                fields["period"] = (nested_period, objectives_path)
        elif isinstance(raw_objectives, dict):  # {'Objective text': [key results], ...}
            raw_objectives = [self._keyed_objective(k, v, objectives_path) for k, v in raw_objectives.items()]
        items = self.items(raw_objectives, objectives_path, "objectives")
        objectives = [self.objective(item, objectives_path + (i,), i + 1, alone=len(items) == 1)
                      for i, item in enumerate(items)]
        if not objectives:
            raise self.error(objectives_path, "the objectives list is empty", "add at least one objective")
        team = self.text(*fields["team"], "team") if fields.get("team", (None,))[0] is not None else None
        period_text = (self.text(*fields["period"], "period")
                       if fields.get("period", (None,))[0] is not None else None)
        if period_text is None and "title" in fields and isinstance(fields["title"][0], str):
            found = parse_period(fields["title"][0], today=self.today)
            period_text = found.label if found else None
        period = parse_period(period_text, today=self.today) if period_text else None
        starts = self.date(fields.get("starts"), period.starts if period else None)
        ends = self.date(fields.get("ends"), period.ends if period else None)
        parent = self.text(*fields["parent"], "parent objective") if fields.get("parent", (None,))[0] else None
        initiatives = self.initiatives(fields.get("initiatives"))
        try:
            return OkrSet(team=team, period=period_text, starts=starts, ends=ends, parent_objective=parent,
                          objectives=objectives, initiatives=initiatives, source=self.source,
                          source_format=source_format)
        except ValidationError as exc:  # e.g. starts after a field the model rejects
            raise self.error((), _first_problem(exc), "fix the value shown") from None

    def _keyed_objective(self, key: Any, value: Any, path: Path) -> Any:
        if isinstance(value, list):
            return {"objective": key, "key_results": value}
        if isinstance(value, dict) and not any(_OBJECTIVE_FIELDS.get(_norm(k)) == "text" for k in value):
            return {"objective": key, **value}
        return value

    def date(self, given: tuple[Any, Path] | None, default: dt.date | None) -> dt.date | None:
        if given is None or given[0] is None:
            return default
        value, path = given
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise self.error(path, f"'{value}' is not a date", "write dates as YYYY-MM-DD, e.g. 2026-07-01") from None

    def objective(self, data: Any, path: Path, position: int, *, alone: bool = False) -> Objective:
        if isinstance(data, str):
            raise self.error(path, f"objective '{_short(data)}' has no key results",
                             "write it as a mapping: '- objective: ...' with 'key_results:' under it")
        if not isinstance(data, dict):
            raise self.error(path, f"expected an objective mapping, got {_type_name(data)}",
                             "write '- objective: <text>' with 'key_results:' under it")
        fields = self.fields(data, path, _OBJECTIVE_FIELDS, "objective")
        if "text" not in fields and (described := _described(data, path)):
            fields["text"] = described
        if "text" not in fields and "key_results" in fields and alone:
            fields["text"] = ("", path)  # a document of key results only ('keyResults: [...]', 'objectiveId: ...')
        if "text" not in fields:
            raise self.error(path, "objective has no text", "add 'objective: <what you want to achieve>'")
        given = fields["text"][0]
        owned = split_owner(self.text(*fields["text"], "objective")) if given != "" else split_owner("")
        owner = self.owner(*fields["owner"]) if "owner" in fields else owned.owner
        objective = Objective(text=owned.text, position=position, line=self.line_of(path), owner=owner)
        raw_krs, krs_path = fields.get("key_results", ([], path + ("key_results",)))
        for i, item in enumerate(self.items(raw_krs, krs_path, "key_results")):
            if _blank_entry(item):
                continue  # '- Metric: ""', a bare '-': an empty row of a template, not a key result
            objective.key_results.append(
                self.key_result(item, krs_path + (i,), len(objective.key_results) + 1, objective))
        objective.initiatives.extend(self.initiatives(fields.get("initiatives")))
        return objective

    def key_result(self, data: Any, path: Path, position: int, objective: Objective) -> KeyResult:
        if isinstance(data, (str, int, float)) and not isinstance(data, bool):
            owned = split_owner(self.text(data, path, "key result"))
            text, kind = split_kind(owned.text)
            return KeyResult(text=text, position=position, line=self.line_of(path), owner=owned.owner,
                             kind=kind, measure=extract_measure(text))
        if not isinstance(data, dict):
            raise self.error(path, f"expected a key result (text or mapping), got {_type_name(data)}",
                             "write the key result as a string, or as a mapping with 'text:'")
        stated: dict[str, Any] = {}
        fields = self.fields(data, path, _KR_FIELDS, "key result", measure_fields=stated)
        if "text" not in fields and isinstance(stated.get("metric"), str) and stated["metric"].strip():
            fields["text"] = (stated.pop("metric"), path + ("metric",))  # '- Metric: 5 paying customers'
        if "text" not in fields and (described := _described(data, path)):
            fields["text"] = described  # '- kr_id: KR-7' with 'description: Increase API uptime to 99.9%'
        if "text" not in fields:
            raise self.error(path, "key result has no text", "add 'text: <the key result>'")
        owned = split_owner(self.text(*fields["text"], "key result"))
        text, kind = split_kind(owned.text)
        if "kind" in fields and fields["kind"][0] is not None:
            kind = self.kind(*fields["kind"])
        owner = self.owner(*fields["owner"]) if "owner" in fields else owned.owner
        measure = extract_measure(text)
        if "measure" in fields and fields["measure"][0] is not None:
            given, measure_path = fields["measure"]
            if not isinstance(given, dict):
                raise self.error(measure_path, f"measure must be a mapping, got {_type_name(given)}",
                                 "write measure fields such as 'baseline:' and 'target:' under it")
            stated.update(given)
        if stated:
            measure = self.measure(measure, stated, path)
        objective.initiatives.extend(self.initiatives(fields.get("initiatives")))
        return KeyResult(text=text, position=position, line=self.line_of(path), owner=owner, kind=kind,
                         measure=measure)

    def kind(self, value: Any, path: Path) -> str:
        word = str(value).strip().lower()
        if word.startswith(("commit", "must")):
            return "committed"
        if word in ("aspirational", "stretch", "moonshot", "roofshot"):
            return "aspirational"
        raise self.error(path, f"kind '{value}' is not 'committed' or 'aspirational'",
                         "use 'committed' (expected at 1.0) or 'aspirational' (stretch, about 0.7)")

    def measure(self, extracted: Measure, stated: dict[str, Any], path: Path) -> Measure:
        """The stated measure fields win over what the text says."""
        merged = extracted.model_dump()
        for key, value in stated.items():
            name = _MEASURE_FLAT.get(_norm(key))
            if name is None:
                raise self.error(path + ("measure", str(key)), f"unknown measure field '{key}'",
                                 f"use one of: {', '.join(sorted(set(_MEASURE_FLAT.values())))}")
            if name in ("baseline", "target") and isinstance(value, str):
                read = extract_measure(f"target {value}")  # '45%', '€5.2M' -> number and unit
                merged[f"{name}_text"] = value.strip()
                if read.target is not None and read.unit and name == "target" and "unit" not in stated:
                    merged["unit"] = read.unit
                if read.target is None and _norm(key) == "goal":
                    continue  # 'goal: launched' beside the text: a milestone in words, kept as the target's text
                value = read.target if read.target is not None else value  # 'target: lots' stays an error
            elif name in ("baseline", "target") and isinstance(value, (int, float)) and not isinstance(value, bool):
                merged[f"{name}_text"] = f"{value:g}"
            merged[name] = value
        baseline, target = merged.get("baseline"), merged.get("target")
        if ("direction" not in stated and merged.get("direction") in (None, "reach")
                and isinstance(baseline, (int, float)) and isinstance(target, (int, float))):
            merged["direction"] = "increase" if target > baseline else "reduce" if target < baseline else "keep"
        try:
            return Measure.model_validate(merged)
        except ValidationError as exc:
            problem = exc.errors()[0]
            field = ".".join(str(p) for p in problem["loc"])
            raise self.error(path + ("measure", field), problem["msg"], "fix the value shown") from None

    def initiatives(self, given: tuple[Any, Path] | None) -> list[Initiative]:
        if given is None:
            return []
        value, path = given
        out = []
        for i, item in enumerate(self.items(value, path, "initiatives")):
            item_path = path + (i,)
            if isinstance(item, dict):
                fields = self.fields(item, item_path, _INITIATIVE_FIELDS, "initiative")
                if "text" not in fields:
                    raise self.error(item_path, "initiative has no text", "add 'text: <the work>'")
                text = self.text(*fields["text"], "initiative")
                owner = self.owner(*fields["owner"]) if "owner" in fields else None
            else:
                owned = split_owner(self.text(item, item_path, "initiative"))
                text, owner = owned.text, owned.owner
            out.append(Initiative(text=text, owner=owner, line=self.line_of(item_path)))
        return out


def _objective_shaped(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    names = {_OBJECTIVE_FIELDS.get(_norm(k)) for k in value}
    return "text" in names and "key_results" in names


def _listed_as_objectives(key: Any, value: list) -> bool:
    """'company_objectives': [{'objective': ...}, ...]: a key that names objectives over entries that each
    state one, with or without key results (a parent level listed beside the teams' OKRs)."""
    if not isinstance(key, str) or not _norm(key).endswith(("objectives", "okrs")):
        return False
    return all(isinstance(v, dict) and "text" in {_OBJECTIVE_FIELDS.get(_norm(k)) for k in v} for v in value)


def _find_objectives(data: Any, depth: int = 0) -> tuple[list[Any], str | None]:
    """Objective-shaped mappings anywhere in the document, in order, and the key above them when it names
    a cycle ('Q3': [...]). Bounded: the composed document is already size-checked, and the depth is capped."""
    if depth > 6:
        return [], None
    found: list[Any] = []
    period_key: str | None = None
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if _objective_shaped(value):
            found.append(value)
            if isinstance(key, str) and period_key is None and parse_period(key):
                period_key = key
            continue
        if isinstance(value, (dict, list)):
            if isinstance(value, list) and value and (all(_objective_shaped(v) for v in value)
                                                      or _listed_as_objectives(key, value)):
                found.extend(value)
                if isinstance(key, str) and parse_period(key) and period_key is None:
                    period_key = key
                continue
            deeper, deeper_period = _find_objectives(value, depth + 1)
            if deeper and isinstance(key, str) and parse_period(key) and period_key is None:
                period_key = key
            found.extend(deeper)
            period_key = period_key or deeper_period
    return found, period_key


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _first_problem(exc: ValidationError) -> str:
    problem = exc.errors()[0]
    return f"{'.'.join(str(p) for p in problem['loc'])}: {problem['msg']}"


# --------------------------------------------------------------------------- entry points


#: Most nodes YAML aliases may add to a draft by repeating an anchored block ('*krs' used 100 times): a
#: hand-written draft repeats a few blocks; a document built to expand (an alias bomb) is refused.
MAX_ALIAS_NODES = 10_000
#: Longest integer read from a YAML or JSON draft, in digits: far above any OKR figure, far below
#: what Python refuses to convert (4,300 digits) or what slows the reader down.
MAX_INT_DIGITS = 40


class _LongInt(ValueError):
    def __init__(self, digits: str) -> None:
        self.digits = digits
        super().__init__(digits[:20])


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _LongInt(digits)
    return int(digits)


def read_json(text: str, *, source: str, today: dt.date | None) -> OkrSet:
    try:
        data = _load_json(text)
    except DuplicateKey as exc:
        raise ParseError(f"the key '{exc.key}' appears twice in one object", source=source,
                         hint="keep one value per key; JSON would silently keep only the last") from None
    except json.JSONDecodeError as exc:
        error = ParseError(f"not valid JSON: {exc.msg} (column {exc.colno})", source=source, line=exc.lineno,
                           hint="fix the syntax at that line, or paste the draft as plain text")
        # a trailing comma, single quotes, keys without quotes, '//' comments: what a person typing JSON, or
        # pasting a JavaScript object, writes; YAML's flow style reads them, within the same bounds
        return _read_object_literal(text, error, source=source, today=today)
    except RecursionError:
        raise ParseError("JSON is nested too deeply", source=source,
                         hint="an OKR set is at most four levels deep: set, objective, key result, measure") from None
    except _LongInt as exc:
        line = text.count("\n", 0, max(text.find(exc.digits), 0)) + 1
        raise _long_number(len(exc.digits.lstrip("-")), line, source) from None
    except ValueError as exc:  # a value json itself cannot convert
        raise ParseError(f"not valid JSON: {exc}"[:200], source=source,
                         hint="fix the value, or paste the draft as plain text") from None
    return _Builder(source=source, today=today, line_of=lambda path: None).build(data, "json")


#: A whole-line comment of JavaScript or JSON with comments: '// targets from the planning doc'.
_LINE_COMMENT_RE = regex_cache.compile(r"^[ \t]*//[^\n]*$", re.MULTILINE)


def _read_object_literal(text: str, error: ParseError, *, source: str, today: dt.date | None) -> OkrSet:
    """An object literal pasted from code: keys without quotes, single quotes, trailing commas, '//' lines
    (``{objective: 'Grow', keyResults: ['...'],}``). YAML's flow style reads all of that, with the same
    bounds as a YAML draft; if it cannot, the JSON error is the one to show. An element copied out of its
    array keeps the comma after it (``{...},``), and several such elements are a list: both read too."""
    literal = _LINE_COMMENT_RE.sub("", text).strip()
    tries = [literal]
    if literal.endswith(","):
        tries += [literal.rstrip(","), f"[{literal}]"]
    for attempt in tries:
        try:
            return _read_yaml(attempt, source=source, today=today)
        except ParseError:
            continue
    raise error from None


def load_document(text: str, fmt: str) -> Any:
    """The data a YAML or JSON draft that parsed was read from (the alignment reads its link fields), with
    the readers' own fallbacks: an object literal read as YAML, a YAML excerpt read from its shallowest line."""
    import yaml

    if fmt == "json":
        try:
            return _load_json(text)
        except json.JSONDecodeError:
            text = _LINE_COMMENT_RE.sub("", text)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError:
        cut = _excerpt_start(text)
        if cut is None:
            raise
        return yaml.load(cut[1], Loader=loader)


def _load_json(text: str) -> Any:
    """The document; a member or members cut out of a bigger file ('"Q3": [...],') are read as an object,
    and objects written one after another (JSON Lines, or pasted one under the other) as a list. Line breaks
    typed inside a string (a long key result wrapped by hand) are kept as text, not refused."""
    try:
        return json.loads(text, object_pairs_hook=unique_keys, parse_int=_bounded_int, strict=False)
    except json.JSONDecodeError as exc:
        body = text.strip()
        if exc.msg == "Extra data" and not body.startswith('"'):
            return _json_values(body, exc)
        if not body.startswith('"'):
            raise
        closing = [i + 1 for i in range(len(body) - 1, max(len(body) - 200, 0), -1) if body[i] in "]}"]
        for end in (len(body), *closing[:6]):  # a few tries: the fragment may end inside its parent's brackets
            try:
                return json.loads("{" + body[:end].rstrip().rstrip(",") + "}", object_pairs_hook=unique_keys,
                                  parse_int=_bounded_int, strict=False)
            except json.JSONDecodeError:
                continue
        raise


#: Most top-level values read from one JSON draft (JSON Lines): far above one team's objectives.
MAX_JSON_VALUES = 1_000


def _json_values(body: str, first_error: json.JSONDecodeError) -> list[Any]:
    """Values written one after another, optionally separated by commas or blank lines; if anything else
    sits between them, the first error is the one to show."""
    decoder = json.JSONDecoder(object_pairs_hook=unique_keys, parse_int=_bounded_int, strict=False)
    values, at = [], 0
    while at < len(body):
        if len(values) >= MAX_JSON_VALUES:
            raise first_error
        value, at = decoder.raw_decode(body, at)
        values.append(value)
        while at < len(body) and body[at] in " \t\n,":
            at += 1
    if all(isinstance(v, list) for v in values):  # several arrays pasted one under the other
        return [item for v in values for item in v]
    return values


def _long_number(digits: int, line: int | None, source: str) -> ParseError:
    return ParseError(f"a number with {digits:,} digits", source=source, line=line,
                      hint=f"OKR figures have at most {MAX_INT_DIGITS} digits; quote the value if it is text")


def read_yaml(text: str, *, source: str, today: dt.date | None) -> OkrSet:
    """Read a YAML draft. An excerpt cut from the middle of a bigger file (its first lines the tail of an
    entry indented deeper than what follows) is read from its first line at the excerpt's own depth, when
    the whole text is not valid YAML; errors then name the lines of the draft as pasted."""
    try:
        return _read_yaml(text, source=source, today=today)
    except ParseError as error:
        cut = _excerpt_start(text)
        if cut is None or "not valid YAML" not in error.message:
            raise
        try:
            return _read_yaml(cut[1], source=source, today=today, first_line=cut[0])
        except ParseError:
            raise error from None


def _excerpt_start(text: str) -> tuple[int, str] | None:
    """(1-based line, the rest of the text dedented) from the first line at the shallowest indent of the text,
    when the text opens deeper than that: 'meetupName: ""' at 8 spaces, then 'Projects:' at 2 is a cut excerpt."""
    lines = text.split("\n")
    depths = [(i, len(line) - len(line.lstrip(" "))) for i, line in enumerate(lines)
              if line.strip() and not line.lstrip().startswith("#")]
    if len(depths) < 2:
        return None
    shallowest = min(depth for _, depth in depths)
    if depths[0][1] == shallowest:
        return None
    first = next(i for i, depth in depths if depth == shallowest)
    return first + 1, textwrap.dedent("\n".join(lines[first:]))


def _read_yaml(text: str, *, source: str, today: dt.date | None, first_line: int = 1) -> OkrSet:
    import yaml  # lazily: only YAML drafts need it

    # The pure-Python loader: libyaml's C loader recurses without a limit and a deeply nested document
    # crashed the process instead of raising RecursionError.
    try:
        loader = strict_yaml_loader(text)
    except yaml.reader.ReaderError as exc:  # a control character, checked before any parsing
        raise _reader_error(text, exc, source, first_line) from None
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_nodes(node, source, first_line)
        data = loader.construct_document(node) if node is not None else None
    except DuplicateKey as exc:
        raise ParseError(f"the key '{exc.key}' appears twice in one mapping", source=source, line=exc.line,
                         hint="keep one value per key; YAML would silently keep only the last") from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(text, exc, source, first_line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ParseError(f"not valid YAML: {exc.problem or exc.context}", source=source,
                         line=mark.line + first_line if mark else None,
                         hint="check the indentation and quoting at that line") from None
    except RecursionError:
        raise ParseError("YAML is nested too deeply", source=source,
                         hint="an OKR set is at most four levels deep: set, objective, key result, measure") from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise ParseError(f"not valid YAML: {type(exc).__name__}", source=source,
                         hint="check the document's structure (see docs/draft-format.md)") from None
    finally:
        loader.dispose()
    if data is None:
        raise ParseError("the YAML document is empty", source=source,
                         hint="add 'objectives:' with one entry per objective")
    return _Builder(source=source, today=today, line_of=lambda path: _offset(_node_line(node, path), first_line)).build(data, "yaml")


def _offset(line: int | None, first_line: int) -> int | None:
    return None if line is None else line + first_line - 1


def read_mapping(text: str, *, source: str, first_line: int = 1) -> dict[Any, Any] | None:
    """A small YAML mapping (a page's front matter) with the same bounds as a draft; None if not a mapping.

    Errors name the line in the whole draft: ``first_line`` is where ``text`` starts in it.
    """
    import yaml

    try:
        loader = strict_yaml_loader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(text, exc, source, first_line) from None
    try:
        node = loader.get_single_node()
        if node is None or not isinstance(node, yaml.MappingNode):
            return None
        _check_nodes(node, source, first_line)
        data = loader.construct_document(node)
    except DuplicateKey as exc:
        raise ParseError(f"the front matter repeats the key '{exc.key}'", source=source,
                         line=exc.line + first_line - 1 if exc.line else None, hint="keep one value per key") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ParseError(f"the front matter is not valid YAML: {exc.problem or exc.context}", source=source,
                         line=mark.line + first_line if mark else None,
                         hint="fix the block between the '---' lines, or delete it") from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise ParseError(f"the front matter is not valid YAML: {type(exc).__name__}", source=source,
                         line=first_line, hint="fix the block between the '---' lines, or delete it") from None
    finally:
        loader.dispose()
    return data if isinstance(data, dict) else None


def _reader_error(text: str, exc: Any, source: str, first_line: int = 1) -> ParseError:
    line = text.count("\n", 0, exc.position) + first_line if isinstance(exc.position, int) else None
    char = exc.character if isinstance(exc.character, str) else chr(exc.character) if isinstance(
        exc.character, int) else "?"
    return ParseError(f"contains the control character U+{ord(char[:1] or '?'):04X}, which YAML does not allow",
                      source=source, line=line, hint="delete it (or paste the draft as plain text)")


def _check_nodes(root: Any, source: str, first_line: int = 1) -> None:
    """Refuse, before building anything, what would make the reader slow or fail without a place.

    One walk over the composed document, in time linear in its written size: aliases that repeat more
    than :data:`MAX_ALIAS_NODES` nodes (each repeated node counts as often as the aliases expand it), an
    alias that contains itself, and integers longer than :data:`MAX_INT_DIGITS` digits, and values the
    loader cannot construct (a date such as 2026-02-31), each named by its line.
    """
    import yaml

    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    written = 0
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _node_children(node, yaml)
        if finished:
            in_progress.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            continue
        if key in sizes:
            continue
        line = node.start_mark.line + first_line
        if key in in_progress:
            raise ParseError("an alias refers to the block that contains it", source=source, line=line,
                             hint="an OKR draft has no cycles; write the repeated part out")
        written += 1
        in_progress.add(key)
        stack.append((node, True))
        if isinstance(node, yaml.ScalarNode):
            _check_scalar(node, source, line, yaml)
        stack.extend((child, False) for child in children if id(child) not in sizes)
    expanded = sizes[id(root)]
    if expanded - written > MAX_ALIAS_NODES:
        raise ParseError(f"its aliases expand the document to {expanded:,} entries ({written:,} written)",
                         source=source, hint=f"aliases may repeat at most {MAX_ALIAS_NODES:,} entries; write "
                         "the objectives out, or paste one team's OKRs at a time")


def _node_children(node: Any, yaml: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_scalar(node: Any, source: str, line: int, yaml: Any) -> None:
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "int" and (digits := sum(ch.isdigit() for ch in node.value)) > MAX_INT_DIGITS:
        raise _long_number(digits, line, source)
    if tag == "timestamp":
        try:
            yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
        except ValueError as exc:
            raise ParseError(f"'{node.value[:40]}' is not a date ({exc})", source=source, line=line,
                             hint="write dates as YYYY-MM-DD, e.g. 2026-07-01, or quote the value") from None


def _node_line(node: Any, path: Path) -> int | None:
    """1-based line of the YAML node at ``path`` (walks only that path, so aliases cannot blow it up)."""
    for part in path:
        if node is None:
            return None
        value = node.value
        if isinstance(part, int) and isinstance(value, list) and node.tag.endswith(":seq"):
            node = value[part] if part < len(value) else None
        elif isinstance(value, list) and node.tag.endswith(":map"):
            node = next((v for k, v in value if str(getattr(k, "value", "")) == str(part)), None)
            if node is None and isinstance(part, int) and part < len(value):
                node = value[part][1]
        else:
            return node.start_mark.line + 1
    return node.start_mark.line + 1 if node is not None else None
