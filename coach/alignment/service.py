"""Check several OKR sets together: each set's own rules, then the OKR4xx alignment rules over the graph.

``check_sources([(text, name), ...]) -> RunReport``. Each set's report gets the alignment findings that
point into it (and is re-scored), so every output format shows them where they belong; the run carries
the graph (for the map) and the :class:`AlignmentSummary`. Pure apart from the packaged data files.
"""

from __future__ import annotations

from typing import NamedTuple

from coach.alignment.graph import AlignmentGraph, build_graph
from coach.config import Settings, default_settings
from coach.model import CheckReport, Finding, Severity
from coach.parse.links import DraftLinks

#: Codes the summary counts (the rule modules own the judgement; the summary only counts their findings).
ORPHAN, COPY, DEEP, UNACKNOWLEDGED, OPPOSITE, OWNED_TWICE, UNSUPPORTED, HOW, BROKEN = (
    "OKR401", "OKR402", "OKR403", "OKR404", "OKR405", "OKR406", "OKR407", "OKR408", "OKR409")
#: Points the alignment health loses per conflict (opposite directions, a KR owned twice).
CONFLICT_PENALTY = 5


class AlignmentSummary(NamedTuple):
    """Counts of one run and the alignment-health figure (formula: docs/alignment.md, :func:`health`).

    NamedTuples, this and :class:`RunReport`, not dataclasses: a cold ``okr-coach check`` defines them.
    """

    sets: int
    objectives: int
    child_objectives: int  # objectives of sets that have a parent set
    linked_objectives: int  # of those, the ones that support something (themselves or through a KR)
    orphans: int
    dependencies: int
    unacknowledged: int
    broken_references: int
    parent_objectives: int  # objectives of sets that some set in the run has as parent
    supported_parent_objectives: int
    conflicts: int
    health: int

    def to_json(self) -> dict:
        return self._asdict()


class RunReport(NamedTuple):
    reports: list[CheckReport]
    graph: AlignmentGraph
    summary: AlignmentSummary
    profile: str
    alignment_findings: list[tuple[int, Finding]]

    @property
    def findings(self):
        for report in self.reports:
            for finding in report.findings:
                yield report, finding

    @property
    def has_links(self) -> bool:
        return len(self.reports) > 1 or any(n.links.any for n in self.graph.sets)

    def worst(self, at_least: Severity = Severity.ERROR) -> bool:
        """True when some finding is at ``at_least`` or above (``--fail-on``)."""
        order = [Severity.INFO, Severity.WARNING, Severity.ERROR]
        return any(order.index(f.severity) >= order.index(at_least) for _, f in self.findings)


def read_linked(text: str, source: str, settings: Settings) -> tuple[CheckReport, DraftLinks]:
    """One draft checked on its own, with the alignment links it states."""
    from coach.check import check_text
    from coach.parse import detect_format
    from coach.parse.links import attach_links, strip_links, structured_links

    fmt = detect_format(text, source) if text.strip() else "text"
    if fmt in ("yaml", "json"):
        report = check_text(text, source, settings)
        return report, structured_links(_load(text, fmt), report.okr_set)
    stripped = strip_links(text)
    report = check_text(stripped.text, source, settings)
    return report, attach_links(stripped, report.okr_set)


def _load(text: str, fmt: str):
    """The document again, for its link fields (the parser already refused anything malformed)."""
    from coach.parse.structured import load_document

    return load_document(text, fmt)


def check_sources(sources: list[tuple[str, str]], settings: Settings | None = None) -> RunReport:
    """Check drafts ``(text, name)`` as one run. Raises CoachError (ParseError names the file)."""
    settings = settings or default_settings()
    read = [read_linked(text, name, settings) for text, name in sources]
    return check_reports(read, settings)


def check_reports(read: list[tuple[CheckReport, DraftLinks]], settings: Settings) -> RunReport:
    from coach.rules import load_profile, score
    from coach.rules.alignment._base import AlignmentRule
    from coach.rules.engine import finding_order
    from coach.rules.registry import all_rules, select_rules

    profile = load_profile(settings.profile, settings.rules.extend)
    graph = build_graph([(report.okr_set, links) for report, links in read])
    every = [(i, f) for rule in all_rules() if isinstance(rule, AlignmentRule)
             for i, f in rule.check_graph(graph, profile)]
    shown = {rule.code for rule in select_rules(settings.rules)}
    chosen = [(i, f) for i, f in every if f.code in shown]
    reports = []
    for index, (report, _) in enumerate(read):
        extra = [f for i, f in chosen if i == index]
        if extra:
            findings = sorted([*report.findings, *extra], key=finding_order)
            report = report.model_copy(update={"findings": findings, "scores": score(report.okr_set, findings)})
        reports.append(report)
    return RunReport(reports, graph, summarise(graph, every), profile.name, chosen)


