"""Key results as other people write them: one table per category of phrasing the checker must generalise to.

Every row is a key result checked inside an otherwise clean set with a period (``wrap_example``); the
expected tuple lists every finding on that key result (empty: a clean key result). The rows were written
for these tests, across domains (sales, support, engineering, health, education, public sector, nonprofit,
finance, people, retail), and are not taken from the eval datasets.
"""

from __future__ import annotations

import pytest

from coach import regex_cache
from coach.rules import check_set
from coach.rules.base import Scope, wrap_example

ACT = ("initiative-as-kr", "kr-is-activity")
MB, MT, NM = ("kr-missing-baseline",), ("kr-missing-target",), ("kr-no-metric",)
MK, BI = ("kr-maintain-kpi",), ("kr-binary",)

TABLE = [
    # noun-phrase KRs, arrows, thresholds
    ("Trial-to-paid conversion 2% → 3.5%", ()),
    ("Trial-to-paid conversion 2% -> 3.5%", ()),
    ("NPS ≥ 45 by Q3", MB),
    ("NPS >= 45", MB),
    ("Zero P1 incidents", MB),
    ("Zero lost-time injuries in the warehouse", MB),
    ("No more than 2 P1 incidents per quarter", MB),
    ("Churn reduced to 3%", MB),
    ("Churn reduced from 5% to 3%", ()),
    ("Support backlog cut in half", MB),
    ("80% of new hires complete onboarding in week 1", MB),
    ("9 out of 10 customers rate support 4 or higher", MB),
    ("Net revenue retention at 115%", MB),
    ("Gross margin 62% (from 55%)", ()),
    ("p95 latency under 300 ms, from 900 ms", ()),
    ("Deploy frequency from weekly to daily", ()),
    ("Lead time for changes below 1 day", MB),
    ("MTTR down from 4 hours to 1 hour", ()),
    ("Error budget burn under 50% every month", MB),
    ("Flaky tests below 1% of CI runs", MB),
    ("DSO from 58 days to 45 days", ()),
    ("Monthly burn down to $400k from $550k", ()),
    ("Cost per acquisition below €60", MB),
    ("Offer acceptance rate 70% → 85%", ()),
    ("Time-to-hire under 30 days", MB),
    ("Regretted attrition below 5% annualised", MB),
    ("eNPS from +12 to +30", ()),
    ("Readmission rate from 18% to 14%", ()),
    ("ED wait time under 4 hours for 95% of patients", MB),
    ("Pass rate in Year 11 maths from 61% to 70%", ()),
    ("Attendance above 95% for all year groups", MB),
    ("Donors retained year on year from 42% to 50%", ()),
    ("Planning applications processing time from 12 weeks to 8 weeks", ()),
    ("Backlog of open cases below 300", MB),
    ("Share of respondents who would recommend us from 40% to 55%", ()),
    ("Tickets per 1,000 orders from 14 to 8", ()),
    ("Sessions per user per week 2.1 → 3", ()),
    ("Deals closed per rep per month from 3 to 5", ()),
    ("Average handle time down 20%", MB),
    ("Revenue per employee £120k", MB),
    ("3x pipeline coverage for Q4", MB),
    ("Customer satisfaction score of 4.6/5 or better", MB),
    ("Reach 4.5 stars in the App Store, up from 3.9", ()),
    ("Reach 4.5 stars in the App Store", MB),
    ("Double weekly active teams", MB),
    ("Halve onboarding time", MB),
    ("Increase win rate", MT),
    ("Grow wholesale revenue", MT),
    ("Lower cost-to-serve", MT),
    ("Reduce time to first response", MT),
    ("Improve the pass rate", MT),
    ("Cut p95 latency", MT),
    ("Increase donor retention", MT),
    ("Reduce hospital-acquired infections", MT),
    ("Reduce flaky tests", MT),
    ("Shorten the sales cycle", MT),
    ("Improve employee engagement", MT),
    ("Increase the proportion of repeat customers", MT),
    ("Boost recurring revenue", MT),
    ("Drive down unit costs", MT),
    ("Improve deploy frequency", MT),
    ("Reduce regretted attrition", MT),
    ("Speed up month-end close", MT),
    ("Improve on-time delivery", MT),
    # no metric
    ("Delight every customer", NM),
    ("Build a world-class culture", ("kr-no-metric","kr-vague-wording")),
    ("Employees feel proud to work here", NM),
    ("Become the partner of choice for regional hospitals", NM),
    ("Create a sense of belonging", NM),
    ("Customers understand our pricing", NM),
    ("Stronger relationships with key accounts", NM),
    ("Teachers feel trusted", NM),
    ("Be the most trusted charity in the region", NM),
    ("Improve the customer experience", NM),
    ("Make our tools easier to use", NM),
    # activities
    ("Launch the loyalty programme", ACT),
    ("Ship dark mode to all users", ACT),
    ("Roll out the new CRM to all regions", ACT),
    ("Introduce a buddy system for new starters", ACT),
    ("Run quarterly customer advisory boards", ACT),
    ("Host monthly lunch-and-learns", ACT),
    ("Hold weekly office hours for admins", ACT),
    ("Organise two hackathons", ACT),
    ("Conduct 30 customer interviews", ACT),
    ("Send a monthly newsletter", ACT),
    ("Post on Instagram daily", ACT),
    ("Make 50 cold calls a week", ACT),
    ("Hire 3 nurses", ACT),
    ("Recruit a head of data", ACT),
    ("Onboard 4 new support agents", ACT),
    ("Migrate billing to Stripe", ACT),
    ("Move payroll to the new provider", ACT),
    ("Upgrade the data warehouse", ACT),
    ("Refactor the checkout service", ACT),
    ("Automate invoice matching", ACT),
    ("Document the incident process", ACT),
    ("Define the pricing tiers", ACT),
    ("Draft the 2027 strategy", ACT),
    ("Prepare the board pack", ACT),
    ("Finalise the vendor shortlist", ACT),
    ("Get SOC 2 certified", ACT),
    ("Achieve ISO 9001 certification", ACT),
    ("Write 10 case studies", ACT),
    ("Publish the annual impact report", ACT),
    ("Set up a customer advisory board", ACT),
    ("Deploy the new EHR module to two wards", ACT),
    ("Train all managers on the new review process", ACT),
    ("Complete the data migration", ACT),
    ("Deliver 3 workshops for school leaders", ACT),
    ("Go live with the new payroll system", ACT),
    ("Pilot the new triage process in two clinics", ACT),
    ("New website launch", ACT),
    ("Migration of all services to AWS", ACT),
    ("Implementation of the new HRIS", ACT),
    ("Weekly stand-up with the sales team", ACT),
    ("Monthly webinar series", ACT),
    ("Book the venue for the summit", ACT),
    ("Confirm 20 speakers", ACT),
    ("Run health checks for all at-risk accounts", ACT),
    ("Hold monthly safety walks", ACT),
    ("Respond to every complaint within 2 days", ACT),
    ("Call every new customer in their first week", ACT),
    ("Visit 40 schools", ACT),
    ("Interview 12 candidates per week", ACT),
    ("Organize a volunteer fair", ACT),
    ("Build Salesforce and HubSpot connectors", ACT),
    ("Add filters to search", ACT),
    ("Increase activation from 20% to 35% through the new onboarding flow", ()),
    # binary
    ("Seed round closed", BI),
    ("Series A term sheet signed", BI),
    ("Research repository is live", BI),
    ("Design system is live", BI),
    ("New CT scanner operational", BI),
    ("Board approval for the new budget received", BI),
    ("Contract with the council renewed", BI),
    ("New warehouse opened", BI),
    ("Sell out the conference", BI),
    ("Win the city tender", BI),
    # maintain
    ("Keep CSAT above 4.5/5", MK),
    ("Maintain onboarding CSAT above 8/10", MK),
    ("Keep hardware budget flat", MK),
    ("Keep the support backlog stable", MK),
    ("Hold NPS at 50 or above", MK),
    ("Sustain 98% on-time delivery", MK),
    ("Uptime remains at or above 99.9%", MK),
    ("Stay within the £2M budget", MK),
    ("Keep monthly churn under 2%", MK),
    ("Protect gross margin at 60%", MK),
    ("Keep quality-of-hire score above 4 out of 5", MK),
    # baseline handling
    ("Raise eNPS from -5 to 20", ()),
    ("Improve forecast accuracy from ±18% to ±8%", ()),
    ("Increase active integrations from 1,300 to 2,000", ()),
    ("Cut net burn from -€200k to -€120k per month", ()),
    ("Increase weekly active users from 1.2k to 2k", ()),
    ("Grow ARR from $1.2m to $2m", ()),
    ("Cut onboarding time from two weeks to one week", ()),
    ("Increase NPS from thirty to forty-five", ()),
    ("Reduce tickets by half, from 400 to 200", ()),
    ("Raise conversion (currently 2.1%) to 3%", ()),
    ("Increase conversion to 3% (baseline 2.1%)", ()),
    ("Grow MAU to 50k, up from 32k", ()),
    ("Get to 1000 users", MB),
]


