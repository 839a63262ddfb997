"""Work or result: the one place that decides what kind of line a key result is.

Every rule that cares whether a line is a task, a yes/no milestone, a held level or a measured result
reads :func:`judge_key_result`'s facts; nothing else decides it. Two readers stand behind the interface:

1. the phrase grammar of :mod:`coach.rules.analysis` (word lists of work verbs, output nouns, metric nouns,
   milestone states and the patterns between them), which knows the common phrasings in detail; and
2. the word-class grammar of :mod:`coach.reading`, which knows every English verb: a line that opens with a
   verb in its base form ("Document the release process", "Sunset the v1 API") is an order to do work
   unless the verb changes a quantity or the line measures something; a line that ends in a past
   participle ("Contributor guide published") is a state reached. It only decides lines the phrase
   grammar left undecided (no task, no milestone, no metric), so it adds recall without overruling the
   detailed reading.
"""

from __future__ import annotations

import re

from coach import regex_cache
from coach.model import Measure
from coach.reading import Reading, read, split_alternatives
from coach.reading.annotations import core_text
from coach.rules.analysis import CLOSING_VERBS, FINDINGS_RE, Hit, KrFacts, analyse_key_result
from coach.rules.lexicon import Lexicon
from coach.rules.numbers import quantities


#: 'Enable the team to ...', 'Help our partners to ...': a frame whose inner clause is the key result.
_ENABLING_FRAME_RE = regex_cache.compile(r"(?:enable|help|allow|empower)\s+(?:[^\W\d][\w'’-]*\s+){1,4}?to\s+(?=[a-z])",
                                         re.IGNORECASE)

#: 'PrusaSlicer: ', 'Docs site: ': the name of the part a key result is about, before its statement.
_NAME_PREFIX_RE = regex_cache.compile(r"[^\s:]{1,30}(?:\s[^\s:]{1,20}){0,2}:\s+(?=\S)")

#: A frame before the order, set off by a comma: a time ('By the end of 2024,', 'In Q3,', 'Within 6 weeks,')
#: or a scope ('For each engagement,', 'Across all teams,'). The order after it decides, as without it.
_LEADING_FRAME_RE = regex_cache.compile(
    r"(?:by|in|within|before|after|during|for|across|over|on|at|from|until|starting|throughout|each|every)\b"
    r"[^,.;:]{1,60},\s+(?=\S)", re.IGNORECASE)

#: A short title ending in a full stop before a sentence: 'Frame Stability. Maintain ...', 'Docs. Publish ...'.
_TITLE_SENTENCE_RE = regex_cache.compile(r"(?-i:[A-Z])[\w&'’/-]*(?:\s[\w&'’/-]+){0,3}\.\s+(?=(?-i:[A-Z]))")

#: The forms of 'be' and 'have' that join a subject to its state: 'Usage is tracked', 'All alerts have runbooks'.
_BE_HAVE = frozenset(("is", "are", "was", "were", "has", "have"))


def judge_key_result(text: str, measure: Measure, lex: Lexicon) -> KrFacts:
    """The facts of one key result, with the kind of line decided.

    The line is read without its bookkeeping (labels, owners, priorities, status notes: see
    :mod:`coach.reading.annotations`), so a priority 'P1' is not a target and 'CEO KR:' does not lead.
    """
    facts = _judge(text, measure, lex)
    if facts.activity or facts.binary or facts.keep or not _runs_to_done(measure):
        return facts
    scale = _DONE_SCALE_RE.search(text)
    if scale is None:
        return facts
    # 'Extract text from PDFs from 0% to 100%', 'Prototype approved (0.0 → 1.0)': a scale from nothing to all
    # of it says "not done, then done", and the line without it decides. A metric ('Raise test coverage from
    # 0% to 100%') reads as no task there and stays a measured result; so does a set reaching a share
    # ('Services covered by runbooks from 0% to 100%'): only a unitless 0 to 1 is a done flag on a state.
    rest = " ".join((text[:scale.start()] + " " + text[scale.end():]).split()).strip(" -–—;,.")
    if not rest:
        return facts
    from coach.parse import extract_measure

    inner = _judge(rest, extract_measure(rest), lex)
    if inner.activity is not None and inner.metric is not None and inner.metric.kind == "metric" \
            and inner.activity.words in inner.metric.words:
        return facts  # 'Test coverage': the lead word names the metric, it does not order work
    flag = measure.unit is None
    if inner.activity is None and not (flag and inner.binary is not None):
        reading = read(_without_asides(rest))
        lead = reading.lead_token
        if not flag or lead is None or lead.is_base_verb \
                or not any(t.is_participle for t in reading.tokens[reading.lead + 1:]):
            return facts
        # 'SEO metadata optimized for discovery (0.0 → 1.0)': a subject and the state it reaches
        inner = inner._replace(binary=Hit(" ".join(t.text for t in reading.tokens[reading.lead:][:4]), "done flag"),
                               activity=None)
    return inner._replace(text=facts.text, deadline=facts.deadline or inner.deadline, metric=None,
                          has_target=False, has_baseline=False, quantities=())


def _first_reached(reading: Reading, lex: Lexicon) -> Hit | None:
    """'1st export deal closed (≥$2M GMV)', 'First $50K B2B deal signed': the first of something reaching a
    state happens once, so the line is a milestone; its numbers give the size of that one thing. A metric
    named after 'first' ('First response time reduced to 2 hours') is a level moved, not a thing reached."""
    toks = reading.tokens
    if len(toks) < 3 or toks[0].text not in ("first", "1st"):
        return None
    for at in range(2, min(len(toks), 8)):
        tok = toks[at]
        if tok.is_participle:
            subject = " ".join(t.text for t in toks[1:at])
            verb = [tok.verb or tok.text]
            if lex.change_verbs.match(verb, 0) or lex.maintain_verbs.match(verb, 0) \
                    or lex.perception_verbs.match(verb, 0) or lex.metric_nouns.search(subject):
                return None
            return Hit(" ".join(t.text for t in toks[:at + 1]), "first reached")
        if tok.is_function_word and tok.text not in ("of", "for", "with", "a", "an", "the"):
            return None  # 'first 30 days of support': a window, not a thing reached
    return None


def _runs_to_done(measure: Measure) -> bool:
    """The measure runs from nothing to the whole: 0% to 100%, or 0 to 1 (a unitless done flag)."""
    return measure.baseline == 0 and (measure.target == 100 and measure.unit == "%"
                                      or measure.target == 1 and measure.unit is None)


#: The phrase of a done scale: 'from 0% to 100%', 'from 0% (no code) to 100%', '(0.0 → 1.0)', 'from 0 to 1'.
_DONE_SCALE_RE = regex_cache.compile(
    r"\(?\s*(?:from\s+)?0(?:\.0+)?\s*%?\s*(?:\([^()]{0,40}\)\s*)?(?:to|→|->|–)\s*(?:100\s*%|1(?:\.0+)?)(?![\d.,%])\s*\)?",
    re.IGNORECASE)


