"""Quantity phrases -> Measure fields, deadline phrases and periods (exact expectations)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import regex_cache
from coach.parse import extract_measure, find_deadline, parse_period

TODAY = dt.date(2026, 5, 10)


def stated(text: str) -> dict:
    """The Measure fields the text states (None and empty lists left out)."""
    return {k: v for k, v in extract_measure(text).model_dump(mode="json").items() if v not in (None, [])}


MEASURES = [
    ("Increase onboarding completion rate from 42% up to 75% by end of Q3 2026",
     dict(metric="onboarding completion rate", direction="increase", baseline=42, baseline_text="42%", target=75,
          target_text="75%", unit="%", deadline="end of Q3 2026", numbers=[42, 75])),
    ("Grow ARR from €4M to €5.2M",
     dict(metric="ARR", direction="increase", baseline=4_000_000, baseline_text="€4M", target=5_200_000,
          target_text="€5.2M", unit="EUR", numbers=[4_000_000, 5_200_000])),
    ("Grow revenue from $1.2m to $2bn by EOY",
     dict(metric="revenue", direction="increase", baseline=1_200_000, baseline_text="$1.2m",
          target=2_000_000_000, target_text="$2bn", unit="USD", deadline="EOY", numbers=[1_200_000, 2_000_000_000])),
    ("Increase average deal size from £18k to £25K in Q3 2026",
     dict(metric="average deal size", direction="increase", baseline=18_000, baseline_text="£18k", target=25_000,
          target_text="£25K", unit="GBP", deadline="Q3 2026", numbers=[18_000, 25_000])),
    ("Raise net revenue retention 2.0x to 3.0x",
     dict(metric="net revenue retention", direction="increase", baseline=2, baseline_text="2.0x", target=3,
          target_text="3.0x", unit="x", numbers=[2, 3])),
    ("Reduce time to first response from 3 days to 4 hours by 30 June",
     dict(metric="time to first response", direction="reduce", baseline=3, baseline_text="3 days",
          baseline_unit="days", target=4, target_text="4 hours", unit="hours", deadline="30 June", numbers=[3, 4])),
    ("Achieve a CSAT of 8.5 or higher",
     dict(metric="CSAT", direction="reach", target=8.5, target_text="8.5", comparator=">=", numbers=[8.5])),
    ("Onboard at least 120 new partners",
     dict(metric="new partners", direction="reach", target=120, target_text="120", comparator=">=", numbers=[120])),
    ("No more than 5 P1 incidents per quarter",
     dict(metric="P1 incidents per quarter", direction="reach", target=5, target_text="5", comparator="<=",
          numbers=[5])),
    ("Cut p95 page load time to under 2 seconds",
     dict(metric="p95 page load time", direction="reduce", target=2, target_text="2 seconds", unit="seconds",
          comparator="<=", numbers=[2])),
    ("Increase trial-to-paid conversion by 25%",
     dict(metric="trial-to-paid conversion", direction="increase", change=25, change_unit="%", numbers=[25])),
    ("Lift NPS by 10 points",
     dict(metric="NPS", direction="increase", change=10, change_unit="points", numbers=[10])),
    ("Double weekly active teams", dict(metric="weekly active teams", direction="increase", factor=2)),
    ("Halve the number of support tickets per customer",
     dict(metric="number of support tickets per customer", direction="reduce", factor=0.5)),
    ("Triple qualified pipeline in Q2", dict(metric="qualified pipeline", direction="increase", factor=3,
                                             deadline="Q2")),
    ("Grow MAU 12,000 -> 18,000",
     dict(metric="MAU", direction="increase", baseline=12_000, baseline_text="12,000", target=18_000,
          target_text="18,000", numbers=[12_000, 18_000])),
    ("Grow MAU 12,000 → 18,000", dict(metric="MAU", direction="increase", baseline=12_000, baseline_text="12,000",
                                      target=18_000, target_text="18,000", numbers=[12_000, 18_000])),
    ("Grow MAU 12,000 => 18,000", dict(metric="MAU", direction="increase", baseline=12_000, baseline_text="12,000",
                                       target=18_000, target_text="18,000", numbers=[12_000, 18_000])),
    ("Increase activation to 48% (from 32%)",
     dict(metric="activation", direction="increase", baseline=32, baseline_text="32%", target=48,
          target_text="48%", unit="%", numbers=[48, 32])),
    ("Increase activation to 48%, up from 32%",
     dict(metric="activation", direction="increase", baseline=32, baseline_text="32%", target=48,
          target_text="48%", unit="%", numbers=[48, 32])),
    ("Raise activation to 48% (currently 32%)",
     dict(metric="activation", direction="increase", baseline=32, baseline_text="32%", target=48,
          target_text="48%", unit="%", numbers=[48, 32])),
    ("Raise activation to 48% (baseline: 32%)",
     dict(metric="activation", direction="increase", baseline=32, baseline_text="32%", target=48,
          target_text="48%", unit="%", numbers=[48, 32])),
    ("NPS 31 → 45", dict(metric="NPS", direction="increase", baseline=31, baseline_text="31", target=45,
                         target_text="45", numbers=[31, 45])),
    ("KR 1.2: Reach 10,000 paying customers by 2026-09-30",
     dict(metric="paying customers", direction="reach", target=10_000, target_text="10,000",
          deadline="2026-09-30", numbers=[10_000])),
    ("Maintain 99.9% uptime for the checkout API",
     dict(metric="uptime for the checkout API", direction="keep", target=99.9, target_text="99.9%", unit="%",
          numbers=[99.9])),
    ("Keep monthly churn below 2%",
     dict(metric="monthly churn", direction="keep", target=2, target_text="2%", unit="%", comparator="<=",
          numbers=[2])),
    ("Sustain eNPS above 40", dict(metric="eNPS", direction="keep", target=40, target_text="40", comparator=">=",
                                   numbers=[40])),
    ("Improve p95 latency from 800ms to 300ms",
     dict(metric="p95 latency", direction="reduce", baseline=800, baseline_text="800ms", target=300,
          target_text="300ms", unit="ms", numbers=[800, 300])),
    ("Improve NPS from 31", dict(metric="NPS", direction="increase", baseline=31, baseline_text="31", numbers=[31])),
    ("Increase trial conversion", dict(metric="trial conversion", direction="increase")),
    ("Improve customer happiness", dict(metric="customer happiness", direction="increase")),
    ("Launch the new pricing page", {}),
    ("Reduce churn 5% to 3% this quarter",
     dict(metric="churn", direction="reduce", baseline=5, baseline_text="5%", target=3, target_text="3%", unit="%",
          deadline="this quarter", numbers=[5, 3])),
    ("Bring down cost per lead from $85 to $60",
     dict(metric="cost per lead", direction="reduce", baseline=85, baseline_text="$85", target=60,
          target_text="$60", unit="USD", numbers=[85, 60])),
    ("Reduce MTTR from 4h to 45 min",
     dict(metric="MTTR", direction="reduce", baseline=4, baseline_text="4h", baseline_unit="hours", target=45,
          target_text="45 min", unit="minutes", numbers=[4, 45])),
    ("Cut onboarding time 2x within 90 days",
     dict(metric="onboarding time", direction="reduce", factor=0.5, deadline="within 90 days", numbers=[2])),
    ("Reduce P1 incidents to zero", dict(metric="P1 incidents", direction="reduce", target=0, target_text="zero",
                                         numbers=[0])),
    ("120+ enterprise customers by end of H2",
     dict(metric="enterprise customers", direction="reach", target=120, target_text="120", comparator=">=",
          deadline="end of H2", numbers=[120])),
    ("Weekly active users grow from 1,200 to 2,000",
     dict(metric="Weekly active users", direction="increase", baseline=1_200, baseline_text="1,200", target=2_000,
          target_text="2,000", numbers=[1_200, 2_000])),
    ("Get to 500 weekly active teams", dict(metric="weekly active teams", direction="reach", target=500,
                                            target_text="500", numbers=[500])),
    ("CSAT ≥ 4.5/5", dict(metric="CSAT", direction="reach", target=4.5, target_text="4.5/5", unit="/5",
                          comparator=">=", numbers=[4.5])),
    ("Increase sign-ups by 2000 users", dict(metric="sign-ups", direction="increase", change=2000,
                                             numbers=[2000])),
    ("Activation 32% today, 48% by Q3",
     dict(metric="Activation", direction="increase", baseline=32, baseline_text="32%", target=48,
          target_text="48%", unit="%", deadline="Q3", numbers=[32, 48])),
    ("increase NPS from 30 UP TO 45.", dict(metric="NPS", direction="increase", baseline=30, baseline_text="30",
                                            target=45, target_text="45", numbers=[30, 45])),
    ("Decrease refund rate from 6.5 % to 4 %",
     dict(metric="refund rate", direction="reduce", baseline=6.5, baseline_text="6.5 %", target=4,
          target_text="4 %", unit="%", numbers=[6.5, 4])),
    ("Hit 1.5M monthly visits in H2 2026", dict(metric="monthly visits", direction="reach", target=1_500_000,
                                                target_text="1.5M", deadline="H2 2026", numbers=[1_500_000])),
    ("Shrink build time from 25 min to 8 min",
     dict(metric="build time", direction="reduce", baseline=25, baseline_text="25 min", target=8,
          target_text="8 min", unit="minutes", numbers=[25, 8])),
    ("Reduce support tickets 30% (from 1,400/month)",
     dict(metric="support tickets", direction="reduce", baseline=1_400, baseline_text="1,400", change=30,
          change_unit="%", numbers=[30, 1_400])),
    ("Raise 30-day onboarding completion from 58% to 80%",
     dict(metric="30-day onboarding completion", direction="increase", baseline=58, baseline_text="58%",
          target=80, target_text="80%", unit="%", numbers=[58, 80])),
    ("Raise the share of dashboards refreshed within 15 minutes from 62% to 95%",
     dict(metric="share of dashboards refreshed within 15 minutes", direction="increase", baseline=62,
          baseline_text="62%", target=95, target_text="95%", unit="%", numbers=[15, 62, 95])),
    ("Reduce disputes per 1,000 orders from 7.5 to 4",
     dict(metric="disputes per 1,000 orders", direction="reduce", baseline=7.5, baseline_text="7.5", target=4,
          target_text="4", numbers=[1_000, 7.5, 4])),
    ("Train 100% of floor staff on the new lifting guidelines",  # 'lifting' is not the verb here
     dict(metric="floor staff on the new lifting guidelines", direction="reach", target=100, target_text="100%",
          unit="%", numbers=[100])),
    ("Increase week-one activation significantly", dict(metric="week-one activation", direction="increase")),
    # a time limit next to another quantity is a condition of the metric, not the target
    ("Resolve 90% of tickets within 2 days",
     dict(metric="tickets within 2 days", direction="reach", target=90, target_text="90%", unit="%",
          numbers=[90, 2])),
    ("Answer 95% of chats in under 24 hours",
     dict(metric="chats in under 24 hours", direction="reach", target=95, target_text="95%", unit="%",
          numbers=[95, 24])),
    ("Keep 99% of page loads under 2 seconds",
     dict(metric="page loads under 2 seconds", direction="keep", target=99, target_text="99%", unit="%",
          numbers=[99, 2])),
    ("Resolve 500 tickets within 2 days",
     dict(metric="tickets within 2 days", direction="reach", target=500, target_text="500", numbers=[500, 2])),
    ("Increase tickets resolved within 24 hours from 70% to 90%",
     dict(metric="tickets resolved within 24 hours", direction="increase", baseline=70, baseline_text="70%",
          target=90, target_text="90%", unit="%", numbers=[24, 70, 90])),
    # ...but alone, or against another time, the time is the target
    ("Resolve tickets within 2 days",
     dict(metric="Resolve tickets within", direction="reach", target=2, target_text="2 days", unit="days",
          comparator="<=", numbers=[2])),
    ("Reduce MTTR from 4h to within 1h",
     dict(metric="MTTR", direction="reduce", baseline=4, baseline_text="4h", target=1, target_text="1h",
          unit="hours", comparator="<=", numbers=[4, 1])),
]


@pytest.mark.parametrize(("text", "expected"), MEASURES, ids=[t for t, _ in MEASURES])
def test_measure_fields(text, expected):
    assert stated(text) == expected


@pytest.mark.parametrize("text", [
    "Grow revenue 20% in 2026",           # the year is not a target
    "Raise NPS to 45 by 30 June",         # the day of the deadline is not a number of the KR
    "KR 1.2 Raise NPS to 45",             # the label is not a number of the KR
    "O2.KR3: Raise NPS to 45 in Q3 2026",
    "3. Raise NPS to 45 by 2026-09-30",
])
def test_years_dates_and_labels_are_not_values(text):
    measure = extract_measure(text)
    assert 2026 not in measure.numbers and 30 not in measure.numbers
    assert 1.2 not in measure.numbers and 3 not in measure.numbers and 2 not in measure.numbers
    assert measure.baseline is None


@pytest.mark.parametrize(("text", "deadline"), [
    ("Raise NPS to 45 by end of Q3", "by end of Q3"),
    ("Cut churn to 2% by 30 June", "by 30 June"),
    ("Launch in Spain in Q2", "in Q2"),
    ("Reach 500 merchants by 2026-09-30", "by 2026-09-30"),
    ("Close 20 deals this quarter", "this quarter"),
    ("Hit $1M ARR by EOY", "by EOY"),
    ("Halve onboarding time within 90 days", "within 90 days"),
    ("Reduce backlog by the end of the quarter", "by the end of the quarter"),
    ("Grow revenue 20% by 2027.", "by 2027"),
    ("Ship it by June 30, 2026", "by June 30, 2026"),
    ("Resolve tickets within 2 days", None),        # a service level, not a deadline
    ("Increase sign-ups by 2000 users", None),      # a count, not a year
    ("Increase conversion by 25%", None),
    ("Sales may grow", None),                       # the verb, not the month
    ("Open the new campus in Spring 2027", "in Spring 2027"),
    ("Stop churn from going up in the fall", None),  # a season without a year or 'term' is just a word
    # a day and a month with no year, or a numbered week/sprint, after a deadline word
    ("Cut refund time to 3 days by 15/11", "by 15/11"),
    ("Members from 900 to 1,400 before 28.02.", "before 28.02."),
    ("Cycle count accuracy to 99% by 30.06", "by 30.06"),
    ("Late deliveries under 2% no later than 1/10", "no later than 1/10"),
    ("Scrap rate to 1.5% by week 38", "by week 38"),
    ("Checkout p95 under 800 ms by end of sprint 9", "by end of sprint 9"),
    ("Reduce scrap by 3.5", None),                   # a change, not 3 May
    ("Lift the score from 14/20 to 17/20", None),    # scores, not dates
    ("Week 3 retention from 20% to 30%", None),      # a metric named by a week, not a deadline
])
def test_find_deadline(text, deadline):
    assert find_deadline(text) == deadline


@pytest.mark.parametrize(("text", "baseline", "target"), [
    ("Order pick time 95s => under 60s", 95, 60),
    ("Page load 3.2 s -> below 1.5 s", 3.2, 1.5),
    ("Availability 99.2% to at least 99.9%", 99.2, 99.9),
    ("Average quiz score from 11/20 to 15/20", 11, 15),
    ("Overtime hours down from 300/month to 120/month", 300, 120),
])
def test_arrow_then_comparator_and_glued_units(text, baseline, target):
    measure = extract_measure(text)
    assert (measure.baseline, measure.target) == (baseline, target)


D = dt.date


@pytest.mark.parametrize(("text", "label", "starts", "ends"), [
    ("Q3 2026", "Q3 2026", D(2026, 7, 1), D(2026, 9, 30)),
    ("Q1", "Q1", D(2026, 1, 1), D(2026, 3, 31)),
    ("H1", "H1", D(2026, 1, 1), D(2026, 6, 30)),
    ("H2 FY26", "H2 FY26", D(2026, 7, 1), D(2026, 12, 31)),
    ("FY27", "FY27", D(2027, 1, 1), D(2027, 12, 31)),
    ("by end of Q2", "by end of Q2", None, D(2026, 6, 30)),
    ("by 30 June", "by 30 June", None, D(2026, 6, 30)),
    ("Cycle: Q4 '26", "Q4 '26", D(2026, 10, 1), D(2026, 12, 31)),
    ("# Growth team OKRs — Q3 2026", "Q3 2026", D(2026, 7, 1), D(2026, 9, 30)),
    ("September 2026", "September 2026", D(2026, 9, 1), D(2026, 9, 30)),
    ("Jul–Sep 2026", "Jul–Sep 2026", D(2026, 7, 1), D(2026, 9, 30)),
    ("2026-07-01 to 2026-09-30", "2026-07-01 to 2026-09-30", D(2026, 7, 1), D(2026, 9, 30)),
    ("next quarter", "next quarter", D(2026, 7, 1), D(2026, 9, 30)),
    ("by EOY", "by EOY", None, D(2026, 12, 31)),
    ("2026 Q4", "2026 Q4", D(2026, 10, 1), D(2026, 12, 31)),
    ("second half of 2027", "second half of 2027", D(2027, 7, 1), D(2027, 12, 31)),
    ("03/04/2026", "03/04/2026", None, None),  # day and month order unknown: not dated
    ("FY2027", "FY2027", D(2027, 1, 1), D(2027, 12, 31)),
    ("OKRs for Q3 2026", "Q3 2026", D(2026, 7, 1), D(2026, 9, 30)),  # a plain 'for'/'in' is not kept
    ("goals in the first half of 2027", "first half of 2027", D(2027, 1, 1), D(2027, 6, 30)),
    ("2026-09", "2026-09", D(2026, 9, 1), D(2026, 9, 30)),
    ("plan for 2026/27", "2026/27", None, None),  # split fiscal years start in different months
    ("FY26/27", "FY26/27", None, None),
    ("FY2026-27", "FY2026-27", None, None),
    ("Spring term 2026", "Spring term 2026", None, None),  # school terms: label only
    ("Autumn 2026", "Autumn 2026", None, None),
])
def test_parse_period(text, label, starts, ends):
    period = parse_period(text, today=TODAY)
    assert (period.label, period.starts, period.ends) == (label, starts, ends)


@pytest.mark.parametrize("text", ["", "Growth team", "Marketing", "Decrease churn", "we may grow",
                                  "let churn fall", "the summer campaign", "2026/29"])
def test_parse_period_none(text):
    assert parse_period(text, today=TODAY) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_extract_measure_never_raises(text):
    measure = extract_measure(text)
    assert all(isinstance(n, float) for n in measure.numbers)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["from", "to", "by", "->", "€4M", "42%", "3 days", "2.0x", "at least", "under", "Q3", "2026", "30 June",
     "double", "halve", "KR1.2", "(baseline:", ")", "or higher", "12,000", "currently", "up from", "keep"]),
    max_size=12).map(" ".join))
def test_extract_measure_on_quantity_soup(text):
    extract_measure(text)  # must not raise on adversarial mixes of the phrases it understands


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(
    ["by", "end", "of", "Q3", "2026", "30", "June", "in", "the", "quarter", "H2", "FY26", "within", "90", "days",
     "this", "next", "EOY", "year-end", "Jul", "-", "Sep", "2026-09-30", "first", "half", "'26", "x", "grow",
     "2000", "users", "may", "March", "fiscal", "year", ",", "(", ")", "Spring", "term", "fall", "2026/27",
     "FY26/27", "2026-09", "/", "27", "no", "not", "later", "than", "current", "cycle", "month", "1st", "3rd",
     "30th", "of", "weeks", "close", "start", "at", "over", "12/05/2026", "5", "42%", "team", "app", "next",
     "before", "during", "Dec"]), max_size=14).map(" ".join))
def test_candidate_scan_finds_what_a_full_scan_finds(text):
    from coach.parse import period

    full = [m.span() for m in period._PERIOD_RE.finditer(text) if period._accept(m, text)]
    assert [m.span() for m in period._iter_matches(text)] == full


def test_cached_measures_are_independent_copies():
    first = extract_measure("Grow X from 1 to 2")
    first.numbers.append(99)
    first.target = 7
    again = extract_measure("Grow X from 1 to 2")
    assert again.numbers == [1, 2] and again.target == 2


@pytest.mark.parametrize(("text", "direction"), [
    # no verb: the direction comes from the numbers, compared in one unit when both are durations
    ("Quote turnaround from 2 days to 6h", "reduce"),
    ("Median ticket resolution 3 days -> 90 mins", "reduce"),
    ("Pipeline duration from 1 hr to 12 min", "reduce"),
    ("Onboarding from 2 weeks to 10 days", "reduce"),
    ("Session length from 90 seconds to 4 minutes", "increase"),
    ("Lead time from 4 to 2 days", "reduce"),  # one unit for both: the numbers as written
    ("Fit trackers to the remaining 120 trailers", "reach"),  # 'remaining' is an adjective here, not 'keep'
])
def test_direction_from_numbers_compares_durations_in_one_unit(text, direction):
    assert extract_measure(text).direction == direction


def test_the_ascii_candidate_scan_finds_the_spans_the_case_blind_one_finds():
    """_iter_matches scans a lower-cased ASCII line with a case-sensitive copy of _CANDIDATE_RE: that is only
    the same scan while the pattern is written in lower case, and on any mix of case and separators."""
    from coach.parse import period

    assert period._CANDIDATE_RE.pattern == period._CANDIDATE_RE.pattern.lower()
    alphabet = st.sampled_from(["By", "END", "of", "Q3", "q4", "H1", "FY", "fy26", "EOY", "Jan", "MAY", "Spring", "the",
                                "In", "x", "Year", "2026", "7", "-", "/", ".", "$", " ", "_", "#", "Dec", "NOT", "a"])

    @settings(max_examples=2000, deadline=None, derandomize=True)
    @given(st.lists(alphabet, max_size=16).map("".join))
    def check(text):
        def spans(search, scanned):
            found, position = [], 0
            while (m := search(scanned, position)) is not None:
                found.append(m.span())
                position = m.end()
            return found

        assert spans(period._CANDIDATE_ASCII_RE.search, text.lower()) == spans(period._CANDIDATE_RE.search, text)

    check()


def test_the_ascii_period_pattern_matches_where_the_case_blind_one_matches():
    """_iter_matches tries a lower-cased ASCII line with _PERIOD_ASCII_RE first: it must match at exactly the
    positions (and with the spans) where _PERIOD_RE matches the line as written."""
    from coach.parse import period

    assert period._PERIOD_ASCII_RE.pattern.replace("(?P<", "").replace("\\W", "") == \
        period._PERIOD_ASCII_RE.pattern.replace("(?P<", "").replace("\\W", "").lower()
    alphabet = st.sampled_from(["By", "END", "of", "Q3", "q4", "H1", "h2", "FY", "fy26", "FY 2026", "EOY", "eoq", "Jan",
                                "MAY", "Spring", "term", "the", "In", "x", "Year", "2026", "20", "7", "30", "-", "/",
                                ".", "$", " ", "_", "#", "Dec", "NOT", "later", "than", "a", "%", "1st", "Quarter",
                                "Week", "sprint", "next", "days", "'26", ",", "2026-09-30", "through", "Mar"])

    @settings(max_examples=2000, deadline=None, derandomize=True)
    @given(st.lists(alphabet, max_size=14).map("".join))
    def check(text):
        lowered = text.lower()
        for at in range(len(text) + 1):
            full, quick = period._PERIOD_RE.match(text, at), period._PERIOD_ASCII_RE.match(lowered, at)
            assert (full is None) == (quick is None), (text, at)
            assert full is None or full.span() == quick.span(), (text, at)

    check()


def test_the_ascii_direction_scan_finds_what_the_case_blind_one_finds():
    """_direction_match reads a lower-cased ASCII line with a case-sensitive copy of _DIRECTION_RE: the same
    matches only while the pattern is written in lower case (group names aside)."""
    from coach.parse import measure

    assert measure._DIRECTION_RE.pattern.replace("(?P<", "") == measure._DIRECTION_RE.pattern.replace("(?P<", "").lower()
    alphabet = st.sampled_from(["Increase", "GROW", "Cut", "reduce", "Keep", "NOT", "exceed", "don't", "Hold",
                                "Bring", "down", "scale", "UP", "improvement", "x", "-", " ", "  ", "3", "rate", "s"])

    @settings(max_examples=2000, deadline=None, derandomize=True)
    @given(st.lists(alphabet, max_size=12).map(" ".join))
    def check(text):
        plain = [(m.span(), m.lastgroup) for m in measure._DIRECTION_ASCII_RE.finditer(text.lower())]
        assert plain == [(m.span(), m.lastgroup) for m in measure._DIRECTION_RE.finditer(text)]

    check()


def test_the_filler_endings_cover_every_filler_the_pattern_strips():
    """_assign_roles runs _FILLER_END_RE only on text that ends with one of _FILLER_ENDINGS: every text the
    pattern matches must end so, or a filler would stay in front of a number."""
    from coach.parse import measure

    pieces = st.sampled_from(["about", "around", "roughly", "approximately", "approx", "approx.", "circa", "only",
                              "just", "a", "an", "the", "value of", "level  of", "rate\tof", "~", "≈", "(", " ", "x",
                              "from", "to", ".", "\n", "\u00a0", "of"])

    @settings(max_examples=3000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=8).map("".join))
    def check(text):
        if measure._FILLER_END_RE.search(text):
            assert text.rstrip().endswith(measure._FILLER_ENDINGS), text

    check()


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["USD", "EUR ", "€4M", "$", "1,200", "3.5", ".5", "42%", "x", "2x", "k", "A$", "C$",
                                 "Increase", "GBP", "9", "days", "-", "/", ":", "#", " ", "m", "Jobs", "CHF"]),
                max_size=12).map(" ".join))
def test_the_quantity_scan_finds_what_finditer_finds(text):
    from coach.parse import measure

    found = regex_cache.finditer_from(measure._QTY_START_RE, measure._QTY_RE, text)
    assert [m.span() for m in found] == [m.span() for m in measure._QTY_RE.finditer(text)]
