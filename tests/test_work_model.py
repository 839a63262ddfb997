"""The work-or-result trainer: it reads only the dev split of the real corpus, and it learns what it is shown."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

from coach.model import Measure
from coach.parse import extract_measure
from coach.reading import read
from coach.rules import work_model

ROOT = Path(__file__).resolve().parents[1]


def _trainer():
    spec = importlib.util.spec_from_file_location("train_work_model", ROOT / "scripts" / "train_work_model.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_work_model"] = module
    spec.loader.exec_module(module)
    return module


def test_trainer_reads_only_dev_groups():
    trainer = _trainer()
    splits = json.loads((ROOT / "evals" / "datasets" / "real" / "groups.json").read_text(encoding="utf-8"))
    rows = trainer.load_real_dev()
    assert rows
    assert {splits[group] for group, *_ in rows} == {"dev"}


def test_folds_keep_each_writer_in_one_fold():
    trainer = _trainer()
    items = [trainer.Item(g, "x", False, False, False, ["bias"], ["bias"]) for g in "aabbbcdddde" * 2]
    folds = trainer.folds_of(items)
    assert len(folds) == trainer.FOLDS
    seen = [g for fold in folds for g in fold]
    assert sorted(seen) == sorted(set(seen)) == list("abcde")


def test_logistic_learns_a_separating_word():
    trainer = _trainer()
    feats = [["bias", "w=ship"], ["bias", "w=ship", "w=x"], ["bias", "w=churn"], ["bias", "w=churn", "w=x"]] * 5
    y = np.array([1.0, 1.0, 0.0, 0.0] * 5)
    model = trainer.Logistic().fit(feats, y, np.ones(len(y)))
    p = model.predict([["bias", "w=ship"], ["bias", "w=churn"]])
    assert p[0] > 0.8 > 0.2 > p[1]


def test_features_read_the_lead_verb_and_the_numbers():
    text = "Publish 12 posts by end of Q3"
    feats = work_model.features(read(text), extract_measure(text))
    assert "lead=publish" in feats and "base_verb_lead" in feats and "nums=1" in feats
    assert "target" not in work_model.features(read("Dark theme"), Measure())