def _judge(text: str, measure: Measure, lex: Lexicon) -> KrFacts:
    """:func:`judge_key_result` before the done scale is read."""
    core = split_alternatives(core_text(text))
    enabled = _ENABLING_FRAME_RE.match(core)
    if enabled and not any(ch.isdigit() for ch in enabled.group(0)):
        core = core[enabled.end():]  # 'Enable the team to keep treasury above CHF 20,000': the inner verb decides
    stated = core  # the line before a name prefix is taken off, for :func:`_named_head`
    named = _NAME_PREFIX_RE.match(core)
    if named and read(core[named.end():]).leads_with_base_verb and lex.metric_nouns.search(
            named.group(0).lower()) is None:
        core = core[named.end():]  # 'PrusaSlicer: embed the hints' ('Handle time: keep under 6 min' names its metric)
    titled = _TITLE_SENTENCE_RE.match(core)
    if titled and read(core[titled.end():]).leads_with_base_verb:
        core = core[titled.end():]  # 'Frame Stability. Maintain a steady 60 FPS ...': a title, then the sentence
    framed = _LEADING_FRAME_RE.match(core) if "," in core[:80] else None
    if framed and read(core[framed.end():]).leads_with_base_verb:
        core = core[framed.end():]  # 'By the end of 2024, run three experiments', 'For each client, confirm ...'
    deadline = measure.deadline
    if "(" in core and _EXAMPLE_ASIDE_RE.search(core):
        # '(i.e. instance started, >1 repositories added)': examples of what is meant, not its numbers
        core = _EXAMPLE_ASIDE_RE.sub("", core).strip() or core
    if core != text:
        from coach.parse import extract_measure

        measure = extract_measure(core)
        if measure.deadline is None and deadline is not None:
            measure = measure.model_copy(update={"deadline": deadline})  # the frame may have held the date
    reading = read(_without_asides(core))
    first = _baseline_first(reading)
    facts = analyse_key_result(core, measure, lex)
    if first is not None:
        # measuring the starting value is the key result: checked for its metric and its deadline only
        return facts._replace(activity=None, binary=None, keep=None, metric=first if first.words else None,
                       has_target=True, has_baseline=True)
    people = facts.metric is not None and facts.metric.kind == "number" and _counted_people_act(reading, lex)
    if people and (facts.activity or facts.binary):
        facts = facts._replace(activity=None, binary=None)  # 'At least 50 members have given feedback'
    if facts.activity or facts.binary or facts.keep:
        return facts
    if facts.metric is not None:
        if facts.metric.kind == "number" and not facts.has_baseline and not people:
            work = (_counted_work(reading, lex) or _share_of_work(reading, lex) or _bare_count(reading, lex)
                    or _light_verb_order(reading, lex) or _counted_means(reading, lex)
                    or _outputs_done(reading, lex) or _time_committed(reading, lex) or _repeated_action(reading, lex)
                    or _deliverable_with_count(reading, lex))
            if work is not None:
                return facts._replace(activity=work)
            first = _first_reached(reading, lex)
            if first is not None:
                return facts._replace(binary=first)
            named = _metric_before_means(reading, lex)
            if named is not None:  # the only numbers count the means, not the metric: no target yet
                return facts._replace(metric=named, has_target=False, has_baseline=False, quantities=())
        elif facts.metric.kind == "metric" and not facts.has_target and not facts.quantities and not facts.vague:
            # a metric word with nothing to reach: the verb acts on it ('Gather usage statistics') or the
            # line reports a state ('Search usage is tracked'); neither measures a change
            work = _work_verb(reading, lex, on_metric=facts.metric.words)
            if work is not None:
                return facts._replace(activity=work)
            state = (_reached_state(reading, lex) or _capability_beside_metric(reading, lex)
                     or _possession(reading) or _existence(reading))
            if state is not None:  # 'Logs should point to the code that threw the error': a behaviour, no level
                return facts._replace(binary=state)
        return facts
    work = (_work_verb(reading, lex) or _result_verb_on_a_thing(reading, lex) or _gerund_of_work(reading, lex)
            or _work_done(reading, lex)
            or _named_deliverable(reading, lex) or _causative_order(reading, lex) or _means_of_work(reading, lex))
    if work is not None:
        return facts._replace(activity=work)
    state = (_reached_state(reading, lex) or _possession(reading) or _existence(reading) or _capability(reading, lex)
             or _stated_property(reading, lex) or _ends_complete(reading))
    if state is not None:
        return facts._replace(binary=state)
    named = _named_head(stated, lex)
    if named is not None:
        return facts._replace(**named)
    if not facts.vague and not facts.quantities and _wish(reading, lex) is None:
        return facts._replace(**_work_or_state(reading, lex))
    return facts


def _wish(reading: Reading, lex: Lexicon) -> str | None:
    """What makes a line with no metric a wish ('Improve the docs', 'Rock solid webhooks', 'Users feel heard'):
    a lead verb that changes or aspires, a word of quality or feeling, or a comparative. None when the line
    wishes for nothing: then it says what to do or what will be so, and kr-no-metric does not fit it."""
    toks = reading.tokens
    lead = reading.lead_token
    if lead is not None and (lead.text in _WISH_LEADS or lead.verb is not None and (
            lead.verb in _WISH_LEADS or lex.change_verbs.match([lead.verb], 0)
            or lex.aspiration_verbs.match([lead.verb], 0))):
        return lead.text
    for tok in toks:
        if _judges(tok, lex) or lex.perception_verbs.match([tok.text], 0):
            return tok.text
        if (tok.is_participle or _is_gerund(tok)) and _is_listed_non_task(tok.verb or "", lex):
            return tok.text  # 'accountability is formally improved', 'while improving governance'
    if lex.vague_words.search(reading.text.lower()) or lex.fog_phrases.search(reading.text.lower()):
        return "vague"
    return None


def _judges(tok, lex: Lexicon) -> bool:
    """A word that judges a quality or a degree: a listed quality ('solid', 'experiences'), 'better', a
    comparative ('smarter') or an adjective that judges by its ending ('painless', 'useful')."""
    if tok.is_function_word:
        return False
    if tok.text in lex.quality_words or tok.kind.noun in lex.quality_words or tok.text in _DEGREE_WORDS:
        return True
    if tok.text.endswith(_EVALUATIVE_ENDINGS):
        return tok.kind.can_be("A") or not tok.kind.known  # 'frictionless' is not in the lexicon
    return tok.text.endswith("er") and tok.kind.can_be("A")


#: Adjective endings that judge rather than classify: 'painless', 'frictionless', 'useful', 'delightful'.
_EVALUATIVE_ENDINGS = ("less", "ful")

#: Lead verbs that wish for a state or a level without naming work: 'Make X the default', 'Be responsive',
#: 'Improve the docs', 'Meet the quarterly goals' (the change verbs and aspiration verbs are read from the lists).
_WISH_LEADS = frozenset("make be become ensure improve achieve attain meet reach hit exceed surpass beat".split())


#: Words only a subject can govern: 'X is ...', 'X can ...', 'X will ...'.
_SUBJECT_VERBS = frozenset("is are can will does do".split())


def _names_people(tok, lex: Lexicon) -> bool:
    """A role, a group of people or a personal pronoun: 'customers', 'managers', 'we'."""
    return tok.text in lex.role_nouns or tok.text in lex.people_nouns or tok.text in ("we", "i", "you", "they")


def _work_or_state(reading: Reading, lex: Lexicon) -> dict:
    """A line no reader decided, with no metric and no wish: a sentence with a subject and a verb says what
    will be so (a yes/no milestone: 'Connection manager supports dial backoff'); anything else names work
    ('Get the data from IDA', 'Stripe and Apple dual subscription system')."""
    toks = reading.tokens[reading.lead:]
    words = " ".join(t.text for t in toks[:3])
    if len(toks) < 2 or toks[0].is_function_word or _names_people(toks[0], lex):
        return {}  # '[redacted]', 'For funders': too little to read, or a heading's phrase; 'Customers in
        # Europe recommend us': people, whose behaviour can be counted
    be_at = next((i for i, t in enumerate(reading.tokens) if i > reading.lead and t.text in _SUBJECT_VERBS), None)
    # a line that opens with a verb's base form is an order ('Plug leaks in the cohort analysis') unless a
    # form of 'be' or an auxiliary shows a subject ('go and js are interoperable')
    verb_at = be_at if toks[0].is_base_verb else _finite_verb_at(reading) or be_at
    if verb_at is not None:
        if any(_names_people(t, lex) for t in reading.tokens[reading.lead:verb_at]):
            return {}  # 'Customers recommend us': a behaviour of people, which can be counted (no metric named)
        return {"binary": Hit(words, "milestone state")}
    if not toks[0].is_base_verb and any(t.is_participle and not t.can_be_noun for t in toks[1:4]):
        return {"binary": Hit(words, "milestone state")}  # 'Catalog JSON single-sourced in the repo'
    return {"activity": Hit(words, "unread work")}


#: 'Gamification components: goals, journal, tracking', 'Paywall UX: a clear value screen ...': a name, then
#: a colon and what it holds.
_HEAD_COLON_RE = regex_cache.compile(r"([^:;,.()]{3,60}?):\s+(?=\S)")