#: A second set, written after the fixes above and checked before any further change: shorthand (AHT,
#: 'MAU: 10k -> 25k', 'Churn <3%'), lower case, means clauses, other domains.
TABLE_SHORTHAND = [
    ("Cut avg. handle time from 7m to 5m", ()),
    ("AHT 7 min -> 5 min", ()),
    ("Grow paid subscribers 12k → 20k", ()),
    ("Improve gross margin by 3 pts", MB),
    ("Increase NPS by 10 points from 32", ()),
    ("Reduce cost per hire from £4,500 to £3,200", ()),
    ("Lift average order value to €48", MB),
    ("Reduce DNA rate in outpatient clinics from 9% to 6%", ()),
    ("Get 95% of patients seen within 4 hours", MB),
    ("Pupils meeting the expected standard in reading: 64% to 72%", ()),
    ("At least 70% of volunteers return for a second shift", MB),
    ("Household waste recycled up to 55%", MB),
    ("Average days to process a benefit claim from 28 to 14", ()),
    ("Bring call abandonment under 5%", MB),
    ("Time to first merged PR for new engineers under 5 days", MB),
    ("Reduce p99 latency of the search API", MT),
    ("Lower on-call pages", MT),
    ("More demo requests from the website", MT),
    ("Fewer escalations to engineering", MT),
    ("Higher share of revenue from self-serve", MT),
    ("Grow donations", MT),
    ("Improve attendance at parents' evenings", MT),
    ("Reduce repeat prescriptions errors", MT),
    ("Better test coverage", MT),
    ("Increase usage of the mobile app", MT),
    ("Boost employee engagement scores", MT),
    ("Decrease time-to-quote", MT),
    ("Raise reading ages", MT),
    ("Improve our brand perception", NM),
    ("Customers are delighted with delivery", NM),
    ("A culture of ownership", NM),
    ("Happier volunteers", NM),
    ("Stronger partnerships with local GPs", NM),
    ("Be recognised as a great place to work", NM),
    ("Enhance the learner journey", NM),
    ("Empower teams to make decisions", NM),
    ("Modernise our tech stack", ACT),
    ("Migrate 80% of workloads to GCP", ACT),
    ("Kick off the vendor review", ACT),
    ("Ship v3 of the API", ACT),
    ("Release the Android app", ACT),
    ("Set up weekly pipeline reviews", ACT),
    ("Host a donor appreciation evening", ACT),
    ("Run a pricing experiment", ACT),
    ("Create onboarding videos for every feature", ACT),
    ("Develop a new volunteer training course", ACT),
    ("Complete SOC 2 audit", ACT),
    ("Train 200 staff on safeguarding", ACT),
    ("Deliver a new careers fair", ACT),
    ("Publish a quarterly transparency report", ACT),
    ("Conduct a pay equity review", ACT),
    ("Roll-out of the new intranet", ACT),
    ("Fortnightly newsletter to parents", ACT),
    ("Customer advisory board every quarter", ACT),
    ("Launch of the donor portal", ACT),
    ("Hire a Head of Sales", ACT),
    ("Recruit 6 new foster carers", ACT),
    ("SSO enabled for all apps", BI),
    ("Funding from the Lottery secured", BI),
    ("Pilot with two NHS trusts signed off", BI),
    ("New CRM in place", BI),
    ("Office move completed", BI),
    ("GDPR compliance achieved", BI),
    ("Keep DSO below 45 days", MK),
    ("Maintain 4.8-star average rating", MK),
    ("Hold cost per ticket at or under $6", MK),
    ("Ensure no more than 1% of orders ship late", MB),
    ("Continue to keep attrition under 10%", MK),
    ("Stay under the £250k marketing budget", MK),
    ("Remain at 100% compliance for fire checks", MK),
    ("Increase conversion from 2% to 3% by launching a new checkout", ()),
    ("Cut churn from 6% to 4% via better onboarding", ()),
    ("Grow pipeline to $3M by running 4 webinars", MB),
    ("increase mrr from 20k to 30k", ()),
    ("reduce churn", MT),
    ("nps from 30 to 45", ()),
    ("launch referral programme", ACT),
    ("sign 3 new enterprise logos", MB),
    ("customers happier", NM),
    ("MAU: 10k -> 25k", ()),
    ("Revenue: $1.2M → $2M", ()),
    ("Churn <3%", MB),
    ("CSAT 90%+", MB),
    ("Uptime ≥ 99.95% (currently 99.7%)", ()),
]


