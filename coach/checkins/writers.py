"""The deterministic narrative writer: every sentence is built from the Facts, so it always passes the
faithfulness check. It is the offline default and the fallback whenever the LLM fails or invents.
"""

from __future__ import annotations

from coach.checkins.facts import Facts, KrFacts, SetFacts
from coach.checkins.flags import Flag
from coach.checkins.narrative import SECTIONS, KrNote, NarrativeDraft, Section
from coach.checkins.numbers import fmt_pct, fmt_quantity, fmt_score, points, sentence
from coach.model import ConfidenceLevel

_ADVICE = {
    "stale": "ask the owner for an update before the next check-in",
    "low-without-action": "agree one next action with an owner",
    "target-changed": "write down why the target changed",
}


def write_narrative(facts: Facts) -> NarrativeDraft:
    """The narrative of ``facts.kind`` (weekly, monthly or retro), written from the facts alone."""
    writer = {"weekly": _weekly, "monthly": _monthly, "retro": _retro}[facts.kind]
    return writer(facts)


# --------------------------------------------------------------------------- shared pieces


def _label(set_facts: SetFacts) -> str:
    return set_facts.team or set_facts.name


def _prefix(facts: Facts, set_facts: SetFacts) -> str:
    """'growth-q3: ' when the narrative covers several sets, else nothing."""
    return f"{set_facts.name}: " if facts.set_count > 1 else ""


def _counts(counts: dict[str, int]) -> str:
    parts = [f"{counts[s]} {s}" for s in ("on track", "at risk", "off track") if counts.get(s)]
    if counts.get("no status"):
        parts.append(f"{counts['no status']} without a status")
    return ", ".join(parts)


def _pace(kr: KrFacts) -> str:
    if kr.gap_points is None:
        return ""
    gap = round(kr.gap_points)
    if gap > 0:
        return f"{points(gap)} behind pace"
    if gap < 0:
        return f"{points(-gap)} ahead of pace"
    return "on pace"


def kr_summary(kr: KrFacts) -> str:
    """Current vs target, progress vs pace, status, confidence and trend of one KR, in plain words."""
    q = lambda v: fmt_quantity(v, kr.unit)  # noqa: E731 - local shorthand
    sentences: list[str] = []
    if kr.value is not None:
        head = f"Current {q(kr.value)} on {kr.value_date.isoformat()}"
    else:
        head = "No value reported yet"
    if kr.target is not None:
        head += f", target {q(kr.target)}"
    if kr.start is not None:
        origin = "baseline" if kr.start_source == "baseline" else "first check-in"
        head += f", start {q(kr.start)} ({origin})"
    sentences.append(head + ".")
    if kr.progress_pct is not None:
        line = f"{fmt_pct(kr.progress_pct)} of the way to target"
        if kr.expected_pct is not None:
            line += f" against {fmt_pct(kr.expected_pct)} expected by now, {_pace(kr)}"
        if kr.overshoot_pct:
            line += f"; past the target by {fmt_pct(kr.overshoot_pct)} of the distance"
        sentences.append(line + ".")
    if kr.status:
        sentences.append(f"Status: {kr.status}.")
    if kr.confidence is not None:
        label = kr.confidence.value.capitalize()
        raw = kr.confidence_raw or label
        sentences.append(f"Confidence {label}" + (f" ({raw})." if raw.lower() != label.lower() else "."))
    else:
        sentences.append("No confidence call recorded.")
    if kr.trend:
        sentences.append(f"Trend over the last check-ins: {kr.trend}.")
    for note in kr.notes:
        sentences.append(note[0].upper() + note[1:] + ".")
    return " ".join(sentences)


def _what_changed(kr: KrFacts) -> str | None:
    parts = []
    if kr.what_changed:
        parts.append(sentence(kr.what_changed))
    if kr.why:
        parts.append("Why: " + sentence(kr.why))
    return " ".join(parts) or None


def _note(kr: KrFacts, set_facts: SetFacts, facts: Facts, *, summary: str | None = None) -> KrNote:
    return KrNote(kr=kr.ref, set=set_facts.name if facts.set_count > 1 else None, owner=kr.owner,
                  status=kr.status, summary=summary or kr_summary(kr), what_changed=_what_changed(kr),
                  blockers=list(kr.blockers), next_action=kr.next_actions[0] if kr.next_actions else None,
                  score=kr.score)


