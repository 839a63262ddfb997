"""Held in the hostile-input audit (issue 13), kept held: kill -9 in the middle of ``checkin add`` leaves the
store as it was, and the same add afterwards imports everything; the served file route refuses traversal.

The kill lands in a known state: the writer prints which row it is writing, then waits to be killed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coach.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ROWS = 15  # data rows of examples/checkins.csv


def _writer(data: Path, path: Path, row: int) -> subprocess.Popen:
    code = textwrap.dedent(f"""
        import sys, time
        import coach.checkins.store as store
        real_row, seen = store._row, []
        def row(*args):
            seen.append(1)
            if len(seen) == {row}:
                print("writing", flush=True)
                time.sleep(600)  # killed here, inside the transaction
            return real_row(*args)
        store._row = row
        from coach.cli import main
        main(["--data-dir", {str(data)!r}, "checkin", "add", {str(path)!r}])
    """)
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("row", [1, 2, 8, ROWS])
def test_kill_9_during_checkin_add_loses_nothing_and_half_writes_nothing(tmp_path, capsys, row):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "okrs", "add", str(EXAMPLES / "checkins-okrs.md")]) == 0
    writer = _writer(data, EXAMPLES / "checkins.csv", row)
    try:
        line = writer.stdout.readline()
        assert "writing" in line, writer.stderr.read()
    finally:
        writer.kill()
        writer.wait()
    capsys.readouterr()
    assert main(["--data-dir", str(data), "checkin", "history", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert len([line for line in out.splitlines()[1:] if line.strip()]) == 0  # nothing half-imported
    assert main(["--data-dir", str(data), "checkin", "add", str(EXAMPLES / "checkins.csv")]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "checkin", "history", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert len([line for line in out.splitlines()[1:] if line.strip()]) == ROWS  # and nothing was lost
