"""The deterministic writer: outcome rewrites from the metric lexicon, no LLM involved.

It is the default (offline) writer and the fallback when the LLM fails. For a key result that describes
work, it detects the domain from the words of the key result and its objective, keeps the subject words
of the draft ("Launch the new onboarding flow" -> "onboarding"), and proposes outcome key results built
from the domain's metrics, with placeholders instead of numbers:

    Increase onboarding completion rate from [current %] to [target %] by end of Q3 2026

The original activity moves to Initiatives. For a weak objective it writes "verb + what + in order to +
business value". Every suggestion it returns is unverified: :mod:`coach.suggest.verify` re-checks it.
"""

from __future__ import annotations

from functools import lru_cache

import re
from dataclasses import dataclass

from coach.model import Finding, KeyResult, Location, Objective, OkrSet, Suggestion
from coach.suggest.lexicon import Domain, Lexicon, MetricTemplate, builtin_lexicon

#: Rule names whose key results get outcome rewrites, and whose objectives get a rewrite.
KEY_RESULT_TRIGGERS = ("kr-is-activity", "kr-no-metric", "kr-binary", "kr-missing-target", "kr-vague-wording")
#: Triggers of a key result that already names its metric and only lacks the numbers: it is sharpened
#: (same metric, same direction, a from/to with placeholders), not replaced by a domain metric.
SHARPEN_TRIGGERS = ("kr-missing-target", "kr-vague-wording")
OBJECTIVE_TRIGGERS = ("objective-is-activity", "objective-no-why", "objective-corporate-fog", "objective-has-metric")
#: Triggers whose original line is work or a deliverable, so it is kept as an initiative.
MOVES_TO_INITIATIVES = ("kr-is-activity", "kr-binary")

OUTCOME_REWRITES_PER_KR = 2
#: A second metric (always from the best one's function) is offered only when it scores this close to it.
ALTERNATIVE_SHARE = 0.8
MAX_SUBJECT_WORDS = 4
DEADLINE_PLACEHOLDER = "[end of cycle]"

_UNIT_WORDS = {"%": "%", "number": "number", "amount": "amount", "score": "score", "points": "points",
               "days": "days", "hours": "hours", "minutes": "minutes", "seconds": "seconds", "ms": "ms"}
_FILLERS = {
    "the", "a", "an", "our", "my", "their", "its", "this", "that", "these", "those", "new", "improved",
    "updated", "all", "every", "some", "more", "better", "first", "next", "initial", "of", "and", "&", "we",
    "us", "it", "is", "are", "be", "been", "live", "done", "ready", "available", "signed", "received",
    "complete", "completed", "launched", "shipped", "released", "certified", "certification", "compliant",
    # how often the work happens says nothing about what it is for ("Run weekly clinics")
    "daily", "weekly", "fortnightly", "bi-weekly", "biweekly", "monthly", "quarterly", "yearly", "annual",
    "regular", "ongoing",
}
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "fifteen", "twenty", "thirty", "fifty", "hundred", "dozen", "several", "few", "many"}
_CUT = re.compile(r"(?<![\w-])(?:in order to|so that|so we|so they|so|because|which will|is|are|feel|feels|love|loves|"
                  r"trust|trusts|below|above|under|over|by|through|via|with|within|"
                  r"before|after|across|from|to|for|on|in|at|per|until|using|into|about|around|between)(?![\w-])",
                  re.IGNORECASE)
_TOPIC_CUTS = {"on", "about", "around"}  # (a cut word inside a hyphenated word, 'after-school', is no cut)
_WORD = re.compile(r"[\w$€£%](?:[\w$€£%'./+-]|,(?=\d))*")


@dataclass(frozen=True)
class Target:
    """A line of the draft the critique proposes to rewrite, with the findings that flagged it."""

    kind: str  # "key_result" | "objective"
    objective: Objective
    findings: tuple[Finding, ...]
    key_result_position: int | None = None
    text: str = ""

    @property
    def location(self) -> Location:
        return Location(objective=self.objective.position, key_result=self.key_result_position)

    @property
    def ref(self) -> str:
        if self.key_result_position is None:
            return f"O{self.objective.position}"
        return f"O{self.objective.position}.KR{self.key_result_position}"

    @property
    def key_result(self) -> KeyResult | None:
        """The key result this target rewrites (None for an objective)."""
        return next((kr for kr in self.objective.key_results if kr.position == self.key_result_position), None)

    @property
    def rule_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.findings)

    @property
    def moves_to_initiatives(self) -> bool:
        return self.kind == "key_result" and any(n in MOVES_TO_INITIATIVES for n in self.rule_names)