#: A third set, one block per cause found when checking drafts written by other teams: work verbs missing
#: from the lists, metric names misread as work, work nouns with a scope number, change and keep
#: participles after the metric, 'as X as possible'. Written for these tests, not taken from any dataset.
TABLE_CAUSES = [
    # work verbs teams use for outreach and roll-out
    ("Phone every lapsed donor before the spring appeal", ACT),
    ("Cascade the safety briefing to all site supervisors", ACT),
    ("Consult 150 tenants on the repairs policy", ACT),
    ("Operationalise the new escalation matrix", ACT),
    ("Embed the coaching framework in every store", ACT),
    ("Fit smart meters to the remaining 300 flats", ACT),
    ("Retrofit insulation in 40 council homes", ACT),
    ("Turn down discount requests below 10% margin", ACT),
    ("Answer every parent email", ACT),
    ("Answer support chats quicker", MT),  # speed asks for a time: a metric without a target
    ("Answer 95% of calls within 30 seconds (currently 80%)", ()),
    ("Open 5 new pop-up clinics", ACT),
    ("Open 2 regional distribution hubs", ACT),
    ("Pass the annual food hygiene inspection", ACT),
    ("Pass the PCI DSS assessment", ACT),
    ("Pass rate in the driving theory test from 58% to 70%", ()),
    # a work-event noun heading the line, with only a scope number
    ("Rollout of e-prescribing to 12 GP practices", ACT),
    ("New timesheet tool go-live in 4 depots", ACT),
    ("Migration of 70% of legacy accounts to the new ledger", ACT),
    ("Deployment of the kiosk app to all 30 branches", ACT),
    ("Deployment frequency from weekly to daily", ()),
    ("Integration partners from 8 to 15", ()),
    # a count of outputs with a start and a target is a tracked rate, not a to-do list
    ("Safety near-miss reports per site from 3 to 10 per month", ()),
    ("Customer case studies published from 2 to 6 per quarter", ()),
    ("Complaints escalated to the ombudsman from 30 to 12 a year", ()),
    ("8 webinars per quarter", ACT),
    # a participle naming the metric, not a verb in the past
    ("Scheduled inspections carried out on time from 65% to 90%", ()),
    ("Completed onboarding checklists from 55% to 85%", ()),
    ("Launched the referral scheme", ACT),
    # zero counts are targets, not work
    ("Zero review comments marked blocking after release", MB),
    ("Zero audit findings rated high", MB),
    # a metric, then a change participle
    ("Medication errors reduced", MT),
    ("Late deliveries halved", MB),
    ("Cascade failures reduced by 50% from 10 a month", ()),  # 'cascade' names the failures here
    ("Launch delays reduced", MT),
    ("Reduce data quality issues raised by finance", MT),  # 'raised' = reported, not a milestone
    ("Volunteer hours tripled", MB),
    ("Average wait lowered", MT),
    ("Unit costs are cut", MT),
    # a level kept, written after the metric
    ("Fill rate sustained at 98% through peak", MK),
    ("Gross margin preserved above 40%", MK),
    ("Bed occupancy maintained below 92%", MK),
    ("Workshops held at 4 partner schools", ACT),  # a count of places, not a level
    ("Response time held under 200 ms", MK),
    ("Training completion maintained at 100%", MK),
    # a plural noun and its rate, though the noun can be a verb
    ("Deploys per week from 5 to 20", ()),
    ("Deploys per engineer per week", MT),
    ("Visits per member", MT),
    # 'as X as possible' stands in for a number
    ("Make claims as painless as possible", NM + ("kr-vague-wording",)),
    ("Reduce hold times as far as we can", MT + ("kr-vague-wording",)),
]

TABLE_TASKS_AND_STATES = [
    # phrasal and hands-on work verbs
    ("Wire up the payment webhook to the ledger", ACT),
    ("Hook up the door sensors to the alarm panel", ACT),
    ("Plug in the new fraud scoring service", ACT),
    ("Playtest the tutorial with ten new players", ACT),
    ("Fix the broken export on the invoices page", ACT),
    ("Fix the duplicate-charge bug before Black Friday", ACT),
    ("Record the induction videos for warehouse staff", ACT),
    ("Film three patient stories for the website", ACT),
    ("Patch the VPN concentrators", ACT),
    ("Sort out the supplier master data", ACT),
    # ... and their metric look-alikes stay outcomes
    ("Fix rate for P1 defects within 48 hours from 60% to 90%", ()),
    ("Set up time per new client from 5 days to 2 days", ()),
    ("Turn down discount requests below 10% margin", ACT),
    # work nouns: a round of work over something already made
    ("Polish pass on the onboarding screens", ACT),
    ("Copy edit pass on the staff handbook", ACT),
    ("Brand refresh for the member app", ACT),
    ("First-pass yield from 88% to 94%", ()),
    # a roll-out's scope is not a target
    ("Roll out the new rota app to all 24 wards", ACT),
    ("Roll out contactless payment in all 16 branches", ACT),
    ("Wire up smart meters across all 9 sites", ACT),
    # things provided, with no measure
    ("Extra evening surgeries in the winter months", ACT),
    ("Additional Saturday workshops for parents", ACT),
    ("A named mentor for each graduate engineer", ACT),
    ("Peer buddy for every new volunteer", ACT),
    ("Account reviews held with all strategic clients", ACT),
    ("Safety briefings run for every night crew", ACT),
    # ... but a measured level across everyone is a metric
    ("Uptime for all customer-facing services above 99.9%", MB),
    ("Satisfaction with onboarding for every new client from 7.1 to 8.5", ()),
    ("More demo requests from the website", MT),
    # a done state after a work noun is a milestone, not a task
    ("Fire safety audit passed with no actions", BI),
    ("Final design review signed off by the client", BI),
    ("Nightly data sync working", BI),
    ("Card readers running in every van", BI),
    # zero written as 'No ...', a cap on an unwanted output, a rate's population
    ("No missed supplier payment runs", MB),
    ("No data breaches reported to the regulator", MB),
    ("No more than 4 customer escalations a month", MB),
    ("Out-of-hours call-outs per week under 3", MB),
    ("Alerts paged to the night shift below 10 a week", MB),
    ("Fewer defects per 100 units shipped", MT),
    ("Falls per 1,000 bed days from 6.2 to 4.5", ()),
    # number formats: a per-unit slash, a score out of any scale, an arrow then a comparator
    ("Agency spend down from £90k/month to £40k/month", ()),
    ("Rework hours from 120/week to 60/week", ()),
    ("Spelling test average from 14/20 to 17/20", ()),
    ("Supplier audit score 28/40 -> 34/40", ()),
    ("Build time 25 min => under 10 min", ()),
    ("Page load 3.4s -> below 2s", ()),
]

