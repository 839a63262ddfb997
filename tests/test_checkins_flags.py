"""Facts per KR and every flag a coach raises, on small hand-built histories."""

import datetime as dt

from coach.checkins.confidence import parse_confidence
from coach.checkins.facts import SetInput, build_facts
from coach.checkins.flags import blocker_keys, normalise_blocker
from coach.model import CheckIn, Direction, KeyResult, Measure, Objective, OkrSet

STARTS, ENDS = dt.date(2026, 7, 1), dt.date(2026, 9, 30)


def okr_set(*krs: KeyResult) -> OkrSet:
    return OkrSet(team="Growth", period="Q3 2026", starts=STARTS, ends=ENDS,
                  objectives=[Objective(text="Make onboarding effortless", key_results=list(krs))])


def kr(position=1, baseline=42.0, target=75.0, owner="Priya", **measure) -> KeyResult:
    return KeyResult(text=f"Increase completion from {baseline} to {target}", position=position, owner=owner,
                     measure=Measure(baseline=baseline, target=target, unit="%", **measure))


def ci(ref="O1.KR1", date="2026-08-15", value=None, confidence=None, **fields) -> CheckIn:
    return CheckIn(key_result=ref, date=dt.date.fromisoformat(date), value=value,
                   confidence=parse_confidence(confidence) if confidence else None, **fields)


def facts(okrs, checkins, as_of="2026-08-15", kind="weekly"):
    return build_facts([SetInput("growth", okrs, checkins)], as_of=dt.date.fromisoformat(as_of), kind=kind)


def codes(f):
    return [(flag.code, tuple(flag.key_results)) for flag in f.sets[0].flags]


def test_kr_facts_progress_pace_status_and_latest_update():
    f = facts(okr_set(kr()), [
        ci(date="2026-07-15", value=45, confidence="Green"),
        ci(date="2026-08-01", value=50, confidence="Amber", what_changed="Checklist live", why="Pilot",
           blockers=["Legal review"], next_actions=["Ping legal"], decisions_needed=["Budget?"]),
        ci(date="2026-08-20", value=70, confidence="High"),  # after the as-of date: ignored
    ], as_of="2026-08-15")
    k = f.sets[0].key_results[0]
    assert (k.value, k.value_date, k.previous_value, k.change_since_previous) == (50, dt.date(2026, 8, 1), 45, 5)
    assert k.progress_pct == round(8 / 33 * 100, 1)
    assert k.expected_pct == round(45 / 91 * 100, 1)
    assert k.status == "off track" and k.gap_points == round(45 / 91 * 100 - 8 / 33 * 100, 1)
    assert k.confidence.value == "medium" and k.confidence_raw == "Amber"
    assert (k.what_changed, k.why, k.blockers, k.next_actions, k.decisions_needed) == (
        "Checklist live", "Pilot", ["Legal review"], ["Ping legal"], ["Budget?"])
    assert k.days_since_update == 14 and k.checkins == 2 and k.trend == "improving"
    assert f.status_counts["off track"] == 1 and f.key_result_count == 1


def test_no_baseline_uses_first_checkin_and_says_so():
    f = facts(okr_set(kr(baseline=None)), [ci(date="2026-07-08", value=40), ci(date="2026-08-12", value=60)])
    k = f.sets[0].key_results[0]
    assert (k.start, k.start_source) == (40, "first check-in")
    assert k.progress_pct == round(20 / 35 * 100, 1)
    assert any("first check-in value 40 on 2026-07-08 is used as the start" in n for n in k.notes)


def test_no_numeric_target_gives_no_progress_and_says_why():
    f = facts(okr_set(KeyResult(text="Improve NPS from 31", measure=Measure(baseline=31))), [ci(value=35)])
    k = f.sets[0].key_results[0]
    assert k.progress_pct is None and k.status is None
    assert any("no numeric target" in n for n in k.notes)
    assert f.status_counts["no status"] == 1


def test_decreasing_metric_and_overshoot():
    f = facts(okr_set(kr(baseline=4.0, target=2.0), kr(2, baseline=100, target=200)),
              [ci(value=3.0), ci("O1.KR2", value=250)])
    first, second = f.sets[0].key_results
    assert first.progress_pct == 50.0
    assert (second.progress_pct, second.overshoot_pct, second.status) == (100.0, 50.0, "on track")


def test_keep_level_kr_is_on_track_while_it_holds():
    keep = KeyResult(text="Keep uptime above 99.9%", measure=Measure(target=99.9, comparator=">=", unit="%",
                                                                     direction=Direction.KEEP))
    assert facts(okr_set(keep), [ci(value=99.95)]).sets[0].key_results[0].status == "on track"
    assert facts(okr_set(keep), [ci(value=99.5)]).sets[0].key_results[0].status == "off track"