def find_targets(okr_set: OkrSet, findings: list[Finding]) -> list[Target]:
    """The key results and objectives the critique rewrites, in draft order (objective before its KRs)."""
    targets: list[Target] = []
    for objective in okr_set.objectives:
        own = [f for f in findings if f.location.objective == objective.position and f.location.key_result is None
               and f.name in OBJECTIVE_TRIGGERS]
        if own:
            targets.append(Target("objective", objective, tuple(own), None, objective.text))
        for kr in objective.key_results:
            flagged = [f for f in findings if f.location.objective == objective.position
                       and f.location.key_result == kr.position and f.name in KEY_RESULT_TRIGGERS]
            if flagged:
                targets.append(Target("key_result", objective, tuple(flagged), kr.position, kr.text))
    return targets


def deadline_phrase(okr_set: OkrSet, key_result_deadline: str | None = None) -> str:
    """The key result's own deadline ('by 31 October'), else 'by end of <the set's period>', else a placeholder."""
    if key_result_deadline and key_result_deadline.strip():
        own = key_result_deadline.strip().rstrip(".")
        return own if own.lower().startswith(("by ", "in ", "within ", "before ", "until ")) else f"by {own}"
    period = (okr_set.period or "").strip().rstrip(".")
    if not period:
        return f"by {DEADLINE_PLACEHOLDER}"
    lowered = period.lower()
    if lowered.startswith(("by ", "before ", "until ", "within ")):
        return period[0].lower() + period[1:]
    if lowered.startswith(("end of ", "the end of ")):
        return f"by {period}"
    return f"by end of {period}"


def subject_of(text: str, lexicon: Lexicon, domain: Domain | None = None, *, keep_numbers: bool = True) -> str:
    """The words of ``text`` that name what the work is about ("Launch the new onboarding flow" -> "onboarding").

    Splits the line at prepositions and purpose clauses, drops leading verbs, fillers, counts ("12 blog
    posts"), fog words and trailing vehicle nouns (flow, project, system...) from each part, then keeps the
    first part, except that a topic wins over an output ("Hold 4 workshops on security" -> "security") and
    a part naming the domain wins over one that does not. Numbers inside a name stay ("SOC 2 Type II").
    With ``keep_numbers=False`` (objectives) every number is dropped. Returns "" when nothing is left.
    """
    pieces = _CUT.split(text.strip().rstrip("."))
    words = [_clean_words(_strip_lead_verb(piece.strip(), lexicon), lexicon, keep_numbers=keep_numbers)
             for piece in pieces]
    cuts = [m.group(0).lower() for m in _CUT.finditer(text)]
    candidates = [(i, w) for i, w in enumerate(words) if w]
    if not candidates:
        return ""
    first_index, chosen = candidates[0]
    outputs = {n.lower() for n in lexicon.output_nouns}
    if all(w.lower() in outputs for w in chosen) and first_index < len(cuts) and cuts[first_index] in _TOPIC_CUTS:
        topic = words[first_index + 1] if first_index + 1 < len(words) else []
        if topic:
            chosen = topic
    elif domain is not None and not _mentions(chosen, domain):
        chosen = next((w for _, w in candidates[1:] if _mentions(w, domain)), chosen)
    return " ".join(chosen[-MAX_SUBJECT_WORDS:])


def focus_of(text: str, lexicon: Lexicon) -> str:
    """The object of the line's verb: the words before the first preposition, leading verb removed."""
    return _strip_lead_verb(_CUT.split(text.strip(), maxsplit=1)[0].strip(), lexicon)


def _strip_lead_verb(text: str, lexicon: Lexicon) -> str:
    lowered = text.lower()
    for verb in _lead_verbs(tuple(lexicon.lead_verbs)):
        if lowered == verb:
            return ""
        if lowered.startswith(verb + " "):
            return text[len(verb) + 1:]
    return text


@lru_cache(maxsize=8)
def _lead_verbs(own: tuple[str, ...]) -> tuple[str, ...]:
    """The lexicon's lead verbs plus every work verb the rules know (one vocabulary: a verb the rule-checker
    calls a task is never kept as the subject of a rewrite), longest first."""
    from coach.rules.profiles import read_word_list

    known = [*own, *read_word_list("activity_verbs"), *read_word_list("output_verbs")]
    return tuple(sorted(dict.fromkeys(v.lower() for v in known if "{" not in v), key=len, reverse=True))


