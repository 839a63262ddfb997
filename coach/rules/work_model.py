"""A small trained reader of "work or result": a logistic model over the typed reading of a key result.

It sees what :mod:`coach.reading` and the number grammar see (the lead word's class and base form, the
first and last words, whether the line states a number, a share, a baseline or a target, word and
word-class pairs) and, in the ``stacked`` variant, the facts the phrase grammar found. It is trained by
``scripts/train_work_model.py`` from our labelled sets and the dev split of the real corpus; the weights
are a small JSON file read on first use, scored in pure Python (no numpy at check time).

Not wired into :mod:`coach.rules.judgement`: in group cross-validation across writers it beat the grammar
only on the lines the grammar leaves undecided, and there calling every line work does as well (see
docs/architecture.md). :func:`decide_undecided` is the one call the judgement would make if a retrained
model ever does better; ``--write`` makes the weights file it reads.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from coach.model import Measure
from coach.reading import Reading, Token

WEIGHTS = Path(__file__).with_name("work_model.json")


def _cls(tok: Token) -> str:
    """A coarse word class: number, function word, or the lexicon's letters ('?' for unknown words)."""
    if tok.is_number:
        return "#%" if "%" in tok.text else "#"
    if tok.is_function_word:
        return "F:" + tok.text
    if tok.verb is not None:
        if tok.is_base_verb:
            return "Vb" + ("N" if tok.can_be_noun else "")
        if tok.text.endswith("ing"):
            return "Vg"
        if tok.is_participle:
            return "Vn"
        return "Vs" + ("N" if tok.can_be_noun else "")
    return tok.kind.classes or "?"


def _lemma(tok: Token) -> str:
    if tok.is_number:
        return "<num%>" if "%" in tok.text else "<num>"
    return tok.verb or tok.kind.noun or tok.text


def features(reading: Reading, measure: Measure, facts=None) -> list[str]:
    """The model's features of one key result; ``facts`` (the phrase grammar's KrFacts) adds its verdicts."""
    toks = reading.tokens[reading.lead:]
    out = ["bias"]
    if not toks:
        return out + ["empty"]
    lead = toks[0]
    classes = [_cls(t) for t in toks]
    lemmas = [_lemma(t) for t in toks]
    out += [f"lead={lemmas[0]}", f"leadc={classes[0]}", f"lead2={lemmas[0]}|{classes[1] if len(toks) > 1 else '$'}",
            f"c3={'_'.join(classes[:3])}", f"last={classes[-1]}", f"lastw={lemmas[-1]}",
            f"len={min(len(toks), 12) // 3}"]
    if lead.can_be_noun:
        out.append("lead_noun")
    if reading.leads_with_base_verb:
        out.append("base_verb_lead")
    if reading.ends_with_participle:
        out.append("ends_participle")
    for i, lem in enumerate(lemmas):
        out.append("w=" + lem)
        if i + 1 < len(lemmas):
            out.append(f"ww={lem}_{lemmas[i + 1]}")
            out.append(f"cc={classes[i]}_{classes[i + 1]}")
    nums = [t for t in toks if t.is_number]
    out.append(f"nums={min(len(nums), 3)}")
    if any("%" in t.text for t in nums):
        out.append("pct")
    if measure.has_target:
        out.append("target")
    if measure.has_baseline:
        out.append("baseline")
    if measure.deadline:
        out.append("deadline")
    if measure.direction is not None:
        out.append(f"dir={measure.direction.value}")
    if measure.metric:
        out.append("metric")
    if facts is not None:
        out += _fact_features(facts)
    return out


def _fact_features(facts) -> list[str]:
    out = []
    if facts.activity is not None:
        out.append(f"g:act={facts.activity.kind}")
    if facts.binary is not None:
        out.append(f"g:bin={facts.binary.kind}")
    if facts.keep is not None:
        out.append("g:keep")
    if facts.metric is not None:
        out.append(f"g:metric={facts.metric.kind}")
    if facts.has_target:
        out.append("g:target")
    if facts.has_baseline:
        out.append("g:baseline")
    if facts.vague:
        out.append("g:vague")
    if facts.activity is None and facts.binary is None and facts.keep is None and facts.metric is None:
        out.append("g:none")
    return out


@lru_cache(maxsize=1)
def _weights() -> tuple[dict[str, float], dict]:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return data["weights"], data["meta"]


def probability(reading: Reading, measure: Measure, facts=None) -> float:
    """The model's probability that the line is work (an activity or a yes/no milestone), not a result."""
    weights, _ = _weights()
    z = sum(weights.get(f, 0.0) for f in features(reading, measure, facts))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


#: Above this probability the model calls a line the grammar left undecided work (the cut-off the
#: cross-validation in scripts/train_work_model.py measured).
THRESHOLD = 0.5
#: The trainer turns the model off to read what the grammar alone decides.
ENABLED = True


def wishes(reading: Reading, lex) -> bool:
    """The grammar read a wish for a quality, a feeling or a behaviour here ('Become the partner of choice',
    'Happier volunteers', 'Customers recommend us', 'Build a world-class culture'): its word lists know
    the lead verb, or a word judges a quality, or a verb of feeling or wishing is used, or a subject has
    its verb. The model does not overrule that reading: with nothing counted it is 'no metric', not work."""
    toks = reading.tokens[reading.lead:]
    lead = toks[0]
    if lead.text in lex.verb_leads or lead.text in lex.aspiration_verbs.first_words:
        return True
    words = [t.text for t in toks]
    text = " ".join(words)
    if any(w in lex.quality_words for w in words) or lex.vague_words.search(text) or lex.fog_phrases.search(text):
        return True
    if any(lex.perception_verbs.match(words, i) or lex.aspiration_verbs.match(words, i) for i in range(len(words))):
        return True
    from coach.rules.judgement import _finite_verb_at

    if _finite_verb_at(reading) is not None:
        return True  # 'Customers recommend the app': a subject and its verb, a behaviour one can count
    return any(t.kind.can_be("A") and not t.kind.can_be("N") and not t.kind.can_be("V") and not t.is_function_word
               for t in (lead, toks[-1]))  # 'Happier volunteers', 'customers happier': a quality wished for


def decide_undecided(reading: Reading, measure: Measure, facts, lex):
    """The facts of a line the grammar left undecided (no task, milestone, held level or metric, and no
    wish it recognised), with the model's verdict: work becomes an activity, anything else is left as it
    was (then 'no metric')."""
    if not ENABLED or reading.lead_token is None or wishes(reading, lex):
        return facts
    if probability(reading, measure) < THRESHOLD:
        return facts
    from coach.rules.analysis import Hit

    toks = reading.tokens[reading.lead:reading.lead + 3]
    kind = "task verb" if reading.leads_with_base_verb else "work noun"
    return facts._replace(activity=Hit(" ".join(t.text for t in toks), kind))