def summarise(graph: AlignmentGraph, findings: list[tuple[int, Finding]]) -> AlignmentSummary:
    codes = [f.code for _, f in findings]
    child_sets = {n.index for n in graph.sets if n.parent is not None or n.links.parent_set}
    parent_sets = {n.parent for n in graph.sets if n.parent is not None}
    supports = [e for e in graph.edges if e.kind == "supports" and e.target is not None]
    linked = {e.source.objective_key for e in supports}
    supported = {e.target.objective_key for e in supports if e.target.objective is not None}
    from coach.alignment.graph import ItemKey, is_standalone

    child_objectives = [(n.index, o.position) for n in graph.sets if n.index in child_sets
                        for o in n.okr_set.objectives
                        if not any(is_standalone(r) for r in graph.item_links(ItemKey(n.index, o.position)).supports)]
    parent_objectives = [(n.index, o.position) for n in graph.sets if n.index in parent_sets
                         for o in n.okr_set.objectives]
    linked_pairs = {(k.set, k.objective) for k in linked}
    supported_pairs = {(k.set, k.objective) for k in supported}
    n_linked = sum(1 for pair in child_objectives if pair in linked_pairs)
    n_supported = sum(1 for pair in parent_objectives if pair in supported_pairs)
    depends = graph.edges_of("depends")
    broken_deps = sum(1 for e in depends if e.target is None)
    summary = AlignmentSummary(
        sets=len(graph.sets), objectives=sum(len(n.okr_set.objectives) for n in graph.sets),
        child_objectives=len(child_objectives), linked_objectives=n_linked, orphans=codes.count(ORPHAN),
        dependencies=len(depends), unacknowledged=codes.count(UNACKNOWLEDGED),
        broken_references=codes.count(BROKEN), parent_objectives=len(parent_objectives),
        supported_parent_objectives=n_supported, conflicts=codes.count(OPPOSITE) + codes.count(OWNED_TWICE),
        health=0)
    return summary._replace(health=health(summary, broken_deps))


def health(s: AlignmentSummary, broken_dependencies: int = 0) -> int:
    """Alignment health 0-100 (docs/alignment.md).

    The mean of three shares, each 1 when there is nothing to measure: linked = child objectives that
    support something / child objectives; kept = dependencies acknowledged (and resolvable) / dependencies;
    covered = parent objectives some child supports / parent objectives. Times 100, rounded half up, minus
    :data:`CONFLICT_PENALTY` per conflict, never below 0.
    """
    linked = s.linked_objectives / s.child_objectives if s.child_objectives else 1.0
    kept = (1 - (s.unacknowledged + broken_dependencies) / s.dependencies) if s.dependencies else 1.0
    covered = s.supported_parent_objectives / s.parent_objectives if s.parent_objectives else 1.0
    value = int(100 * (linked + max(0.0, kept) + covered) / 3 + 0.5)
    return max(0, value - CONFLICT_PENALTY * s.conflicts)


def diff_run(run: RunReport, base_texts: list[str | None], settings: Settings | None = None) -> RunReport:
    """``run`` reduced to what the change adds, plus the diff rules' findings (OKR410, OKR411).

    ``base_texts[i]`` is the base version of the run's i-th file (None: the change adds the file).
    """
    from coach.alignment.diff import finding_key, kr_changes
    from coach.rules import score
    from coach.rules.alignment._base import DiffRule
    from coach.rules.engine import finding_order
    from coach.rules.registry import all_rules, select_rules

    settings = settings or default_settings()
    present = [(text, report.okr_set.source) for text, report in zip(base_texts, run.reports) if text is not None]
    base_run = check_sources(present, settings) if present else None
    base_by_source = {r.okr_set.source: r for r in base_run.reports} if base_run else {}
    changes = []
    for index, report in enumerate(run.reports):
        base = base_by_source.get(report.okr_set.source)
        if base is not None:
            changes.extend(kr_changes(base.okr_set, report.okr_set, index))
    shown = {rule.code for rule in select_rules(settings.rules)}
    diff_findings = [(i, f) for rule in all_rules() if isinstance(rule, DiffRule) and rule.code in shown
                     for i, f in rule.check_changes(changes, [r.okr_set for r in run.reports])]
    reports = []
    for index, report in enumerate(run.reports):
        base = base_by_source.get(report.okr_set.source)
        old = {finding_key(base.okr_set, f) for f in base.findings} if base else set()
        kept = [f for f in report.findings if finding_key(report.okr_set, f) not in old]
        kept = sorted(kept + [f for i, f in diff_findings if i == index], key=finding_order)
        reports.append(report.model_copy(update={"findings": kept, "scores": score(report.okr_set, kept)}))
    return RunReport(reports, run.graph, run.summary, run.profile,
                     [(i, f) for i, f in run.alignment_findings] + diff_findings)