#: Third round: number forms, a maintain verb after the metric, service standards, migrations, milestones
#: with a date, nouns that look like work verbs.
TABLE_ROUND3 = [
    # pence and cents glued to the number; a fraction of the start in words
    ("Cost per parcel from 64p to 52p", ()),
    ("Card fee per transaction 19c -> 14c", ()),
    ("Missed bin collections down by a third", MB),
    ("Paper invoices cut by two thirds", MB),
    ("Agency spend reduced by a quarter", MB),
    # a maintain verb behind a dash, a colon or a comma, after the metric
    ("Uptime of the booking site - maintain 99.9%", MK),
    ("Food hygiene rating: hold at 5", MK),
    ("First-contact resolution — keep above 80%", MK),
    ("Deploys per week - from 5 to 20", ()),
    # a time limit inside the metric is a service standard, not the deadline
    ("Invoices paid within 30 days from 71% to 90%", ()),
    ("Repairs completed within 7 days stays above 85%", MK),
    # moving a share of something onto a new platform is migration work
    ("Move 80% of payroll runs onto the new HR system by March", ACT),
    ("Switch 100% of customer emails to the new helpdesk", ACT),
    ("Move churn from 4% to 3%", ()),
    # a done-state with a date, passive or 'ready by'
    ("Winter gritting fleet ready by 1 November", BI),
    ("Annual accounts filed with the regulator by 31 January", BI),
    ("Penetration test report issued by 14 March", BI),
    # nouns that look like work verbs or outputs, with a measure
    ("Email list 12k → 20k", ()),
    ("Newsletter list from 4,000 to 6,500", ()),
    ("Drivers with a valid CPC card in date 100%", MB),
    ("Make app store reviews better", MT),
    ("Make 40 sales calls a week", ACT),
    # a hyphenated noun is no direction: 'cut-off', 'drop-in'
    ("Orders shipped before the 2pm cut-off from 81% to 94%", ()),
    ("Visitors to the drop-in advice desk up from 60 to 110 a week", ()),
]


def _names_on_first_kr(text: str) -> tuple[str, ...]:
    okr_set = wrap_example(Scope.KEY_RESULT, text, period="Q3 2026")
    return tuple(sorted({f.name for f in check_set(okr_set)
                         if (f.location.objective, f.location.key_result) == (1, 1)}))


# A decision someone else takes, in the active voice, is a one-off yes/no milestone; with a number it is
# a measure again.
TABLE_DECISIONS = [
    ("Board approves the new budget", BI),
    ("The board signs off the hiring plan", BI),
    ("Council ratifies the new parking policy", BI),
    ("Legal approves the contract template", BI),
    ("Regulator grants the operating licence", BI),
    ("Finance approves 95% of expense claims within 3 days", ("kr-missing-baseline",)),
]

# Round 4: adjectives that look like verbs, units glued to numbers, vague levels, work moved onto a system.
TABLE_ROUND4 = [
    ("Open defects per release from 40 to 15", ()),
    ("Open tickets older than 30 days from 210 to 50", ()),
    ("Open safeguarding cases under 20 by the end of Q3", MB),
    ("Open 3 new branches in Leeds", ACT),
    ("Ore shipped from 40kt to 55kt per month", ()),
    ("Landfill waste from 420 t to 300 t", ()),
    ("Battery output from 12MW to 20 MW", ()),
    ("Repeat bookings as high as possible", ("kr-missing-target", "kr-vague-wording")),
    ("Referrals higher than last season", MT),
    ("Reroute returns via the Leeds hub", ACT),
    ("Route all parcels through the new sortation line", ACT),
    ("Route adherence from 80% to 95%", ()),
    # a direction word after the metric, numbers moving the other way
    ("Van utilisation up from 71% to 65%", ("kr-direction-mismatch",)),
    ("eNPS up 45 -> 38", ("kr-direction-mismatch",)),
    ("Scrap rate down from 4% to 6%", ("kr-direction-mismatch",)),
    ("Van utilisation up from 65% to 71%", ()),
    ("Scrap rate down from 6% to 4%", ()),
    ("Reduce scrap rate from 6% to 4%", ()),
    ("Days to get a new supplier set up from 30 to 12", ()),  # 'set up', a phrasal verb, not a direction
]

# Round 5: ranges and word targets, a factor after the metric, a year or standard inside a name.
TABLE_ROUND5 = [
    ("Occupancy from 71% to 85-88%", ()),
    ("Raise donor retention from 40% to 55–60%", ()),
    ("Average stay on the ward from 6 days to 4-5 days", ()),
    ("First response time from 2 days to same day", ()),
    ("Refund approvals from 48 hours to same-day", ()),
    ("Stock count variance from 3% to zero", ()),
    ("Claims paid within 5 days halved", MB),
    ("Customer effort score doubled", MB),
    ("Time to hire for nurses halved", MB),
    ("Cut refund time to same day", MB),
    ("Press lines 3-5 running two shifts", BI),  # a span of named lines, not a range target
    # work lists, promises with no share, repairs counted as output
    ("Close all 22 open fire-risk actions", ACT),
    ("Resolve the outstanding internal audit findings", ACT),
    ("Clear every non-conformity raised at the last inspection", ACT),
    ("Every safeguarding referral triaged within 24 hours", ACT),
    ("All new tenancies signed up within 3 days", ACT),
    ("Repair 45 faulty street lights", ACT),
    ("Open audit findings from 31 to 5", ()),
    ("Close 95% of audit findings within 30 days", MB),
    ("Referrals triaged within 24 hours from 60% to 90%", ()),
    ("Close 25 new enterprise deals", MB),
    # the scope of a milestone is not its target
    ("Patient portal live in all 9 clinics", BI),
    ("Self-checkout available in all 40 branches", BI),
    # a counted body of people with from/to, new wins counted, a change 'as much as possible'
    ("Email list from 48k to 70k subscribers", ()),
    ("Donor base from 1,200 to 1,800", ()),
    ("Text audience from 5k to 9k", ()),
    ("Email 300 lapsed donors", ACT),
    ("New franchisees signed", MT),
    ("New volunteers recruited", MT),
    ("New head office signed", BI),
    ("Cut agency spend as much as we can", ("kr-missing-target", "kr-vague-wording")),
    ("Lower food waste as far as possible", ("kr-missing-target", "kr-vague-wording")),
]

