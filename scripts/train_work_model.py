"""Train the "work or result" model and compare it with the grammar by group cross-validation.

    uv run python scripts/train_work_model.py          # cross-validate and print the comparison
    uv run python scripts/train_work_model.py --write  # also train on all the data and write the weights
    uv run python scripts/train_work_model.py --json   # the comparison as JSON

Data: every key result of our own labelled critique sets (evals/datasets/critique/*.jsonl, read by the
parser), the one-line examples of the rule pages, and every key result of the **dev** split of the real corpus (evals/datasets/real/sets.jsonl), read on its true
structure (the labelled first words pick the line, so a parser slip does not mislabel a line). The sealed
test split is dropped as each record is read and never featurised. The label is "work": the key result is
labelled kr-is-activity or kr-binary.

Evaluation: 5 folds of the real dev split by source group (one writer's sets stay in one fold; the groups
of scripts/assemble_real_corpus.py, with group-aliases.json). Each fold trains on our own sets plus the
other folds and is scored, per key result, against (a) today's judgement, (b) the model alone, and (c)
combinations of the two. The model is a logistic regression over coach.rules.work_model.features, trained
in numpy with a fixed seed; with --write the final weights (all data) go to coach/rules/work_model.json.

Result (docs/architecture.md, "The work-or-result model"): the model does not beat the grammar by more than a
constant does. The only gain is (c1) on the few lines the grammar leaves undecided, and calling every such
line work (c0) gains as much; so the model is not wired into coach/rules/judgement.py.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "scripts"))

from assemble_real_corpus import source_group  # noqa: E402

from coach.evals.real import RealSet, normalise, structure_matches  # noqa: E402
from coach.model import Measure  # noqa: E402
from coach.parse import extract_measure, parse_draft  # noqa: E402
from coach.reading import read  # noqa: E402
from coach.reading.annotations import core_text  # noqa: E402
from coach.rules import work_model  # noqa: E402
from coach.rules.judgement import _baseline_first, judge_key_result  # noqa: E402
from coach.rules.lexicon import lexicon_for  # noqa: E402
from coach.rules.profiles import load_profile  # noqa: E402

REAL = HERE / "evals" / "datasets" / "real" / "sets.jsonl"
OWN = sorted((HERE / "evals" / "datasets" / "critique").glob("*.jsonl"))
WORK = {"kr-is-activity", "kr-binary"}
SEED = 20261206
FOLDS = 5
MIN_COUNT = 2  # a feature seen once is noise to a linear model
L2 = 1e-3
EPOCHS = 400
OWN_WEIGHT = 0.5  # our own sets count half: they are many, tidy, and written by one hand
KEEP = 0.05  # smaller weights are dropped: a smaller file loads faster and scores the same
CONFIDENT = 0.9  # (c) override: the model overrules the grammar beyond this probability (or below 1 - it)


@dataclass
class Item:
    group: str  # 'own' or the real corpus source group
    text: str
    work: bool  # the label
    grammar: bool  # today's judgement: kr-is-activity or kr-binary
    undecided: bool  # the grammar found no task, milestone, held level, metric or wish
    plain: list[str]  # model features (reading and numbers only)
    stacked: list[str]  # the same plus the grammar's facts


# --------------------------------------------------------------------------- data


_BULLET = re.compile(r"^\s*(?:[-+*•·>|]\s*|\(?[0-9a-zA-Z]{1,3}[.)]\s+|\[[ xX]\]\s+)+")
_MARKUP = re.compile(r"[*_`~#]+")


def _line_of(draft: str, starts: str, after: int) -> tuple[str, int] | None:
    """The draft line a key result's labelled first words begin, at or after line ``after``."""
    want = normalise(starts)
    lines = draft.splitlines()
    for i in range(after, len(lines)):
        got = normalise(lines[i])
        at = got.find(want)
        if want and 0 <= at <= 40:
            raw = _MARKUP.sub("", _BULLET.sub("", lines[i])).strip()
            return raw.strip(" |\t,\""), i + 1
    return None