def _flag_line(flag: Flag) -> str:
    if flag.code == "confidence-vs-pace":
        advice = ("ask whether the confidence call is honest" if "High confidence" in flag.message
                  else "ask what the owner knows that the numbers do not show")
    else:
        advice = _ADVICE.get(flag.code, "raise it at the check-in")
    return f"{flag.message}; {advice}."


def _sections(kind: str, items: dict[str, list[str]], empty: dict[str, str]) -> list[Section]:
    return [Section(key=key, items=[line[:1].upper() + line[1:] for line in items.get(key, [])] or [empty[key]])
            for key, _ in SECTIONS[kind]]


# --------------------------------------------------------------------------- weekly


def _weekly(facts: Facts) -> NarrativeDraft:
    notes: list[KrNote] = []
    adjustments: list[str] = []
    dependencies: list[str] = []
    decisions: list[str] = []
    heads: list[str] = []
    for set_facts in facts.sets:
        pre = _prefix(facts, set_facts)
        line = f"{_label(set_facts)} as of {facts.as_of.isoformat()}: {set_facts.key_result_count} key results"
        counts = _counts(set_facts.status_counts)
        heads.append(line + (f", {counts}." if counts else "."))
        if set_facts.elapsed_pct is not None and facts.set_count == 1:
            heads.append(f"{fmt_pct(set_facts.elapsed_pct)} of the cycle has elapsed.")
        for kr in set_facts.key_results:
            notes.append(_note(kr, set_facts, facts))
            if kr.status in ("at risk", "off track"):
                advice = ("change the initiatives first, then resourcing or scope; change the target only "
                          "if the context changed" if kr.status == "off track"
                          else "name what slows it and agree one action with an owner")
                adjustments.append(f"{pre}{kr.ref} is {kr.status}, {_pace(kr)}: {advice}.")
            for blocker in kr.blockers:
                owner = f" (owner {kr.owner})" if kr.owner else ""
                dependencies.append(f"{pre}{kr.ref} is blocked by: {blocker.strip().rstrip('. ')}{owner}.")
            for decision in kr.decisions_needed:
                decisions.append(f"{pre}{kr.ref}: {sentence(decision)}")
        for flag in set_facts.flags:
            if flag.code == "shared-blocker":
                dependencies.insert(0, f"{pre}{flag.message}; escalate to whoever owns that dependency.")
            else:
                adjustments.append(pre + _flag_line(flag))
    return NarrativeDraft(
        headline=" ".join(heads), key_results=notes,
        sections=_sections("weekly", {"adjustments": adjustments, "dependencies": dependencies,
                                      "decisions": decisions},
                           {"adjustments": "No adjustments needed this week.",
                            "dependencies": "No blockers or cross-team dependencies reported.",
                            "decisions": "No decisions requested."}))


# --------------------------------------------------------------------------- monthly


def _monthly(facts: Facts) -> NarrativeDraft:
    sets = "1 OKR set" if facts.set_count == 1 else f"{facts.set_count} OKR sets"
    counts = _counts(facts.status_counts)
    headline = (f"Monthly review as of {facts.as_of.isoformat()} across {sets} and "
                f"{facts.key_result_count} key results" + (f": {counts}." if counts else "."))
    notes: list[KrNote] = []
    attention: list[str] = []
    stop: list[str] = []
    decisions: list[str] = []
    for set_facts in facts.sets:
        pre = f"{set_facts.name}: " if facts.set_count > 1 else ""
        ordered = sorted(set_facts.key_results, key=lambda k: -(k.gap_points or 0))
        for kr in ordered:
            low = kr.confidence is ConfidenceLevel.LOW
            if kr.status in ("at risk", "off track") or low:
                notes.append(_note(kr, set_facts, facts))
            if kr.status == "off track":
                attention.append(f"{pre}move attention and resources to {kr.ref} ({kr.status}, {_pace(kr)}).")
            elif kr.status == "at risk":
                attention.append(f"{pre}watch {kr.ref} ({kr.status}, {_pace(kr)}) and agree one recovery action.")
            if kr.progress_pct is not None and kr.progress_pct >= 100 and kr.status == "on track":
                stop.append(f"{pre}{kr.ref} has reached its target; stop adding effort there and move people "
                            "to work that is behind.")
            if kr.checkins == 0:
                stop.append(f"{pre}{kr.ref} has no check-in recorded; give it an owner who reports on it, "
                            "or drop it.")
            for decision in kr.decisions_needed:
                decisions.append(f"{pre}{kr.ref}: {sentence(decision)}")
        for flag in set_facts.flags:
            if flag.code == "shared-blocker":
                attention.append(f"{pre}{flag.message}; one fix there unblocks several key results.")
            elif flag.code == "confidence-vs-pace":
                attention.append(pre + _flag_line(flag))
    return NarrativeDraft(
        headline=headline, key_results=notes,
        sections=_sections("monthly", {"attention": attention, "stop": stop, "decisions": decisions},
                           {"attention": "Every key result is on pace; keep the current allocation.",
                            "stop": "Nothing clearly needs stopping; ask each team which work moves no key result.",
                            "decisions": "No decisions requested."}))


