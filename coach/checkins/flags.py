"""The flags a coach raises when reading check-ins. Pure functions over the computed KR facts.

* ``confidence-vs-pace``: High confidence while off track (25+ points behind pace), or Low confidence
  while at or ahead of pace.
* ``stale``: no check-in for more than 14 days at the as-of date (or none at all two weeks into the cycle).
* ``low-without-action``: the latest confidence is Low and no next action is recorded.
* ``target-changed``: a check-in carries a target different from the one before it.
* ``shared-blocker``: two or more KRs are blocked by the same dependency (same words, or the same named
  team or system).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.checkins.metrics import AT_RISK_GAP
from coach.checkins.numbers import fmt_num, points
from coach.model import ConfidenceLevel

if TYPE_CHECKING:
    from coach.checkins.facts import KrFacts

STALE_DAYS = 14

FlagCode = Literal["confidence-vs-pace", "stale", "low-without-action", "target-changed", "shared-blocker"]


class Flag(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: FlagCode
    key_results: list[str] = Field(description="References of the KRs concerned, e.g. ['O1.KR2'].")
    message: str = Field(description="What a coach would say, built only from the facts.")


def compute_flags(key_results: list[KrFacts], as_of: dt.date, *, cycle_start: dt.date | None) -> list[Flag]:
    """Every flag for one OKR set, in a stable order: per KR in KR order, then shared blockers."""
    flags: list[Flag] = []
    for kr in key_results:
        flags.extend(_kr_flags(kr, as_of, cycle_start))
    flags.extend(shared_blockers(key_results))
    return flags


def _kr_flags(kr: KrFacts, as_of: dt.date, cycle_start: dt.date | None) -> list[Flag]:
    out: list[Flag] = []
    ref = kr.ref
    if kr.gap_points is not None and kr.confidence is not None:
        gap = round(kr.gap_points)
        if kr.confidence is ConfidenceLevel.HIGH and kr.gap_points >= AT_RISK_GAP:
            out.append(Flag(code="confidence-vs-pace", key_results=[ref],
                            message=f"{ref}: High confidence but {points(gap)} behind pace"))
        elif kr.confidence is ConfidenceLevel.LOW and kr.gap_points <= 0:
            where = "on pace" if gap == 0 else f"{points(-gap)} ahead of pace"
            out.append(Flag(code="confidence-vs-pace", key_results=[ref],
                            message=f"{ref}: Low confidence while {where}"))
    if kr.last_update is not None:
        if kr.days_since_update is not None and kr.days_since_update > STALE_DAYS:
            out.append(Flag(code="stale", key_results=[ref],
                            message=f"{ref}: not updated for {kr.days_since_update} days "
                                    f"(last check-in {kr.last_update.isoformat()})"))
    elif cycle_start is not None and (as_of - cycle_start).days > STALE_DAYS:
        out.append(Flag(code="stale", key_results=[ref], message=f"{ref}: no check-in recorded yet"))
    if kr.confidence is ConfidenceLevel.LOW and not kr.next_actions:
        out.append(Flag(code="low-without-action", key_results=[ref],
                        message=f"{ref}: Low confidence and no next action recorded"))
    previous = kr.original_target
    for point in kr.history:
        if point.target is not None and previous is not None and point.target != previous:
            out.append(Flag(code="target-changed", key_results=[ref],
                            message=f"{ref}: target changed from {fmt_num(previous)} to "
                                    f"{fmt_num(point.target)} on {point.date.isoformat()}"))
        if point.target is not None:
            previous = point.target
    return out


# --------------------------------------------------------------------------- shared blockers

_STOP = frozenset("""a an the and or of to for on in at by from with without our their its is are was be been
being not no yet still waiting wait blocked block blocker blocks pending depends depend dependent dependency
stuck until need needs needed due delay delayed delays slow issue issues problem problems lack missing
this that these those we they it as into over under new more less very""".split())
_GROUP_WORDS = frozenset({"team", "squad", "system", "service", "platform", "api", "vendor", "department"})
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\b")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z][\w&]*\b")
_DEPENDS_ON = re.compile(r"\b(?:on|by|from|for)\s+(?:the\s+)?([a-z][\w&]+)", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")


def normalise_blocker(text: str) -> str:
    """Lower-case words without punctuation or filler words: 'Waiting on the Platform team!' -> 'platform team'."""
    return " ".join(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def blocker_keys(text: str) -> set[str]:
    """What a blocker depends on: its normalised words, and any named team, system or acronym in it."""
    keys: set[str] = set()
    normal = normalise_blocker(text)
    if normal:
        keys.add("text:" + normal)
    words = _WORD.findall(text.lower())
    for before, word in zip(words, words[1:], strict=False):  # "platform team", "billing api"
        if word in _GROUP_WORDS and before not in _STOP:
            keys.add(f"name:{before} {word}")
    for token in _ACRONYM.findall(text):
        keys.add("name:" + token.lower())
    for token in _CAPITALISED.findall(text):
        if token.lower() not in _STOP:
            keys.add("name:" + token.lower())
    for match in _DEPENDS_ON.finditer(text):
        word = match.group(1).lower()
        if word not in _STOP:
            keys.add("name:" + word)
    return keys


def shared_blockers(key_results: list[KrFacts]) -> list[Flag]:
    """KRs whose current blockers share a dependency. One flag per distinct group of KRs."""
    by_key: dict[str, list[str]] = defaultdict(list)
    label: dict[str, str] = {}
    for kr in key_results:
        seen: set[str] = set()
        for blocker in kr.blockers:
            for key in blocker_keys(blocker):
                if key not in seen:
                    seen.add(key)
                    by_key[key].append(kr.ref)
                    label.setdefault(key, key.split(":", 1)[1])
    flags: list[Flag] = []
    groups_seen: set[tuple[str, ...]] = set()
    # Full-text matches first (the clearest evidence), then named dependencies, longest name first.
    for key in sorted(by_key, key=lambda k: (not k.startswith("text:"), -len(k), k)):
        refs = tuple(by_key[key])
        if len(refs) < 2 or refs in groups_seen:
            continue
        groups_seen.add(refs)
        flags.append(Flag(code="shared-blocker", key_results=list(refs),
                          message=f"{', '.join(refs)} are blocked by the same dependency: '{label[key]}'"))
    return flags