def _named_head(core: str, lex: Lexicon) -> dict | None:
    """A line that names a thing and then lists what it holds, with nothing measured: the name decides.
    'Gamification components: goals, journal' names a deliverable (work); 'App Review metadata complete:
    description, keywords' a state reached (a milestone)."""
    head = _HEAD_COLON_RE.match(core)
    if head is None or any(ch.isdigit() for ch in core):
        return None
    reading = read(head.group(1))
    if not reading.tokens or reading.leads_with_base_verb:
        return None  # 'Ship: ...' is judged by the verb grammar above
    deliverable = _named_deliverable(reading, lex)
    if deliverable is not None:
        return {"activity": deliverable}
    state = _reached_state(reading, lex) or _ends_complete(reading)
    return {"binary": state} if state is not None else None


#: Words that say a thing is done or in service: 'Docs site ready', 'Profile sync functional'.
_DONE_WORDS = frozenset("complete completed done ready live finished functional operational available".split())


def _ends_complete(reading: Reading) -> Hit | None:
    """'App Review metadata complete', 'Docs site ready': a noun phrase and a word of being done."""
    if len(reading.tokens) >= 2 and reading.tokens[-1].text in _DONE_WORDS:
        return Hit(" ".join(t.text for t in reading.tokens[-3:]), "milestone state")
    return None


def _existence(reading: Reading) -> Hit | None:
    """'There is a prototype of GraphSync', 'There are runbooks for every alert': a thing that exists or not,
    with nothing counted (a line with a number is judged as a measure): a yes/no milestone."""
    toks = reading.tokens
    at = reading.lead
    if at + 2 < len(toks) and toks[at].text == "there" and toks[at + 1].text in ("is", "are") \
            and toks[at + 2].text not in ("no", "fewer", "less", "more"):
        return Hit(" ".join(t.text for t in toks[at:at + 4]), "milestone state")
    return None


#: An aside that gives examples: '(e.g. PeerPad)', '(i.e. instance started, >1 repositories added)'.
_EXAMPLE_ASIDE_RE = regex_cache.compile(r"\s*\((?:e\.\s?g\.?|i\.\s?e\.?|eg\b|ie\b|for example|for instance|such as)"
                                        r"[^()]{0,200}\)", re.IGNORECASE)
#: A bracketed aside with no number in it: 'A node (browser & desktop) finds files', 'X (subscribe, restore) works'.
_ASIDE_RE = regex_cache.compile(r"\s*\([^()\d]{1,80}\)|\s*\[[^\[\]\d]{1,80}\]")


def _without_asides(core: str) -> str:
    """The line as its grammar reads it: an aside inside the clause splits subject from verb, so the word
    grammar reads past it. The phrase grammar still sees the aside ('Improve loyalty (NPS)' names its metric
    there), and an aside holding a number may be the measure ('(from 30 to 45)'), so that one stays."""
    if "(" not in core and "[" not in core:
        return core
    return _ASIDE_RE.sub("", core).strip() or core


def _is_listed_non_task(word: str, lex: Lexicon) -> bool:
    """Verbs whose participle names a metric moved or a feeling, not a milestone reached."""
    toks = [word]
    return bool(lex.change_verbs.match(toks, 0) or lex.result_verbs.match(toks, 0)
                or lex.maintain_verbs.match(toks, 0) or lex.perception_verbs.match(toks, 0)
                or lex.aspiration_verbs.match(toks, 0))


#: Words that open an object phrase after a verb: 'Track the churn', 'Publish our numbers'.
_OBJECT_STARTS = frozenset("the a an our their its this that these those all every each some any".split())


def _in_lead_phrase(reading: Reading, words: str) -> bool:
    """Whether ``words`` fall in the noun phrase the lead word opens (up to the first function word)."""
    phrase = []
    for tok in reading.tokens[reading.lead:]:
        if tok.is_function_word or tok.is_number:
            break
        phrase.append(tok.text)
    wanted = words.lower().split()
    return bool(wanted) and all(w in phrase for w in wanted)


def _work_verb(reading: Reading, lex: Lexicon, on_metric: str | None = None) -> Hit | None:
    """An order with an object: a base-form verb leads and a noun phrase follows.

    ``on_metric``: the metric word the phrase grammar found in a line with nothing to reach. A verb of the
    word lists may then lead too, as long as it does not change, hold or feel a result, and the metric word
    is not part of the lead word's own noun phrase ('Partner NPS up' names the metric with a compound).
    """
    listed_ok = on_metric is not None
    if not reading.leads_with_base_verb:
        return None
    verb = reading.lead_token
    if listed_ok:
        if _is_listed_non_task(verb.text, lex):
            return None
        if verb.can_be_noun and _in_lead_phrase(reading, on_metric):
            return None  # 'Partner NPS up', 'Design system adoption': a compound noun naming the metric
        if any(t.text in ("up", "down") for t in reading.tokens) or (
                reading.tokens[-1].is_participle and _is_listed_non_task(reading.tokens[-1].verb or "", lex)):
            return None  # '... reduced', '... up': a metric moved
    elif verb.text in lex.verb_leads or verb.text in lex.aspiration_verbs.first_words:
        return None  # a listed verb: the phrase grammar judged it; an aspiration wishes for a state
    if (verb.kind.can_be("A") or verb.text in lex.quality_words) and not _coordinated_verb(reading):
        return None  # 'Better alignment', 'Rock solid webhooks': a quality opening a noun phrase
    nxt = reading.tokens[reading.lead + 1]
    if nxt.is_number or (nxt.kind.can_be("V") and not nxt.can_be_noun and not nxt.is_function_word
                         and not (_is_gerund(nxt) and verb.text in _ASPECT_VERBS)):
        return None  # 'Help users succeed': a verb chain, not a verb and its object ('Start tracking X' is work)
    if _finite_verb_follows(reading, lex):
        return None  # 'Store staff feel valued': the lead word is the subject's noun
    last = reading.tokens[-1]
    if last.kind.can_be("A") and not last.kind.can_be("N") and not last.kind.can_be("V"):
        return None  # 'Make onboarding delightful': a state wished for, with no metric (not work)
    return Hit(verb.text, "task verb")


def _coordinated_verb(reading: Reading) -> bool:
    """'Collect and incorporate user feedback': the lead word joined by 'and'/'or' to a word that can only be
    a verb in its base form, so the lead is a verb too."""
    toks = reading.tokens
    at = reading.lead + 2
    if at >= len(toks) or toks[reading.lead + 1].text not in ("and", "or"):
        return False
    other = toks[at]
    return other.is_base_verb and not other.can_be_noun and not other.kind.can_be("A")


#: Verbs that take another verb's gerund as their object: 'Start tracking DORA', 'Resume prototyping X'.
_ASPECT_VERBS = frozenset("start begin resume continue stop finish restart consider try avoid".split())


#: Result verbs that take the goal itself as object ('Meet the SLA', 'Achieve a smooth launch'): wishes for a
#: level or a quality, judged by the phrase grammar.
_YEAR_RE = regex_cache.compile(r"(?:19|20)\d\d")
_GOAL_VERBS = frozenset("improve reach hit achieve attain exceed surpass beat meet".split())


def _result_verb_on_a_thing(reading: Reading, lex: Lexicon) -> Hit | None:
    """'Generate the canvas from YAML', 'Renew the residence permit', 'Save the dataset to disk': a verb that
    wins a result when its object is a quantity ('Generate $1M', 'Renew 90% of contracts'), here acting on a
    thing, with nothing counted and no metric, person or quality in sight. What is left is the work itself."""
    lead = reading.lead_token
    if lead is None or not reading.leads_with_base_verb or lead.text in _GOAL_VERBS \
            or not lex.result_verbs.match([lead.text], reading.lead - reading.lead):
        return None
    rest = reading.tokens[reading.lead + 1:]
    if any(t.is_number and not _YEAR_RE.fullmatch(t.text) or t.text in ("more", "less", "fewer", "most") or t.text in lex.quality_words
           or t.kind.can_be("A") and not t.kind.can_be("N") for t in rest):
        return None  # 'Retain more customers', 'Win a bigger share', 'Save real money'
    text = " ".join(t.text for t in rest)
    if lex.metric_nouns.search(text) or lex.count_nouns.search(text) or lex.role_nouns.search(text) \
            or lex.vague_words.search(text):
        return None  # 'Generate revenue', 'Convert trials', 'Retain engineers': a result, wished for without a number
    return Hit(" ".join(t.text for t in reading.tokens[reading.lead:reading.lead + 3]), "task verb")


def _is_gerund(tok) -> bool:
    return tok.verb is not None and tok.text.endswith("ing") and tok.text != tok.verb