#: Grammar the real drafts showed: asides inside the clause, bookkeeping in front, verbs joined by slashes, result
#: verbs acting on a thing, coordinated verbs, a subject with a phrase of purpose, passives of counted outputs.
TABLE_ROUND6 = [
    ("Checkout flow (card, wallet, invoice) works on every supported browser", BI),
    ("P2 - @lena - The status page is listed in the help center", BI),
    ("[p1] @omar: Publish the pricing FAQ", ACT),
    ("Audit/Archive/Delete stale feature flags", ACT),
    ("Do a cost/benefit review of the two vendors", ACT),
    ("Generate the templates from the design files", ACT),
    ("Renew the office lease before March 2027", ACT),
    ("Generate more qualified leads", MT),
    ("Retain our best engineers", NM),
    ("Gather and summarise feedback from pilot schools", ACT),
    ("Guidance for shift leads sets clear rules for handovers", BI),
    ("Customers in Europe recommend us", NM),
    ("4 runbooks are written and reviewed", ACT),
    ("100% of clinic procedures will be documented", ACT),
    ("90% of refund requests can be handled without an agent", MB),
    ("95% of invoices are approved without manual correction", MB),
    ("Raise loyalty (NPS)", MT),
    # counted work at a cadence, 'N or more', 'N new ...'
    ("Read 1 book per month", ACT),
    ("Learn 5 new data tools", ACT),
    ("Sign 3 new customers per month", MB),
    ("Answer 95% of tickets within 4 hours", MB),
    # existence, and a name before a colon and what it holds
    ("There is a current architecture diagram", BI),
    ("PX - There is a prototype of the sync protocol", BI),
    ("Badge components: goals, journal, streaks", ACT),
    ("Pricing page UX: a clear plan comparison and a trial button", ACT),
    ("Customer happiness: better than ever", NM),
    # a count in a unit is a level; a qualifier of the counted makes it a result won
    ("Lose 6 kg before the race", MB),
    ("Get 5 active reviewers on the docs", MB),
]

#: Round 7: a line with no metric is a wish only when something in it wishes (a change or aspiration verb, a
#: word of quality, feeling or degree); otherwise it says what to do or what will be so.
TABLE_ROUND7 = [
    # passives with an adverb, a list of participles, a longer phrase of place
    ("Payment retries are quietly handled", BI),
    ("Alert thresholds are drafted, reviewed and signed off", BI),
    ("Nightly exports are mirrored to the backup bucket running the old schema", BI),
    # 'is' and a fact about a thing (not a quality, a level or a group of people)
    ("The sync daemon is open source", BI),
    ("Export files are part of the weekly archive", BI),
    ("The billing service and the ledger are interoperable", BI),
    ("Release notes are publicly visible", BI),
    ("Onboarding is painless", NM),
    ("The checkout is delightful", NM),
    ("Our managers are accountable", NM),
    ("Latency is low", MT),
    # nothing read, nothing wished: work, or a sentence that says what will be so
    ("Fetch the invoices and receipts from the old portal", ACT),
    ("Dual billing system with receipt checks", ACT),
    ("The importer supports resumable uploads", BI),
    ("Ledger history sourced from one database", BI),
    ("We have separate dashboards for web and mobile traffic", BI),
    ("Mobile sync functional", BI),
    # a wish stays a wish
    ("Improve the onboarding guide", NM),
    ("Frictionless hand-offs between the two teams", NM),
    ("Deepen our ties with the city libraries", NM),
    ("Support quality is formally improved", NM),
    ("Our brand mentioned as a reference in the trade press", NM),
    ("Create a sense of belonging", NM),
    # counts of outputs made or in service; a share of the team's own people taking part in the work
    ("12 lesson plans live with worked answers", ACT),
    ("40 shops live", MB),
    ("250 product photos tagged in the catalogue", ACT),
    ("100% of open findings are remediated", ACT),
    ("100% of managers go through the interview training", ACT),
    ("100% of new teammates have an onboarding buddy", ACT),
    ("80% of customers complete onboarding", MB),
    # an aside of examples holds no number of the key result's own
    ("Track time to the setup milestones (i.e. instance started, >1 repositories added)", ACT),
    ("Publish the integration guides (e.g. 3 for Slack, 2 for Teams)", ACT),
    ("Setup time falls from 2 days to 2 hours (e.g. for the 5 largest customers)", ()),
    # an order applied to a counted set: the count is where the work goes; a unit after it is a level
    ("Add rate limits to 8 public endpoints", ACT),
    ("Run the security checklist on 12 services", ACT),
    ("Extend runway to 18 months", MB),
    ("Cut onboarding time to 3 days", MB),
]

TABLE_ROUND8 = [
    # a scale from nothing to all of it: the line without the scale decides; a metric stays a level
    ("Import bank statements in the new format from 0% to 100%", ACT),
    ("Refund flow approved by legal (0.0 → 1.0)", BI),
    ("Waiting-list letters translated into Welsh (0 → 1)", BI),
    ("Raise test coverage of the billing module from 0% to 100%", ()),
    ("Share of wards with a falls champion from 0% to 100%", ()),
    ("Grow paying schools from 0 to 1", ()),
    # the first of something reaching a state happens once: its numbers give its size, not a level
    ("First $40K sponsorship signed with a regional bank", BI),
    ("1st wholesale order shipped (over 500 units) to a supermarket", BI),
    ("First response time reduced to 2 hours", MB),
    ("First-visit resolution rate raised to 85%", MB),
    # a count of people as the subject of a verb: what others do, counted, is a result
    ("40 families publish a review of the reading club", MB),
    ("300 residents and businesses take part in the street survey", MB),
    ("12 patients say they know who their named nurse is", MB),
    ("At least 8 customers are running nightly exports", MB),
    # ... but people the team's work is done to, or its own staff in its work, stay a task
    ("100% of new tenants are given a welcome pack", ACT),
    ("100% of managers go through the interview training", ACT),
]

TABLE_ROUND9 = [
    # a stated amount that is not the starting value is the value to reach, whichever number the measure
    # reader took as the target; the base of a rate is no target, nor a baseline alone
    ("20 partner shops which stock at least one of our titles", MB),
    ("At least four schools have > 60% of pupils reading daily", MB),
    ("At least one clinic cuts missed appointments by ≥ 20%", MB),
    ("Fewer complaints per 1,000 deliveries", MT),
    ("Improve the parent survey score from 3.9", MT),
    ("Repeat visits of new members to e.g. 30%", MT),
    # a plural noun before a relative clause is the subject, not an order
    ("Tickets that mention refunds go down", MT),
    ("Support calls that cite billing errors go down", MT),
    ("3-star ratings that cite delivery drop to 5%", MB),
    # a short title and a full stop before a sentence: the sentence decides
    ("Reliability. Keep the weekly crash rate under 0.5%", MK),
    # 'hold the line' keeps a level: the level held is the target
    ("Hold the line on support costs", MK),
]