def _clean_words(phrase: str, lexicon: Lexicon, *, keep_numbers: bool = True) -> list[str]:
    fog = {w.lower() for w in lexicon.fog_words}
    generic = {w.lower() for w in lexicon.generic_nouns}
    words = [w.strip(".,;:'\"()") for w in _WORD.findall(phrase)]
    kept = [w for w in words if w and w.lower() not in _FILLERS and w.lower() not in fog
            and w.lower() not in _NUMBER_WORDS and (keep_numbers or not re.search(r"\d", w))]
    while kept and _is_count(kept[0]):  # "12 blog posts": the count is the output, not the subject
        kept.pop(0)
    while kept and kept[-1].lower() in generic:
        kept.pop()
    while len(kept) > 1 and kept[0].lower() in generic:
        kept.pop(0)
    return kept


def _is_count(word: str) -> bool:
    return bool(re.fullmatch(r"[$€£]?\d[\d,.]*[kKmM%x]?\+?", word))


def _mentions(words: list[str], domain: Domain) -> bool:
    joined = " " + " ".join(w.lower() for w in words) + " "
    return any(f" {k.lower()} " in joined for k in domain.keywords)


def _placeholders(unit: str) -> tuple[str, str]:
    word = _UNIT_WORDS.get(unit, "value")
    return f"[current {word}]", f"[target {word}]"


_PEOPLE_STATE = re.compile(
    r"^(?:(?:every|all|our|the|most|more)\s+)?(?P<who>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,3}?)\s+"
    r"(?P<verb>feel|feels|love|loves|trust|trusts|know|knows|understand|understands|recommend|recommends|"
    r"enjoy|enjoys|say|says)\s+(?P<rest>[^.;:!?]{2,80})$", re.IGNORECASE)


def survey_key_result_text(text: str, deadline: str) -> str | None:
    """For a statement about how people feel ("Store staff feel valued"), the survey share that measures it."""
    match = _PEOPLE_STATE.match(text.strip().rstrip("."))
    if match is None:
        return None
    who = match.group("who")
    if who[:1].isupper() and not who.isupper():
        who = who[0].lower() + who[1:]
    verb = match.group("verb").lower()
    if verb.endswith("s"):  # "every developer loves" -> "developers who say they love"
        verb = verb[:-1]
        who = who if who.endswith("s") else who + "s"
    claim = f"{verb} {match.group('rest').strip()}"
    return (f"Increase the share of {who} who say they {claim} in a pulse survey from [current %] to "
            f"[target %] {deadline}")


def _own_deadline(target: Target) -> str | None:
    return target.key_result.measure.deadline if target.key_result is not None else None


def baseline_suggestion(okr_set: OkrSet, target: Target, metric: str) -> Suggestion:
    """'Establish the baseline of <metric> by week 2 of <period>': the first KR when nobody has measured yet."""
    when = "week 2" if not okr_set.period else f"week 2 of {okr_set.period.strip().rstrip('.')}"
    return Suggestion(
        kind="baseline_key_result", location=target.location, original=target.text,
        text=f"Establish the baseline of {metric} by {when}",
        rationale="If nobody has measured this yet, make measuring it the first key result and set the "
                  "target at the first check-in after that; do not guess a number.",
        source="template", verified=False)


def _subject_first(metrics: list[MetricTemplate]) -> list[MetricTemplate]:
    """Metrics that mention the subject come first, so the first rewrite keeps the draft's words."""
    return sorted(metrics, key=lambda m: "{subject}" not in m.metric)


METRIC_BLANK = "what changes, for whom"


def _work_phrase(text: str) -> str:
    """The work as the why line and the question name it: the key result's statement, first letter lowered."""
    from coach.reading.annotations import core_text

    core = " ".join(core_text(text).split()).rstrip(".;:")
    if len(core) > 80:
        core = core[:77].rsplit(" ", 1)[0] + "..."
    return f"\u201c{core}\u201d"


def _torn(matches) -> bool:
    """The line's own words point as strongly at a metric of another function as at the best one
    ('performance measurement': engineering or data): which result the work is for is the team's call."""
    best = matches[0]
    return any(m.in_key_result and m.metric.function != best.metric.function and m.score >= best.score
               for m in matches[1:])


def library_key_result_text(metric: str, direction: str, unit: str, deadline: str) -> str:
    verb = "Increase" if direction == "increase" else "Reduce"
    current, target = _placeholders(unit)
    return f"{verb} {metric} from {current} to {target} {deadline}"


def key_result_text(metric: MetricTemplate, subject: str, deadline: str) -> str:
    verb = "Increase" if metric.direction == "increase" else "Reduce"
    current, target = _placeholders(metric.unit)
    return f"{verb} {metric.metric.format(subject=subject)} from {current} to {target} {deadline}"


