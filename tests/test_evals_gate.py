"""The CI quality gate: the offline suites against the committed baseline in ``evals/baseline/``.

This is how ``.ci/run`` (plain ``pytest``) fails when a change to the rules, the template writer or the
check-in maths makes the golden-set metrics worse. If the change is an intended trade-off, record a new
baseline (``okr-coach eval run --suite critique,rewrite,checkin --fast`` then ``okr-coach eval bless RUN``)
and say why in the commit message.
"""

from __future__ import annotations

from coach.cli import ExitCode, main
from coach.evals.service import BASELINE_DIR


def test_offline_suites_do_not_regress_against_the_committed_baseline(tmp_path, capsys):
    assert (BASELINE_DIR / "run.json").is_file(), "evals/baseline/run.json is missing: bless a run"
    code = main(["--data-dir", str(tmp_path), "eval", "gate", "--out", str(tmp_path / "gate-run")])
    captured = capsys.readouterr()
    assert code == ExitCode.OK, (
        "quality gate failed against evals/baseline/ (see docs/evals.md, 'The gate'):\n" + captured.err
        + f"\nfull report: {tmp_path / 'gate-run' / 'report.md'}")
