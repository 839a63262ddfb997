"""Re-check many rewrites of one set as fast as one check, with the verdict of a full re-check.

The verdict of a rewrite is defined by :func:`coach.suggest.verify.recheck_accepted`: accept it alone,
write the revised draft (:func:`coach.revise.draft_markdown`), check it with :func:`coach.check.check_text`
and keep the findings on the rewritten line. Done once per rewrite, a draft with n lines and n rewrites
costs n full checks (n squared: 26 s for a 20,000-character paste). :class:`Rechecker` gives the same
findings with one parse per batch and one line judged per rewrite:

1. **Parse once per batch.** The base set is written and parsed once (``P0``). A batch of rewrites on
   distinct lines is applied to one copy, written and parsed once (``PB``). The batch is used only if
   ``PB`` has ``P0``'s shape (the same set fields, objectives and key-result counts) and every line no
   rewrite touched reads exactly as in ``P0``; the rewritten lines' readings are taken from ``PB``. A
   draft holding ``|`` (the parser's table reading looks at the whole text) or a batch that fails the test
   falls back to the full re-check, rewrite by rewrite.
2. **The revised set.** ``Ps`` is ``P0`` with the one rewritten line replaced by its reading in ``PB``
   (at its line number in ``P0``: a rewrite adds initiative lines only below its own line): the set the
   full re-check would parse for that rewrite alone.
3. **Judge one objective again.** The rules' facts are read per objective
   (:meth:`coach.rules.base.CheckContext.with_objective`), so only the rewritten line's objective is
   judged again; the set rules (duplicates against every other key result, the counts, initiatives among
   outcome key results) still see the whole revised set, and the language test is a sum of per-line
   counts (:func:`coach.parse.language.english_tally`).
4. **Findings at the line.** :func:`coach.rules.engine.check_location` runs the selected rules at the
   rewritten place only, then silencing, exactly as the full check does there.

``tests/test_suggest_recheck.py`` compares this with the full re-check over the evaluation datasets and
the real corpus.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from coach.model import Finding, OkrSet, Suggestion

log = logging.getLogger(__name__)

_SOURCE = "revised draft"
#: Parts of a set that the batch must leave as they are in the base parse.
_SET_FIELDS = ("team", "owner", "period", "starts", "ends", "parent_objective", "initiatives", "source_format")


def _read(text: str) -> OkrSet:
    """The set ``check_text`` checks for ``text`` (the parse plus the title-line period)."""
    from coach.check import _with_title_period
    from coach.parse import parse_draft

    return _with_title_period(parse_draft(text, source=_SOURCE), text)


def _place(s: Suggestion) -> tuple[int | None, int | None]:
    return (s.location.objective, None if s.kind == "objective" else s.location.key_result)


def _kr_reading(kr) -> dict:
    return kr.model_dump(exclude={"line"})


def _objective_reading(objective) -> dict:
    return objective.model_dump(exclude={"line", "key_results", "initiatives"})


class Rechecker:
    """The findings :func:`~coach.suggest.verify.recheck_accepted` gives, for many rewrites of one set."""

    def __init__(self, okr_set: OkrSet, settings=None) -> None:
        from coach.config import default_settings

        self.okr_set = okr_set
        self.settings = settings or default_settings()
        self.fast = False
        self.fallbacks = 0  # rewrites re-checked the slow way (for the tests and the bench)
        try:
            base_text = self._markdown(okr_set)
            if "|" in base_text:
                return
            self.base = _read(base_text)
        except Exception:  # noqa: BLE001 - the full re-check raises the same error for each rewrite
            log.debug("base parse failed; rewrites are re-checked one by one", exc_info=True)
            return
        from coach.parse.language import english_tally
        from coach.rules import load_profile
        from coach.rules.base import CheckContext

        profile = load_profile(self.settings.profile, self.settings.rules.extend)
        self.ctx = CheckContext.build(self.base, profile)
        self.tally = english_tally([o.text for o in self.base.objectives]
                                   + [kr.text for _, kr in self.base.iter_key_results()])
        self.fast = len(self.base.objectives) == len(okr_set.objectives) and all(
            len(a.key_results) == len(b.key_results) for a, b in zip(self.base.objectives, okr_set.objectives))

    @staticmethod
    def _markdown(okr_set: OkrSet) -> str:
        from coach.revise import draft_markdown

        return draft_markdown(okr_set)

    # ------------------------------------------------------------------ public

    def findings(self, suggestions: Iterable[Suggestion]) -> list[list[Finding]]:
        """For each suggestion, the findings of the full re-check, in the same order."""
        suggestions = list(suggestions)
        out: list[list[Finding] | None] = [None] * len(suggestions)
        for batch in self._batches(suggestions):
            results = self._batch(suggestions, batch) if self.fast else None
            if results is None:
                results = [self._full(suggestions[i]) for i in batch]
                self.fallbacks += len(batch)
            for i, found in zip(batch, results, strict=True):
                out[i] = found
        return out  # type: ignore[return-value]

    # ------------------------------------------------------------------ the two paths

    def _full(self, suggestion: Suggestion) -> list[Finding]:
        from coach.suggest.verify import recheck_accepted

        return recheck_accepted(self.okr_set, suggestion, self.settings)

    def _batches(self, suggestions: list[Suggestion]) -> list[list[int]]:
        """Rounds of suggestions on distinct lines, in order; a rewrite containing '|' goes alone."""
        rounds: list[tuple[set, list[int]]] = []
        for i, s in enumerate(suggestions):
            if "|" in s.text or "|" in (s.moved_to_initiatives or ""):
                rounds.append(({None}, [i]))
                continue
            place = _place(s)
            for used, members in rounds:
                if None not in used and place not in used:
                    used.add(place)
                    members.append(i)
                    break
            else:
                rounds.append(({place}, [i]))
        return [members for _, members in rounds]

    def _batch(self, suggestions: list[Suggestion], batch: list[int]) -> list[list[Finding]] | None:
        from coach.revise import StaleSuggestionError, apply_in_place

        chosen = [suggestions[i] for i in batch]
        if any("|" in s.text for s in chosen):
            return None
        revised = self.okr_set.model_copy(deep=True)
        try:
            for s in chosen:
                apply_in_place(revised, s)
        except StaleSuggestionError:
            return None  # the full re-check raises it for the stale suggestion
        try:
            text = self._markdown(revised)
            parsed = _read(text) if "|" not in text else None
        except Exception:  # noqa: BLE001 - the full path raises the user-facing error
            return None
        if parsed is None or not self._same_shape(parsed, {_place(s) for s in chosen}):
            return None
        return [self._at(s, parsed) for s in chosen]

    def _same_shape(self, parsed: OkrSet, changed: set) -> bool:
        """Does the batch parse read like the base parse everywhere no rewrite touched?"""
        base = self.base
        if any(getattr(parsed, f) != getattr(base, f) for f in _SET_FIELDS):
            return False
        if len(parsed.objectives) != len(base.objectives):
            return False
        for new, old in zip(parsed.objectives, base.objectives, strict=True):
            if new.position != old.position or len(new.key_results) != len(old.key_results):
                return False
            if (old.position, None) not in changed and _objective_reading(new) != _objective_reading(old):
                return False
            for new_kr, old_kr in zip(new.key_results, old.key_results, strict=True):
                if new_kr.position != old_kr.position:
                    return False
                if (old.position, old_kr.position) not in changed and _kr_reading(new_kr) != _kr_reading(old_kr):
                    return False
        return True

    def _at(self, suggestion: Suggestion, parsed: OkrSet) -> list[Finding]:
        """The full re-check's findings for ``suggestion`` alone, from its line's reading in ``parsed``."""
        from coach.parse.language import english_tally, tally_reads_as_english
        from coach.rules.engine import check_location

        objective_pos, kr_pos = _place(suggestion)
        index = next(i for i, o in enumerate(self.base.objectives) if o.position == objective_pos)
        old = self.base.objectives[index]
        new = parsed.objectives[index]
        if kr_pos is None:
            objective = new.model_copy(update={"key_results": old.key_results, "initiatives": old.initiatives,
                                               "line": old.line})
            old_text, new_text = old.text, new.text
        else:
            k = next(j for j, kr in enumerate(old.key_results) if kr.position == kr_pos)
            krs = list(old.key_results)
            # its line number as in the draft with this rewrite alone (other rewrites may add lines above)
            krs[k] = new.key_results[k].model_copy(update={"line": old.key_results[k].line})
            objective = old.model_copy(update={"key_results": krs})
            old_text, new_text = old.key_results[k].text, new.key_results[k].text
        objectives = list(self.base.objectives)
        objectives[index] = objective
        revised = self.base.model_copy(update={"objectives": objectives})

        (known, words), (old_known, old_words), (new_known, new_words) = \
            self.tally, english_tally([old_text]), english_tally([new_text])
        if not tally_reads_as_english(known - old_known + new_known, words - old_words + new_words):
            return []  # check_okr_set: no findings for a set that does not read as English
        ctx = self.ctx.with_objective(revised, index)
        found = check_location(ctx, objective_pos, kr_pos, self.settings.rules)
        if suggestion.kind == "objective":  # the filter of recheck_accepted
            return [f for f in found if f.name.startswith("objective-")]
        return found