TABLE_ROUND10 = [
    # a frame of time or scope before the order, set off by a comma: the order decides, as without it
    ("By the end of Q4, run four pricing experiments", ACT),
    ("For each new client, confirm the onboarding plan in writing", ACT),
    ("In Q3, cut refund requests from 4% to 2%", ()),
    ("Within six weeks, publish the new pricing page", ACT),
    # a range that counts a noun is an amount to reach; a range of days is a date
    ("Win 2-4 regional clinics as paying customers", MB),
    ("Host the partner summit on 3-5 March", ACT),
    ("Revenue from 3-5 enterprise deals reaches 1M", MB),
    # a ratio after 'ratio' is a value, not a time
    ("Raise the lifetime-value to acquisition-cost ratio to 3:1", MB),
    # a first word that can be a verb, before the object it takes, is the order's verb
    ("Share one tip each week in the team channel", ACT),
    # an order counted by how often the doer does it is work; a multiple of a result or what others do is not
    ("Play the piano at least 4 times per week", ACT),
    ("Help new neighbours up to 30 times", ACT),
    ("Grow sign-ups 3 times faster than last year", MB),
    ("Customers log in 3 times a week", MB),
    ("Traffic 2x from organic search", MB),
    ("Sketch 3x 8 bar melodies", ACT),
    ("Eat out 1x every two weeks or less", MB),  # a cap on a habit is a level kept
    # a bare count of outputs keeps its reading with what they are for after it; a count of things won too
    ("5 conversations for Orbitline", ACT),
    ("500 sign-ups for the beta", MB),
    # a count in a unit ('24 hrs') or of money is a level, not a count of things the work makes
    ("Mean time to resolve billing tickets < 24 hrs", MB),
    ("Receive at least $3 million in renewed grants", MB),
    ("Write 4 guides for new hires", ACT),
]


@pytest.mark.parametrize("line", ["✅", "???", "...", "—", "[x]", "(tbd)"])
def test_a_key_result_with_no_words_is_read_without_error(line):
    """The judgement reads a line with no word tokens (a bare mark or dots) without failing."""
    assert isinstance(_names_on_first_kr(line), tuple)

_ALL_KR = TABLE + TABLE_SHORTHAND + TABLE_CAUSES + TABLE_TASKS_AND_STATES + TABLE_ROUND3 + TABLE_DECISIONS \
    + TABLE_ROUND4 + TABLE_ROUND5 + TABLE_ROUND6 + TABLE_ROUND7 + TABLE_ROUND8 + TABLE_ROUND9 + TABLE_ROUND10


@pytest.mark.parametrize(("text", "expected"), _ALL_KR, ids=[t for t, _ in _ALL_KR])
def test_key_result_phrasing(text, expected):
    assert _names_on_first_kr(text) == tuple(sorted(expected))


# --------------------------------------------------------------------------- objectives

OBJECTIVES = [
    # a state, even with a work verb: manner comparatives and state objects
    ("Hire great engineers faster so product teams stop waiting", ()),
    ("Close the month faster so leaders decide on fresh numbers", ()),
    ("Deliver parcels on time so customers stop calling us", ()),
    ("Build a culture where people want to stay", ()),
    ("Create trust with regulators so approvals stop stalling", ()),
    # round 5: a state each person ends up in, an audience won on a channel, an event put on
    ("Send every nurse home safe after each shift", ()),
    ("Get all our riders home without a scratch", ()),
    ("Win young parents on Instagram", ()),
    ("Win first-time voters over on YouTube", ()),
    ("Win the council framework tender", ("objective-is-activity",)),
    ("Put on an autumn concert series for the town", ("objective-is-activity",)),
    ("Put on a spring open day", ("objective-is-activity",)),
    ("Achieve BS 7671 recertification", ("objective-is-activity",)),
    ("Achieve IATF 16949 re-certification", ("objective-is-activity",)),
    ("Win back lapsed donors so our income stops depending on one gala", ()),
    ("Release more often with less drama, because small releases are easier to fix", ()),
    ("Make the setup checklist something people actually finish, because unfinished setup predicts churn", ()),
    # a task or a solution
    ("Invest in SEO so organic sign-ups grow", ("objective-is-activity",)),
    ("Move to the cloud so we can scale in peak season", ("objective-is-activity",)),
    ("Run a great user conference so customers meet each other", ("objective-is-activity",)),
    ("Write more help articles so customers help themselves", ("objective-is-activity",)),
    ("Publish more case studies so sales has proof", ("objective-is-activity",)),
    ("Adopt Kubernetes so deploys stop failing", ("objective-is-activity",)),
    # numbers: years, versions and number words are not metrics; 'zero X' is
    ("Fund the 2027 hiring plan from our own cash so we avoid new debt", ()),
    ("Upgrade every laptop to Windows 11 so support stays simple", ("objective-is-activity",)),
    ("Put our funding on a steadier footing so we can plan beyond one year", ()),
    ("Zero lost-time injuries so everyone goes home safe", ("objective-has-metric",)),
    ("Reach 2000 paying schools so the charity is self-funding", ("objective-has-metric",)),
    # a certificate to earn, named by its standard or with a result verb
    ("Achieve Cyber Essentials Plus", ("objective-is-activity",)),
    ("Earn B Corp certification so buyers can trust our sourcing claims", ("objective-is-activity",)),
    ("Obtain ISO 14001 so we qualify for public tenders", ("objective-is-activity",)),
    ("Achieve a reputation for on-time delivery so shippers renew", ()),
    # manner adverbs and idioms: the same work done well, a promise kept, money in the bank
    ("Hire well so every team has the people it needs", ()),
    ("Ship fast, because early feedback beats perfect plans", ()),
    ("Hire 12 engineers fast", ("objective-has-metric", "objective-is-activity")),
    ("Deliver on our promise of next-day repairs so tenants trust us", ()),
    ("Deliver the new intranet", ("objective-is-activity",)),
    ("Secure multi-year funding so the helpline can plan past March", ()),
    ("Sign Northwind as a distributor", ("objective-is-activity",)),
    # a verb and its end state apart: the work of putting something in place
    ("Put a supplier code of conduct in place", ("objective-is-activity",)),
    ("Get the new patient portal live", ("objective-is-activity",)),
    ("Have the warehouse robots up and running before peak", ("objective-is-activity",)),
    ("Put patients first in every clinic", ()),
    ("Get every new starter confident on the tills so queues stay short", ()),
    # a work verb describing a way of operating, not a task
    ("Dispatch orders the same day so retailers reorder with us", ()),
    ("Fix faults right first time so tenants stop calling back", ()),
    ("Resolve claims on the first attempt so members trust us", ()),
    # narrowing a gap is a change; winning people back is a result
    ("Close the attainment gap for disadvantaged pupils", ()),
    ("Narrow the gender pay gap so we keep senior women", ()),
    ("Win back lapsed supporters so the appeal stops shrinking", ()),
    ("Sort out finances", ()),  # a wish for a better state, not a task
    # colloquial tasks: a system to get in, a problem to fix
    ("Get the new rostering system in", ("objective-is-activity",)),
    ("Get the replacement phone platform in before winter", ("objective-is-activity",)),
    ("Fix the login problem on the member portal", ("objective-is-activity",)),
    ("Sort the invoicing issues with our biggest supplier", ("objective-is-activity",)),
    ("Get more first-time buyers in", ()),
    ("Fix customer problems on the first call so nobody rings twice", ()),
    # the same work done within a limit it must respect: a way of operating
    ("Recruit the nurses we need without overloading ward managers", ()),
    ("Onboard new schools without adding support headcount", ()),
    ("Recruit 30 nurses without delay", ("objective-has-metric", "objective-is-activity")),
    # a work verb whose object is an audience, people, a standing or a quality: a state, not a deliverable
    ("Build an engaged community of hosts around the app", ()),
    ("Create a loyal following among independent cafes so they reorder", ()),
    ("Build a company engineers want to join", ()),
    ("Let no patient leave without a follow-up plan", ()),
    ("Fit smart meters on the day customers booked so nobody takes a second day off", ()),
    ("Get 90% of invoices right so suppliers stop chasing us", ("objective-has-metric",)),
    ("Regain market share in the north so the depot stays open", ()),
    ("Win back the trust of our franchisees", ()),
    # ... and the look-alikes that are still work to do
    ("Build the community forum", ("objective-is-activity",)),
    ("Build a mobile app for our readership", ("objective-is-activity",)),
    ("Build the new data warehouse", ("objective-is-activity",)),
    ("Win the Acme contract", ("objective-is-activity",)),
    ("Install the new fibre lines in 40 towns", ("objective-has-metric", "objective-is-activity")),
    ("Get SOC 2 so enterprise buyers sign", ("objective-is-activity",)),
]