def test_undated_cycle_has_no_status_and_says_how_to_fix():
    undated = OkrSet(objectives=[Objective(text="x", key_results=[kr()])])
    f = build_facts([SetInput("x", undated, [ci(value=50)])], as_of=dt.date(2026, 8, 1))
    assert f.sets[0].key_results[0].status is None
    assert any("Period: Q3 2026" in n for n in f.sets[0].notes)


# --------------------------------------------------------------------------- flags


def test_high_confidence_far_behind_pace():
    f = facts(okr_set(kr()), [ci(value=45, confidence="High")], as_of="2026-08-31")
    gap = round(f.sets[0].key_results[0].gap_points)
    assert gap >= 25
    assert f.sets[0].flags[0].message == f"O1.KR1: High confidence but {gap} points behind pace"


def test_low_confidence_while_ahead():
    f = facts(okr_set(kr()), [ci(date="2026-07-31", value=70, confidence="Red", next_actions=["x"])],
              as_of="2026-08-01")
    (flag,) = f.sets[0].flags
    assert flag.code == "confidence-vs-pace" and "Low confidence while" in flag.message and "ahead of pace" in flag.message


def test_no_confidence_flag_when_they_agree():
    assert codes(facts(okr_set(kr()), [ci(date="2026-08-30", value=45, confidence="Red", next_actions=["x"])],
                       as_of="2026-08-31")) == []


def test_stale_after_two_weeks():
    f = facts(okr_set(kr()), [ci(date="2026-08-01", value=50)], as_of="2026-08-16")
    assert ("stale", ("O1.KR1",)) in codes(f)
    assert "not updated for 15 days (last check-in 2026-08-01)" in f.sets[0].flags[0].message
    assert codes(facts(okr_set(kr()), [ci(date="2026-08-02", value=55)], as_of="2026-08-16")) == []


def test_no_checkin_at_all_two_weeks_into_the_cycle():
    assert codes(facts(okr_set(kr()), [], as_of="2026-07-20")) == [("stale", ("O1.KR1",))]
    assert codes(facts(okr_set(kr()), [], as_of="2026-07-10")) == []


def test_low_without_next_action():
    f = facts(okr_set(kr()), [ci(date="2026-07-08", value=45, confidence="off-track")], as_of="2026-07-10")
    assert ("low-without-action", ("O1.KR1",)) in codes(f)
    f = facts(okr_set(kr()), [ci(date="2026-07-08", value=45, confidence="off-track", next_actions=["Call Acme"])],
              as_of="2026-07-10")
    assert ("low-without-action", ("O1.KR1",)) not in codes(f)


def test_target_changed_mid_cycle():
    f = facts(okr_set(kr()), [ci(date="2026-07-15", value=50), ci(date="2026-08-01", value=52, target=70),
                              ci(date="2026-08-14", value=55, target=70)])
    changed = [fl for fl in f.sets[0].flags if fl.code == "target-changed"]
    assert [fl.message for fl in changed] == ["O1.KR1: target changed from 75 to 70 on 2026-08-01"]
    assert f.sets[0].key_results[0].target == 70 and f.sets[0].key_results[0].original_target == 75


def test_shared_blocker_by_normalised_text_and_by_named_team():
    f = facts(okr_set(kr(), kr(2), kr(3), kr(4)), [
        ci(value=60, blockers=["Waiting on the Platform team!"]),
        ci("O1.KR2", value=60, blockers=["waiting on platform team"]),
        ci("O1.KR3", value=60, blockers=["Legal review of the contract"]),
        ci("O1.KR4", value=60, blockers=["Hiring freeze"]),
    ])
    shared = [fl for fl in f.sets[0].flags if fl.code == "shared-blocker"]
    assert [fl.key_results for fl in shared] == [["O1.KR1", "O1.KR2"]]
    assert shared[0].message == "O1.KR1, O1.KR2 are blocked by the same dependency: 'platform team'"


def test_blocker_keys_find_named_systems():
    assert normalise_blocker("Waiting on the Platform team!") == "platform team"
    assert "name:platform team" in blocker_keys("Sync API delayed by the Platform team")
    assert "name:sso" in blocker_keys("SSO rollout slipped")
    assert blocker_keys("Blocked by Legal") & blocker_keys("waiting on legal for the contract")
    assert not blocker_keys("Hiring freeze") & blocker_keys("Hiring plan slipped")


def test_retro_scores_objectives_and_reading_and_skips_staleness():
    f = facts(okr_set(kr(), kr(2, baseline=0, target=10)), [ci(date="2026-08-01", value=75), ci("O1.KR2", date="2026-08-01", value=5)],
              as_of="2026-09-30", kind="retro")
    s = f.sets[0]
    assert [k.score for k in s.key_results] == [1.0, 0.5]
    assert s.objectives[0].score == 0.75 and s.score == 0.75
    assert "above the 0.6-0.7 sweet spot" in s.score_reading
    assert all(fl.code != "stale" for fl in s.flags)
