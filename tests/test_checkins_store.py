"""The SQLite store and the importer: formats, validation, transactions, export round trip."""

import csv
import io
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from coach.checkins import service
from coach.checkins.store import SCHEMA_VERSION, CheckInStore
from coach.config import Settings
from coach.errors import CoachError, StoreError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HEADER = "kr,date,value,confidence,what_changed,blockers,next_actions,owner\n"
GOOD_ROWS = [
    "O1.KR1,2026-07-06,44%,High,Checklist live,,Add progress bar,Priya\n",
    "O1.KR2,2026-07-06,70,Amber,Import cut two steps,Waiting on Platform; Legal,Pair with Platform,Sam\n",
    "O2.KR1,2026-07-06,8.2%,7/10,Pricing test,,,Jordan\n",
]


@pytest.fixture
def settings(tmp_path) -> Settings:
    s = Settings(data_dir=tmp_path / "data")
    service.add_okr_set(s, (EXAMPLES / "checkins-okrs.md").read_text(), "checkins-okrs.md")
    return s


def dump(settings):
    with service.open_store(settings) as store:
        return store.dump()


def test_store_file_uses_wal_busy_timeout_and_a_schema_version(settings):
    path = settings.data_dir / "checkins.sqlite3"
    assert path.is_file()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer than this okr-coach understands"):
        CheckInStore(path)


def test_okr_sets_are_stored_with_name_team_period_and_parsed_json(settings):
    (stored,) = service.list_okr_sets(settings)
    assert (stored.name, stored.team, stored.period) == ("growth-q3-2026", "Growth", "Q3 2026")
    assert stored.okr_set.key_result("O1.KR2").owner == "Sam"
    with pytest.raises(StoreError, match="already stored.*--name"):
        service.add_okr_set(settings, (EXAMPLES / "checkins-okrs.md").read_text(), "checkins-okrs.md")
    again = service.add_okr_set(settings, (EXAMPLES / "checkins-okrs.md").read_text(), "x.md", name="other")
    assert [s.name for s in service.list_okr_sets(settings)] == ["growth-q3-2026", "other"]
    assert again.okr_set.starts == dt.date(2026, 7, 1)


@pytest.mark.parametrize("name", ["checkins.csv", "checkins.yaml", "checkins.json"])
def test_each_example_format_imports(settings, name):
    result = service.import_checkins(settings, (EXAMPLES / name).read_text(), name)
    assert result.set_name == "growth-q3-2026" and result.imported > 0
    assert len(service.checkin_history(settings)) == result.imported


def test_csv_import_reads_every_field(settings):
    service.import_checkins(settings, HEADER + "".join(GOOD_ROWS), "c.csv")
    history = service.checkin_history(settings, kr="o1.kr2")
    (c,) = history
    assert (c.value, c.confidence.level.value, c.blockers, c.next_actions, c.owner) == (
        70, "medium", ["Waiting on Platform", "Legal"], ["Pair with Platform"], "Sam")
    assert service.checkin_history(settings, kr="O2.KR1")[0].confidence.score == 7


def test_yaml_and_json_accept_a_plain_list(settings):
    yaml_text = "- kr: O1.KR1\n  date: 2026-07-06\n  value: 44\n  confidence: green\n  blockers: [A, B]\n"
    assert service.import_checkins(settings, yaml_text, "c.yaml").imported == 1
    json_text = '[{"kr": "O1.KR1", "date": "2026-07-13", "value": "45%", "confidence": "at-risk"}]'
    assert service.import_checkins(settings, json_text, "c.json").imported == 1
    assert [c.value for c in service.checkin_history(settings)] == [44, 45]


@pytest.mark.parametrize("bad_row, message", [
    ("O1.KR1,2026-07-13,45,purple,,,,Priya\n",
     "c.csv row 5: confidence 'purple' is not a known level; use High/Medium/Low, Green/Amber/Red"),
    ("O9.KR1,2026-07-13,45,High,,,,Priya\n", "c.csv row 5: O9.KR1 is not a key result of this OKR set"),
    ("KR1,2026-07-13,45,High,,,,Priya\n", "c.csv row 5: 'KR1' is not a key result reference; write it as O1.KR2"),
    ("O1.KR1,2019-07-13,45,High,,,,Priya\n", "c.csv row 5: date 2019-07-13 is outside the OKR set's cycle"),
    ("O1.KR1,13/07/2026,45,High,,,,Priya\n", "c.csv row 5: date '13/07/2026' is not a date; write it as YYYY-MM-DD"),
    ("O1.KR1,2026-07-13,lots,High,,,,Priya\n", "c.csv row 5: value 'lots' is not a number"),
    ("O1.KR1,2026-07-13,nan,High,,,,Priya\n", "c.csv row 5: value 'nan' is not a usable number"),
    ("O1.KR1,2026-07-06,45,High,,,,Priya\n", "c.csv row 5: O1.KR1 has a second check-in dated 2026-07-06 (first at c.csv row 2)"),
    (",2026-07-13,45,High,,,,Priya\n", "c.csv row 5: the key result ('kr') is missing"),
])
def test_a_bad_row_rejects_the_whole_import_and_leaves_the_store_unchanged(settings, bad_row, message):
    service.import_checkins(settings, HEADER + GOOD_ROWS[2], "first.csv")
    before = dump(settings)
    with pytest.raises(StoreError) as info:
        service.import_checkins(settings, HEADER + "".join(GOOD_ROWS) + bad_row, "c.csv")
    assert message in str(info.value)
    assert "nothing was imported" in str(info.value)
    assert dump(settings) == before


