"""Every layout people paste -> the right objectives and key results (counts and boundaries).

Each draft here is written for the test, in the shape a real team's document takes: team sections over
numbered objectives, nested bullet trees, tracker notes after an arrow, priority tags, and so on.
"""

from __future__ import annotations

import datetime as dt

import pytest

from coach.parse import parse_draft

TODAY = dt.date(2026, 5, 10)


def structure(text: str, source: str = "draft.md") -> list[tuple[str, list[str]]]:
    okr_set = parse_draft(text, source=source, today=TODAY)
    return [(o.text, [kr.text for kr in o.key_results]) for o in okr_set.objectives]


LAYOUTS = {
    "team-heading-over-numbered-objectives": (
        """## Support

1. Answer every customer on the day they write
   - 95% of tickets get a first reply within 8 hours
   - Weekend backlog stays under 40 tickets
1. Make the help centre the first stop
   - Self-serve share of contacts rises from 20% to 35%
""",
        [("Answer every customer on the day they write",
          ["95% of tickets get a first reply within 8 hours", "Weekend backlog stays under 40 tickets"]),
         ("Make the help centre the first stop", ["Self-serve share of contacts rises from 20% to 35%"])]),
    "team-heading-over-labelled-objectives": (
        """## Finance

1. **OBJECTIVE: Close the books faster**
   - KR: Month-end close takes 4 working days instead of 9
   - KR: No manual journal entries above $10k
2. **OBJECTIVE: Forecast with confidence**
   - KR: Quarterly forecast lands within 5% of actuals
""",
        [("Close the books faster", ["Month-end close takes 4 working days instead of 9",
                                     "No manual journal entries above $10k"]),
         ("Forecast with confidence", ["Quarterly forecast lands within 5% of actuals"])]),
    "two-team-sections-with-prose": (
        """## Sales

Our numbers for the half, agreed with the board.

1. Grow the mid-market book
   - Sign 30 new mid-market logos
1. Keep the customers we have
   - Gross revenue retention of 92%

## Marketing

1. Fill the funnel
   - 4,000 marketing-qualified leads
""",
        [("Grow the mid-market book", ["Sign 30 new mid-market logos"]),
         ("Keep the customers we have", ["Gross revenue retention of 92%"]),
         ("Fill the funnel", ["4,000 marketing-qualified leads"])]),
    "team-subheading-numbered-bold-objectives-status-after-arrow": (
        """### Data platform

1. **Make pipelines trustworthy**

   1. Nightly loads finish before 6am on 95% of days. => 80%: two late weeks in March.
   1. Every table has an owner listed in the catalogue. => Done

1. **Cut warehouse spend**
   1. Monthly warehouse bill drops from $42k to $30k. => 60%: at $35k now.
""",
        [("Make pipelines trustworthy", ["Nightly loads finish before 6am on 95% of days.",
                                         "Every table has an owner listed in the catalogue."]),
         ("Cut warehouse spend", ["Monthly warehouse bill drops from $42k to $30k."])]),
    "heading-over-objective-bullets-with-priority-tags": (
        """### Community:

* Grow the local meetup scene
  * [P0] Run 3 meetups in Lisbon
  * [P1] Recruit 6 outside speakers
* Publish on a steady rhythm
  * [P1] Ship 10 tutorials during the quarter
""",
        [("Grow the local meetup scene", ["Run 3 meetups in Lisbon", "Recruit 6 outside speakers"]),
         ("Publish on a steady rhythm", ["Ship 10 tutorials during the quarter"])]),
    "team-prefixed-objective-bullets": (
        """#### Team goals

- __Team: Become the go-to reviewers__
    - 80 code reviews on other squads' work
    - 4 design reviews led
- __Team: Share what we learn__
    - 6 internal talks given
""",
        [("Team: Become the go-to reviewers", ["80 code reviews on other squads' work", "4 design reviews led"]),
         ("Team: Share what we learn", ["6 internal talks given"])]),
    "role-prefixed-tree-with-kr-labels": (
        """1. **Product: Make the app sticky.**
   1. Product KR: Raise weekly actives by 20% => dashboard link
   1. Product KR: Find the 3 main reasons trials lapse
1. **Ops: Run a reliable service.**
   1. Ops KR: 99.9% of minutes up
   1. **Infra: Automate the release train.**
      1. Infra KR: A release takes 30 minutes end to end
""",
        [("Product: Make the app sticky.", ["Raise weekly actives by 20%", "Find the 3 main reasons trials lapse"]),
         ("Ops: Run a reliable service.", ["99.9% of minutes up"]),
         ("Infra: Automate the release train.", ["A release takes 30 minutes end to end"])]),
    "cascading-role-bullets-are-all-key-results": (
        """* CEO: Double paid seats to 40,000 this year
    * CRO: Close 12 enterprise deals ACHIEVED
    * CMO: 5,000 trial sign-ups a month => Missed
      * Content lead: 20 comparison pages published
    * CFO: Cost per seat under $3
""",
        [("CEO: Double paid seats to 40,000 this year",
          ["CRO: Close 12 enterprise deals ACHIEVED", "CMO: 5,000 trial sign-ups a month",
           "Content lead: 20 comparison pages published", "CFO: Cost per seat under $3"])]),
    "group-lines-ending-with-colon-hold-key-results": (
        """- **Objective**: Keep our biggest accounts happy
- **Goals**
  - Renewals for accounts that paid twice or more:
    - Large accounts renew at 100%
    -Medium accounts renew at 95%
  - Run a quarterly review with the top 10 accounts
  - **Anti goal:** adding more process this quarter.
""",
        [("Keep our biggest accounts happy",
          ["Large accounts renew at 100%", "Medium accounts renew at 95%",
           "Run a quarterly review with the top 10 accounts"])]),
    "empty-objective-label-text-on-the-bullet-below": (
        """* **Objective**:
    * Be the place founders learn to sell.

* **Goals:**
    * Launch the sales playbook (**Owner:** Ines)
    * Reach 5,000 newsletter readers (**Owner:** Tom)

* **Rationale:**
    * Last year we chased numbers alone.

* **Anti-goals**
    * Paid ads
""",
        [("Be the place founders learn to sell.", ["Launch the sales playbook", "Reach 5,000 newsletter readers"])]),
    "labelled-kr-ending-with-colon-keeps-its-list": (
        """- **Objective:** Make the docs findable
  - **Key Result:** Put the two most-read pages on the home page:
    1. Install guide
    2. API reference
  - **Key Result:** Search returns a result for 90% of queries
""",
        [("Make the docs findable",
          ["Put the two most-read pages on the home page: Install guide; API reference",
           "Search returns a result for 90% of queries"])]),
    "why-notes-under-key-results": (
        """## Objectives: Q2 2026

- Objective: Faster queries
    - Key Results: p95 dashboard load under 2 seconds
        - Why? People give up after three seconds
    - Key Results: Halve the cost per query
        - Why? Cloud bill
""",
        [("Faster queries", ["p95 dashboard load under 2 seconds", "Halve the cost per query"])]),
    "owner-after-dash-and-at-handle": (
        """- Objective: Billing - Owner @rita
    - Key Result: Invoices go out on the 1st - Owner @sam
""",
        [("Billing", ["Invoices go out on the 1st"])]),
    "reference-link-placeholder-is-not-an-owner": (
        "Objective: Grow\n- KR: [*N<sub>4</sub>*][N4]\n- KR: Reach [N5] paying teams\n",
        [("Grow", ["[N<sub>4</sub>][N4]", "Reach [N5] paying teams"])]),
    "key-results-with-no-objective": (
        "OKRs:\n\n* Android nightly builds published\n* Code signing on macOS\n* Faster repackaging\n",
        [("", ["Android nightly builds published", "Code signing on macOS", "Faster repackaging"])]),
    "priority-tagged-plain-lines": (
        """2026 Q3
Search squad
Make results feel instant
Cache the top 1,000 queries P1
Stream results as they arrive P2
Index freshness
Reindex changed documents within 5 minutes
Drop the nightly full rebuild P1
Fix the stale-snippet bugP3
""",
        [("Make results feel instant", ["Cache the top 1,000 queries", "Stream results as they arrive"]),
         ("Index freshness", ["Reindex changed documents within 5 minutes", "Drop the nightly full rebuild",
                              "Fix the stale-snippet bug"])]),
    "priority-tagged-paragraphs-one-heading-lost": (
        """Search squad

Make results feel instant

Cache the top 1,000 queries P1
[v2] Stream results as they arrive P2


Ship a relevance dashboard P2
Label 500 queries by hand P3

Index freshness

Drop the nightly full rebuild P1
""",
        [("Make results feel instant", ["Cache the top 1,000 queries", "[v2] Stream results as they arrive"]),
         ("", ["Ship a relevance dashboard", "Label 500 queries by hand"]),
         ("Index freshness", ["Drop the nightly full rebuild"])]),
}


@pytest.mark.parametrize(("text", "expected"), LAYOUTS.values(), ids=LAYOUTS.keys())
def test_layout_structure(text, expected):
    assert structure(text) == expected


def test_objectives_heading_with_a_cycle_names_the_period():
    okr_set = parse_draft("## Objectives: Q2 2026\n\n- Objective: Faster queries\n    - Key Result: p95 under 2s\n",
                          today=TODAY)
    assert okr_set.period == "Q2 2026" and [o.text for o in okr_set.objectives] == ["Faster queries"]


def test_owner_from_dash_owner_handle():
    okr_set = parse_draft("- Objective: Billing - Owner @rita\n    - Key Result: Invoices go out on the 1st - Owner @sam\n")
    assert okr_set.objectives[0].owner == "rita" and okr_set.objectives[0].key_results[0].owner == "sam"


def test_arrow_pointing_at_a_value_is_kept():
    assert structure("Objective: Delight users\n- KR: NPS 31 => 45\n") == [("Delight users", ["NPS 31 => 45"])]