def _gerund_of_work(reading: Reading, lex: Lexicon) -> Hit | None:
    """A report of work in progress: 'Capturing three use cases in a document', 'Migrating the billing jobs'.

    The gerund of a verb the lexicon does not list as changing, holding or feeling a result, then an object.
    """
    tok = reading.lead_token
    if tok is None or not _is_gerund(tok) or reading.lead + 1 >= len(reading.tokens):
        return None
    if _is_listed_non_task(tok.verb or "", lex):
        return None  # 'Growing revenue', 'Keeping churn under 2%': a result moved or held
    if any(t.text in _BE_HAVE or t.text in ("feels", "feel") or
           lex.perception_verbs.match([t.text], 0) for t in reading.tokens[reading.lead + 1:]):
        return None  # 'Onboarding is faster', 'Budgeting process is seamless': the gerund names the subject
    return Hit(" ".join(t.text for t in reading.tokens[reading.lead:reading.lead + 3]), "task verb")


def _work_done(reading: Reading, lex: Lexicon) -> Hit | None:
    """A report of work done, read as the task it was: 'Wrapped up the migration project', 'Converted all
    dashboards to the new schema' (after 'We have' is taken off). 'Reduced churn to 2%' moved a result, and
    'Adopted by 60% of teams' is a passive naming a metric: neither is work.
    """
    tok = reading.lead_token
    if tok is None or not tok.is_participle or reading.lead + 1 >= len(reading.tokens):
        return None
    if _is_listed_non_task(tok.verb or "", lex):
        return None
    nxt = reading.tokens[reading.lead + 1]
    if nxt.text in ("by", "to", "with", "as", "at", "in", "on") or nxt.is_number:
        return None  # a passive or a participle naming a measured thing
    if not (nxt.text in ("the", "a", "an", "all", "our", "every", "each", "and") or nxt.can_be_noun
            or nxt.kind.can_be("R")):
        return None
    if _finite_verb_at(reading) is not None:
        return None  # 'Failed uploads resume on their own': the participle describes the subject
    return Hit(" ".join(t.text for t in reading.tokens[reading.lead:reading.lead + 3]), "task verb")


def _causative_order(reading: Reading, lex: Lexicon) -> Hit | None:
    """'Make the exporter work offline', 'Make OpenEBS to utilize multi-networking': a causative 'make', a
    short noun phrase and a verb (with or without 'to') that the thing shall do. An order to build a
    capability, not a state wished for ('Make onboarding delightful' ends in a quality, judged elsewhere);
    a verb that moves a result or a feeling ('Make customers love the app') is left alone."""
    toks = reading.tokens
    at = reading.lead
    if at >= len(toks) or toks[at].text != "make":
        return None
    for i in range(at + 2, min(at + 7, len(toks))):
        tok = toks[i]
        if tok.text == "to" and i + 1 < len(toks) and i > at + 1:
            tok, i = toks[i + 1], i + 1  # 'Make OpenEBS to utilize ...'
        elif tok.is_function_word or tok.is_number:
            return None  # 'Make the library a welcoming space': a second noun phrase, the state wished for
        elif not (tok.kind.can_be("V") and tok.text == tok.verb and not tok.can_be_noun
                  and not tok.kind.can_be("A")):
            continue  # 'flow', 'process' may be the noun phrase's head: only an unmistakable verb follows bare
        if tok.verb is None or tok.text != tok.verb or _is_listed_non_task(tok.verb, lex) \
                or any(t.text in lex.quality_words or t.kind.can_be("A") and not t.kind.can_be("N")
                       for t in toks[at + 1:i]):
            return None
        return Hit(" ".join(t.text for t in toks[at:i + 1]), "task verb")
    return None


def _means_of_work(reading: Reading, lex: Lexicon) -> Hit | None:
    """'Contribute to the browser by providing patches', 'By organising a meetup I start the knowledge
    transfer': with nothing measured, a means clause (by/through + the gerund of a work verb) says what
    will be done; the rest is the hoped-for benefit. A means that moves a result ('by reducing toil')
    is not work."""
    toks = reading.tokens
    for i in range(reading.lead, len(toks) - 2):
        if toks[i].text in ("by", "through") and _is_gerund(toks[i + 1]):
            verb = toks[i + 1].verb or ""
            if _is_listed_non_task(verb, lex) or lex.maintain_verbs.match([verb], 0) or verb in _UNDERGONE \
                    or any(lex.perception_verbs.match([t.text], 0) for t in toks[:i]):
                return None  # 'Customers feel heard by receiving answers': a feeling and how it comes about
            return Hit(" ".join(t.text for t in toks[i:i + 4]), "task verb")
    return None


#: Verbs of what happens to someone rather than what they do: 'by receiving answers', 'by being listed'.
_UNDERGONE = frozenset("receive get have be become undergo".split())


def _finite_verb_follows(reading: Reading, lex: Lexicon) -> bool:
    """A verb after the lead that only a subject can govern: 'Store staff feel valued', 'Shop teams say ...'."""
    for tok in reading.tokens[reading.lead + 1:reading.lead + 5]:
        if tok.is_function_word and tok.text not in _BE_HAVE:
            return False  # an object phrase started: 'Document the process'
        if tok.text in _BE_HAVE:
            return True
        if lex.perception_verbs.match([tok.text], 0) or lex.aspiration_verbs.match([tok.text], 0):
            return True
    return False


def _reached_state(reading: Reading, lex: Lexicon) -> Hit | None:
    """A noun phrase and the past participle of a work verb: 'Contributor guide published', 'Usage is tracked'."""
    toks = reading.tokens
    at = _passive_at(reading)
    if not (reading.ends_with_participle or at is not None):
        return None
    last = toks[at] if at is not None else toks[-1]
    if _is_listed_non_task(last.verb or "", lex):
        return None  # 'Churn reduced' names a metric moved, not a milestone
    lead = reading.lead_token
    if lead is not None and lead.is_base_verb and not (at is not None and lead.can_be_noun):
        return None  # 'Publish the guide': an order; but 'Search usage is tracked' has a subject
    if any(lex.perception_verbs.match([t.text], 0) for t in reading.tokens[:-1]):
        return None  # 'Maintainer teams feel supported': a feeling, described by the participle
    end = at if at is not None else len(toks) - 1
    if toks[end - 1].text in _DEGREE_WORDS:
        return None  # 'Mentors are better prepared': a degree of a quality, wished for with no measure
    words = " ".join(t.text for t in toks[max(reading.lead, end - 3):end + 1])
    return Hit(words, "milestone state")


#: Prepositions that place a state ('tracked in the weekly report'); 'within', 'under' would bound a level.
_PLACE_WORDS = frozenset("in on at to for with by via into across from through".split())


def _passive_at(reading: Reading) -> int | None:
    """Where the participle of 'subject is/are <participle>' is, when nothing follows it but a phrase of place
    with no number and no service bound: 'Usage is tracked', 'Filter usage is tracked in the product pings',
    'SLOs are researched, agreed and alerted on', 'Services are explicitly gated'. None otherwise."""
    toks = reading.tokens
    for j in range(reading.lead + 2, len(toks)):
        if toks[j].is_number:
            return None
        be = j - 1
        while be > reading.lead + 1 and _is_manner_adverb(toks[be]):
            be -= 1  # 'are explicitly gated': an adverb of manner between 'be' and its participle
        if toks[j].is_participle and toks[be].text in ("is", "are", "was", "were", "been") \
                and not toks[be - 1].is_function_word:
            j = _end_of_coordination(toks, j)
            rest = toks[j + 1:]
            if not rest:
                return j
            if rest[0].text in _PLACE_WORDS and not any(t.is_number or t.text in _SERVICE_WORDS for t in rest):
                return j
            return None
    return None


#: Words after 'is/are' that wish for a level or a degree rather than state a fact: 'Latency is low'.
_LEVEL_WORDS = frozenset("low lower high higher small smaller large larger big bigger minimal maximal up down "
                         "not no still able growing increasing decreasing improving".split())