def test_duplicate_of_a_stored_checkin_rejects_the_batch(settings):
    service.import_checkins(settings, HEADER + GOOD_ROWS[0], "one.csv")
    before = dump(settings)
    with pytest.raises(StoreError, match=r"two.csv row 3: O1.KR1 already has a check-in dated 2026-07-06"):
        service.import_checkins(settings, HEADER + GOOD_ROWS[1] + GOOD_ROWS[0], "two.csv")
    assert dump(settings) == before


def test_every_bad_row_is_listed(settings):
    rows = "".join(f"O1.KR1,2026-07-{d:02d},x,High,,,,P\n" for d in range(1, 15))
    with pytest.raises(StoreError) as info:
        service.import_checkins(settings, HEADER + rows, "c.csv")
    text = str(info.value)
    assert "c.csv row 2:" in text and "c.csv row 11:" in text and "(and 4 more)" in text


@pytest.mark.parametrize("text, source, message", [
    ("", "c.csv", "the file is empty"),
    ("kr,date,colour\nO1.KR1,2026-07-06,blue\n", "c.csv", "unknown column 'colour'"),
    ("kr,date\n", "c.csv", "no check-ins found"),
    ("[1, 2", "c.json", "not valid JSON"),
    ("- kr: [unclosed\n", "c.yaml", "not valid YAML"),
    ('{"checkins": 5}', "c.json", "expected a list of check-ins"),
    ("[5]", "c.json", "check-in 1: expected a mapping"),
    ("a\x00b", "c.csv", "binary"),
    ('{"rows": []}', "c.json", "found keys rows"),
])
def test_malformed_files_are_clear_errors(settings, text, source, message):
    before = dump(settings)
    with pytest.raises(CoachError, match=message):
        service.import_checkins(settings, text, source)
    assert dump(settings) == before


def test_unknown_set_names_the_known_ones(settings):
    with pytest.raises(StoreError, match=r"no OKR set named 'nope' \(known: growth-q3-2026\)"):
        service.import_checkins(settings, HEADER + GOOD_ROWS[0], "c.csv", set_name="nope")


def test_csv_export_round_trips(settings, tmp_path):
    service.import_checkins(settings, (EXAMPLES / "checkins.csv").read_text(), "checkins.csv")
    service.import_checkins(settings, (EXAMPLES / "checkins.yaml").read_text(), "checkins.yaml")
    original = service.checkin_history(settings)
    exported = service.history_csv(original)
    other = Settings(data_dir=tmp_path / "other")
    service.add_okr_set(other, (EXAMPLES / "checkins-okrs.md").read_text(), "checkins-okrs.md")
    service.import_checkins(other, exported, "export.csv")
    assert service.checkin_history(other) == original
    assert service.history_csv(service.checkin_history(other)) == exported


def test_a_failure_half_way_through_the_insert_rolls_everything_back(settings):
    from coach.model import CheckIn

    before = dump(settings)
    day = dt.date(2026, 7, 6)
    batch = [CheckIn(key_result="O1.KR1", date=day, value=1), CheckIn(key_result="O1.KR2", date=day, value=2),
             CheckIn(key_result="O1.KR1", date=day, value=3)]  # the third collides with the first
    with service.open_store(settings) as store, pytest.raises(StoreError, match="nothing was imported"):
        store.add_checkins("growth-q3-2026", batch, source="direct")
    assert dump(settings) == before


def test_csv_export_guards_formulas_and_import_restores_them(settings, tmp_path):
    """A blocker like '=HYPERLINK(...)' would run as a formula when the export is opened in a spreadsheet:
    the export prefixes an apostrophe, and importing the export gives back the original text."""
    hostile = ("kr,date,value,confidence,what_changed,blockers,next_actions,owner\n"
               "O1.KR1,2026-07-06,44,High,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+cmd|' /C calc'!A0,"
               "@SUM(1+1),-Sam\n")
    service.import_checkins(settings, hostile, "hostile.csv")
    original = service.checkin_history(settings)
    exported = service.history_csv(original)
    rows = list(csv.reader(io.StringIO(exported)))
    texts = [cell for cell in rows[1][3:10] if cell]
    assert texts and all(not cell.startswith(("=", "+", "-", "@")) for cell in texts), texts
    assert "'=HYPERLINK" in exported and "'+cmd" in exported and "'@SUM" in exported and "'-Sam" in exported
    other = Settings(data_dir=tmp_path / "other")
    service.add_okr_set(other, (EXAMPLES / "checkins-okrs.md").read_text(), "checkins-okrs.md")
    service.import_checkins(other, exported, "export.csv")
    assert service.checkin_history(other) == original
    assert "'" not in service.history_csv(original, spreadsheet_safe=False).splitlines()[1].split(",")[4]
