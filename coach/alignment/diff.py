"""``okr-coach check --diff BASE_REF``: only what a change adds, plus the changes a reviewer must see.

The files of the run are read a second time as they were at ``BASE_REF`` (``git show``) and checked
as one run. A finding is *new* when the base has no finding of the same rule on the same text (objective
or key result text, so renumbering does not make old findings look new). The diff rules (OKR410
target-lowered, OKR411 kr-removed) compare the two versions key result by key result.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from coach.errors import CoachError
from coach.model import Finding, KeyResult, OkrSet


@dataclass(frozen=True)
class KrChange:
    """One key result of the base and what became of it in the change (``new`` None: removed)."""

    set_index: int  # in the new run
    objective: int  # base objective position
    old: KeyResult
    new: tuple[int, KeyResult] | None  # (new objective position, key result)
    new_objective_line: int | None = None


def base_text(path: str, ref: str) -> str | None:
    """The file as it was at ``ref``, or None when it did not exist there. CoachError outside a git work tree."""
    file = Path(path).resolve()
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=file.parent, capture_output=True,
                             text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CoachError(f"--diff {ref}: git is not available ({exc})", hint="install git, or drop --diff") from exc
    if top.returncode != 0:
        raise CoachError(f"--diff {ref}: {path} is not inside a git work tree",
                         hint="run the check inside the repository, or drop --diff")
    rel = file.relative_to(Path(top.stdout.strip()).resolve()).as_posix()
    verify = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=file.parent,
                            capture_output=True, text=True, timeout=30)
    if verify.returncode != 0:
        raise CoachError(f"--diff {ref}: no such commit, branch or tag",
                         hint="fetch the base branch first (e.g. 'git fetch origin main') and pass origin/main")
    shown = subprocess.run(["git", "show", f"{ref}:{rel}"], cwd=file.parent, capture_output=True, timeout=30)
    if shown.returncode != 0:
        return None  # a file the change adds
    return shown.stdout.decode("utf-8-sig", errors="replace")


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9%.]+", text.lower()))


def finding_key(okr_set: OkrSet, finding: Finding) -> tuple[str, str]:
    """(rule code, the text of the item it points at): stable across renumbering."""
    loc = finding.location
    text = ""
    if loc.objective and loc.objective <= len(okr_set.objectives):
        objective = okr_set.objectives[loc.objective - 1]
        text = objective.text
        if loc.key_result and loc.key_result <= len(objective.key_results):
            text = objective.key_results[loc.key_result - 1].text
    return finding.code, _norm(text)


def kr_changes(base: OkrSet, new: OkrSet, set_index: int) -> list[KrChange]:
    """Each base key result matched to the new set: same text first, then the same metric words."""
    from coach.alignment.words import metric_words

    new_krs = [(o.position, kr) for o in new.objectives for kr in o.key_results]
    by_text = {_norm(kr.text): (pos, kr) for pos, kr in new_krs}
    changes = []
    used: set[tuple[int, int]] = set()
    for objective in base.objectives:
        for kr in objective.key_results:
            match = by_text.get(_norm(kr.text))
            if match is None:
                words = metric_words(kr.measure.metric)
                match = next(((pos, k) for pos, k in new_krs if words and (pos, k.position) not in used
                              and metric_words(k.measure.metric) == words), None)
            if match is not None:
                used.add((match[0], match[1].position))
            line = _objective_line(new, objective.text)
            changes.append(KrChange(set_index, objective.position, kr, match, line))
    return changes


def _objective_line(new: OkrSet, text: str) -> int | None:
    for objective in new.objectives:
        if _norm(objective.text) == _norm(text):
            return objective.line
    return new.objectives[0].line if new.objectives else None