def _stated_property(reading: Reading, lex: Lexicon) -> Hit | None:
    """'Peerpad is private', 'go and js are interoperable', 'The daemons are part of the bootstrap nodes':
    a thing said to be so, with nothing counted. At the end of the cycle it is true or not: a yes/no
    milestone. A quality wished for ('Onboarding is smooth'), a level or a degree ('Latency is low',
    'Mentors are better prepared') and a quality of people ('The council is accountable') name no metric
    and are left to the no-metric reading."""
    toks = reading.tokens
    start = reading.lead
    be = next((i for i in range(start + 1, min(start + 9, len(toks) - 1)) if toks[i].text in ("is", "are")), None)
    if be is None or toks[start].is_base_verb and not toks[start].can_be_noun or toks[start].text == "there":
        return None
    subject = toks[start:be]
    if subject[-1].is_function_word or any(t.is_number for t in toks) or any(
            t.verb is not None and not t.can_be_noun and not t.is_participle and not t.kind.can_be("A")
            and not _is_gerund(t) for t in subject):
        return None  # 'Users who churn are ...': a clause in the subject; a number makes it a measure
    if any(_names_people(t, lex) for t in subject):
        return None  # a quality of people, or of a counted body: wished for, not a milestone
    at = be + 1
    while at < len(toks) - 1 and _is_manner_adverb(toks[at]):
        at += 1
    first = toks[at]
    if first.is_participle or first.text in _LEVEL_WORDS or first.text in _DEGREE_WORDS or _is_gerund(first):
        return None  # a passive is read by _reached_state; 'is growing' reports a change
    if _wish(reading, lex) is not None or lex.metric_nouns.search(" ".join(t.text for t in toks[at:])):
        return None  # 'Packaging process is painless' judges; 'Latency is within budget' names a metric
    return Hit(" ".join(t.text for t in toks[max(start, be - 2):at + 2]), "milestone state")


def _is_manner_adverb(tok) -> bool:
    """'explicitly', 'publicly', 'formally': an adverb of manner (a word in -ly the lexicon reads as one)."""
    return tok.text.endswith("ly") and tok.kind.can_be("R") and not tok.is_function_word


def _end_of_coordination(toks, j: int) -> int:
    """The last participle of a list that starts at ``j``: 'researched, agreed and alerted on' (the reading
    drops commas, so a list is participles joined by 'and'/'or' or side by side)."""
    k = j
    while k + 1 < len(toks):
        nxt = toks[k + 1]
        if nxt.text in ("and", "or") and k + 2 < len(toks) and toks[k + 2].is_participle:
            k += 2
        elif nxt.is_participle and not nxt.can_be_noun:
            k += 1
        else:
            break
    if k + 1 < len(toks) and toks[k + 1].text in ("on", "upon", "with") and k + 2 == len(toks):
        k += 1  # 'alerted on': the particle of a phrasal verb, the line's last word
    return k


_DEGREE_WORDS = frozenset("better worse more less well fully properly highly much very".split())
_HAVE = frozenset(("have", "has"))


def _possession(reading: Reading) -> Hit | None:
    """'The protocol has a v0 spec', 'All our alerts have runbooks', 'Have proper JSON serialization': a thing
    that exists or not, with nothing counted: a yes/no milestone."""
    for i, tok in enumerate(reading.tokens[:8]):
        if tok.text in _HAVE:
            nxt = reading.tokens[i + 1] if i + 1 < len(reading.tokens) else None
            if nxt is None or nxt.is_participle or nxt.text in ("to", "been", "no", "fewer", "more", "less"):
                return None  # 'have shipped' is the perfect of a verb; 'have to' an obligation
            return Hit(" ".join(t.text for t in reading.tokens[i:i + 4]), "milestone state")
        if tok.kind.can_be("V") and not tok.can_be_noun and not tok.is_function_word:
            return None  # another verb governs the line
    return None


def _named_deliverable(reading: Reading, lex: Lexicon) -> Hit | None:
    """A short noun phrase naming a thing to build: 'Virtual keyboard API', 'Implicit root scroller'.

    Only when no word can be read as a verb of the line and no word judges a quality ('Rock solid webhooks',
    'Better patient experience' wish for a quality: no metric, not a task).
    """
    toks = reading.tokens[reading.lead:]
    if not 1 <= len(toks) <= 7 or any(t.is_number for t in toks):
        return None
    if toks[0].text in lex.verb_leads or _finite_verb_at(reading) is not None:
        return None  # 'Make the library welcoming' is an order; 'Developers love the tooling' a sentence
    if lex.vague_words.search(reading.text.lower()) or lex.fog_phrases.search(reading.text.lower()):
        return None
    for i, tok in enumerate(toks):
        if tok.is_function_word and tok.text not in ("for", "of", "in", "on", "with", "to", "and", "the", "a", "an"):
            return None
        if _judges(tok, lex) or tok.text in _DONE_WORDS:
            return None  # 'Frictionless hand-offs' wishes for a quality; 'Profile sync functional' is a state
        if tok.kind.can_be("V") and not tok.can_be_noun and not tok.is_participle and not (
                _is_gerund(tok) and i != 0):  # by position: a line's tokens are shared per word
            return None  # a verb of the line: 'Customers love the app' ('GPU benchmarking tools' names a thing)
    head = toks[-1]
    if not (head.can_be_noun or _is_gerund(head)) or head.text in lex.quality_words:
        return None
    return Hit(" ".join(t.text for t in toks[-3:]), "work noun")


_SUBJECT_AUXILIARIES = frozenset(("do", "does", "can", "will", "should", "must", "no", "never", "always"))


def _capability(reading: Reading, lex: Lexicon) -> Hit | None:
    """A thing that behaves a new way, with nothing counted: 'Erroring apps fail gracefully', 'The indexer
    learns to skip vendored code', 'Backfills do not slow down the system'. The system can or cannot: a yes/no
    milestone. People are different: 'Customers recommend us' names a behaviour one can count, so a subject
    that is a role or a counted body ('users', 'developers') or a line with a perception verb is left alone.
    """
    toks = reading.tokens
    start = reading.lead
    if start >= len(toks) or toks[start].is_base_verb:
        return None
    i = _finite_verb_at(reading)
    if i is None:
        return None
    head = _subject_head(toks, start, i)
    enabled = toks[i].text == "can" or toks[i].text in ("is", "are")  # 'Admins can see ...', '... are able to'
    if not head.can_be_noun or (head.text in lex.role_nouns or head.text in lex.count_nouns) and not enabled:
        return None  # a person's behaviour, not a system's; what people *can* do is a capability of the product
    if _is_listed_non_task(toks[i].verb or "", lex) or any(
            lex.perception_verbs.match([t.text], 0) for t in toks[i:]):
        return None  # 'Churn falls', 'Support feels faster': a metric moved or a feeling
    return Hit(" ".join(t.text for t in toks[start:i + 2]), "milestone state")


def _capability_beside_metric(reading: Reading, lex: Lexicon) -> Hit | None:
    """A behaviour of the system in a line that also holds a metric word ('Logs should point to the code that
    threw the error'). Stricter than :func:`_capability`: the verb is an auxiliary or cannot be a noun, and
    is not the last word: 'Platform teams cost', 'Try times' are noun phrases, and in 'Our teams measure
    and improve the satisfaction' the verb that could be a noun names the metric's change."""
    at = _finite_verb_at(reading)
    toks = reading.tokens
    if at is None or at == len(toks) - 1 or toks[at].text in lex.metric_nouns or (
            toks[at].can_be_noun and toks[at].text not in _SUBJECT_AUXILIARIES):
        return None
    return _capability(reading, lex)


def _finite_verb_at(reading: Reading) -> int | None:
    """Where the verb of a 'subject verb' line is: after a short noun phrase, a verb in the present tense
    ('learns', or 'fail' after a plural 'apps') or an auxiliary ('do', 'can')."""
    toks = reading.tokens
    start = reading.lead
    for i in range(start + 1, min(start + 7, len(toks))):
        tok = toks[i]
        subject = toks[start:i]
        if any(t.is_function_word and t.text not in _SUBJECT_WORDS and not (
                t.text in _SUBJECT_PREPOSITIONS and j > 0) for j, t in enumerate(subject)):
            return None  # 'Guidance for chapter organizers sets ...': a noun and its phrase of place or purpose
        placed = any(t.text in _SUBJECT_PREPOSITIONS for t in subject)
        if i >= start + 5 and not placed:
            return None
        if placed and tok.can_be_noun and tok.text not in _SUBJECT_AUXILIARIES and (
                i + 1 >= len(toks) or toks[i + 1].is_number or toks[i + 1].text in _PLACE_WORDS
                or toks[i + 1].text == "per"):
            continue  # 'Stronger ties with key accounts (per region)': the noun that ends the phrase, not a verb
        if tok.text in ("is", "are") and [t.text for t in toks[i + 1:i + 3]] == ["able", "to"]:
            return i  # 'The indexer is able to skip vendored code'
        if tok.text in _SUBJECT_AUXILIARIES or (
                tok.verb is not None and not tok.is_participle and not _is_gerund(tok)
                and (tok.text != tok.verb or subject[-1].text.endswith("s"))):
            return i
    return None


