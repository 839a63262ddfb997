"""Check-in files cannot stand for more data than they may hold (issue 13: YAML alias amplification).

A 14.7 KB file whose check-ins all pointed at one anchored ``blockers`` list grew a 381 MB store. The
expanded size (aliases written out) is bounded like the file itself, and so is each list field; both
refusals name the row, and nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest

from coach.checkins import importer, service
from coach.config import Settings
from coach.errors import StoreError
from coach.strict_data import expanded_size, load_yaml

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def settings(tmp_path) -> Settings:
    s = Settings(data_dir=tmp_path / "data")
    service.add_okr_set(s, (EXAMPLES / "checkins-okrs.md").read_text(), "checkins-okrs.md")
    return s


def test_alias_amplification_is_refused_naming_the_row(settings):
    shared = "[" + ", ".join(f"'{'x' * 1_900}'" for _ in range(40)) + "]"  # 76 KB, written once
    rows = [f"- {{kr: O1.KR1, date: 2026-07-06, value: 0, blockers: &b {shared}}}\n"]
    rows += [f"- {{kr: O1.KR{1 + n % 2}, date: {dt.date(2026, 7, 1) + dt.timedelta(days=n // 2)}, value: {n}, blockers: *b}}\n"
             for n in range(1, 400)]
    text = "".join(rows)
    assert len(text) < 100_000  # the file is small; written out it is 30 MB
    with pytest.raises(StoreError) as caught:
        service.import_checkins(settings, text, "amp.yaml")
    message = str(caught.value)
    row = int(re.search(r"amp\.yaml check-in (\d+): with its aliases written out", message).group(1))
    assert 250 < row < 270  # where the running total passes 20 MB
    assert "more than 20 MB of check-in data" in message
    assert service.checkin_history(settings) == []


def test_a_list_field_with_too_many_items_names_the_row_and_field(settings):
    blockers = ", ".join(f"b{i}" for i in range(importer.MAX_LIST_ITEMS + 1))
    text = f"- {{kr: O1.KR1, date: 2026-07-06, value: 1}}\n- {{kr: O1.KR1, date: 2026-07-13, value: 2, blockers: [{blockers}]}}\n"
    with pytest.raises(StoreError) as caught:
        service.import_checkins(settings, text, "many.yaml")
    assert f"many.yaml check-in 2: blockers has {importer.MAX_LIST_ITEMS + 1} items; one check-in takes at most " \
           f"{importer.MAX_LIST_ITEMS}" in str(caught.value)
    csv_text = "kr,date,value,blockers\nO1.KR1,2026-07-06,1," + ";".join(["x"] * 60) + "\n"
    with pytest.raises(StoreError, match="c.csv row 2: blockers has 60 items"):
        service.import_checkins(settings, csv_text, "c.csv")
    assert service.checkin_history(settings) == []


def test_nested_aliases_are_sized_in_linear_time():
    laughs = ["a: &a ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']"]
    for level in range(1, 12):  # 9**12 strings once written out
        previous = chr(ord("a") + level - 1)
        laughs.append(f"{chr(ord('a') + level)}: &{chr(ord('a') + level)} [{', '.join(['*' + previous] * 9)}]")
    data = load_yaml("\n".join(laughs) + "\n")
    start = time.perf_counter()
    assert expanded_size(data, 20_000_000) == 20_000_001
    assert time.perf_counter() - start < 1.0