def _real_key_results(record: RealSet) -> list[tuple[str, Measure | None, bool]]:
    """(text, measure or None, label) per labelled key result: the parser's line when its structure is the
    labelled one, else the draft line the labelled first words begin."""
    labels = [bool(WORK & set(k.rules)) for o in record.objectives for k in o.key_results]
    try:
        parsed = parse_draft(record.draft, source=record.id)
        shape = [(o.text, [k.text for k in o.key_results]) for o in parsed.objectives]
    except Exception:  # noqa: BLE001 - a draft the parser cannot read: fall back to the lines
        parsed, shape = None, []
    if parsed is not None and structure_matches(shape, record.structure):
        krs = [k for o in parsed.objectives for k in o.key_results]
        return [(k.text, k.measure, lab) for k, lab in zip(krs, labels, strict=True)]
    out, after = [], 0
    starts = [k.starts for o in record.objectives for k in o.key_results]
    for want, lab in zip(starts, labels, strict=True):
        found = _line_of(record.draft, want, after)
        if found is None:
            found = (want, after)  # the labelled words are the best text we have
        text, after = found
        out.append((text, None, lab))
    return out


def load_real_dev() -> list[tuple[str, str, Measure | None, bool]]:
    """(group, text, measure, label) for every key result of the real corpus's dev split, nothing else."""
    rows = []
    for line in REAL.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        if raw.get("split") != "dev":
            continue  # the sealed test split: not parsed, not featurised, not scored
        record = RealSet.model_validate(raw)
        assert record.split == "dev", record.id
        if record.language != "en":
            continue
        group = source_group(record.source)
        rows.extend((group, text, measure, lab) for text, measure, lab in _real_key_results(record))
    return rows


def load_own() -> list[tuple[str, str, Measure | None, bool]]:
    rows = []
    for path in OWN:
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            assert case.get("split") != "test", (path, case.get("id"))
            try:
                parsed = parse_draft(case["draft"], source=case["id"])
            except Exception:  # noqa: BLE001
                continue
            work = {(e["objective"], e["key_result"]) for e in case["expected"] if e["rule"] in WORK}
            for o_pos, o in enumerate(parsed.objectives, start=1):
                for k_pos, k in enumerate(o.key_results, start=1):
                    rows.append(("own", k.text, k.measure, (o_pos, k_pos) in work))
    return rows


#: Rules whose bad examples are not work: an activity or a milestone would silence them (coach/rules/silencing.py),
#: or they are a level held.
_NOT_WORK_WHEN_BAD = ("kr-no-metric", "kr-missing-target", "kr-missing-baseline", "kr-unfilled-placeholder",
                      "kr-maintain-kpi")


def load_rule_examples() -> list[tuple[str, str, Measure | None, bool]]:
    """The one-line examples of the rule pages (docs/rules.md): a bad example of kr-is-activity or kr-binary
    is work; their good examples, and the bad examples of rules a task would silence, are not."""
    from coach.rules import Scope, all_rules

    rows = []
    for rule in all_rules():
        if rule.scope is not Scope.KEY_RESULT:
            continue
        for kind in ("bad", "good"):
            for example in getattr(rule, kind):
                if "\n" in example:
                    continue  # a whole draft, not one key result
                if rule.name in WORK:
                    rows.append(("own", example, None, kind == "bad"))
                elif kind == "bad" and rule.name in _NOT_WORK_WHEN_BAD:
                    rows.append(("own", example, None, False))
    return rows


def featurise(rows) -> list[Item]:
    work_model.ENABLED = False  # the grammar's verdict, and its undecided lines, without the model
    lex = lexicon_for(load_profile("default"))
    items = []
    for group, text, measure, label in rows:
        if measure is None or _empty(measure):
            measure = extract_measure(text)
        facts = judge_key_result(text, measure, lex)
        core = core_text(text)
        core_measure = extract_measure(core) if core != text else measure
        reading = read(core)
        undecided = (facts.activity is None and facts.binary is None and facts.keep is None
                     and facts.metric is None and _baseline_first(reading) is None
                     and reading.lead_token is not None and not work_model.wishes(reading, lex))
        items.append(Item(group, text, label, bool(facts.activity or facts.binary), undecided,
                          work_model.features(reading, core_measure),
                          work_model.features(reading, core_measure, facts)))
    return items


def _empty(m: Measure) -> bool:
    return m.metric is None and m.direction is None and not m.numbers and m.deadline is None and m.factor is None


# --------------------------------------------------------------------------- model