@pytest.mark.parametrize(("text", "expected"), OBJECTIVES, ids=[t for t, _ in OBJECTIVES])
def test_objective_phrasing(text, expected):
    okr_set = wrap_example(Scope.OBJECTIVE, text, period="Q3 2026")
    names = {f.name for f in check_set(okr_set) if (f.location.objective, f.location.key_result) == (1, None)}
    names &= {"objective-is-activity", "objective-has-metric"}
    assert tuple(sorted(names)) == tuple(sorted(expected))


@pytest.mark.parametrize(("text", "why"), [
    ("Tighten month-end controls, to avoid restating the accounts", True),
    ("Cut food waste in our kitchens to bring margins back up", True),
    ("Simplify the claims form, to help members claim without calling us", True),
    ("Answer queries in time, to prevent complaints reaching the regulator", True),
    ("Grow income from our charity shops to fund the night shelter", True),
    ("Win grants from trusts to pay for two more advisers", True),
    ("Make the app easier to use", False),
    ("Improve the onboarding experience", False),
    # a question asks; its 'to' clause is part of the question, and only 'so' or 'because' gives a why
    ("What would it take for the café to cover its own costs?", False),
    ("How can we get more pupils to join the choir?", False),
    ("How do we shorten waits so patients are seen sooner?", True),
])
def test_objective_purpose_clause(text, why):
    okr_set = wrap_example(Scope.OBJECTIVE, text, period="Q3 2026")
    names = {f.name for f in check_set(okr_set) if (f.location.objective, f.location.key_result) == (1, None)}
    assert ("objective-no-why" not in names) is why


# --------------------------------------------------------------------------- numbers and duplicates

from coach.rules.key_results.duplicate import similarity  # noqa: E402
from coach.rules.numbers import quantities, states_baseline  # noqa: E402


@pytest.mark.parametrize(("text", "values"), [
    ("Increase active integrations from 1,300 to 2,000", [1300, 2000]),
    ("Raise eNPS from -5 to 20", [5, 20]),
    ("Keep CSAT above 4.5/5", [4.5]),
    ("Cut onboarding from two weeks to one week", [2, 1]),
    ("Sessions per user per week 2.1 → 3", [2.1, 3]),
    ("Deploy frequency from weekly to daily", [52, 365]),
    ("Reach 2000 users", [2000]),
    ("Get ISO 27001 and SOC 2 reports", []),
    ("Upgrade to Windows 11 in 2026", []),
    ("Open 24/7 with 1:1 support in week 1", []),
    ("Ship 4.18 with offline maps", []),
    ("Release a stable 2.1 that clinics can run unattended", []),
    ("Lift the average rating to 4.6 by June", [4.6]),
    ("Reduce the 2.5 hour wait", [2.5]),
    ("A 0.7 on a stretch goal is a good grade", [0.7]),
    ("Cut sev-1 incidents", []),
    # ranges where a value belongs; a span of names or a compound is no range
    ("Retention from 86% to 90-92%", [86, 90, 92]),
    ("Bring waiting time to 3–4 weeks", [3, 4]),
    ("Keep the wait between 8-9 days", [8, 9]),
    ("Uptime on presses 7-12 from 91% to 96%", [91, 96]),
    ("Cut covid-19 absences in the 2-week rota", []),
    # a per-unit slash glued to the number, and scores out of any scale
    ("Agent overtime down from 300/month to 120/month", [300, 120]),
    ("Spend per head from £40/user to £32/user", [40, 32]),
    ("Quiz average from 11/20 to 15/20", [11, 15]),
    ("Audit score 31/40", [31]),
    ("Rota covered 24/7", []),
    ("Report filed by 3/4", []),  # a date after a deadline word, not a score
    ("Fee per transaction from 11.2p to 8.5p", [11.2, 8.5]),
    ("Call cost 9c a minute", [9]),
    # physical units glued to the number
    ("Contained copper from 0.9Mt to 2.5Mt", [0.9, 2.5]),
    ("Throughput 3,450 t/h", [3450]),
    ("Roll out 5G", []),
    # a number naming a part of the calendar or of the plan is a name, like 'week 1'
    ("Quarter 3 missions are agreed", []),
    ("Sprint 4 demo for every team", []),
    ("Cut churn in month 2 from 9% to 6%", [9, 6]),
    # a rating compound before a counted noun or a scale names a kind, not a value
    ("Cut 1-star reviews about delivery", []),
    ("Score on a 10-point scale", []),
    ("Keep a 4.7-star rating", [4.7]),
])
def test_quantities(text, values):
    assert [v for v, _ in quantities(text)] == values