class TemplateWriter:
    """Writes template suggestions for the targets of a critique; pure and deterministic."""

    source = "template"

    def __init__(self, lexicon: Lexicon | None = None, *, embedder=None, metrics=None) -> None:
        self.lexicon = lexicon or builtin_lexicon()
        #: an already loaded embedding model (the knowledge base's), or None: the match is lexical then
        self.embedder = embedder
        #: the outcome-metric library (built-in plus the team's, see metric_library.library); None: built-in
        self.metrics = metrics

    def write(self, okr_set: OkrSet, targets: list[Target]) -> list[Suggestion]:
        """Suggestions for every target, in target order; one baseline KR per objective at most."""
        suggestions: list[Suggestion] = []
        baseline_for: set[int] = set()
        for target in targets:
            if target.kind == "objective":
                suggestions.append(self.objective_suggestion(okr_set, target))
                continue
            with_baseline = target.objective.position not in baseline_for
            baseline_for.add(target.objective.position)
            suggestions.extend(self.key_result_suggestions(okr_set, target, with_baseline=with_baseline))
        return suggestions

    def key_result_suggestions(self, okr_set: OkrSet, target: Target, *, with_baseline: bool = True) -> list[Suggestion]:
        """Outcome rewrites for a key result that is work, a milestone or has no metric.

        The metric comes from the outcome-metric library (:mod:`coach.suggest.metric_library`), matched on
        what the work is and on its objective; each rewrite says in one line why that metric follows from
        this work. Without a confident match the writer asks the coaching question and offers a skeleton
        whose metric is a labelled placeholder, instead of guessing.
        """
        sharpened = self.sharpened_suggestions(okr_set, target, with_baseline=with_baseline)
        if sharpened:
            return sharpened
        from coach.suggest.metric_library import match

        deadline = deadline_phrase(okr_set, _own_deadline(target))
        moved = target.text if target.moves_to_initiatives else None
        work = _work_phrase(target.text)
        out: list[Suggestion] = []
        survey = survey_key_result_text(target.text, deadline)
        if survey:  # "Store staff feel valued": measure exactly that feeling
            out.append(Suggestion(
                kind="key_result", location=target.location, original=target.text, text=survey,
                rationale="Template suggestion: measures the feeling the line describes, with a pulse survey.",
                why="the line describes how people feel, so ask them: the share who say so is the result",
                moved_to_initiatives=moved, source="template", verified=False))
        found_all = match(target.text, target.objective.text, embedder=self.embedder, metrics=self.metrics,
                          limit=12)
        matches = [m for m in found_all[:3] if m.confident]
        # a metric the key result's own words back with two signals outranks one the objective alone wants
        # and one only the objective names comes last; among equals, the thing a measuring noun measures
        # ('the performance measurement') comes before the measuring
        matches.sort(key=lambda m: (not m.sure, m.objective_guess, not m.measured))
        # sure, but the line's words point as strongly at another function: ask first, the best one a guess
        unsure = bool(matches) and not survey and (not matches[0].sure or _torn(matches))
        if not unsure:  # a metric only the objective names is offered as a guess beside the question, never alone
            matches = [m for m in matches if not m.objective_guess]
        if unsure and matches:  # the guess: the best match worth offering among those about as good as it
            top = matches[0].score
            backed = [m for m in matches if m.score >= ALTERNATIVE_SHARE * top and self._backed(m, target, found_all)]
            if backed and backed[0] is not matches[0]:
                matches = [backed[0]] + [m for m in matches if m is not backed[0]]
        if matches:  # an alternative only from the best one's function and about as good: another function is a guess
            best = matches[0]
            matches = [best] + [m for m in matches[1:] if m.metric.function == best.metric.function
                                and m.score >= ALTERNATIVE_SHARE * best.score and not m.objective_guess]
        if unsure:  # low confidence: ask first; offer the best guess, labelled as one, only when two signals back it
            out.append(self.question_suggestion(okr_set, target, deadline, moved))
            matches = matches[:1] if self._backed(matches[0], target, found_all) else []
        for found in matches[:OUTCOME_REWRITES_PER_KR - len(out) + (1 if unsure else 0)]:
            metric = found.metric
            out.append(Suggestion(
                kind="key_result", location=target.location, original=target.text,
                text=library_key_result_text(metric.metric, metric.direction, metric.unit, deadline),
                rationale=f"Template suggestion ({metric.function}: {metric.family.replace('-', ' ')}): measures "
                          "the result this work is meant to produce"
                          + ("; the work itself moves to Initiatives" if moved else "")
                          + ". Replace the placeholders with your measured value and your target.",
                why=(f"a guess, so answer the question first: if {work} is meant to {metric.change}, the "
                     f"{metric.metric} shows whether it did (matched only on: {', '.join(found.evidence[:3])})"
                     if unsure else
                     f"{work} is meant to {metric.change}; the {metric.metric} shows whether it did "
                     f"(matched on: {', '.join(found.evidence[:3])})"),
                metric_id=metric.id, moved_to_initiatives=moved, source="template", verified=False))
        if not out:
            out.append(self.question_suggestion(okr_set, target, deadline, moved))
            return out
        if with_baseline and matches and not unsure:
            out.append(baseline_suggestion(okr_set, target, matches[0].metric.metric))
        return out

    def _backed(self, found, target: Target, others=()) -> bool:
        """A guess worth offering beside the question: two signals behind the match itself, or the line and
        its objective each pointing at the metric's function (the work and its objective agree on where the
        result shows). A metric only the objective names, and not strongly, is no guess when the line's own
        words point at another function ('Deliver Casper Support' under an objective about onboarding
        customers) or the objective names a metric of another function as strongly ('faster' work is
        engineering or operations)."""
        from coach.suggest.metric_library import function_evidence

        if found.objective_guess and any(m.metric.function != found.metric.function and (
                m.from_key_result or m.confident and m.score >= found.score) for m in others):
            return False  # the line points elsewhere, or the objective as strongly at another function
        if found.corroborated:
            return True
        function = found.metric.function
        return bool(function_evidence(function, target.text, "", self.metrics)
                    and function_evidence(function, "", target.objective.text, self.metrics))

    def question_suggestion(self, okr_set: OkrSet, target: Target, deadline: str, moved: str | None) -> Suggestion:
        """No confident metric: the coaching question, and a key result whose metric is a labelled blank."""
        question = f"What should be different, and for whom, once {_work_phrase(target.text)} is done?"
        return Suggestion(
            kind="key_result", location=target.location, original=target.text,
            text=f"Increase [metric: {METRIC_BLANK}] from [current value] to [target value] {deadline}",
            rationale="Template suggestion: no metric in the library fits this work with confidence, so none is "
                      "guessed. Answer the question, name the metric, then fill in the values.",
            why=f"no outcome metric fits {_work_phrase(target.text)} with confidence, so the team names the result "
                "it should cause instead of taking a guess",
            question=question, moved_to_initiatives=moved, source="template", verified=False)

    def sharpened_suggestions(self, okr_set: OkrSet, target: Target, *, with_baseline: bool) -> list[Suggestion]:
        """For a key result that names a metric and a direction but no value ("Reduce ticket backlog",
        "Improve search relevance substantially"): the same metric with a from/to to fill in, and, first in
        the objective, a KR to measure the baseline. Empty when the line is not of that kind."""
        if not target.findings or any(name not in SHARPEN_TRIGGERS for name in target.rule_names):
            return []
        measure = target.key_result.measure if target.key_result is not None else None
        if measure is None or not measure.metric or measure.direction not in ("increase", "reduce"):
            return []
        verb = "Increase" if measure.direction == "increase" else "Reduce"
        current, wanted = _placeholders(measure.unit or "")
        deadline = deadline_phrase(okr_set, measure.deadline)
        out = [Suggestion(
            kind="key_result", location=target.location, original=target.text,
            text=f"{verb} {measure.metric} from {current} to {wanted} {deadline}",
            rationale="Template suggestion: keeps your metric and direction and adds the starting value and "
                      "the target it lacks. Replace the placeholders with your measured value and your target.",
            source="template", verified=False)]
        if with_baseline:
            out.append(baseline_suggestion(okr_set, target, measure.metric))
        return out

    def objective_suggestion(self, okr_set: OkrSet, target: Target) -> Suggestion:
        objective = target.objective
        domain = self.lexicon.detect(objective.text, " ".join(kr.text for kr in objective.key_results),
                                     focus=focus_of(objective.text, self.lexicon))
        only_missing_why = set(target.rule_names) == {"objective-no-why"}
        if only_missing_why:
            text = f"{objective.text.strip().rstrip('.')} in order to {domain.value}"
            why = "keeps your wording and adds the business value it serves"
        else:
            subject = subject_of(objective.text, self.lexicon, domain, keep_numbers=False) or domain.subject
            text = f"{domain.objective.format(subject=subject)} in order to {domain.value}"
            why = "names the state you want (verb + what) and the business value (in order to ...)"
            if "objective-has-metric" in target.rule_names:
                why += "; the number moves into a key result"
        return Suggestion(
            kind="objective", location=target.location, original=objective.text, text=text,
            rationale=f"Template suggestion ({domain.name}): {why}. Adjust the purpose to your team's real reason.",
            source="template", verified=False)