_SUBJECT_WORDS = frozenset(("the", "a", "an", "all", "our", "every", "each", "of", "new"))
_SUBJECT_PREPOSITIONS = frozenset(("for", "in", "on", "with", "from", "about"))


def _subject_head(toks, start: int, verb_at: int):
    """The noun the subject is about: the last word before its first preposition ('Guidance for organizers')."""
    for j in range(start + 1, verb_at):
        if toks[j].text in _SUBJECT_PREPOSITIONS:
            return toks[j - 1]
    return toks[verb_at - 1]


#: A time bound or a rate makes a share or a count a service level: '95% of tickets answered within 4 hours'.
_SERVICE_WORDS = frozenset("within under below above less more than per each every median average p50 p90 p95 "
                           "p99 faster slower".split())


def _counted_work(reading: Reading, lex: Lexicon) -> Hit | None:
    """An order with a count of its outputs: 'Lead 5 design discussions', 'Oversee the direction of 4 projects'.

    What is counted decides: outputs of the work (discussions, projects, posts) make it a task; people or
    things the work wins (customers, sign-ups, partners: the count nouns) make it a result.
    """
    if not reading.leads_with_base_verb or _is_listed_non_task(reading.lead_token.text, lex):
        return None
    toks = reading.tokens
    at = next((i for i in range(reading.lead + 1, min(reading.lead + 8, len(toks))) if toks[i].is_number), None)
    if at is not None and toks[at].text[:1] in _CURRENCY_MARKS:
        return None  # 'Receive at least $5 million in funding': money is a level reached, not things made
    if at is None or "%" in toks[at].text or any(
            t.text in _SERVICE_WORDS - _RATE_WORDS and not (t.text == "more" and toks[i - 1].text == "or")
            for i, t in enumerate(toks)):
        return None  # 'within 4 hours' bounds a service; 'per month' is the cadence of the work ('Read 1 book per month')
    scoped = toks[at - 1].text in _SCOPE_PREPOSITIONS and at - 1 > reading.lead + 1 and not any(
        t.is_number for t in toks[reading.lead + 1:at - 1])  # 'Add caching to 5 endpoints': where the work goes
    if toks[at - 1].text in ("to", "by", "from", "of", "at", "under", "over") and not scoped:
        return None  # 'Extend runway to 18 months': the number is a level of the object, not a count
    counted = []
    start = at + 1
    if [t.text for t in toks[start:start + 2]] in (["or", "more"], ["or", "fewer"]):
        start += 2  # 'Work out 2 or more times weekly'
    if start < len(toks) and toks[start].text == "new":
        start += 1  # 'Onboard 2 new contributors', 'Learn 5 new tools'
    for tok in toks[start:start + 4]:
        if tok.is_function_word or tok.is_number:
            break
        counted.append(tok)
    if not counted or not counted[-1].can_be_noun:
        return None
    staffing = reading.lead_token.text in _STAFFING_VERBS
    if counted[-1].text in _UNIT_HEADS or any(t.text in _OUTCOME_QUALIFIERS for t in counted):
        return None  # 'Lose 10 kg', '... 4 days': a level in a unit; 'Get 5 active curators': people won
    if any(_counts_a_body(t, lex) and not staffing or t.text in lex.metric_nouns for t in counted):
        return None  # 'Get 40 paying bookshops' counts what the work wins ('Onboard 2 contributors' counts the work)
    return Hit(" ".join(t.text for t in toks[reading.lead:at + 2]), "output count")


_CURRENCY_MARKS = frozenset("$€£¥₹")
#: Prepositions that apply an order's object to a counted set: 'Add caching to 5 endpoints', 'Run the
#: checklist on 12 services'. The count is the work's reach; a unit after it still makes it a level.
_SCOPE_PREPOSITIONS = frozenset("to for on across".split())
#: Qualifiers that make what is counted a result the work wins: '5 active curators', '40 paying shops'.
_OUTCOME_QUALIFIERS = frozenset("active paying returning engaged retained satisfied loyal repeat recurring".split())
#: Units a count can be in ('20 NPS points', '3 working days', '10 kg'): the count is a level, not things made.
_UNIT_HEADS = frozenset("kg kgs lb lbs km kms miles ms mb gb tb "
                        "points pts percent percentage basis bps hours days weeks months years minutes seconds "
                        "hr hrs h min mins sec secs "
                        "dollars euros pounds stars thousand million millions billion billions".split())


#: Prepositions after a bare count that say what the counted things are about, not how much of a result.
_SCOPE_AFTER_COUNT = frozenset("for on about with".split())


def _bare_count(reading: Reading, lex: Lexicon) -> Hit | None:
    """A line that is only a count of things to make, with no verb: '2 ROI calculators', 'Marketing: 6
    explainer videos'. Counted outputs are work; a count of people or things won ('150 paying teams') or of
    a metric is a result, and so is anything with a verb or a preposition (judged elsewhere)."""
    toks = reading.tokens
    at = reading.lead
    if at + 1 < len(toks) and not toks[at].is_number and toks[at + 1].is_number \
            and reading.text.split(maxsplit=1)[0].endswith(":"):
        at += 1  # a team label before the count ('PMM: 2 ROI calculators')
    counted = toks[at + 1:]
    scope = next((i for i, t in enumerate(counted) if t.text in _SCOPE_AFTER_COUNT), None)
    if scope is not None and scope >= 1 and not any(t.is_number for t in counted[scope:]):
        counted = counted[:scope]  # '5 conversations for Inframagics', '12 posts on pricing': what the count is about
    if not toks[at].is_number or "%" in toks[at].text or not 1 <= len(counted) <= 4:
        return None
    if any(t.is_function_word or t.is_number or t.is_participle or t.text in _UNIT_HEADS for t in counted):
        return None
    head = counted[-1]
    if not head.can_be_noun or head.kind.noun == head.text or not head.kind.noun:
        return None  # a plural noun heads a count of things ('calculators'), not a mass or a name
    if head.text in lex.metric_nouns or head.text in _UNIT_HEADS or any(_counts_a_body(t, lex) for t in counted):
        return None  # a metric word that only modifies the thing ('ROI calculators') does not measure it
    return Hit(" ".join(t.text for t in toks[at:]), "output count")


def _light_verb_order(reading: Reading, lex: Lexicon) -> Hit | None:
    """'Do a cost/benefit analysis for ...', 'Make a plan to ...': a light verb and one new thing to produce
    is an order, whatever number a later phrase holds. Not when the thing is a metric or is counted."""
    toks = reading.tokens
    at = reading.lead
    if at + 2 >= len(toks) or toks[at].text not in ("do", "make") or toks[at + 1].text not in ("a", "an"):
        return None
    obj = []
    for tok in toks[at + 2:]:
        if tok.is_function_word:
            break
        obj.append(tok)
    if not obj or any(t.is_number for t in obj) or not obj[-1].can_be_noun:
        return None
    if obj[-1].text in lex.metric_nouns or _counts_a_body(obj[-1], lex) \
            or any(t.text in _SERVICE_WORDS - {"more"} for t in toks):
        return None
    return Hit(" ".join(t.text for t in toks[at:at + 2 + len(obj)]), "task verb")