@pytest.mark.parametrize(("text", "stated"), [
    ("Improve forecast accuracy from ±18% to ±8%", True),
    ("Trial-to-paid 2% → 3.5%", True),
    ("NPS 31 -> 45", True),
    ("Conversion to 3% (currently 2.1%)", True),
    ("Grow ARR to $5M", False),
    ("Raise NPS to 45 by Q3", False),
    # a present value in brackets, in the words teams use for 'now'
    ("Refund rate under 2% (it's 3.4% today)", True),
    ("Bring repeat visits to 40% (31% last quarter)", True),
    ("Average basket to €30 (we're at €26)", True),
    ("Net promoter score to +40 (Q2: +28)", True),
    ("Cut no-shows to 5% (sitting at 9% atm)", True),
    # a named level with its number in brackets
    ("Ofsted rating from 'Requires improvement' (2.4 internally) to 3.2", True),
    ("Store audit score from amber (68) to green (85)", True),
    # brackets that hold no starting value
    ("Grow ARR to $5M (stretch goal $6M)", False),
    ("Reach 500 members (across 3 cities)", False),
    ("Raise NPS to 45 (survey of 200 users)", False),
    # an arrow, then a comparator word before the target
    ("Checkout p95 700ms => under 400ms", True),
    ("Stock accuracy 96% -> at least 99%", True),
    ("Queue length 40 to below 15", True),
    ("Queue length under 15", False),
])
def test_states_baseline(text, stated):
    assert states_baseline(text) is stated


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Reduce median chat wait from 4 minutes to 1 minute", "Reduce the median wait on chat from 4 min to 1 min", True),
    ("Reduce on-site installation time from 5 days to 2 days", "Cut installation time from 5 days down to 2 days", True),
    ("Increase accounts using 3+ core features from 44% to 60%",
     "Grow the share of accounts using at least 3 core features from 44% to 60%", True),
    ("Increase 30-day retention of mobile users from 21% to 30%", "Increase 30-day mobile retention from 21% to 30%",
     True),
    ("Increase NPS from 30 to 40", "Increase CSAT from 30 to 40", False),
    ("Grow weekly active users from 10k to 15k", "Grow monthly active users from 10k to 15k", False),
    ("Increase trial conversion from 8% to 12%", "Increase paid conversion from 8% to 12%", False),
    ("Reduce onboarding time from 10 days to 5 days", "Increase onboarding time from 10 days to 5 days", False),
    # the same metric and target again, without the baseline
    ("Lift repeat bookings from 30% to 45%", "Increase the repeat booking rate to 45%", True),
    ("Average call wait from 6 minutes to 2 minutes across both centres", "Cut average call wait to 2 minutes", True),
    ("Overdue invoices from 140 to 60 per month", "Reduce overdue invoices to 60 per month", True),
    ("Grow weekly active users from 10k to 15k", "Grow monthly active users to 15k", False),
    ("Increase trial conversion from 8% to 12%", "Increase paid conversion to 12%", False),
    ("Cut churn from 5% to 3%", "Grow churn to 3%", False),
    ("Raise repeat purchase rate from 18% to 25%", "Raise email open rate to 25%", False),
    # a time metric named by its unit: 'days from order to delivery' is the delivery time
    ("Reduce order-to-delivery time from 6 to 3 days", "Cut median days from order to delivery from 6 to 3", True),
    ("Shorten time to resolve complaints from 20 to 10 days",
     "Bring median days to resolve a complaint from 20 down to 10", True),
    ("Cut onboarding time from 10 to 5 days", "Cut onboarding steps from 10 to 5", False),
    ("Reduce lead time from 5 to 2 days", "Reduce cycle time from 5 to 2 days", False),
])
def test_duplicate_similarity(a, b, same):
    assert (similarity(a, b) >= 0.75) is same


@pytest.mark.parametrize(("text", "fog"), [
    ("Best in class patient experience", True),
    ("Offer a best-in-class onboarding journey for new tenants", True),
    ("Become the best-rated clinic in the class of 2027 rankings", False),
    ("Teach the best lessons in every class", False),
])
def test_objective_fog_best_in_class(text, fog):
    okr_set = wrap_example(Scope.OBJECTIVE, text, period="Q3 2026")
    names = {f.name for f in check_set(okr_set) if (f.location.objective, f.location.key_result) == (1, None)}
    assert ("objective-corporate-fog" in names) is fog


def test_the_number_scan_finds_what_finditer_finds():
    """quantities tries _NUMBER_RE only where a currency sign, digit or point starts: the same matches as
    finditer over every character, on any mix of digits, signs, separators, units and other scripts."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from coach.rules import numbers

    pieces = st.sampled_from(["12", "1,200", "3.5", ".5", "€", "$", "£", "¥", "₹", "%", "k", "M", "bn", " ", "-", "/",
                              ".", ",", "x", "days", "pts", "٣", "²", "a", "ms", "per cent", "\u00a0"])

    @settings(max_examples=2000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=14).map("".join))
    def check(text):
        found = regex_cache.finditer_from(numbers._NUMBER_START_RE, numbers._NUMBER_RE, text)
        assert [(m.span(), m.groupdict()) for m in found] == \
            [(m.span(), m.groupdict()) for m in numbers._NUMBER_RE.finditer(text)]

    check()


def test_the_ascii_number_word_scan_finds_what_the_case_blind_one_finds():
    """_word_quantities reads lower-cased ASCII text with a case-sensitive copy of _WORD_NUMBER_RE: the same
    matches only while the pattern is written in lower case (group names aside)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from coach.rules import numbers

    source = numbers._WORD_NUMBER_RE.pattern.replace("(?P<", "")
    assert source == source.lower()
    pieces = st.sampled_from(["twenty", "one", "a dozen", "hundred", "five", "zero", "no", " ", "-", "percent",
                              "per cent", "days", "working days", "x", "seventy", "nine", "weeks", "s", "ten"])

    @settings(max_examples=2000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=12).map("".join))
    def check(text):
        lowered = text.lower()
        assert [(m.span(), m.groupdict()) for m in numbers._WORD_NUMBER_ASCII_RE.finditer(lowered)] == \
            [(m.span(), m.groupdict()) for m in numbers._WORD_NUMBER_RE.finditer(lowered)]

    check()
