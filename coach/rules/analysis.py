"""What a coach notices when reading one key result or objective, computed once per check.

The rules share these facts so that their verdicts agree: when a line is an activity, the metric rules stay
silent on it; a binary milestone is not also "missing a target". Each fact keeps the words that triggered it
(the evidence shown in a finding).

Reading order for a key result (first match wins):

1. **Activity**: it leads with a work verb (launch, shipped, rolling out...), counts outputs ("Make 200
   calls", "Hold 4 workshops", "Get 5 speaking slots"), is a work noun with no metric ("Loyalty app
   redesign", "Go-live of the CRM"), or a subject does work with no measure ("Every employee completes
   security training"). A change verb in the lead ("Increase activation ... through the new flow") is a
   result, whatever deliverable the means clause names.
2. **Binary milestone**: a one-off state with no number ("Pricing page is live", "Contract signed",
   "Secure a multi-year grant").
3. **Metric**: a real quantity (numbers that are not years, grades, standards or compounds like '30-day'),
   a metric noun (rate, NPS, churn, lead time...), a counted thing next to a change verb ("Increase
   families reached") or an "X up/down" phrase.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from coach import regex_cache
from coach.model import Direction, Measure
from coach.rules.lexicon import Lexicon, lowered, spaced, tokens
from coach.reading.words import word_class
from coach.rules.numbers import quantities, states_baseline, word_quantity

#: Patterns the functions below use inline, compiled once with the others.
_AMOUNT_START_RE = regex_cache.compile(r"^[\d$€£¥₹]")
_ANY_DIGIT_RE = regex_cache.compile(r"\d")
_BOUND_START_RE = regex_cache.compile(r"^[\d$€£¥₹<>≤≥]")
_DIGIT_START_RE = regex_cache.compile(r"^\d")
_MORE_FEWER_RE = regex_cache.compile(r"(?:more|fewer|less)\s")
_MORE_OR_NEW_RE = regex_cache.compile(r"(?<![a-z])(?:more|fewer|less|new \w+s)(?![a-z])")
_SIGNED_START_RE = regex_cache.compile(r"^[\d$€£¥₹.+\-]")
_WHOLE_NUMBER_RE = regex_cache.compile(r"^\d[\d,]*$")
_ZERO_OUTPUTS_RE = regex_cache.compile(r"(?<![a-z\-])zero\s+([a-z][a-z\-]*\s+){0,2}?([a-z][a-z\-]*s)(?![a-z])")


# --------------------------------------------------------------------------- small grammar

#: Words that may precede the leading verb without changing what the line says.
_LEAD_FILLERS = frozenset(
    "successfully fully finally also then first we i you they team will we'll must should shall to "
    "please and our continue ensure always".split())
#: Adverbs ending in -ly that are nouns or adjectives instead ('family reading night', 'monthly churn').
_NOT_ADVERBS = frozenset(
    "family assembly supply monthly weekly daily nightly fortnightly quarterly yearly hourly early only italy july "
    "reply apply "
    "rally ally belly jelly holy ugly friendly likely costly timely lonely lovely silly".split())
_DETERMINERS = frozenset(
    "a an the our their its this that these those all every each some any more fewer less new first "
    "remaining existing two three four five six seven eight nine ten several multiple one".split())
_PREPOSITIONS = frozenset(
    "by for with in on of at from to through via across into onto over under within without about "
    "as than per among between before after during against toward towards".split())
_DIRECTION_PARTICLES_RE = regex_cache.compile(r"(?<![a-z])(?:up|down|improved|increased|reduced|decreased|higher|lower)"
                                              r"(?:\s+(?:by|from|to|significantly|substantially|considerably|dramatically))?"
                                              r"(?![a-z])")
_QUANTITY_PHRASE_RE = regex_cache.compile(
    r"(?<![a-z])(?:number|share|percentage|proportion|count|amount|fraction|volume|ratio) of(?![a-z])|"
    r"(?<![a-z])(?:average|avg|mean|median|total)(?![a-z])|"
    r"(?<![a-z])how many(?![a-z])|%")
_CERTIFICATION_RE = regex_cache.compile(
    r"(?<![a-z])(?:(?:re-?)?certified|(?:re-?)?certification|(?:re-?)?accredited|(?:re-?)?accreditation|compliant|compliance|approved|"
    r"signed off|audited|"
    # a standard named on its own is a certificate to earn: 'Get SOC 2 Type II', 'Achieve Cyber Essentials Plus'
    r"iso \d{4,5}|soc ?[123]|pci(?: dss)?|hipaa|hitrust|fedramp|cyber essentials|b ?corp|tisax|iso iec \d{4,5}|"
    r"ce mark(?:ing)?|ul listing|fda (?:clearance|approval)|gmp|haccp)(?![a-z])")
#: Tests a team sits, which make 'Pass ...' a certification task: 'Pass the fire inspection'.
_ASSESSMENT_RE = regex_cache.compile(
    r"(?<![a-z])(?:inspection|audit|exam|examination|assessment|review|check|[a-z]+check|"
    r"test|certification|accreditation|validation|qualification|lot ?check)(?![a-z])")
#: 'as simple as possible', 'as few as we can': a vague stand-in for a number.
_AS_POSSIBLE_RE = regex_cache.compile(
    r"(?<![a-z])as (?:[a-z\-]+ ){1,2}as (?:possible|we can|practicable|feasible|practical|"
    r"we reasonably can)(?![a-z])")
#: The endings of _AS_POSSIBLE_RE: a line without one is not searched.
_AS_POSSIBLE_END_RE = regex_cache.compile(r"possible|we can|practica|feasible|we reasonably can")
#: Work events a line can lead with as a noun: 'Roll-out of the portal to 100% of partners',
#: 'Youth scheme go-live in 3 boroughs' (a work quota, like 'Migrate 80% of workloads').
_WORK_EVENT_NOUNS = frozenset((
    "launch", "go live", "rollout", "roll out", "migration", "implementation", "deployment", "installation",
    "upgrade", "rebuild", "redesign", "revamp", "rewrite", "refactor", "overhaul", "introduction", "kickoff",
    "kick off", "build out", "setup", "set up", "integration"))
#: Participles of keeping a level, after the metric: 'Availability maintained at 97%+', 'Margin held at 60%'.
_KEPT_LEVEL_RE = regex_cache.compile(
    r"(?<![a-z])(?:maintained|sustained|kept|held|preserved|protected|stays|stayed|remains|"
    r"remained)\s+(?:at|above|below|under|over|within|between|steady|stable|flat|level|"
    r"unchanged|constant|at or above|at or below)(?![a-z])")
#: A maintain verb after the metric behind a dash or colon: 'Uptime - maintain 99.9%', 'NPS: hold at 60+'.
_KEEP_TAIL_RE = regex_cache.compile(
    r"\S\s*(?:\s[-–—]|:|;|,)\s+((?:maintain|maintained|hold|held|keep|kept|sustain|sustained|"
    r"protect|stay|remain)(?: (?:at|above|below|under|over|within|at or above|at or below|"
    r"steady|stable|≥|>=|<=|≤))?)\s*[<>≤≥~]?\s*[$€£¥₹]?(?:\d|steady|stable|flat|level)")
#: The verbs of _KEEP_TAIL_RE: a line without one is not searched (one fast scan in C instead of a slow one).
_KEEP_TAIL_VERB_RE = regex_cache.compile(r"maintain|hold|held|keep|kept|sustain|protect|stay|remain")
#: Objects that are money to raise: securing them is reaching a state, not a task ('Secure seed funding').
_FUNDING_RE = regex_cache.compile(r"(?<![a-z])(?:funding|funds|financing|finance|investment|grant|grants|round|capital|"
                                  r"endowment|budget|runway)(?![a-z])")
_SUBJECT_VERB_WINDOW = 5
_DAY_MONTH_RE = regex_cache.compile(
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?![\d,])|"
    r"\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|\d{4}-\d{2}-\d{2}", re.IGNORECASE)
#: 'Make Google reviews better', 'Make onboarding easier': a thing to improve, named without a number.
_MAKE_BETTER_RE = regex_cache.compile(r"^make (?:our |the )?((?:[a-z0-9][a-z0-9\-']* ){1,4})(?:better|stronger|higher|"
                                      r"easier|clearer|healthier|smoother)$")
#: An upper limit on a count: 'Pages to on-call per week under 5' caps an unwanted output, it is not work.
_CEILING_RE = regex_cache.compile(
    r"(?<![a-z])(?:under|below|fewer than|less than|at most|no more than|max|maximum of)\s*\d|[<≤]\s*\d")
_DURATION_HEADS = frozenset("hours days minutes weeks months".split())
_PARTICLES = frozenset("out up off in down over".split())
#: A thing provided rather than a result: 'Extra Saturday clinics', 'Additional evening surgeries'.
_PROVISION_LEAD = frozenset("extra additional dedicated".split())
#: '<thing> for every new starter', '<kit> in each van': something handed to everyone, with no measure.
_PROVISION_SCOPE_RE = regex_cache.compile(
    r"^(?:an? |the )?(?:[a-z][a-z\-]* ){0,3}?[a-z][a-z\-]* (?:for|to|in|with|per) "
    r"(?:every|each|all)(?![a-z])")
#: Events held with, for or across everyone in a group: 'QBRs held with all top-50 accounts'.
_EVENTS_HELD_RE = regex_cache.compile(
    r"(?<![a-z])(?:held|run|hosted|delivered|conducted|completed|done|carried out|given|"
    r"scheduled|booked) (?:with|for|in|at|across|to) (?:all|every|each)(?![a-z])")
#: Work finished off by a state placed after its object: 'Put a playbook in place', 'Get the CLM live'.
_SEPARABLE_LEADS = frozenset("put get have bring".split())
_SEPARABLE_END_RE = regex_cache.compile(
    r"(?<![a-z])(?:in place|in|live|done|up and running|over the line|set up|sorted|"
    r"signed off|in production|switched on)$")
_MANNER_EXTRA_RE = regex_cache.compile(r"(?<![a-z])(?:same day|same-day|next day|next-day|first time|right first time|"
                                       r"on the first attempt|at the first attempt|in one go)(?![a-z])"
                              # a cost the work must not bring: 'Hire ... without burning out hiring managers'
                              r"|(?<![a-z])without (?:burning|wearing|losing|breaking|overloading|overworking|"
                              r"compromising|sacrificing|hurting|lowering|raising|adding|stretching|exhausting)"
                              r"(?![a-z])")
#: Narrowing a difference is a change: 'Close the disadvantage gap', 'Narrow the pay gap'.
_GAP_RE = regex_cache.compile(
    r"^(?:close|narrow|bridge|shrink|halve)\s+(?:the\s+|our\s+)?(?:[a-z\-]+\s+){0,3}?gaps?(?![a-z])")
#: A counted thing per person, thing or period is a rate: 'deploys per engineer', 'complaints per 1,000 orders'.
_RATE_RE = regex_cache.compile(r"(?<![a-z])[a-z][a-z\-]*[^s\W]s per (?:[\d,.]+k? )?[a-z]+(?![a-z])")
_COMPARATIVES = frozenset("more fewer less".split())
#: Speed words imply a time to measure: 'Make checkout faster', 'Answer tickets as quickly as possible'.
_SPEED_COMPARATIVE_RE = regex_cache.compile(r"(?<![a-z])(?:faster|quicker|cheaper|sooner|shorter|quickly|promptly|"
                                            r"rapidly|swiftly)(?![a-z])")
#: A condition that turns a share of work into a service level: 'Deliver 95% of orders on time'.
_SERVICE_LEVEL_RE = regex_cache.compile(
    r"(?<![a-z])(?:within|in under|in less than|on time|same day|same-day|first time|"
    r"first visit|first contact|without|on the first|in week|by day|before)(?![a-z])")
#: Degree words before a participle make it a quality, not a milestone: 'Mentors are better prepared'.
_DEGREE_WORDS = frozenset("better more less well worse best poorly properly adequately".split())
_RECURRENCE_RE = regex_cache.compile(
    r"(?<![a-z])(?:every|each|per|weekly|monthly|quarterly|daily|fortnightly|biweekly)(?![a-z])")
_COMPARATIVE_COUNT_RE = regex_cache.compile(
    r"(?<![a-z])(?:more|fewer|less)\s+(?:[a-z][a-z\-]*\s+){0,2}?([a-z][a-z\-]*s)(?![a-z])")
#: A counted thing compared with a vague level: 'Season ticket renewals as high as possible', 'Case
#: studies much better than last time' name a metric and leave out the number.
_VAGUE_LEVEL_RE = regex_cache.compile(
    r"^\s*((?:[a-z][a-z\-]*\s+){0,4}?[a-z][a-z\-]*s)\s+(?:as (?:high|low|many|few|good|"
    r"much|little|close to zero|fast|quick|short) as (?:possible|we can)|(?:much |far |a lot |"
    r"significantly |way |clearly )?(?:better|higher|lower|worse|stronger|weaker|more|"
    r"fewer|faster|shorter) than)(?![a-z])")
_COPULAS = frozenset("is are was were now".split())
_RELATIVES = frozenset("who whose that which where when whom".split())
_BE_WORDS = frozenset("is are be been being was were gets get got has have had now fully".split())

#: Words that show a level or a change is being measured ('under 2 s', 'at least 90%', 'from weekly to daily').
_MEASURE_WORDS_RE = regex_cache.compile(
    r"(?<![a-z])(?:from|under|below|above|over|at least|at most|no more than|or more|or less|or higher|"
    r"or lower|or better|within|up|down|to)(?![a-z])|[<>≤≥→%]")
#: A rate over a population, not over time: 'per user', 'per 1,000 orders', 'per agent per day'.
_PER_POPULATION_RE = regex_cache.compile(r"(?<![a-z])per\s+(?:\d[\d,.]*\s*k?\s+)?([a-z][a-z\-]*)")
_TIME_WORDS = frozenset("day week month quarter year hour minute second sprint term semester shift night send "
                        "release session visit".split())
#: Comparatives of manner: 'Hire great engineers faster', 'Deliver on time', 'Land larger first contracts'.
_MANNER_RE = regex_cache.compile(r"(?<![a-z])(?:faster|quicker|sooner|earlier|larger|bigger|cheaper|safer|better|"
                                 r"on time|more reliably|more quickly|more often|less often)(?![a-z])")
#: Objects that make 'build', 'create', 'develop' a change in state ('Build a culture where people stay').
_STATE_OBJECT_RE = regex_cache.compile(r"(?<![a-z])(?:culture|trust|reputation|habit|habits|confidence|capability|"
                                       r"capabilities|momentum|resilience|loyalty|sense of|belonging|relationships?|"
                                       r"credibility|goodwill|muscle|mindset)(?![a-z])")
#: The head of the object is an audience or people described by how they feel: 'Build a loyal readership',
#: 'Build a team people want to stay in' (not 'Build the community forum', 'Build an app for our readers').
_AUDIENCE_RE = regex_cache.compile(r"(?:"
                              # an audience or a body of people won over: 'Build a loyal readership'
                              r"(?<![a-z])(?:readership|audience|following|fanbase|fan base|customer base|"
                              r"community|supporter base|membership|word of mouth)(?![a-z])"
                              # people described by how they feel: 'Build a team people want to stay in'
                              r"|(?<![a-z])(?:loyal|engaged|motivated|happy|thriving|committed|devoted)(?:\s[a-z\-]+){1,2}"
                              r"|(?<![a-z])(?:team|workplace|company|place|organisation|organization) "
                              r"(?:(?:that|where|which|who) )?(?:people|everyone|staff|engineers|nurses|agents|"
                              r"employees|we|they) (?:want|love|choose|are proud|feel|enjoy)(?![a-z]))"
                          r"(?=\s+(?:of|that|where|who|which|so|because|among|around|across|in|for|with|to|and|"
                          r"people|we|they|everyone)(?![a-z])|\s*$|\s*[,;.(—–])")
_OBJECT_PREP_RE = regex_cache.compile(
    r"(?<![a-z])(?:for|to|with|around|among|in|across|on|at|into|from|by|so|because)(?![a-z])")
#: What a lost position is won back as: 'Win back market share', 'Regain the trust of ...' (a standing).
_STANDING_RE = regex_cache.compile(r"(?<![a-z])(?:share|ground|trust|confidence|loyalty|reputation|position|"
                                   r"lead|favour|favor|custom|standing)(?![a-z])")
#: No one harmed or let down: 'Send nobody home hurt', 'Leave no customer behind' is a state to hold.
_NOBODY = frozenset(("nobody", "no-one", "none", "noone"))
#: The date a promise fixed: 'Install lines on the date we promised', 'Deliver on the agreed day'.
_PROMISED_DATE_RE = regex_cache.compile(
    r"(?<![a-z])(?:on|by|for) (?:the |their )?(?:(?:agreed|promised|booked|committed|"
    r"first booked|quoted) (?:date|day|slot|time)|(?:date|day|slot|time) (?:we|they|"
    r"you|the customer|customers) (?:promised|agreed|booked|committed to|quoted|"
    r"asked for))(?![a-z])|(?<![a-z])(?:as|when) (?:promised|agreed)(?![a-z])")
#: 'Get 95% of the calls right': the share of work done correctly is a quality, not an output.
#: A target written as words after a start value: 'from 3 days to same day', 'from 2 hours to real time'.
_WORD_TARGET_RE = regex_cache.compile(
    r"(?<![a-z])(?:to|→|->|=>)\s+(?:the\s+)?(?:same[\s-]day|next[\s-]day|same[\s-]shift|"
    r"real[\s-]time|instant(?:ly)?|immediate(?:ly)?|nil|none|zero)(?![a-z])")
_RIGHT_RE = regex_cache.compile(r"(?<![a-z])(?:right|correct|correctly|wrong)(?![a-z])")


class Hit(NamedTuple):
    """A fact about a line and the words that show it."""

    words: str
    kind: str  # what kind of evidence: 'task verb', 'output count', 'work noun', 'number', 'metric', ...


def lead_position(toks: list[str]) -> int:
    """Index of the first word after fillers and adverbs ('Successfully launch' -> 'launch')."""
    i = 0
    while i < len(toks) and i < 4:
        tok = toks[i]
        if tok in _LEAD_FILLERS or (tok.endswith("ly") and len(tok) > 4 and tok not in _NOT_ADVERBS):
            i += 1
            continue
        break
    return i


# --------------------------------------------------------------------------- key results


class KrFacts(NamedTuple):
    """What the rules know about one key result."""

    text: str
    activity: Hit | None
    binary: Hit | None
    metric: Hit | None
    keep: Hit | None
    vague: tuple[Hit, ...]
    has_target: bool
    has_baseline: bool
    deadline: str | None
    quantities: tuple[float, ...]

    @property
    def is_outcome(self) -> bool:
        """A measurable result: names a metric and is not a task (what initiative-as-kr looks for)."""
        return self.activity is None and self.binary is None and self.metric is not None


class _MeasureView(NamedTuple):
    """The parts of a Measure the analysis reads, hashable so that analyses can be cached."""

    baseline: float | None
    target: float | None
    change: float | None
    factor: float | None
    deadline: str | None


def analyse_key_result(text: str, measure: Measure, lex: Lexicon) -> KrFacts:
    """The facts of one key result (cached: re-checking a set after one rewrite re-reads one line)."""
    view = _MeasureView(measure.baseline, measure.target, measure.change, measure.factor, measure.deadline)
    return _analyse_key_result(text, view, lex)


@lru_cache(maxsize=4096)
def _analyse_key_result(text: str, measure: _MeasureView, lex: Lexicon) -> KrFacts:
    toks = tokens(text)
    flat = spaced(text)
    dated = measure.deadline
    # the day in a deadline is no amount: 'Snowmaking on all blue runs ready by 15 December'
    qty = quantities(text.replace(dated, " ") if dated and _DAY_MONTH_RE.search(dated) else text)
    if qty and "all" in flat and "%" not in text:
        # the scope of a milestone is no amount: 'Hotline live in all 12 countries'
        qty = quantities(_ALL_SCOPE_RE.sub(" all ", text))
    values = tuple(v for v, _ in qty)
    # a number offered as an example ('to e.g. 40%') is stated, but nobody committed to it
    committed = [q for q in qty if not _EXAMPLE_BEFORE_RE.search(_before(text, q[1]))] \
        if qty and _EXAMPLE_WORD_RE.search(text) else qty
    word_qty = word_quantity(flat)
    lead = lead_position(toks)
    pair = len(values) >= 2 and states_baseline(text)  # 'from -5 to 20', '2% → 3.5%'
    subject = _lead_is_noun(toks, lead, flat, qty, measure, lex, pair)
    result_lead = None if subject else (lex.change_verbs.match(toks, lead) or lex.result_verbs.match(toks, lead))
    keep = _keep(toks, lead, flat, qty, lex)
    activity = None if keep else _activity(toks, lead, flat, qty, word_qty, measure, lex, result_lead, subject,
                                           pair)
    metric = _metric(toks, lead, flat, qty, word_qty, lex, subject)
    binary = None
    if activity is None and keep is None and not qty and not word_qty and measure.factor is None \
            and not (metric is not None and metric.kind == "new count"):
        binary = _binary(toks, lead, flat, lex, result_lead, metric, subject)
    has_target = (_has_target(measure, tuple(v for v, _ in committed)) or pair
                  or (word_qty is not None and metric is not None)
                  or (metric is not None and metric.kind == "number" and _states_other_than_baseline(text, measure, committed))
                  or (metric is not None and _WORD_TARGET_RE.search(flat) is not None)
                  or (keep is not None and (bool(qty) or lex.steady_states.search(flat) is not None)))
    has_baseline = pair or (measure.baseline is not None and _value_stated(measure.baseline, values))
    return KrFacts(
        text=text, activity=activity, binary=binary, metric=metric, keep=keep,
        vague=tuple(Hit(w, "vague") for w in dict.fromkeys(
            lex.vague_words.findall(lowered(text))
            + (_AS_POSSIBLE_RE.findall(flat) if _AS_POSSIBLE_END_RE.search(flat) else []))),
        has_target=has_target, has_baseline=has_baseline, deadline=measure.deadline, quantities=values)


#: Nouns a metric word can modify without being measured: 'sales team', 'churn dashboard', 'NPS survey'.
_GROUP_NOUNS = frozenset("team teams department departments org function functions leader leaders lead leads "
                         "tool tools system systems process processes channel channels".split())


def metric_noun(text: str, lex: Lexicon):
    """The first metric word of ``text`` that heads its phrase ('sales' in 'Grow sales', not in 'sales team')."""
    for hit in lex.metric_nouns.finditer(text):
        following = text[hit.end():hit.end() + 40].split()
        nxt = following[0] if following else ""
        pair = " ".join(following[:2])
        if hit.start() == 0 and " " not in hit.group(0) and (nxt in _OBJECT_OPENERS or nxt.isdigit()) \
                and word_class(hit.group(0)).can_be("V"):
            continue  # 'Share one insight each week', 'Support 3 launches': the word is the order's verb
        if nxt and (nxt in _GROUP_NOUNS or nxt in lex.output_nouns or pair in lex.output_nouns
                    or nxt in lex.deliverable_nouns or nxt in lex.role_nouns
                    or (hit.group(0).rsplit(" ", 1)[-1] not in _NOT_HEADS and _heads_compound(nxt, lex))):
            continue
        return hit
    return None


#: Words that open the object of an order: after a first word that can be a verb, they make it one.
_OBJECT_OPENERS = frozenset("a an the one two three four five six seven eight nine ten our my their your "
                            "this these each every".split())
_NOT_HEADS = frozenset("per of for in on at by from to with and or vs versus than across among".split())


def _heads_compound(word: str, lex: Lexicon) -> bool:
    """A noun that only names things, after a metric word: the metric word is its modifier, not the measure.

    'Activation delegation API' builds an API; 'activation rate' and 'activation improves' still measure.
    """
    if not word.isalpha() or word in _NOT_HEADS or word in lex.metric_nouns \
            or lex.metric_nouns.search(word) is not None:
        return False
    kind = word_class(word)
    return kind.can_be("N") and not kind.can_be("V") and not kind.can_be("A") and not kind.can_be("R")


def _value_stated(value: float, values: tuple[float, ...]) -> bool:
    value = abs(value)
    return any(abs(value - v) < 1e-9 or abs(value - v * 1000) < 1e-6 or abs(value - v * 1e6) < 1e-3
               or abs(value - v * 1e9) < 1 for v in values)


def _has_target(measure: Measure, values: tuple[float, ...]) -> bool:
    if measure.factor is not None:
        return True
    if measure.change is not None and _value_stated(measure.change, values):
        return True
    return measure.target is not None and _value_stated(measure.target, values)


def _states_other_than_baseline(text: str, measure: _MeasureView, qty) -> bool:
    """A stated amount that is not the starting value or the base of a rate ('per 100 units') is the value
    to reach, whatever the measure reader took as the target: '20 profiles which add at least one item',
    'at least three customers have > 50% of queries'."""
    base = measure.baseline
    for value, written in qty:
        if base is not None and _value_stated(base, (value,)):
            continue
        if _RATE_BASE_RE.search(_before(text, written)):
            continue  # 'per 1,000 deliveries' is the base of a rate
        return True
    return False


def _before(text: str, written: str) -> str:
    """The few characters before the first place ``written`` occurs in ``text``."""
    at = text.find(written)
    return text[max(0, at - 14):at] if at >= 0 else ""


_EXAMPLE_WORD_RE = regex_cache.compile(r"\be\.?g\b|\bfor\s+(?:example|instance)\b", re.IGNORECASE)
#: The words that offer a number as an example: 'e.g. 40%', 'for example 3'.
_EXAMPLE_BEFORE_RE = regex_cache.compile(r"(?:\be\.?g\.?|\bfor\s+(?:example|instance))\s*,?\s*[~≈<>≥≤]?\s*$",
                                         re.IGNORECASE)
#: The words before the base of a rate: 'per 100 units', 'every 1,000 sessions', 'out of 10'.
_RATE_BASE_RE = regex_cache.compile(r"(?:\bper|\bevery|\bout\s+of|/)\s*$", re.IGNORECASE)


def _is_measured(flat: str, qty, lex: Lexicon) -> bool:
    """Whether a line states a level or a change of something: a number, 'under', 'from ... to', 'up'."""
    return bool(qty or word_quantity(flat) or _MEASURE_WORDS_RE.search(flat))


#: Words that are verbs as orders and adjectives before a plural noun: 'Open 3 stores' / 'Open tickets'.
_ADJECTIVE_LEADS = frozenset(("open", "live", "clean", "free", "close", "late", "outstanding", "overdue", "pending"))


def _lead_is_noun(toks: list[str], lead: int, flat: str, qty, measure, lex: Lexicon, pair: bool = False) -> bool:
    """Whether the first word, though it can be a verb, starts a noun phrase: the line is not an order.

    'Deploy frequency from weekly to daily', 'Build times under 10 minutes' (a metric named by a compound),
    'Research repository is live' (the subject of 'is'), 'Design system live' (a state at the end),
    'Reviews mentioning crashes from 9% to 2%' (a plural noun), 'Adopted by 60% of teams' (a passive).
    """
    if lead >= len(toks) or toks[lead] not in lex.verb_leads:
        return False  # only a word that can be a verb can be misread as one
    first = toks[lead]
    nxt = toks[lead + 1] if lead + 1 < len(toks) else ""
    if not nxt:
        return False
    phrasal = lex.activity_verbs.match(toks, lead)
    if phrasal and phrasal.length > 1 and nxt in _PARTICLES:
        # 'Roll out handheld scanning to all 38 stores' is an order; 'Set up time from 3 days to 1' names one
        at = lead + phrasal.length
        after, then = (toks[at:at + 2] + ["", ""])[:2]
        return bool(after) and after in lex.metric_nouns and (
            not then or then in _PREPOSITIONS or then[0].isdigit() or then in ("up", "down", "below", "above"))
    if nxt == "by" and first.endswith(("ed", "en", "wn", "ilt", "ne")):
        return True  # passive: 'Adopted by 60% of teams'
    causative = lex.output_verbs.match(toks, lead) or lex.maintain_verbs.match(toks, lead)
    if nxt not in _DETERMINERS and not causative and len(toks) - lead <= 8 and _ends_in_state(flat, lex):
        return True  # 'Pilot with two NHS trusts signed off', 'Design system live'
    if nxt == "per" and first.endswith("s") and not first.endswith("ss"):
        return True  # 'Deploys per week from 5 to 20': a plural noun and its rate
    noun = next((t for t in toks[lead + 1:lead + 4] if t.endswith("s") and not t.endswith("ss")), "") \
        if first in _ADJECTIVE_LEADS and nxt not in _DETERMINERS and not _AMOUNT_START_RE.match(nxt) else ""
    if noun and noun not in _PREPOSITIONS and (
            pair or any(t in ("per", "below", "under", "down") for t in toks[lead + 2:lead + 6])):
        return True  # 'Open queries per 100 pages from 6.5 to 2', 'Open defects under 40': an adjective
    if qty and first.endswith("s") and not first.endswith("ss") and nxt in ("with", "without", "who", "whose"):
        return True  # 'Coaches with safeguarding training in date 100%': a plural noun and who qualifies
    if first.endswith("s") and not first.endswith(("ss", "us", "is")) and nxt in ("that", "which", "who", "whose"):
        return True  # 'Reviews that mention crashes cut dramatically': an order takes the base form, not '-s'
    if nxt in _DETERMINERS or nxt in _PREPOSITIONS or _AMOUNT_START_RE.match(nxt):
        return False
    if pair and nxt not in lex.count_nouns and nxt not in lex.role_nouns and lead + 2 < len(toks) \
            and _AMOUNT_START_RE.match(toks[lead + 2]) and not lex.metric_nouns.search(first):
        return True  # 'Email list 18k -> 25k': a compound noun and its start and end values
    if pair and nxt in _COUNTED_BODIES and lead + 3 < len(toks) and toks[lead + 2] == "from" \
            and _AMOUNT_START_RE.match(toks[lead + 3]) and first not in lex.change_verbs:
        return True  # 'Email list from 210k to 260k subscribers': a counted body of people and its values
    if pair and nxt.endswith(("ance", "ence", "ency", "ancy", "ity", "ness")) and lead + 2 < len(toks) and (
            toks[lead + 2] in ("from", "rate", "score") or _AMOUNT_START_RE.match(toks[lead + 2])):
        return True  # 'Route adherence from 80% to 95%': a verb-like word and an abstract noun name a metric
    if pair and first.endswith("ed") and nxt not in _COMPARATIVES:
        return True  # 'Planned maintenance done on schedule from 78% to 95%': a participle naming the metric
    if _moved_metric(toks, lead, lex):
        return True  # 'Cascade failures reduced by half': the subject of a change participle
    phrase: list[str] = []
    for tok in toks[lead + 1:lead + 6]:
        if tok in _COPULAS:
            return True  # 'Research repository is live', 'Design review is held every week'
        if tok in _RELATIVES:
            break
        if tok in _DETERMINERS or tok in _PREPOSITIONS or _BOUND_START_RE.match(tok) \
                or tok in ("up", "down", "above", "below", "under", "at", "or"):
            break
        phrase.append(tok)
    if not phrase:
        return False
    head = phrase[-1]
    measured = _is_measured(flat, qty, lex) or bool(_DIRECTION_PARTICLES_RE.search(flat))
    # the head first: a set lookup that mostly decides, before the phrase is joined, spaced and searched
    if measured and (head in lex.metric_nouns or lex.metric_nouns.search(head) is not None) \
            and lex.metric_nouns.search(spaced(" ".join(phrase))) is not None:
        return True  # 'Deploy frequency from weekly to daily'
    if measured and first.endswith("s") and not first.endswith("ss") and qty:
        return True  # 'Reviews mentioning crashes from 9% to 2%'
    if pair and head in _DURATION_HEADS:
        return True  # 'Rework hours from 120 to 60 a week': hours of rework, a quantity
    return False


def _ends_in_state(flat: str, lex: Lexicon) -> bool:
    last = flat.rstrip(" .!").rsplit(" ", 1)[-1]
    if last not in lex.state_last_words:
        return False
    states = [m for m in lex.milestone_states.finditer(flat) if m.start() > 0]
    return bool(states) and states[-1].end() == len(flat.rstrip(" .!"))


def _keep(toks: list[str], lead: int, flat: str, qty, lex: Lexicon) -> Hit | None:
    """'Maintain 99.9% uptime', 'Keep churn below 2%', 'Uptime stays above 99.9%'.

    'Hold' keeps a level only when a metric or a level follows ('Hold p99 latency under 500 ms'); 'Hold
    monthly safety walks' is work.
    """
    verb = lex.maintain_verbs.match(toks, lead)
    if verb and verb.base == "hold":
        rest = spaced(" ".join(toks[lead + verb.length:]))
        if _counts_outputs(toks, lead + verb.length, lex, "hold") or not (
                qty or metric_noun(rest, lex) or lex.steady_states.search(rest)):
            verb = None
    if verb:
        return Hit(verb.words, "keep verb")
    for i in range(lead + 1, min(len(toks), lead + 1 + _SUBJECT_VERB_WINDOW)):
        verb = lex.maintain_verbs.match(toks, i)
        if verb and verb.base in ("stay", "remain", "keep", "hold") and i + 1 < len(toks) and toks[i + 1] in (
                "above", "below", "under", "over", "at", "within", "between", "steady", "stable", "flat", "level",
                "unchanged", "constant") and not _counted_places(toks[i + 2:i + 5]):
            return Hit(f"{verb.words} {toks[i + 1]}", "keep verb")
    tail = _KEEP_TAIL_RE.search(flat) if lead + 1 < len(toks) and _KEEP_TAIL_VERB_RE.search(flat) else None
    if tail and lead < len(toks) and not lex.change_verbs.match(toks, lead):
        return Hit(tail.group(1), "keep verb")  # 'Uptime - maintain 99.9%', 'Offer acceptance: hold at 85%'
    kept = _KEPT_LEVEL_RE.search(flat) if lead < len(toks) and not lex.change_verbs.match(toks, lead) else None
    if kept and kept.start() > 0 and (_level_follows(flat[kept.end():]) or lex.steady_states.search(flat[kept.start():])):
        return Hit(kept.group(0), "keep verb")  # 'On-shelf availability of top SKUs maintained at 97%+'
    return None


_LEVEL_RE = regex_cache.compile(r"\s*(?:or (?:above|below|better)\s*)?[<>≤≥~]?\s*[$€£¥₹]?\d[\d,.]*\s*"
                                r"(?:%|(?:k|m|bn)(?![a-z])|/\d+|\+)?"
                                r"(?:\s*([a-z]+))?(?:\s+([a-z]+))?")
_LEVEL_UNITS = frozenset("percent per cent pts points stars days hours minutes seconds ms weeks months working "
                         "business or and".split())


def _counted_places(after: list[str]) -> bool:
    """'held at 4 partner schools': a count of places after the preposition, not a level."""
    return bool(after) and _WHOLE_NUMBER_RE.match(after[0]) is not None and not _level_follows(" ".join(after))


def _level_follows(rest: str) -> bool:
    """A level after 'maintained at': '97%+', '£3k', '4.5/5', '20 working days'; not a count ('at 4 sites')."""
    level = _LEVEL_RE.match(rest)
    if not level:
        return False
    for word in level.group(1, 2):
        if not word or word in _LEVEL_UNITS:
            return True
        if word.endswith("s") and not word.endswith("ss"):
            return False  # '4 partner schools', '500 SKUs'
    return True


_EVENT_VERBS = frozenset({"hold", "run", "host", "organise", "organize"})
_PEOPLE_VERBS = frozenset({"onboard", "get", "add", "bring"})


def _object_words(toks: list[str], at: int, limit: int = 5) -> list[str]:
    words = []
    for tok in toks[at:at + limit]:
        if tok in _PREPOSITIONS:
            break
        words.append(tok)
    return words


def _counts_outputs(toks: list[str], at: int, lex: Lexicon, verb: str = "") -> bool:
    """Whether the words after a verb count things produced, events held or staff taken on.

    After hold/run/host any count is of events ("Hold 4 town halls"); after other verbs the counted noun
    must be an output ("Get 5 speaking slots" yes, "Get 40 paying bookshops" no) or, after onboard, a role
    ("Onboard 4 new support agents" yes, "Onboard 120 new partners" no).
    """
    window = toks[at:at + 5]
    if window and (_DIGIT_START_RE.match(window[0]) or window[0] in ("a", "an")) and verb in _EVENT_VERBS:
        return True  # "Hold 4 town halls", "Run a hackathon"
    if window and _DIGIT_START_RE.match(window[0]) and verb == "open":
        return True  # "Open 4 new trial sites", "Open 3 regional hubs"
    obj = spaced(" ".join(_object_words(toks, at)))
    if lex.output_nouns.search(obj):
        return True
    return verb in _PEOPLE_VERBS and lex.role_nouns.search(obj) is not None


def _object_is_measured(toks: list[str], at: int, flat: str, measure, lex: Lexicon) -> bool:
    """'Extend runway to 18 months', 'Book $2M in new ARR', 'Add 500 paying customers': a result, not work."""
    obj = spaced(" ".join(toks[at:at + 6]))
    if metric_noun(obj, lex) and (measure.target is not None or measure.change is not None
                                         or measure.factor is not None or _DIRECTION_PARTICLES_RE.search(flat)):
        return True
    if _QUANTITY_PHRASE_RE.search(flat):
        return True  # 'Provide same-day answers to 90% of queries'
    counted = _object_words(toks, at)
    return bool(counted) and _AMOUNT_START_RE.match(counted[0]) is not None \
        and lex.count_nouns.search(spaced(" ".join(counted))) is not None


def _activity(toks, lead, flat, qty, word_qty, measure, lex, result_lead, subject, pair=False) -> Hit | None:
    if not subject and lead < len(toks) and toks[lead] in CLOSING_VERBS and not pair and "%" not in flat \
            and FINDINGS_RE.search(" ".join(toks[lead + 1:lead + 8])) and not _SERVICE_BOUND_RE.search(flat):
        return Hit(" ".join(toks[lead:lead + 4]), "task verb")  # 'Close all 14 open audit findings': a work list
    if not subject and "%" not in flat and not pair and _EVERY_DONE_WITHIN_RE.match(flat):
        return Hit(_EVERY_DONE_WITHIN_RE.match(flat).group(0), "service promise")
    if result_lead:
        if result_lead.base in ("achieve", "earn", "gain", "attain", "obtain") and _CERTIFICATION_RE.search(flat) \
                and not qty:
            return Hit(" ".join(toks[lead:lead + 4]), "certification")
        return None
    if not subject:
        hit = _task_verb_lead(toks, lead, flat, qty, measure, lex)
        if hit is not None:
            return hit or None
    has_metric_noun = metric_noun(flat, lex) is not None
    noun = lex.deliverable_nouns.search(flat)
    if noun and not qty and not word_qty and not has_metric_noun and not _QUANTITY_PHRASE_RE.search(flat) \
            and not _COPULAS.intersection(flat[:noun.start()].split()) and not _moved_metric(toks, lead, lex) \
            and not _state_follows(flat, noun.end(), lex):
        head = toks[0] if toks else ""
        if subject or not (head in lex.activity_verbs or head in lex.change_verbs):
            return Hit(noun.group(0), "work noun")
    event = _leading_work_event(flat) if noun and qty and not pair and not has_metric_noun else None
    if event:
        return Hit(event, "work noun")  # 'Roll-out of the portal to 100% of partners', 'Scheme go-live in 3 towns'
    # Outputs written as a noun phrase: 'Joint roadmap reviews every month', '4 webinars per quarter'.
    first = toks[lead] if lead < len(toks) else ""
    output = lex.output_nouns.search(flat)
    if output and (qty or _RECURRENCE_RE.search(flat)) and not has_metric_noun and not pair \
            and not _CEILING_RE.search(flat) \
            and not _QUANTITY_PHRASE_RE.search(flat) and not _per_population(flat, lex) \
            and first not in lex.change_verbs and first not in lex.result_verbs and first not in lex.maintain_verbs:
        return Hit(output.group(0), "output count")
    if not qty and not word_qty and not has_metric_noun and not pair and not _QUANTITY_PHRASE_RE.search(flat):
        provided = _provision(toks, lead, flat, output, lex)
        if provided:
            return provided
    # A subject doing work: 'Every employee completes security awareness training'.
    for i in range(lead + 1, min(len(toks), lead + 1 + _SUBJECT_VERB_WINDOW)):
        if toks[i - 1] in _BE_WORDS or toks[i - 1] in _PREPOSITIONS or toks[i + 1:i + 2] in (["that"], ["which"]):
            break  # a word a relative clause follows is its noun: '1-star reviews that mention crashes'
        verb = lex.activity_verbs.match(toks, i)
        modifier = verb and metric_noun(" ".join(toks[i + verb.length:i + verb.length + 2]), lex)
        if modifier and modifier.start() == 0:
            continue  # 'Better test coverage': 'test' names the metric, it is not a verb
        if verb and any(_state_follows(" ".join(toks[j:]), len(toks[j]), lex)
                        for j in range(i + verb.length - 1, min(len(toks), i + verb.length + 2))):
            break  # 'Stage 2 audit passed with no major findings': the noun of a milestone state
        if verb and not verb.words.endswith(("ed", "built", "written", "done", "set up")) \
                and not verb.words.split()[0].endswith("ing") and not qty and not word_qty \
                and not _QUANTITY_PHRASE_RE.search(flat):
            return Hit(verb.words, "task verb")
    return None


def _state_follows(flat: str, at: int, lex: Lexicon) -> bool:
    """'Stage 2 audit passed', 'Design review signed off': the work noun is the subject of a milestone state."""
    rest = flat[at:at + 40].lstrip()
    state = lex.milestone_states.search(rest) if rest else None
    return state is not None and state.start() == 0


def _provision(toks, lead, flat, output, lex) -> Hit | None:
    """Something provided, with no measure: 'Extra Saturday clinics', 'A mentor for every graduate',
    'Account reviews held with all key clients'. A line that leads with a verb is judged by its verb.
    """
    first = toks[lead] if lead < len(toks) else ""
    if not first or first in lex.verb_leads and first not in _PROVISION_LEAD:
        return None
    if output and first in _PROVISION_LEAD and output.start() > 0:
        return Hit(f"{first} {output.group(0)}", "output count")
    if output and _EVENTS_HELD_RE.search(flat, output.end()):
        return Hit(_EVENTS_HELD_RE.search(flat, output.end()).group(0), "output count")
    if _PROVISION_SCOPE_RE.match(flat) and not _ends_in_state(flat, lex) and not _perceived(toks, lead, lex):
        scope = _PROVISION_SCOPE_RE.match(flat).group(0)
        if not _COPULAS.intersection(scope.split()) and not lex.milestone_states.search(scope) and not any(lex.activity_verbs.match(toks, i) or
                                                                lex.change_verbs.match(toks, i)
                                                                for i in range(lead, len(scope.split()))):
            return Hit(scope, "work noun")
    return None


def _leading_work_event(flat: str) -> str | None:
    """A work-event noun heading the line's first phrase: 'Roll-out of X to ...', 'Youth scheme go-live in ...'.

    Not when a service level qualifies it ('Deployment to production within 2 days for 90% of changes').
    """
    if _SERVICE_LEVEL_RE.search(flat):
        return None
    words = flat.split()
    for i, word in enumerate(words[:6]):
        if word in _PREPOSITIONS or word in _COPULAS or _AMOUNT_START_RE.match(word):
            return None
        for n in (2, 1):
            phrase = " ".join(words[i:i + n])
            if i + n <= len(words) and phrase in _WORK_EVENT_NOUNS:
                nxt = words[i + n] if i + n < len(words) else ""
                return phrase if not nxt or nxt in _PREPOSITIONS else None
    return None


def _task_verb_lead(toks, lead, flat, qty, measure, lex) -> Hit | bool | None:
    """The verdict of the leading verb: a task (Hit), not a task (False), or no verdict (None)."""
    verb = lex.activity_verbs.match(toks, lead)
    if verb:
        after = toks[lead + verb.length:lead + verb.length + 3]
        if after and _DIGIT_START_RE.match(after[0]) and (
                (len(after) > 1 and after[1] in ("of", "out")) or "%" in after[0]) and _SERVICE_LEVEL_RE.search(flat):
            return False  # 'Respond to 90% of tickets within 4 hours' is a service level; 'Migrate 80% of
            # workloads' is a work quota
        if after and after[0] in _COMPARATIVES:
            return False  # 'Send fewer, more useful notifications' asks for a change
        if verb.base in ("build", "create", "develop", "establish") and _STATE_OBJECT_RE.search(
                " ".join(after + toks[lead + verb.length + 3:lead + verb.length + 5])):
            return False  # 'Build trust with regulators' names a state
        kind = "output count" if qty and _counts_outputs(toks, lead + verb.length, lex, verb.base) else "task verb"
        return Hit(verb.words, kind)
    if toks[lead:lead + 1] and toks[lead] in _SWITCH_VERBS and _NEW_HOME_RE.search(flat):
        return Hit(toks[lead], "task verb")  # 'Move 100% of card volume to the new processor': a migration
    verb = lex.output_verbs.match(toks, lead) or lex.task_verbs_unless_metric.match(toks, lead)
    if verb:
        at = lead + verb.length
        rest = toks[at:]
        if verb.base == "get" and _CERTIFICATION_RE.search(" ".join(rest[:5])):
            return Hit(" ".join(toks[lead:at + min(4, len(rest))]), "certification")
        if verb.base == "make" and _MAKE_BETTER_RE.match(" ".join(toks[lead:])):
            return False  # 'Make Google reviews better': an improvement to measure, not outputs to make
        if _counts_outputs(toks, at, lex, verb.base):
            return Hit(verb.words, "output count")
        if verb.base in lex.task_verbs_unless_metric and rest \
                and not _object_is_measured(toks, at, flat, measure, lex) and not _SPEED_COMPARATIVE_RE.search(flat):
            return Hit(verb.words, "task verb")
        return False
    milestone = lex.milestone_verbs.match(toks, lead)
    if milestone and not qty and (_CERTIFICATION_RE.search(flat) or (
            milestone.base == "pass" and _ASSESSMENT_RE.search(" ".join(toks[lead + 1:lead + 6])))):
        return Hit(" ".join(toks[lead:lead + 4]), "certification")  # 'Obtain ISO 27001 certification'
    if milestone or lex.maintain_verbs.match(toks, lead):
        return False
    return None


def _per_population(flat: str, lex: Lexicon) -> bool:
    """'Sessions per user per week': a ratio over people or things, so a metric, not a recurring output."""
    for m in _PER_POPULATION_RE.finditer(flat):
        word = m.group(1)
        if word not in _TIME_WORDS and word.rstrip("s") not in _TIME_WORDS:
            return True
    return False


#: A decision someone else takes, in the active voice: 'Board approves the budget', 'Legal signs off the
#: template', 'Council ratifies the policy'. It happens once, so it is a yes/no milestone.
_DECISION_RE = regex_cache.compile(
    r"^(?:the |our |a )?(?:[a-z][a-z\-&']* ){1,3}?(?:approves|signs off|ratifies|endorses|"
    r"green-lights|greenlights|agrees to|awards|grants|certifies|accredits|signs)(?![a-z])")


def _binary(toks, lead, flat, lex, result_lead, metric, subject) -> Hit | None:
    """A one-off yes/no milestone: 'Pricing page is live', 'Contract signed', 'Secure a multi-year grant'."""
    decision = _DECISION_RE.match(flat.strip()) if not _ANY_DIGIT_RE.search(flat) else None
    if decision:
        return Hit(decision.group(0), "decision")
    verb = None if subject else lex.milestone_verbs.match(toks, lead)
    if verb:
        obj = _object_words(toks, lead + verb.length, 6)
        plural = any(t in lex.count_nouns and t.endswith("s") for t in obj)
        if metric is None and not plural and not _MORE_OR_NEW_RE.search(flat):
            return Hit(" ".join(toks[lead:lead + 3]), "milestone verb")
    if not subject and (result_lead or lex.change_verbs.match(toks, lead) or lex.activity_verbs.match(toks, lead)):
        return None
    states = [m for m in lex.milestone_states.finditer(flat) if m.start() > 0]
    if not states:
        return None
    match = states[-1]
    if flat[:match.start()].split()[-1:] and flat[:match.start()].split()[-1] in _DEGREE_WORDS:
        return None
    after = flat[match.end():].split()
    predicate = not after or after[0] in _PREPOSITIONS or flat[:match.start()].split()[-1:] in (
        ["is"], ["are"], ["now"], ["been"], ["fully"])
    if not predicate and metric is not None and metric.kind != "counted thing":
        return None
    if predicate and metric is not None and metric.kind == "counted thing" and not subject \
            and lex.change_verbs.match(toks, lead):
        return None
    words = flat[:match.end()].split()
    return Hit(" ".join(words[-6:]), "milestone state")


def _perceived(toks: list[str], lead: int, lex: Lexicon) -> bool:
    """'New users understand the value faster', 'Customers love the app': a feeling, not a measure."""
    for i in range(lead, min(len(toks), lead + 1 + _SUBJECT_VERB_WINDOW)):
        if lex.perception_verbs.match(toks, i):
            return True
        if toks[i] in _PREPOSITIONS:
            break
    return False


def _metric(toks, lead, flat, qty, word_qty, lex, subject) -> Hit | None:
    if qty:
        return Hit(qty[0][1], "number")
    noun = metric_noun(flat, lex)
    if noun:
        return Hit(noun.group(0), "metric")
    phrase = _QUANTITY_PHRASE_RE.search(flat)
    if phrase:
        return Hit(phrase.group(0), "metric")
    if word_qty:
        counted = lex.count_nouns.search(flat[word_qty.end():]) or re.search(
            r"(?<![a-z])[a-z][a-z\-]*[^s\W]s(?![a-z])", flat[word_qty.end():])
        if counted:
            return Hit(f"{word_qty.group(0)} {counted.group(0)}", "number")  # 'Zero P1 incidents'
    rate = _RATE_RE.search(flat)
    if rate:
        return Hit(rate.group(0), "metric")  # 'Deploys per engineer per week' names a rate
    if _perceived(toks, lead, lex):
        return None
    better = _MAKE_BETTER_RE.match(" ".join(toks[lead:])) if toks[lead:lead + 1] == ["make"] else None
    if better:
        return Hit(better.group(0), "metric")
    speed = _SPEED_COMPARATIVE_RE.search(flat)
    if speed:
        return Hit(speed.group(0), "metric")  # 'Make checkout faster' implies a time to measure
    comparative = _COMPARATIVE_COUNT_RE.search(flat)
    if comparative and not comparative.group(1).endswith(("ss", "ness")):
        return Hit(comparative.group(0), "counted thing")
    change = None if subject else lex.change_verbs.match(toks, lead)
    result = None if subject or change else lex.result_verbs.match(toks, lead)
    if change or result:
        verb = change or result
        obj = _object_words(toks, lead + verb.length, 6)
        counted = lex.count_nouns.search(spaced(" ".join(obj)))
        if counted and (change or counted.group(0).endswith("s") or counted.group(0) in ("people", "children",
                                                                                          "staff")):
            return Hit(f"{verb.words} {counted.group(0)}", "counted thing")  # 'Retain customers'
        counted = None
        plural = next((t for t in obj if len(t) > 3 and t.endswith("s")
                       and not t.endswith(("ss", "ness", "ous", "us", "is"))), None)
        if change and plural:
            return Hit(f"{verb.words} {plural}", "counted thing")
        if change and obj and _AS_POSSIBLE_RE.search(flat):
            return Hit(f"{verb.words} {' '.join(obj[:3])}", "metric")  # 'Reduce idle compute as much as possible'
    new_count = _NEW_COUNT_RE.match(flat)
    if new_count:
        return Hit(new_count.group(1), "new count")  # 'New retainers signed': a count of wins, no target
    moved = _moved_metric(toks, lead, lex) if subject or not (
        lex.activity_verbs.match(toks, lead) or lex.change_verbs.match(toks, lead)
        or lex.result_verbs.match(toks, lead)) else None
    if moved:
        return moved
    if len(toks) - lead >= 2 and toks[-1] in _FACTOR_PARTICIPLES and not lex.activity_verbs.match(toks, lead):
        return Hit(f"{toks[-2]} {toks[-1]}", "metric")  # 'Lost km due to faults halved': a level and its factor
    vague = _VAGUE_LEVEL_RE.match(flat)
    if vague and (subject or not lex.activity_verbs.match(toks, lead)) and not vague.group(1).endswith(
            ("ss", "ness")):
        return Hit(vague.group(1), "counted thing")  # 'Renewals as high as possible': a metric, no target
    particle = _DIRECTION_PARTICLES_RE.search(flat)
    if particle and particle.start() > 0 and toks and lead < len(toks) and (
            subject or not lex.activity_verbs.match(toks, lead)):
        before = flat[:particle.start()].split()
        if before and before[-1] not in _PREPOSITIONS and particle.group(0).split()[0] in ("up", "down") \
                and _can_be_measured(before[-1]):
            return Hit(f"{before[-1]} {particle.group(0).split()[0]}", "metric")
    return None


_PRONOUNS = frozenset("us them it me you him her things everything everyone".split())


def _can_be_measured(word: str) -> bool:
    """Whether a word before 'up'/'down' can name what went up: a noun ('NPS up'), not 'come up', 'slow us down'."""
    if word in _PRONOUNS:
        return False
    kind = word_class(word)
    return not kind.known or kind.can_be("N")


#: Closing a list of audit findings or actions is work: 'Close all 14 open corrective actions'.
CLOSING_VERBS = frozenset(("close", "resolve", "clear", "remediate", "address", "action", "close out", "fix",
                            "triage", "burn"))
FINDINGS_RE = regex_cache.compile(r"(?<![a-z])(?:findings|non-?conformit(?:y|ies)|nonconformities|recommendations|"
                                   r"observations|audit points|action items|remediation items|capas|"
                                   r"(?:corrective|preventive|remedial|audit|open|outstanding)(?: [a-z\-]+){0,2} actions|"
                                   r"bugs|issues|defects|regressions|vulnerabilities|tickets|crashes|warnings|errors|failures|blockers|"
                                   r"todos)(?![a-z])")
#: A time bound or a speed makes closing defects a service level ('Resolve tickets within 4 hours').
_SERVICE_BOUND_RE = regex_cache.compile(r"(?<![a-z])(?:within|faster|quicker|sooner|under|less than|per|median|"
                                        r"average|p\d\d)(?![a-z])")
#: A promise about every case with no share: 'Every damp case inspected within 10 working days' (with a
#: share it is a service level: '95% of cases inspected within 10 days').
_EVERY_DONE_WITHIN_RE = regex_cache.compile(
    r"^(?:every|each|all) (?:[a-z0-9][a-z0-9\-&']* ){1,4}?(?:[a-z]+ed|seen|done|"
    r"given|taken|sent|met)(?: up| off| out| in)? within \d")
_ALL_SCOPE_RE = regex_cache.compile(r"(?<![a-z])all (?:of (?:the |our )?)?\d{1,4} (?=[a-z][a-z\-]*s(?![a-z]))")
#: Who is won and where: 'Gen Z on TikTok', 'young parents over on Instagram', 'nurses across the region'.
_WON_AUDIENCE_RE = regex_cache.compile(r"(?!(?:the|a|an|this|that|our)\s)(?:[a-z0-9][a-z0-9\-']*\s){1,3}?(?:over\s)?"
                                       r"(?:on|among|across|over)\s(?!time|budget|price|schedule|cost)")
#: Bodies of people counted as a whole: 'Email list', 'Donor base', 'Podcast audience'.
_COUNTED_BODIES = frozenset("list lists base audience audiences following membership readership subscribers "
                            "waitlist pipeline community network panel roster".split())
#: New things counted as they are won: 'New retainers signed', 'New members joined' (a count, no target).
_NEW_COUNT_RE = regex_cache.compile(r"^new ((?:[a-z\-]+ ){0,2}?[a-z\-]+[^s\W]s) (?:signed|won|added|joined|acquired|"
                                    r"opened|onboarded|booked|recruited|hired|secured|landed|registered)$")
_QUESTION_WORDS = frozenset("what how why where who which when can could should would shall is are do does "
                            "will".split())
_FACTOR_PARTICIPLES = frozenset(("halved", "doubled", "tripled", "trebled", "quadrupled"))


def _moved_metric(toks: list[str], lead: int, lex: Lexicon) -> Hit | None:
    """A noun phrase and a change participle: 'Protocol deviations reduced', 'Non-brand clicks doubled'.

    Not 'raised', which after a noun mostly means reported or collected ('Issues raised in Slack').
    """
    for i in range(lead + 1, min(len(toks), lead + 1 + _SUBJECT_VERB_WINDOW)):
        prev = toks[i - 1]
        if prev in _PREPOSITIONS or prev in _DETERMINERS or prev in _BE_WORDS and prev not in ("is", "are"):
            return None
        verb = lex.change_verbs.match(toks, i)
        nxt = toks[i + verb.length] if verb and i + verb.length < len(toks) else ""
        if verb and toks[i] != "raised" and (toks[i].endswith("ed") or toks[i] in ("cut", "grown", "shrunk")) and (
                not nxt or nxt in _PREPOSITIONS or nxt[0].isdigit() or nxt.endswith("ly") or nxt in ("and", "or")):
            before = toks[i - 1] if toks[i - 1] not in ("is", "are") else toks[i - 2]
            return Hit(f"{before} {toks[i]}", "metric")
    return None


# --------------------------------------------------------------------------- direction


_TIME_SECONDS = {"ms": 0.001, "seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800,
                 "months": 2_629_800, "years": 31_557_600}


#: A direction word after the metric, right before a from/to pair: 'Utilisation up from 71% to 80%'.
_STATED_DIRECTION_RE = regex_cache.compile(r"(?<![a-z\-])(up|down|higher|lower)\s+(?:from\s+)?[$€£¥₹]?\d[\d,.]*\s*"
                                           r"[a-z%]{0,3}\s*(?:to|->|→|=>|–|—)\s*[$€£¥₹]?\d")


#: Verbs that make 'up'/'down' part of a phrasal verb, not a direction: 'account set up from 38 to 14 days'.
_PHRASAL_PARTNERS = frozenset(
    "set sign follow pick clean back start ramp top catch make look mark break shut slow turn write wind step "
    "scale warm wrap hold check take put go come bring call pay open lock keep cool mop join log sit stand run "
    "build touch round line tidy speed spin power fire boot clear load close end wake count sum".split())


def direction_conflict(measure: Measure, facts: KrFacts) -> tuple[float, float] | None:
    """The (baseline, target) pair when the stated direction contradicts the numbers, else None."""
    stated = _STATED_DIRECTION_RE.search(lowered(facts.text))
    if stated and facts.keep is None and facts.has_baseline and facts.has_target and measure.baseline is not None \
            and measure.target is not None and (measure.baseline_unit is None or measure.unit is None
                                                or measure.baseline_unit == measure.unit) \
            and lowered(facts.text)[:stated.start()].split()[-1:] not in ([w] for w in _PHRASAL_PARTNERS):
        up = stated.group(1) in ("up", "higher")  # 'NPS up 45 -> 38': a direction word after the metric
        if up and measure.target < measure.baseline or not up and measure.target > measure.baseline:
            return measure.baseline, measure.target
        return None
    if measure.direction not in (Direction.INCREASE, Direction.REDUCE) or facts.keep is not None:
        return None
    if measure.baseline is None or measure.target is None or not facts.has_baseline or not facts.has_target:
        return None
    base, target = measure.baseline, measure.target
    if measure.baseline_unit and measure.unit and measure.baseline_unit != measure.unit:
        if measure.baseline_unit in _TIME_SECONDS and measure.unit in _TIME_SECONDS:
            base *= _TIME_SECONDS[measure.baseline_unit]
            target *= _TIME_SECONDS[measure.unit]
        else:
            return None
    if measure.direction is Direction.INCREASE and target < base:
        return base, target
    if measure.direction is Direction.REDUCE and target > base:
        return base, target
    return None


# --------------------------------------------------------------------------- objectives


class ObjectiveFacts(NamedTuple):
    text: str
    activity: Hit | None
    quantities: tuple[str, ...]
    purpose: Hit | None
    fog: tuple[Hit, ...]


_TO_PURPOSE_BLOCKERS = frozenset(
    "easy easier hard harder able ready want wants need needs how going time way for from".split())


@lru_cache(maxsize=1024)
def analyse_objective(text: str, lex: Lexicon) -> ObjectiveFacts:
    toks = tokens(text)
    flat = spaced(text)
    lead = lead_position(toks)
    return ObjectiveFacts(
        text=text,
        activity=_objective_activity(toks, lead, flat, lex),
        quantities=tuple(q for _, q in quantities(text, words=False)) + _zero_count(flat, lex),
        purpose=_purpose(toks, flat, lex),
        fog=tuple(Hit(w, "jargon") for w in dict.fromkeys(lex.fog_phrases.findall(lowered(text)))),
    )


def _zero_count(flat: str, lex: Lexicon) -> tuple[str, ...]:
    """'Zero lost-time injuries': a count written as a word is still a number in an objective."""
    match = _ZERO_OUTPUTS_RE.search(flat)
    return (match.group(0),) if match else ()


def _objective_activity(toks, lead, flat, lex) -> Hit | None:
    """A task or a solution as the objective: 'Launch the mobile app', 'Invest in SEO', 'Move to the cloud'.

    Not a task: a change verb ('Reduce churn'), a state object ('Build a culture where people stay'), or a
    manner comparative that asks for the same work done differently ('Hire great engineers faster',
    'Deliver on time', 'Land larger first contracts').
    """
    result = lex.result_verbs.match(toks, lead)
    if result and result.base in ("achieve", "earn", "gain", "attain", "obtain") and _CERTIFICATION_RE.search(flat):
        return Hit(" ".join(toks[lead:lead + 3]), "certification")  # 'Achieve JCI accreditation'
    if lex.change_verbs.match(toks, lead) or result and not lex.milestone_verbs.match(toks, lead):
        return None
    if _GAP_RE.match(" ".join(toks[lead:lead + 7])):
        return None  # 'Close the attainment gap' narrows a difference: a change
    separable = _separable_task(toks, lead, flat)
    if separable:
        return Hit(separable, "task verb")  # 'Put a contract playbook in place', 'Get the new CRM live'
    if toks[lead:lead + 2] in (["put", "on"], ["lay", "on"], ["stage", "a"]):
        return Hit(" ".join(toks[lead:lead + 2]), "task verb")  # 'Put on a summer fundraising season': an event to run
    if lex.fog_phrases.search(lowered(" ".join(toks[lead:lead + 4]))):
        return None  # 'Move the needle on ...' is fog, not a task
    rest = spaced(" ".join(toks[lead + 1:]))
    more_outputs = _MORE_FEWER_RE.match(rest) is not None and \
        lex.output_nouns.search(" ".join(rest.split()[1:4])) is not None  # 'Write more help articles'

    if (_MANNER_RE.search(flat) or _MANNER_EXTRA_RE.search(flat) or _PROMISED_DATE_RE.search(flat)
            or _manner_adverb(toks, lead)) and not more_outputs:
        return None
    verb = lex.activity_verbs.match(toks, lead) or lex.milestone_verbs.match(toks, lead)
    if verb and toks[lead + verb.length:lead + verb.length + 1] in (["on"], ["against"]) and verb.base in (
            "deliver", "execute", "follow up"):
        return None  # 'Deliver on the promise we make to shippers': keep a promise, a state of trust
    if verb and verb.base in lex.milestone_verbs and _FUNDING_RE.search(" ".join(toks[lead + verb.length:lead + 5])):
        return None  # 'Secure seed funding so we can hire': money in the bank is a state, like 'raise'
    if verb and verb.base in ("sort out", "tidy up"):
        return None  # 'Sort out finances' wishes for a better state; in a key result it is a task
    if verb:
        after = toks[lead + verb.length:lead + verb.length + 1]
        if after and (after[0] in _NOBODY or after == ["no"] and toks[lead + verb.length + 1:lead + verb.length + 2]
                      and toks[lead + verb.length + 1] in ("one", "customer", "patient", "worker", "one's", "child",
                                                            "resident", "player", "student", "user", "member")):
            return None  # 'Send nobody home hurt', 'Leave no customer waiting': a state to hold
        if verb.base in ("send", "get", "bring") and after and after[0] in ("every", "each", "all", "everyone") \
                and "home" in toks[lead + verb.length:lead + verb.length + 5]:
            return None  # 'Send every worker home uninjured': the state each person ends the day in
        if verb.base == "win" and _WON_AUDIENCE_RE.match(" ".join(toks[lead + verb.length:lead + verb.length + 6])):
            return None  # 'Win Gen Z on TikTok', 'Win parents over on Instagram': an audience won, a standing
        if after in (["more"], ["fewer"], ["less"]) and not more_outputs:
            return None
        if verb.base in ("build", "create", "develop", "establish") and _STATE_OBJECT_RE.search(rest):
            return None
        audience = _AUDIENCE_RE.search(rest) if verb.base in ("build", "create", "develop", "grow", "earn") else None
        if audience and not _OBJECT_PREP_RE.search(rest[:audience.start()]):
            return None
        if verb.base in lex.milestone_verbs and any(
                t.endswith("s") and t in lex.count_nouns for t in _object_words(toks, lead + verb.length, 6)):
            return None
        if verb.base in ("win", "win back", "regain", "recapture", "recover") and _STANDING_RE.search(
                _MAIN_CLAUSE_END_RE.split(rest, maxsplit=1)[0]):
            return None  # 'Win back public-sector share': a standing regained, a result  # 'Win back lapsed mobile users', 'Sign up more schools' count results
        return Hit(verb.words, "task verb")
    if toks[lead:lead + 1] and toks[lead] in _REPAIR_VERBS and toks[lead + 1:lead + 2] and toks[lead + 1] in (
            "the", "our", "this", "that", "these", "those") and _PROBLEM_RE.search(" ".join(toks[lead + 1:lead + 7])) \
            and not _SERVICE_LEVEL_RE.search(flat):
        return Hit(toks[lead], "task verb")  # 'Fix the crash problem on old phones': a repair job
    verb = lex.output_verbs.match(toks, lead) or lex.task_verbs_unless_metric.match(toks, lead)
    if verb:
        at = lead + verb.length
        nxt = toks[at] if at < len(toks) else ""
        if _DIGIT_START_RE.match(nxt) and not (nxt.endswith("%") and _RIGHT_RE.search(flat)) or (verb.base == "get" and _CERTIFICATION_RE.search(flat)) \
                or (verb.base in _EVENT_VERBS and _counts_outputs(toks, at, lex, verb.base)):
            return Hit(verb.words, "task verb")  # 'Run a great user conference', 'Open 3 stores'
    noun = lex.deliverable_nouns.search(flat)
    if noun and not metric_noun(flat, lex) and len(toks) <= 6:
        return Hit(noun.group(0), "work noun")
    return None


#: Moving a share of something onto a new platform is a migration quota, however it is measured.
_SWITCH_VERBS = frozenset(("move", "switch", "transfer", "shift", "port", "transition"))
_NEW_HOME_RE = regex_cache.compile(r"(?<![a-z])(?:to|onto|over to|across to|into) (?:the |our |a )?(?:new|replacement|"
                                   r"target|cloud|modern)(?![a-z])|(?<![a-z])onto(?![a-z])")
_REPAIR_VERBS = frozenset(("fix", "solve", "resolve", "sort", "tackle", "address", "repair"))
_PROBLEM_RE = regex_cache.compile(r"(?<![a-z])(?:problems?|issues?|bugs?|glitch(?:es)?|mess|backlog)(?![a-z])")
_MAIN_CLAUSE_END_RE = regex_cache.compile(
    r"\s(?:so|because|by|before|until|in order|to help|to make|which|and then)\s|[,;:(—–]")


def _separable_task(toks: list[str], lead: int, flat: str) -> str | None:
    """'Put X in place', 'Get X live', 'Have X up and running': the work verb and its end state, apart."""
    if lead >= len(toks) or toks[lead] not in _SEPARABLE_LEADS:
        return None
    start = flat.find(toks[lead])
    clause = _MAIN_CLAUSE_END_RE.split(flat[start:], maxsplit=1)[0].strip(" .!")
    end = _SEPARABLE_END_RE.search(clause)
    if end is None or not 2 <= len(clause[:end.start()].split()) <= 8:
        return None
    if end.group(0) == "in" and re.search(r"(?<![a-z])(?:more|fewer|less|most|back|people|customers|users|"
                                          r"visitors|patients|members|[a-z]+ers)(?![a-z])", clause):
        return None  # 'Get more families in', 'Get first-time buyers in': people to bring, a result
    return f"{toks[lead]} ... {end.group(0)}"


def _manner_adverb(toks: list[str], lead: int) -> bool:
    """'Hire well, fast', 'Onboard people well': an adverb of manner closing the verb phrase."""
    if lead + 1 < len(toks) and _DIGIT_START_RE.match(toks[lead + 1]):
        return False  # 'Hire 5 engineers fast' is a quota
    for i, tok in enumerate(toks[lead + 1:lead + 6], start=lead + 1):
        if tok in ("well", "fast") and (
                i + 1 == len(toks) or toks[i + 1] in ("and", "so", "because", "to", "fast", "well", "every",
                                                       "first", "this", "the")) and toks[i - 1] != "as":
            return True
    return False


_COMMA_TO_RE = regex_cache.compile(r"[,;:]\s+(?:in order\s+)?to\s+([a-z][a-z\-]*(?:\s[a-z]+)?)")
#: Verbs that, after 'to', state what the objective is for: 'to avoid penalties', 'to bring costs down'.
_PURPOSE_VERBS = frozenset("avoid prevent stop bring free help give let ensure enable allow protect meet "
                           "comply win unlock fund support pay".split())


def _purpose(toks: list[str], flat: str, lex: Lexicon) -> Hit | None:
    marker = lex.purpose_markers.search(flat)
    if marker and marker.start() > 0:
        return Hit(marker.group(0), "purpose")
    if flat.rstrip().endswith("?") and toks[:1] and toks[0] in _QUESTION_WORDS:
        return None  # 'What would it take for the archive to pay its way?': a question, its 'to' asks, not why
    for clause in _COMMA_TO_RE.finditer(flat):  # '..., to avoid the penalties', '... in time, to win back trust'
        verb_toks = tokens(clause.group(1))
        if verb_toks and (verb_toks[0] in _PURPOSE_VERBS or lex.change_verbs.match(verb_toks, 0)
                          or lex.result_verbs.match(verb_toks, 0) or lex.maintain_verbs.match(verb_toks, 0)):
            return Hit(f"to {verb_toks[0]}", "purpose")
    for i, tok in enumerate(toks[1:-1], start=1):
        if tok != "to" or toks[i - 1] in _TO_PURPOSE_BLOCKERS:
            continue
        if lex.change_verbs.match(toks, i + 1) or lex.result_verbs.match(toks, i + 1) \
                or lex.maintain_verbs.match(toks, i + 1) or toks[i + 1] in _PURPOSE_VERBS:
            if not any(t == "from" and j + 1 < i and _SIGNED_START_RE.match(toks[j + 1])
                       for j, t in enumerate(toks[max(0, i - 4):i], start=max(0, i - 4))):
                return Hit(f"to {toks[i + 1]}", "purpose")
    return None