def _counted_means(reading: Reading, lex: Lexicon) -> Hit | None:
    """'By fixing 4 browser bugs I understand the code base', 'Reading 10 books on design broadens my view':
    the line's count belongs to the work done (a gerund, alone or after 'by'/'through'), and what follows
    is the benefit hoped for. What is measured is the work, so the line is a task."""
    toks = reading.tokens
    at = reading.lead
    if at < len(toks) and toks[at].text in ("by", "through"):
        at += 1
    if at + 2 >= len(toks) or not _is_gerund(toks[at]):
        return None
    number = next((i for i in range(at + 1, min(at + 5, len(toks))) if toks[i].is_number), None)
    if number is None or "%" in toks[number].text or any(t.text in _SERVICE_WORDS for t in toks):
        return None
    counted = [t for t in toks[number + 1:number + 4] if not t.is_function_word]
    closing = toks[at].verb in CLOSING_VERBS and FINDINGS_RE.search(" ".join(t.text for t in counted))
    if not closing and _is_listed_non_task(toks[at].verb or "", lex):
        return None  # 'Growing 3 regions', 'Closing 12 deals': a result moved or won
    if not counted or not closing and any(_counts_a_body(t, lex) or t.text in lex.metric_nouns for t in counted):
        return None  # 'By winning 40 new clients': a count of what the work wins is a result (fixing bugs is work)
    return Hit(" ".join(t.text for t in toks[reading.lead:number + 2]), "output count")


#: Words of a rate ('3 posts per week'), not of a bound on a service level.
_RATE_WORDS = frozenset(("per", "each", "every"))
#: Verbs whose object is people taken on or prepared: a count of people they process counts the work.
_STAFFING_VERBS = frozenset("hire recruit onboard on-board train staff".split())


def _outputs_done(reading: Reading, lex: Lexicon) -> Hit | None:
    """A count of things and the participle of the work that makes them: '105 modelling tools tagged',
    'First 3 custom policies implemented', '4 major launches delivered on time', '3 people hired'. The count
    is of outputs, so the line is a task; a count of what the work wins ('50 customers onboarded', '10 talks
    accepted') is a result, except after verbs that take people on ('hired', 'recruited')."""
    toks = reading.tokens
    at = next((i for i in range(reading.lead, min(reading.lead + 3, len(toks))) if toks[i].is_number), None)
    if at is None or "%" in toks[at].text or any(t.text in _SERVICE_WORDS - _RATE_WORDS for t in toks):
        return None  # '95 tickets answered within 4 hours' is a service level ('3 posts published per week' is not)
    if any(not t.is_number and not t.is_function_word for t in toks[reading.lead:at]) \
            and toks[reading.lead].text not in ("first", "at", "least"):
        return None
    noun_end = None  # where the counted noun phrase ends, when a passive's auxiliary follows it
    for i in range(at + 1, min(at + 9, len(toks))):
        tok = toks[i]
        if tok.text in _PASSIVE_AUXILIARIES and i > at + 1 and (noun_end is None or noun_end == i - 1 or
                                                               toks[i - 1].text in _PASSIVE_AUXILIARIES):
            noun_end = i if noun_end is None else noun_end
            continue
        if noun_end is not None and not tok.is_participle:
            return None  # '3 processes are in place': not a participle of work after the auxiliary
        if tok.text in _DONE_WORDS and i > at + 1 and noun_end is None:
            counted = toks[at + 1:i]
            if any(_counts_a_body(t, lex) or t.text in lex.role_nouns or t.text in lex.metric_nouns
                   for t in counted):
                return None  # '40 stores live' counts what was won
            return Hit(" ".join(t.text for t in toks[at:i + 1]), "output count")  # '12 assessments live'
        if tok.is_participle and i > at + 1:
            verb = tok.verb or ""
            counted = toks[at + 1:noun_end if noun_end is not None else i]
            if _is_listed_non_task(verb, lex) or counted[-1].text in lex.metric_nouns or not (
                    lex.activity_verbs.match([verb], 0) or lex.output_verbs.match([verb], 0)):
                return None  # only a verb of making or doing: '10 companies formed' counts what was won
            head = counted[-1]  # '250 product photos tagged': photos are counted, 'product' only names their kind
            if verb not in _STAFFING_VERBS and (_counts_a_body(head, lex) or head.text in lex.role_nouns):
                return None
            return Hit(" ".join(t.text for t in toks[at:i + 1]), "output count")
        if tok.is_function_word and not tok.kind.can_be("A") or tok.is_number \
                or tok.kind.can_be("V") and not tok.can_be_noun and not _is_gerund(tok):
            return None  # a preposition or a verb before any participle ('105 modeling tools' names a kind)
    return None


def _deliverable_with_count(reading: Reading, lex: Lexicon) -> Hit | None:
    """'Public SDK with 10+ extension points', 'Style guide with 12 worked examples': a thing to build and a
    count of its parts. What is counted is made by the team, so the line is a task; a count of people or
    things won ('Newsletter with 5,000 subscribers') or a unit ('with 2 hours of notice') is a result."""
    toks = reading.tokens
    at = next((i for i in range(reading.lead + 1, min(reading.lead + 7, len(toks))) if toks[i].text == "with"), None)
    if at is None or at + 2 >= len(toks) or not toks[at + 1].is_number or "%" in toks[at + 1].text:
        return None
    thing = toks[reading.lead:at]
    if any(t.is_number or t.is_function_word and t.text not in _SUBJECT_WORDS
           or t.kind.can_be("V") and not t.can_be_noun for t in thing):
        return None  # 'Ship the SDK with 10 ...': a verb leads, judged as an order elsewhere
    parts = []
    for tok in toks[at + 2:at + 6]:
        if tok.is_function_word or tok.is_number:
            break
        parts.append(tok)
    if not parts or not parts[-1].can_be_noun or len(parts) == 1 and parts[0].text in _UNIT_HEADS or any(
            _counts_a_body(t, lex) or t.text in lex.metric_nouns for t in parts):
        return None
    return Hit(" ".join(t.text for t in toks[reading.lead:at + 2 + len(parts)]), "output count")


_DURATION_RE = regex_cache.compile(r"(?:\d|\b(?:one|two|three|four|five|an?))\s*(?:h|hrs?|hours?|mins?|minutes?)$")
_RECURS_RE = regex_cache.compile(r"\b(?:every|each|per|a)\s+(?:day|week|month|sprint|weekday)\b|"
                                 r"\b(?:daily|weekly|fortnightly|monthly)\b")


def _time_committed(reading: Reading, lex: Lexicon) -> Hit | None:
    """'Spend 1 hr every week on side projects', '60 mins of practice per week': time given to the work,
    again and again, is an input, not a result. A bound ('reply within 1 hour each day') is a service level."""
    text = reading.text.lower()
    if any(t.text in _SERVICE_WORDS - _RATE_WORDS for t in reading.tokens) or not _RECURS_RE.search(text):
        return None
    spent = [written for _, written in quantities(reading.text) if _DURATION_RE.search(written.lower())]
    if not spent or lex.change_verbs.match([t.text for t in reading.tokens], reading.lead):
        return None
    return Hit(spent[0], "time committed")


def _repeated_action(reading: Reading, lex: Lexicon) -> Hit | None:
    """'Play the guitar at least 5 times per week', 'Walk 3 days a week', 'Help strangers up to 50 times':
    an order counted by how often the doer does it. The count is of the work itself, an input; a
    multiple of a result ('3 times more sign-ups') or a change verb ('Increase visits to 4 times a week')
    measures something else."""
    words = [t.text for t in reading.tokens]
    if not reading.leads_with_base_verb or lex.change_verbs.match(words, reading.lead) \
            or lex.result_verbs.match(words, reading.lead) or reading.lead_token.text in lex.metric_nouns.forms:
        return None  # 'Traffic 3 times higher', 'Revenue 2 times ...': a metric noun heads the line
    found = _REPEATS_RE.search(reading.text)
    if found is None or _CAP_RE.search(reading.text):
        return None  # 'Eat out 1x every two weeks or less': a cap on a habit is a level kept, not work done
    return Hit(found.group(0), "output count")


_CAP_RE = regex_cache.compile(r"\bor\s+(?:less|fewer)\b|\bat\s+most\b|\bno\s+more\s+than\b", re.IGNORECASE)


#: How often the doer acts: '5 times', '2x/week', '3 days/week', 'twice a week' (not '3 times more').
_REPEATS_RE = regex_cache.compile(
    r"\b\d+(?:\.\d+)?\s*(?:x|times?)\b(?!\s+(?:more|less|fewer|higher|lower|faster|bigger|larger|as\b))"
    r"|\b\d+\s*(?:days?|sessions?|nights?|mornings?)\s*(?:/|a|per|each|every)\s*(?:week|month|day)\b"
    r"|\b(?:once|twice)\s+(?:a|per|each|every)\s+(?:day|week|month)\b", re.IGNORECASE)


