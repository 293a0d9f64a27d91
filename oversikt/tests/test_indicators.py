"""The indicators from the work, one by one, on hand-built cases: what each counts, in which
quarter, and the edges (no data, one case, a case over two quarters, a closed case)."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oversikt.indicators.compute import quarters_kept, work_indicators_compute
from oversikt.indicators.queries import work_counted
from oversikt.models import RegionLevel, WorkIndicator
from oversikt.suppression import FEW, SMALL
from oversikt.tests.work import Work, at
from tenancy import scope
from units.models import Sector

NOW = at(2026, 6, 15)
TODAY = NOW.date()
SINCE = at(2023, 7, 1, 0)

pytestmark = pytest.mark.django_db


def counted(key: str) -> Counter:
    """(quarter, part or number) -> cases, for one indicator in every municipality."""
    found: Counter = Counter()
    for row in work_counted(since=SINCE, today=TODAY, now=NOW):
        if row.key == key:
            what = row.part if row.number is None else row.number
            found[f"{row.year}-{row.quarter}", what] += row.count
    return found


def figure(key: str, period: str, part: str = "", level: str = RegionLevel.MUNICIPALITY):
    return WorkIndicator.objects.get(key=key, period=period, part=part, region_level=level)


def test_twelve_quarters_are_kept_ending_with_todays():
    periods = quarters_kept(TODAY)
    assert periods[0] == (2023, 3)
    assert periods[-1] == (2026, 2)
    assert len(periods) == 12


def test_no_work_stores_no_figures():
    run = work_indicators_compute(now=NOW)
    assert run.figures == 0
    assert not WorkIndicator.objects.exists()


def test_one_concern_is_counted_by_level_and_sector_and_hidden_as_small():
    work = Work("4001")
    work.concern(at(2026, 2, 3), level=1, sector=Sector.LOWER_SECONDARY)
    assert counted("concerns_level") == {("2026-1", "1"): 1}
    assert counted("concerns_sector") == {("2026-1", "school"): 1}
    work_indicators_compute(now=NOW)
    whole = figure("concerns_level", "2026-1")
    assert (whole.numerator, whole.hidden) == (1, SMALL)
    assert figure("concerns_level", "2026-1", "1").hidden == SMALL
    # Every kept quarter has its figures, zero where nothing happened.
    assert figure("concerns_level", "2025-4").numerator == 0
    assert figure("concerns_level", "2026-1", level=RegionLevel.NATION).numerator == 1


def test_a_concern_outside_the_kept_quarters_is_not_counted():
    Work("4001").concern(at(2023, 6, 30))
    assert counted("concerns_level") == {}


def test_a_case_over_two_quarters_counts_each_step_in_the_quarter_it_happened():
    work = Work("4001")
    concern = work.concern(at(2026, 3, 20), level=2)
    team = work.team(concern, at(2026, 4, 10))
    work.unit_measure(concern, datetime.date(2026, 4, 2))
    plan = work.plan(team)
    work.measure(plan, datetime.date(2026, 4, 20), datetime.date(2026, 9, 1))
    assert counted("concerns_level") == {("2026-1", "2"): 1}
    assert counted("days_to_team") == {("2026-2", 21): 1}
    # The first of the level-1 measure and the plan's measures.
    assert counted("days_to_measure") == {("2026-2", 13): 1}
    assert counted("teams_with_plan") == {("2026-2", "yes"): 1}


def test_a_measure_that_has_not_started_is_no_first_measure_yet():
    work = Work("4001")
    concern = work.concern(at(2026, 5, 1))
    work.unit_measure(concern, datetime.date(2026, 7, 1))
    assert counted("days_to_measure") == {}


def test_a_closed_team_still_counts_in_the_quarter_it_opened():
    work = Work("4001")
    concern = work.concern(at(2025, 11, 1), level=3)
    work.team(concern, at(2025, 11, 5), closed=at(2026, 1, 10))
    assert counted("teams_with_plan") == {("2025-4", "no"): 1}
    assert counted("days_to_team") == {("2025-4", 4): 1}


def test_sectors_per_team_counts_the_sectors_that_took_part():
    work = Work("4001")
    work.team(work.concern(at(2026, 1, 5), level=2), at(2026, 1, 6))
    work.team(
        work.concern(at(2026, 1, 5), level=2),
        at(2026, 1, 7),
        sectors=(Sector.HEALTH_STATION, Sector.HEALTH_STATION, Sector.NAV),
    )
    assert counted("sectors_per_team") == {("2026-1", 1): 1, ("2026-1", 3): 1}


def test_goals_count_by_the_quarter_their_team_opened():
    work = Work("4001")
    team = work.team(work.concern(at(2026, 1, 5), level=2), at(2026, 1, 6))
    work.plan(team, goals=(True, True, False))
    assert counted("goals_childs_words") == {("2026-1", "yes"): 2, ("2026-1", "no"): 1}


def test_meetings_held_count_whether_the_childs_view_was_recorded_beforehand():
    work = Work("4001")
    team = work.team(work.concern(at(2026, 1, 5), level=2), at(2026, 1, 6))
    work.meeting(team, at(2026, 2, 1), child_input="Jeg vil ha lekser på skolen.")
    work.meeting(team, at(2026, 4, 1))
    work.meeting(team, at(2026, 6, 30), held=False)
    assert counted("child_view_meetings") == {("2026-1", "yes"): 1, ("2026-2", "no"): 1}


def test_measures_are_evaluated_by_their_date_later_or_not():
    work = Work("4001")
    plan = work.plan(work.team(work.concern(at(2026, 1, 5), level=2), at(2026, 1, 6)))
    work.measure(
        plan, datetime.date(2026, 1, 10), datetime.date(2026, 3, 1), (datetime.date(2026, 2, 25),)
    )
    work.measure(
        plan, datetime.date(2026, 1, 10), datetime.date(2026, 3, 1), (datetime.date(2026, 3, 2),)
    )
    work.measure(plan, datetime.date(2026, 1, 10), datetime.date(2026, 3, 1))
    # An evaluation long before the date was made for an earlier one.
    work.measure(
        plan, datetime.date(2026, 1, 10), datetime.date(2026, 4, 30), (datetime.date(2026, 3, 1),)
    )
    # Not yet due: not counted.
    work.measure(plan, datetime.date(2026, 1, 10), datetime.date(2026, 6, 20))
    unit_measure = work.unit_measure(
        work.concern(at(2026, 1, 5)), datetime.date(2026, 1, 6), datetime.date(2026, 5, 1)
    )
    work.unit_evaluation(unit_measure, at(2026, 5, 1, 23))
    assert counted("measures_evaluated") == {
        ("2026-1", "on_time"): 1,
        ("2026-1", "late"): 1,
        ("2026-1", "none"): 1,
        ("2026-2", "none"): 1,
        ("2026-2", "on_time"): 1,
    }


def test_handovers_and_invitations_are_accepted_declined_unanswered_or_waiting():
    work = Work("4001")
    team = work.team(work.concern(at(2026, 1, 5), level=2), at(2026, 1, 6))
    work.handover(team, at(2026, 2, 1), "accepted")
    work.handover(team, at(2026, 2, 1), "declined")
    work.handover(team, at(2026, 5, 31), "open")  # 15 days before NOW
    work.invitation(team, at(2026, 6, 10), "open")
    work.invitation(team, at(2026, 1, 10), "accepted", sector=Sector.PPT)
    assert counted("handovers") == {
        ("2026-1", "accepted"): 1,
        ("2026-1", "declined"): 1,
        ("2026-2", "unanswered"): 1,
    }
    assert counted("unit_invitations") == {("2026-2", "waiting"): 1, ("2026-1", "accepted"): 1}


def test_consents_are_counted_by_the_childs_age_on_the_day():
    work = Work("4001")
    born = datetime.date(2010, 3, 15)
    child = work.child(born)
    work.consent(child, at(2022, 3, 14))  # before the kept quarters
    work.consent(child, at(2024, 3, 14))  # 13
    work.consent(child, at(2025, 3, 15))  # 15 on the birthday
    work.consent(child, at(2026, 3, 14), withdrawn=at(2026, 3, 15))  # 15, withdrawn at 16
    work.consent(work.child(datetime.date(2008, 2, 29)), at(2026, 3, 1))  # 18 on 1 March
    work.consent(work.child(datetime.date(2016, 1, 1)), at(2025, 12, 31, 23))  # 9
    assert counted("consents_given") == {
        ("2024-1", "12-14"): 1,
        ("2025-1", "15-17"): 1,
        ("2026-1", "15-17"): 1,
        ("2026-1", "18+"): 1,
        ("2025-4", "0-11"): 1,
    }
    assert counted("consents_withdrawn") == {("2026-1", "15-17"): 1}


def test_welfare_deadlines_are_met_late_or_open_past_the_date():
    work = Work("4001")
    work.deadline(datetime.date(2026, 3, 10), completed=at(2026, 3, 10, 23))
    work.deadline(datetime.date(2026, 3, 10), completed=at(2026, 3, 11, 8))
    work.deadline(datetime.date(2026, 6, 1))
    work.deadline(datetime.date(2026, 6, 20))  # not due yet
    assert counted("welfare_deadlines") == {
        ("2026-1", "met"): 1,
        ("2026-1", "late"): 1,
        ("2026-2", "open"): 1,
    }


def test_a_median_and_a_rate_are_shown_from_twenty_cases():
    work = Work("4001")
    for day in range(20):
        concern = work.concern(at(2026, 1, 2), level=2)
        team = work.team(concern, at(2026, 1, 2 + day))
        if day < 12:
            work.plan(team)
    work_indicators_compute(now=NOW)
    days = figure("days_to_team", "2026-1")
    assert (days.numerator, days.hidden, days.value) == (20, "", Decimal("9.5"))
    plan = figure("teams_with_plan", "2026-1")
    assert plan.value == Decimal("60.0")
    assert figure("sectors_per_team", "2026-1").value == Decimal("1.0")
    # One case fewer in a quarter: no median, and why.
    assert figure("days_to_team", "2025-4").value_hidden == FEW


def test_a_second_run_replaces_the_figures_with_the_same():
    work = Work("4001")
    work.concern(at(2026, 2, 3))
    first = work_indicators_compute(now=NOW)
    before = list(
        WorkIndicator.objects.values_list(
            "key", "period", "part", "region_code", "numerator", "hidden"
        )
    )
    second = work_indicators_compute(now=NOW)
    after = list(
        WorkIndicator.objects.values_list(
            "key", "period", "part", "region_code", "numerator", "hidden"
        )
    )
    assert first == second
    assert sorted(before) == sorted(after)


def test_the_job_reads_every_municipality_whatever_the_scope_it_runs_in():
    Work("4001").concern(at(2026, 2, 3))
    Work("1151").concern(at(2026, 2, 3))
    scope.scope_set(municipalities=["4001"])
    try:
        work_indicators_compute(now=NOW)
    finally:
        scope.scope_reset()
    assert set(
        WorkIndicator.objects.filter(region_level=RegionLevel.MUNICIPALITY).values_list(
            "region_code", flat=True
        )
    ) == {"4001", "1151"}


def _reads(queries: CaptureQueriesContext) -> int:
    return sum(1 for query in queries if query["sql"].lstrip().upper().startswith("SELECT"))


def test_the_job_reads_with_the_same_queries_for_one_case_and_for_many():
    """The reads are grouped counts: as many for one case as for many (only the writes grow
    with the figures stored, in batches)."""
    work = Work("4001")
    work.concern(at(2026, 2, 3))
    with CaptureQueriesContext(connection) as one:
        work_indicators_compute(now=NOW)
    for _ in range(10):
        concern = work.concern(at(2026, 2, 3), level=2)
        team = work.team(concern, at(2026, 2, 4), sectors=(Sector.NAV,))
        work.plan(team, goals=(True,))
    Work("1151").concern(at(2026, 2, 3))
    with CaptureQueriesContext(connection) as many:
        work_indicators_compute(now=NOW)
    assert _reads(many) == _reads(one) <= 25
