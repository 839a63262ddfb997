"""The check-in store: one SQLite file (``settings.data_dir / "checkins.sqlite3"``) of OKR sets and their
check-in history. The only module that imports ``sqlite3``.

* WAL mode and a busy timeout, so the CLI and the web app can share the file.
* Schema versioned with ``PRAGMA user_version``; opening a newer file than this code knows is an error.
* Every write is one transaction: an import either lands whole or leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import StoreError
from coach.model import CheckIn, Confidence, OkrSet

if TYPE_CHECKING:
    import sqlite3

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 5_000
FILE_NAME = "checkins.sqlite3"

_SCHEMA = """
CREATE TABLE okr_sets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    team TEXT,
    period TEXT,
    starts TEXT,
    ends TEXT,
    source TEXT NOT NULL,
    okr_json TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    set_id INTEGER NOT NULL REFERENCES okr_sets(id) ON DELETE CASCADE,
    key_result TEXT NOT NULL,
    date TEXT NOT NULL,
    value REAL,
    confidence_level TEXT,
    confidence_score INTEGER,
    confidence_raw TEXT,
    what_changed TEXT,
    why TEXT,
    blockers TEXT NOT NULL DEFAULT '[]',
    next_actions TEXT NOT NULL DEFAULT '[]',
    decisions_needed TEXT NOT NULL DEFAULT '[]',
    owner TEXT,
    target REAL,
    source TEXT NOT NULL,
    UNIQUE (set_id, key_result, date)
);
CREATE INDEX checkins_by_set ON checkins (set_id, key_result, date);
"""


@dataclass(frozen=True)
class StoredSet:
    """An OKR set as stored: its name and the parsed set."""

    id: int
    name: str
    okr_set: OkrSet
    added_at: str
    checkins: int = 0

    @property
    def team(self) -> str | None:
        return self.okr_set.team

    @property
    def period(self) -> str | None:
        return self.okr_set.period


class CheckInStore:
    """OKR sets and check-ins in one SQLite file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path) -> None:
        import sqlite3

        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the check-in store ({exc})",
                             hint="check the file is an okr-coach store, or move it away to start afresh") from exc
        except OSError as exc:  # the data directory is a file, or cannot be created
            problem = "a file, not a folder" if self.path.parent.is_file() else exc.strerror or str(exc)
            raise StoreError(f"data directory {self.path.parent}: cannot be used ({problem})",
                             hint="pass a writable folder with --data-dir or OKR_COACH_DATA_DIR") from exc

    @classmethod
    def open(cls, data_dir: Path) -> CheckInStore:
        return cls(Path(data_dir) / FILE_NAME)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CheckInStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----------------------------------------------------------------- schema

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: store schema version {version} is newer than this okr-coach "
                             f"understands ({SCHEMA_VERSION})", hint="upgrade okr-coach")
        if version == 0:
            with self._transaction():
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _transaction(self):
        return _Transaction(self._db)

    # ----------------------------------------------------------------- OKR sets

    def add_set(self, name: str, okr_set: OkrSet, *, replace: bool = False) -> StoredSet:
        """Store ``okr_set`` under ``name``. An existing name is an error unless ``replace`` (check-ins kept)."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        row = (okr_set.team, okr_set.period, _iso(okr_set.starts), _iso(okr_set.ends), okr_set.source,
               okr_set.model_dump_json(), now)
        with self._transaction():
            existing = self._db.execute("SELECT id FROM okr_sets WHERE name = ?", (name,)).fetchone()
            if existing and not replace:
                raise StoreError(f"an OKR set named '{name}' is already stored",
                                 hint="pick another name with --name, or pass --replace to update it")
            if existing:
                self._db.execute("UPDATE okr_sets SET team=?, period=?, starts=?, ends=?, source=?, okr_json=?, "
                                 "added_at=? WHERE id=?", (*row, existing[0]))
            else:
                self._db.execute("INSERT INTO okr_sets (team, period, starts, ends, source, okr_json, added_at, "
                                 "name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (*row, name))
        return self.get_set(name)

    def list_sets(self) -> list[StoredSet]:
        rows = self._db.execute(
            "SELECT s.id, s.name, s.okr_json, s.added_at, COUNT(c.id) FROM okr_sets s "
            "LEFT JOIN checkins c ON c.set_id = s.id GROUP BY s.id ORDER BY s.name").fetchall()
        return [_stored(row) for row in rows]

    def get_set(self, name: str | None = None) -> StoredSet:
        """The set called ``name``; with no name, the only stored set (several: an error listing them)."""
        if name is None:
            sets = self.list_sets()
            if len(sets) == 1:
                return sets[0]
            if not sets:
                raise StoreError("no OKR set is stored yet", hint="add one with 'okr-coach okrs add FILE'")
            raise StoreError(f"{len(sets)} OKR sets are stored ({', '.join(s.name for s in sets)})",
                             hint="choose one with --set NAME")
        row = self._db.execute(
            "SELECT s.id, s.name, s.okr_json, s.added_at, COUNT(c.id) FROM okr_sets s "
            "LEFT JOIN checkins c ON c.set_id = s.id WHERE s.name = ? GROUP BY s.id", (name,)).fetchone()
        if row is None:
            known = ", ".join(s.name for s in self.list_sets()) or "none stored yet"
            raise StoreError(f"no OKR set named '{name}' (known: {known})",
                             hint="list them with 'okr-coach okrs list'")
        return _stored(row)

    # ----------------------------------------------------------------- check-ins

    def add_checkins(self, set_name: str, checkins: Sequence[CheckIn], *, source: str,
                     where: Sequence[str] | None = None) -> int:
        """Insert ``checkins`` in one transaction. A (KR, date) already stored rejects the whole batch.

        ``where`` gives, per check-in, the place to name in an error (``checkins.csv row 7``).
        """
        import sqlite3

        stored = self.get_set(set_name)
        with self._transaction():
            existing = {(kr, d) for kr, d in self._db.execute(
                "SELECT key_result, date FROM checkins WHERE set_id = ?", (stored.id,))}
            for index, checkin in enumerate(checkins):
                if (checkin.key_result, checkin.date.isoformat()) in existing:
                    place = where[index] if where else f"{source} check-in {index + 1}"
                    raise StoreError(f"{place}: {checkin.key_result} already has a check-in dated "
                                     f"{checkin.date.isoformat()} in '{set_name}'",
                                     hint="remove the row, or change its date")
            try:
                self._db.executemany(
                    "INSERT INTO checkins (set_id, key_result, date, value, confidence_level, confidence_score, "
                    "confidence_raw, what_changed, why, blockers, next_actions, decisions_needed, owner, target, "
                    "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (_row(stored.id, c, source) for c in checkins))
            except sqlite3.IntegrityError as exc:  # rolled back by the transaction
                raise StoreError(f"{source}: the check-ins could not be stored ({exc})",
                                 hint="keep one row per key result and date; nothing was imported") from exc
        return len(checkins)

    def history(self, set_name: str | None = None, *, key_result: str | None = None) -> list[CheckIn]:
        """Check-ins of one set (optionally one KR), oldest first."""
        stored = self.get_set(set_name)
        query = ("SELECT key_result, date, value, confidence_level, confidence_score, confidence_raw, "
                 "what_changed, why, blockers, next_actions, decisions_needed, owner, target FROM checkins "
                 "WHERE set_id = ?")
        params: list[object] = [stored.id]
        if key_result:
            query += " AND key_result = ?"
            params.append(key_result)
        query += " ORDER BY date, key_result"
        return [_checkin(row) for row in self._db.execute(query, params)]

    def dump(self) -> list[str]:
        """The store's content as SQL statements: equal dumps mean equal content (used by tests)."""
        return list(self._db.iterdump())


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any exception."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            self.db.execute("ROLLBACK")


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _stored(row) -> StoredSet:
    return StoredSet(id=row[0], name=row[1], okr_set=OkrSet.model_validate_json(row[2]), added_at=row[3],
                     checkins=row[4])


def _row(set_id: int, c: CheckIn, source: str) -> tuple:
    conf = c.confidence
    return (set_id, c.key_result, c.date.isoformat(), c.value, conf.level.value if conf else None,
            conf.score if conf else None, conf.raw if conf else None, c.what_changed, c.why,
            json.dumps(c.blockers), json.dumps(c.next_actions), json.dumps(c.decisions_needed), c.owner,
            c.target, source)


def _checkin(row) -> CheckIn:
    (kr, date, value, level, score, raw, what, why, blockers, actions, decisions, owner, target) = row
    confidence = Confidence(level=level, score=score, raw=raw or level) if level else None
    return CheckIn(key_result=kr, date=dt.date.fromisoformat(date), value=value, confidence=confidence,
                   what_changed=what, why=why, blockers=json.loads(blockers), next_actions=json.loads(actions),
                   decisions_needed=json.loads(decisions), owner=owner, target=target)