def _counts_a_body(tok, lex: Lexicon) -> bool:
    """A counted body the work wins: a count noun, also as the end of a compound ('bookshops' ends in 'shop')."""
    noun = tok.kind.noun or tok.text
    if tok.text in lex.count_nouns or noun in lex.count_nouns:
        return True
    return any(len(noun) > len(part) + 2 and noun.endswith(part) and part in lex.count_nouns
               for part in (noun[i:] for i in range(3, len(noun) - 2)))


_COPULAS = _BE_HAVE | {"get", "gets", "be"}  # 'be' after 'will', 'should': '100% of processes will be documented'
#: 'will be documented' plans the task; 'can be handled' states what the share is able to do, a result.
_FUTURE = frozenset(("will", "shall", "must", "should"))
#: The auxiliaries of a passive between a counted noun and its participle: '3 processes are defined'.
_PASSIVE_AUXILIARIES = frozenset(("is", "are", "was", "were", "will", "be", "been", "have", "has", "get", "got"))


def _share_of_work(reading: Reading, lex: Lexicon) -> Hit | None:
    """A share of a group that a task reaches, with no time bound: '100% of managers have taken the course',
    'All inbound leads are scored'. A share with a time bound is a service level, a result."""
    toks = reading.tokens
    start = reading.lead
    if start + 3 >= len(toks) or not (toks[start].text.endswith("%") and toks[start + 1].text == "of"):
        return None
    end = _purpose_start(toks, start)
    if any(t.text in _SERVICE_WORDS or t.text == "without" for t in toks[:end]):
        return None  # a bound on the task itself ('within 2 days', 'without manual editing'): a level of quality
    for i in range(start + 2, min(start + 8, end - 1)):
        # '100% of managers complete the training', '100% of employees have a training plan': the team's own
        # people taking part in or given what the work provides ('... in week 1' bounds a service)
        if (toks[i].verb or toks[i].text) in _UNDERTAKEN:
            own_people = any(t.text in lex.role_nouns for t in toks[start + 2:i])
            measured = any(t.text in lex.metric_nouns or t.text in _OUTCOME_QUALIFIERS or t.is_number
                           for t in toks[i + 1:end])
            if own_people and not measured:
                return Hit(" ".join(t.text for t in toks[start:i + 2]), "share of a task")
        if toks[i].text in _COPULAS and not (toks[i].text == "be" and toks[i - 1].text not in _FUTURE):
            nxt = toks[i + 2] if toks[i + 1].text == "been" and i + 2 < len(toks) else toks[i + 1]
            if nxt.is_participle and not _is_listed_non_task(nxt.verb or "", lex):
                return Hit(" ".join(t.text for t in toks[start:i + 2]), "share of a task")
            return None
    return None


#: Words before a count that bound it: 'at least 50 members', 'more than 200 people'.
_COUNT_BOUNDS = frozenset("at least over more than up to ≥ > almost nearly around about".split())


def _counted_people_act(reading: Reading, lex: Lexicon) -> bool:
    """'25 members publish a talk', 'At least 50 Reps have given feedback', '250 people and groups take part',
    '2 teams are using the new process': a count or share of people as the subject of a verb is a
    behaviour of others, counted, whatever the verb: a result. The team's own staff taking part in its
    work ('100% of managers complete the training') stays a share of a task (:func:`_share_of_work`)."""
    toks = reading.tokens
    at = reading.lead
    while at < len(toks) and toks[at].text in _COUNT_BOUNDS:
        at += 1
    if at >= len(toks) or not toks[at].is_number:
        return False
    at += 1
    if toks[at - 1].text.endswith("%"):
        if at >= len(toks) or toks[at].text != "of":
            return False
        at += 1
    for k in range(at, min(at + 5, len(toks) - 1)):
        if toks[k].is_function_word and toks[k].text not in ("the", "our", "new"):
            return False  # '5 articles for our members': the count is of something else
        if not _names_people(toks[k], lex):
            continue
        verb = k + 1
        if toks[verb].text in ("and", "or") and verb + 2 < len(toks):
            verb += 2  # '250 people and organisations participate'
        tok = toks[verb]
        if (tok.verb or tok.text) in _UNDERTAKEN and toks[k].text in lex.role_nouns:
            return False
        if tok.text in ("is", "are", "was", "were") and verb + 1 < len(toks) and toks[verb + 1].is_participle:
            return False  # '100% of customers are given a risk score': a passive, the team's work done to them
        return tok.text in _PEOPLE_VERB_AUXILIARIES or (tok.is_base_verb and not tok.is_participle) \
            or (tok.verb is not None and tok.text.endswith("s") and not tok.is_participle and not tok.can_be_noun)
    return False


#: The words that join counted people to what they do: 'have given', 'are using', 'say they know'.
_PEOPLE_VERB_AUXILIARIES = frozenset("have has are is were was will can do did say report rate".split())


#: Verbs of taking part in work or being given its output: 'complete the training', 'have a plan'.
_UNDERTAKEN = frozenset("complete finish attend take go pass receive get have has".split())


def _purpose_start(toks, start: int) -> int:
    """Where the line's purpose clause begins ('to make them more effective', 'so that ...'), or its end."""
    for i in range(start + 1, len(toks) - 1):
        word, nxt = toks[i].text, toks[i + 1]
        if word == "to" and nxt.is_base_verb and not toks[i - 1].is_participle and not toks[i - 1].is_number:
            return i
        if word in ("so", "because") or (word == "in" and nxt.text == "order"):
            return i
    return len(toks)


_MEANS_WORDS = frozenset(("through", "via", "by"))


def _metric_before_means(reading: Reading, lex: Lexicon) -> Hit | None:
    """'Improve SUS usability through completing 100% of the quarter's initiatives': a change verb on a
    metric, and a means clause (through/via/by + a gerund) that holds every number of the line. The
    numbers measure the means, so the metric still lacks its target. Returns the metric, or None."""
    from coach.rules.analysis import metric_noun

    toks = reading.tokens
    lead = reading.lead
    texts = [t.text for t in toks]
    if not (lex.change_verbs.match(texts, lead) or lex.result_verbs.match(texts, lead)):
        return None
    means = next((i for i in range(lead + 2, len(toks) - 1)
                  if toks[i].text in _MEANS_WORDS and toks[i + 1].text.endswith("ing") and toks[i + 1].verb), None)
    if means is None or any(t.is_number for t in toks[:means]):
        return None
    found = metric_noun(" ".join(texts[lead + 1:means]), lex)
    return Hit(found.group(0), "metric") if found is not None else None


_BASELINE_VERBS = frozenset("establish measure set capture record define find determine agree".split())
_BASELINE_PARTICIPLES = frozenset("established measured set captured recorded defined found determined agreed "
                                  "known".split())


def _baseline_first(reading: Reading) -> Hit | None:
    """'Establish the baseline of onboarding completion by week 2', 'Activation baseline measured by week 3':
    a key result that measures the starting value first, as teams do in a cycle's first weeks when no
    baseline exists. Its metric is what the baseline is of (None when the line names none: no metric)."""
    toks = [t.text for t in reading.tokens]
    if "baseline" not in toks and "baselines" not in toks:
        return None
    at = toks.index("baseline") if "baseline" in toks else toks.index("baselines")
    lead = reading.lead
    ordered = toks[lead] in _BASELINE_VERBS and at - lead <= 3
    reached = at + 1 < len(toks) and toks[at + 1] in _BASELINE_PARTICIPLES or (
        at + 2 < len(toks) and toks[at + 1] in ("is", "are") and toks[at + 2] in _BASELINE_PARTICIPLES)
    if not (ordered or reached):
        return None
    if ordered:
        rest = toks[at + 1:]
        if rest[:1] and rest[0] in ("of", "for", "on"):
            rest = rest[1:]
        named = [t for t in rest[:8] if t not in ("the", "a", "an", "our", "current")]
        stop = next((i for i, t in enumerate(named) if t in ("by", "in", "before", "within", "during", "at")),
                    len(named))
        words = named[:stop]
    else:
        words = [t for t in toks[lead:at] if t not in ("the", "a", "an", "our")]
    return Hit(" ".join(words), "baseline first")  # no words: a baseline of nothing named