class Logistic:
    """L2-regularised logistic regression, full-batch Adam in numpy, fixed seed: same data, same weights."""

    def __init__(self, l2: float = L2, epochs: int = EPOCHS):
        self.l2, self.epochs = l2, epochs
        self.vocab: dict[str, int] = {}
        self.w = np.zeros(0)

    def _matrix(self, feats: list[list[str]]) -> tuple[np.ndarray, np.ndarray, int]:
        """The 0/1 design matrix as (row, column) index pairs: a key result has a few dozen features."""
        rows, cols = [], []
        for i, fs in enumerate(feats):
            for j in sorted({self.vocab[f] for f in fs if f in self.vocab}):
                rows.append(i)
                cols.append(j)
        return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), len(feats)

    def _scores(self, x: tuple[np.ndarray, np.ndarray, int], w: np.ndarray) -> np.ndarray:
        rows, cols, n = x
        return np.bincount(rows, weights=w[cols], minlength=n)

    def fit(self, feats: list[list[str]], y: np.ndarray, weight: np.ndarray) -> Logistic:
        counts: dict[str, int] = {}
        for fs in feats:
            for f in set(fs):
                counts[f] = counts.get(f, 0) + 1
        self.vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT or f == "bias"))}
        x = self._matrix(feats)
        rows, cols, _ = x
        rng = np.random.default_rng(SEED)
        w = rng.normal(0, 0.01, len(self.vocab))
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        lr, b1, b2 = 0.05, 0.9, 0.999
        bias = self.vocab["bias"]
        total = weight.sum()
        for t in range(1, self.epochs + 1):
            p = 1 / (1 + np.exp(-np.clip(self._scores(x, w), -30, 30)))
            resid = (p - y) * weight / total
            grad = np.bincount(cols, weights=resid[rows], minlength=len(w))
            reg = self.l2 * w
            reg[bias] = 0.0
            grad = grad + reg
            m = b1 * m + (1 - b1) * grad
            v = b2 * v + (1 - b2) * grad * grad
            w -= lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + 1e-8)
        w[np.abs(w) < KEEP] = 0.0  # what the weights file keeps is what the cross-validation scores
        self.w = np.round(w, 4)
        return self

    def predict(self, feats: list[list[str]]) -> np.ndarray:
        return 1 / (1 + np.exp(-np.clip(self._scores(self._matrix(feats), self.w), -30, 30)))

    def export(self) -> dict[str, float]:
        return {f: float(self.w[i]) for f, i in self.vocab.items() if self.w[i] != 0.0}


def _train(items: list[Item], stacked: bool) -> Logistic:
    y = np.array([it.work for it in items], dtype=np.float64)
    weight = np.array([OWN_WEIGHT if it.group == "own" else 1.0 for it in items])
    return Logistic().fit([it.stacked if stacked else it.plain for it in items], y, weight)


# --------------------------------------------------------------------------- evaluation


def folds_of(items: list[Item]) -> list[set[str]]:
    """Real dev groups in FOLDS folds of about equal key-result counts: largest group first, into the
    lightest fold (ties by fold number), so the split is the same on every run."""
    sizes: dict[str, int] = {}
    for it in items:
        if it.group != "own":
            sizes[it.group] = sizes.get(it.group, 0) + 1
    folds: list[set[str]] = [set() for _ in range(FOLDS)]
    load = [0] * FOLDS
    for group in sorted(sizes, key=lambda g: (-sizes[g], g)):
        k = min(range(FOLDS), key=lambda i: (load[i], i))
        folds[k].add(group)
        load[k] += sizes[group]
    return folds


def f1(pred: list[bool], gold: list[bool]) -> dict[str, float]:
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
    fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0, "p": prec, "r": rec,
            "tp": tp, "fp": fp, "fn": fn}


def predictions(test: list[Item], plain: np.ndarray, stacked: np.ndarray) -> dict[str, list[bool]]:
    grammar = [it.grammar for it in test]
    return {
        "a grammar": grammar,
        "b model": [bool(p >= 0.5) for p in plain],
        "c0 undecided is work": [g or it.undecided for g, it in zip(grammar, test, strict=True)],
        "c1 model on undecided": [g or (it.undecided and p >= 0.5) for g, it, p in zip(grammar, test, plain, strict=True)],
        "c2 confident override": [bool(p >= CONFIDENT) or (g and p > 1 - CONFIDENT)
                                  for g, p in zip(grammar, plain, strict=True)],
        "c3 stacked model": [bool(p >= 0.5) for p in stacked],
    }


