"""The ``check`` use case: draft text or an OkrSet in, a :class:`~coach.model.CheckReport` out.

Pure functions (no I/O beyond the packaged word lists and profiles, read once and cached), cheap enough to
re-check an LLM rewrite in context: :func:`check_key_result_in_context` re-reads one key result's measure
and returns only that key result's findings.
"""

from __future__ import annotations

from coach.config import Settings, default_settings
from coach.model import CheckReport, Finding, KeyResult, OkrSet
from coach.rules import check_set, load_profile, score


def check_text(text: str, source: str = "<draft>", settings: Settings | None = None) -> CheckReport:
    """Parse a draft (text, Markdown, YAML or JSON) and check it. Raises ParseError/ConfigError (CoachError)."""
    from coach.parse import parse_draft

    okr_set = parse_draft(text, source=source)
    return check_okr_set(_with_title_period(okr_set, text), settings, text=text)


def check_okr_set(okr_set: OkrSet, settings: Settings | None = None, *, text: str | None = None) -> CheckReport:
    """Check a parsed set with the settings' profile and rule selection.

    A set not written in English gets no findings and the report's ``notice`` says why. With the draft's
    ``text``, its own labels can clear a layout doubt (:func:`coach.parse.doubts.layout_doubts`).
    """
    from coach.parse.doubts import layout_doubts
    from coach.parse.language import NOT_ENGLISH_NOTICE, reads_as_english

    settings = settings or default_settings()
    profile = load_profile(settings.profile, settings.rules.extend)
    if not reads_as_english(okr_set):  # the rules would judge words they cannot read: say so instead
        return CheckReport(okr_set=okr_set, profile=profile.name, findings=[], scores=score(okr_set, []),
                           notice=NOT_ENGLISH_NOTICE)
    findings = check_set(okr_set, profile, settings.rules)
    return CheckReport(okr_set=okr_set, profile=profile.name, findings=findings, scores=score(okr_set, findings),
                       layout_doubts=layout_doubts(okr_set, text))


def check_key_result_in_context(okr_set: OkrSet, objective_pos: int, kr_text: str,
                                settings: Settings | None = None, *, kr_pos: int | None = None) -> list[Finding]:
    """Findings of one (rewritten) key result, checked inside its set.

    The key result at ``kr_pos`` under objective ``objective_pos`` is replaced by ``kr_text`` (its measure is
    re-read); with ``kr_pos=None`` the text is appended as a new last key result. Set rules that point at
    the key result (initiative-as-kr) and kr-duplicate see the rest of the set. Returns only the findings
    located on that key result. Raises ValueError for an objective or key-result position that does not exist.
    """
    from coach.parse import extract_measure

    if not 1 <= objective_pos <= len(okr_set.objectives):
        raise ValueError(f"objective {objective_pos} does not exist (the set has {len(okr_set.objectives)})")
    objective = okr_set.objectives[objective_pos - 1]
    krs = list(objective.key_results)
    position = kr_pos if kr_pos is not None else len(krs) + 1
    if not 1 <= position <= len(krs) + 1:
        raise ValueError(f"key result {position} does not exist under objective {objective_pos}")
    old = krs[position - 1] if position <= len(krs) else None
    new_kr = KeyResult(text=kr_text, position=position, line=old.line if old else None,
                       owner=old.owner if old else None, measure=extract_measure(kr_text),
                       kind=old.kind if old else None)
    if old is None:
        krs.append(new_kr)
    else:
        krs[position - 1] = new_kr
    objectives = list(okr_set.objectives)
    objectives[objective_pos - 1] = objective.model_copy(update={"key_results": krs})
    report = check_okr_set(okr_set.model_copy(update={"objectives": objectives}), settings)
    return [f for f in report.findings
            if f.location.objective == objective_pos and f.location.key_result == position]


def _with_title_period(okr_set: OkrSet, text: str) -> OkrSet:
    """Take the cycle from a title line above the first objective when the parser left it unset.

    Covers first lines such as "Finance — Q2 2026" or "Pocket Ledger — Q4 2026" that name the cycle
    without the word OKRs.
    """
    if okr_set.period or not okr_set.objectives or okr_set.objectives[0].line is None:
        return okr_set
    from coach.parse import parse_period

    for line in text.splitlines()[:okr_set.objectives[0].line - 1]:
        stripped = line.strip().lstrip("#*-• ").strip("*_ ")
        if not stripped or len(stripped) > 120:
            continue
        period = parse_period(stripped)
        if period is not None:
            return okr_set.model_copy(update={"period": period.label, "starts": period.starts,
                                              "ends": period.ends})
    return okr_set
