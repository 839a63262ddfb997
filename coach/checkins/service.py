"""Check-in use cases: the functions the CLI (``okr-coach okrs`` / ``checkin``) and the web app call.

Each function takes the settings, does one thing and returns domain objects; rendering stays in the
adapters (see :mod:`coach.checkins.render`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from coach.checkins.facts import Facts, NarrativeKind, SetInput, build_facts
from coach.checkins.importer import FORMULA_STARTS, read_checkin_file, validate
from coach.checkins.llm_writer import deterministic_narrative, llm_narrative
from coach.checkins.narrative import Narrative
from coach.checkins.store import CheckInStore, StoredSet
from coach.errors import StoreError
from coach.model import CheckIn, OkrSet

if TYPE_CHECKING:
    from coach.config import Settings
    from coach.llm import StructuredLLM

KINDS: tuple[NarrativeKind, ...] = ("weekly", "monthly", "retro")
EXPORT_COLUMNS = ["kr", "date", "value", "confidence", "what_changed", "why", "blockers", "next_actions",
                  "decisions_needed", "owner", "target"]


@dataclass(frozen=True)
class ImportResult:
    set_name: str
    imported: int
    source: str


@dataclass(frozen=True)
class NarrativeReport:
    facts: Facts
    narrative: Narrative


def open_store(settings: Settings) -> CheckInStore:
    return CheckInStore.open(settings.data_dir)


# --------------------------------------------------------------------------- OKR sets


def default_set_name(okr_set: OkrSet, source: str) -> str:
    """``growth-q3-2026`` from team and period, else the file name without extension."""
    words = " ".join(p for p in (okr_set.team, okr_set.period) if p) if okr_set.team else PurePath(source).stem
    slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    return slug or "okrs"


def add_okr_set(settings: Settings, text: str, source: str, *, name: str | None = None,
                replace: bool = False) -> StoredSet:
    """Parse an OKR draft and store it under ``name`` (default: team and period, or the file name)."""
    from coach.parse import parse_draft

    okr_set = parse_draft(text, source=source)
    if not any(True for _ in okr_set.iter_key_results()):
        raise StoreError(f"{source}: no key results found", hint="check-ins refer to key results; add some first")
    name = (name or default_set_name(okr_set, source)).strip()
    if not name or len(name) > 100:
        raise StoreError(f"--name '{name[:40]}' is not usable", hint="use 1-100 characters")
    with open_store(settings) as store:
        return store.add_set(name, okr_set, replace=replace)


def list_okr_sets(settings: Settings) -> list[StoredSet]:
    with open_store(settings) as store:
        return store.list_sets()


# --------------------------------------------------------------------------- check-ins


def import_checkins(settings: Settings, text: str, source: str, *, set_name: str | None = None) -> ImportResult:
    """Validate a whole check-in file, then store it in one transaction (all rows or none)."""
    parsed = read_checkin_file(text, source)
    with open_store(settings) as store:
        stored = store.get_set(set_name or parsed.set_name)
        batch = validate(parsed, stored.okr_set)
        count = store.add_checkins(stored.name, batch.checkins, source=source, where=batch.where)
    return ImportResult(stored.name, count, source)


def checkin_history(settings: Settings, *, set_name: str | None = None, kr: str | None = None) -> list[CheckIn]:
    with open_store(settings) as store:
        stored = store.get_set(set_name)
        if kr:
            try:
                stored.okr_set.key_result(kr)
            except KeyError:
                raise StoreError(f"--kr {kr}: not a key result of '{stored.name}'",
                                 hint="write it as O1.KR2; 'okr-coach okrs list' shows the sets") from None
            kr = kr.upper().replace(" ", "")
        return store.history(stored.name, key_result=kr)


def history_csv(checkins: Sequence[CheckIn], *, spreadsheet_safe: bool = True) -> str:
    """The history as CSV in the import format, so an export can be edited and imported elsewhere.

    ``spreadsheet_safe`` puts an apostrophe before text that a spreadsheet would run as a formula
    (``=``, ``+``, ``-``, ``@``); the importer removes it again. The web app's table passes False.
    """
    cell = _formula_guard if spreadsheet_safe else str
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for c in checkins:
        texts = [c.confidence.raw if c.confidence else "", c.what_changed or "", c.why or "",
                 "; ".join(c.blockers), "; ".join(c.next_actions), "; ".join(c.decisions_needed), c.owner or ""]
        writer.writerow([c.key_result, c.date.isoformat(), _num(c.value), *map(cell, texts), _num(c.target)])
    return out.getvalue()


def _formula_guard(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def history_json(checkins: Sequence[CheckIn]) -> str:
    return json.dumps([json.loads(c.model_dump_json()) for c in checkins], indent=2, ensure_ascii=False) + "\n"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


# --------------------------------------------------------------------------- narratives


def default_as_of(okr_sets: Sequence[OkrSet], today: dt.date | None = None) -> dt.date:
    """Today, but no later than the last day of the latest cycle (so a retro after the quarter grades its end)."""
    today = today or dt.date.today()
    ends = [s.ends for s in okr_sets if s.ends]
    return min(today, max(ends)) if ends else today


def collect_facts(settings: Settings, *, kind: NarrativeKind = "weekly", set_names: Sequence[str] = (),
                  team: str | None = None, as_of: dt.date | None = None) -> Facts:
    """Facts for the chosen stored sets: ``set_names``, else the sets of ``team``, else all (monthly) or
    the only stored set (weekly, retro)."""
    with open_store(settings) as store:
        if set_names:
            chosen = [store.get_set(name) for name in set_names]
        else:
            chosen = store.list_sets()
            if team:
                chosen = [s for s in chosen if (s.team or "").lower() == team.lower()]
                if not chosen:
                    raise StoreError(f"--team {team}: no stored OKR set has that team",
                                     hint="'okr-coach okrs list' shows each set's team")
            if not chosen:
                raise StoreError("no OKR set is stored yet", hint="add one with 'okr-coach okrs add FILE'")
            if kind != "monthly" and len(chosen) > 1:
                raise StoreError(f"{len(chosen)} OKR sets match ({', '.join(s.name for s in chosen)})",
                                 hint="choose one with --set NAME, or use --kind monthly to review them all")
        inputs = [SetInput(s.name, s.okr_set, store.history(s.name)) for s in chosen]
    when = as_of or default_as_of([i.okr_set for i in inputs])
    return build_facts(inputs, as_of=when, kind=kind)


def facts_from_files(okr_text: str, okr_source: str, checkin_text: str, checkin_source: str, *,
                     kind: NarrativeKind = "weekly", as_of: dt.date | None = None) -> Facts:
    """Facts straight from an OKR draft and a check-in file, without the store (web app uploads)."""
    from coach.parse import parse_draft

    okr_set = parse_draft(okr_text, source=okr_source)
    batch = validate(read_checkin_file(checkin_text, checkin_source), okr_set)
    name = default_set_name(okr_set, okr_source)
    return build_facts([SetInput(name, okr_set, batch.checkins)], as_of=as_of or default_as_of([okr_set]),
                       kind=kind)


def narrate(facts: Facts, settings: Settings | None = None, *, llm: StructuredLLM | None = None) -> Narrative:
    """The narrative for ``facts``: by the LLM when one is configured (checked, retried once, with fallback),
    else by the deterministic writer."""
    if llm is None and settings is not None:
        from coach.llm import make_llm

        llm = make_llm(settings)
    if llm is None:
        return deterministic_narrative(facts)
    return llm_narrative(facts, llm)


def narrate_stored(settings: Settings, *, kind: NarrativeKind = "weekly", set_names: Sequence[str] = (),
                   team: str | None = None, as_of: dt.date | None = None,
                   llm: StructuredLLM | None = None) -> NarrativeReport:
    facts = collect_facts(settings, kind=kind, set_names=set_names, team=team, as_of=as_of)
    return NarrativeReport(facts, narrate(facts, settings, llm=llm))


def write_chart_files(report: NarrativeReport, directory: Path, *, relative_to: Path | None = None) -> dict[str, str]:
    """PNG charts for the KRs the narrative discusses; returns key -> link (relative when possible)."""
    from coach.checkins.charts import write_charts
    from coach.checkins.render import chart_key

    wanted = {chart_key(n) for n in report.narrative.draft.key_results}
    try:
        paths = write_charts(report.facts, directory, refs=wanted)
    except OSError as exc:  # the folder is a file, read-only, or the disk is full
        raise StoreError(f"chart folder {directory}: cannot write the charts ({exc.strerror or exc})",
                         hint="pass a writable folder to --charts") from exc
    links: dict[str, str] = {}
    for key, path in paths.items():
        try:
            links[key] = path.resolve().relative_to((relative_to or Path.cwd()).resolve()).as_posix()
        except ValueError:
            links[key] = path.resolve().as_posix()
    return links