def cross_validate(items: list[Item]) -> dict:
    own = [it for it in items if it.group == "own"]
    folds = folds_of(items)
    per_fold = []
    pooled: dict[str, list[bool]] = {}
    gold_all: list[bool] = []
    groups_all: list[str] = []
    for k, groups in enumerate(folds):
        test = [it for it in items if it.group in groups]
        train = own + [it for it in items if it.group != "own" and it.group not in groups]
        plain = _train(train, stacked=False).predict([it.plain for it in test])
        stacked = _train(train, stacked=True).predict([it.stacked for it in test])
        gold = [it.work for it in test]
        preds = predictions(test, plain, stacked)
        per_fold.append({"fold": k + 1, "groups": len(groups), "krs": len(test), "work": sum(gold),
                         **{name: f1(pred, gold) for name, pred in preds.items()}})
        for name, pred in preds.items():
            pooled.setdefault(name, []).extend(pred)
        gold_all.extend(gold)
        groups_all.extend(it.group for it in test)
    names = list(pooled)
    mean = {name: sum(f[name]["f1"] for f in per_fold) / len(per_fold) for name in names}
    return {"folds": per_fold, "mean_f1": mean, "pooled": {n: f1(pooled[n], gold_all) for n in names},
            "own_krs": len(own), "real_dev_krs": len(gold_all),
            "bootstrap": {n: _bootstrap(pooled[n], pooled["a grammar"], gold_all, groups_all) for n in names[1:]}}


def _bootstrap(pred: list[bool], base: list[bool], gold: list[bool], groups: list[str], n: int = 1000) -> dict:
    """Pooled F1 gain over the grammar when whole source groups are resampled: how often it is above 0,
    and its 5th-95th percentile."""
    rng = np.random.default_rng(SEED)
    names = sorted(set(groups))
    rows = {g: [i for i, x in enumerate(groups) if x == g] for g in names}
    gains = []
    for _ in range(n):
        pick = [i for g in rng.choice(names, len(names)) for i in rows[g]]
        gains.append(f1([pred[i] for i in pick], [gold[i] for i in pick])["f1"]
                     - f1([base[i] for i in pick], [gold[i] for i in pick])["f1"])
    gains.sort()
    return {"gain_above_0": sum(g > 0 for g in gains) / n, "p5": gains[n // 20], "p95": gains[n - n // 20 - 1]}


def print_table(result: dict) -> None:
    names = list(result["mean_f1"])
    print(f"own key results: {result['own_krs']}; real dev key results: {result['real_dev_krs']}\n")
    print("| fold | groups | KRs | work | " + " | ".join(names) + " |")
    print("| --- " * (4 + len(names)) + "|")
    for f in result["folds"]:
        print(f"| {f['fold']} | {f['groups']} | {f['krs']} | {f['work']} | "
              + " | ".join(f"{f[n]['f1']:.3f}" for n in names) + " |")
    print("| mean | | | | " + " | ".join(f"{result['mean_f1'][n]:.3f}" for n in names) + " |")
    print("| pooled | | | | " + " | ".join(f"{result['pooled'][n]['f1']:.3f}" for n in names) + " |")
    print("| pooled P/R | | | | " + " | ".join(
        f"{result['pooled'][n]['p']:.2f}/{result['pooled'][n]['r']:.2f}" for n in names) + " |")
    print("\npooled F1 gain over the grammar, source groups resampled 1,000 times:")
    for n, b in result["bootstrap"].items():
        print(f"- {n}: above 0 in {b['gain_above_0']:.0%}, 5th-95th percentile {b['p5']:+.3f} .. {b['p95']:+.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="train on all the data and write the weights file")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--variant", choices=["plain", "stacked"], default="plain",
                        help="which model the weights file holds")
    args = parser.parse_args(argv)
    items = featurise(load_own() + load_rule_examples() + load_real_dev())
    result = cross_validate(items)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    if args.write:
        model = _train(items, stacked=args.variant == "stacked")
        meta = {"variant": args.variant, "seed": SEED, "l2": L2, "epochs": EPOCHS, "own_weight": OWN_WEIGHT,
                "min_count": MIN_COUNT, "keep": KEEP, "trained_on": len(items), "confident": CONFIDENT,
                "script": "scripts/train_work_model.py"}
        work_model.WEIGHTS.write_text(json.dumps({"meta": meta, "weights": model.export()}, sort_keys=True,
                                                 separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"\nwrote {work_model.WEIGHTS.relative_to(HERE)} ({work_model.WEIGHTS.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
