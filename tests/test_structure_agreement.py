"""The second structure reading of the real corpus, and how two readings are compared."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from structure_agreement import same_reading, second_readings, tally  # noqa: E402

from coach.evals.real import bare  # noqa: E402

REAL = ROOT / "evals" / "datasets" / "real"


def test_same_reading_needs_the_same_counts_and_the_same_first_words():
    one = [("Grow the reading club", ["Raise attendance from 20 to 35", "Lift renewals to 60%"])]
    assert same_reading(one, [("Grow the reading club so", ["Raise attendance", "Lift renewals"])])
    assert not same_reading(one, [("Grow the reading club", ["Raise attendance from 20 to 35"])])
    assert not same_reading(one, [("Grow the reading club", ["Lift renewals", "Raise attendance"])])
    assert not same_reading(one, one + [("Open on Saturdays", [])])


def test_quotes_do_not_count_when_readings_are_compared():
    assert same_reading([("", ['Develop "Clubx" sessions'])], [("", ['Develop ""Clubx"" sessions'])])


def test_every_second_reading_names_a_set_and_quotes_its_draft():
    drafts = {json.loads(line)["id"]: json.loads(line)["draft"]
              for line in (REAL / "sets.jsonl").read_text(encoding="utf-8").splitlines()}
    readings = second_readings()
    assert len(readings) >= 100
    for set_id, structure in readings.items():
        assert set_id in drafts, set_id
        draft = bare(drafts[set_id])
        for objective, krs in structure:
            assert bare(objective) in draft, (set_id, objective)
            assert all(bare(kr) in draft for kr in krs), set_id


def test_the_tally_counts_each_set_once_per_split():
    table = tally()
    assert sum(row["sets"] for row in table.values()) == len(second_readings())
    for row in table.values():
        assert row["agree"] <= row["same_counts"] <= row["sets"]
        assert max(row["parser_first"], row["parser_second"]) <= row["parser_either"] <= row["sets"]