# --------------------------------------------------------------------------- retro


def _retro(facts: Facts) -> NarrativeDraft:
    heads: list[str] = []
    notes: list[KrNote] = []
    items: dict[str, list[str]] = {"objectives": [], "learning": [], "carry": [], "change": [], "drop": []}
    for set_facts in facts.sets:
        pre = _prefix(facts, set_facts)
        head = f"{_label(set_facts)}: end-of-cycle retrospective as of {facts.as_of.isoformat()}."
        if set_facts.score is not None:
            head += f" Overall score {fmt_score(set_facts.score)}."
        if set_facts.score_reading:
            head += f" {set_facts.score_reading[0].upper()}{set_facts.score_reading[1:]}."
        heads.append(head)
        for objective in set_facts.objectives:
            score = f"scored {fmt_score(objective.score)}" if objective.score is not None else "could not be scored"
            items["objectives"].append(f"{pre}{objective.ref} ({objective.text.rstrip('. ')}) {score}.")
        scored = [k for k in set_facts.key_results if k.score is not None]
        for kr in set_facts.key_results:
            if kr.score is not None:
                summary = f"Scored {fmt_score(kr.score)}: {kr.score_reading}. " + kr_summary(kr)
            else:
                summary = "No score. " + kr_summary(kr)
            notes.append(_note(kr, set_facts, facts, summary=summary))
            if kr.score is None:
                items["drop"].append(f"{pre}{kr.ref} could not be scored; rewrite it with a baseline and a "
                                     "numeric target, or drop it.")
            elif kr.kind == "committed" and kr.score < 1.0:
                items["change"].append(f"{pre}{kr.ref} was committed and scored {fmt_score(kr.score)}; find the "
                                       "cause before committing to it again.")
            elif kr.score < 0.4:
                items["change"].append(f"{pre}{kr.ref} scored {fmt_score(kr.score)}; rework the target or the "
                                       "plan behind it.")
            elif kr.score < 1.0:
                items["carry"].append(f"{pre}{kr.ref} scored {fmt_score(kr.score)}; carry the metric forward "
                                      "with a fresh target.")
            elif kr.kind != "committed":
                items["drop"].append(f"{pre}{kr.ref} scored {fmt_score(kr.score)}; if it now describes a steady "
                                     "state, track it on a KPI dashboard instead.")
        for flag in set_facts.flags:
            if flag.code == "target-changed":
                items["change"].append(f"{pre}{flag.message}; set targets that can hold for the whole cycle.")
        if scored:
            worst = min(scored, key=lambda k: k.score)
            line = f"{pre}The largest shortfall was {worst.ref} at {fmt_score(worst.score)}"
            reason = worst.why or (worst.blockers[0] if worst.blockers else None)
            items["learning"].append(line + (f": {sentence(reason)}" if reason else "."))
        if set_facts.score_reading:
            items["learning"].append(f"{pre}{set_facts.score_reading[0].upper()}{set_facts.score_reading[1:]}.")
    return NarrativeDraft(
        headline=" ".join(heads), key_results=notes,
        sections=_sections("retro", items, {
            "objectives": "No objectives to score.",
            "learning": "No key result could be scored; set baselines and numeric targets next cycle.",
            "carry": "Nothing to carry over.", "change": "Nothing to change.", "drop": "Nothing to drop."}))
