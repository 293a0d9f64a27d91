"""When a change in the law that affects the child enters into force, the coordinator gets a
task: once, only for the ages and areas it changes, in a bounded number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from children.models import Child
from rights.models import RuleChangeDate
from teams.models import MemberRole, MemberStatus, Task, TeamMember
from teams.services import rule_changes
from teams.services.rule_changes import RULE_CHANGE_CATCH_UP_DAYS, rule_change_tasks_create
from tests.factories import UnitFactory, UserFactory
from units.models import Sector

pytestmark = pytest.mark.django_db

IN_FORCE = datetime.date(2027, 7, 1)  # the child of the world (born 1 January 2012) is 15


def _child_welfare_on_team(world) -> None:
    unit = UnitFactory(
        municipality=world.team.municipality, name="Barnevernet", sector=Sector.CHILD_WELFARE
    )
    TeamMember.objects.create(
        team=world.team,
        user=UserFactory(username="barnevern"),
        unit=unit,
        role=MemberRole.MEMBER,
        status=MemberStatus.ACTIVE,
    )


def _date_party_rights_from_12(on: datetime.date = IN_FORCE) -> None:
    RuleChangeDate.objects.create(change_id="bvl-party-12", in_force_from=on, source="Lovdata")


def _born(world, birth_date: datetime.date) -> None:
    Child.objects.filter(pk=world.child.pk).update(birth_date=birth_date)


def test_the_coordinator_gets_one_task_the_day_party_rights_from_12_enter_into_force(world):
    _child_welfare_on_team(world)
    _born(world, datetime.date(2013, 3, 1))  # 14 on the day
    _date_party_rights_from_12()
    assert rule_change_tasks_create(today=IN_FORCE - datetime.timedelta(days=1)) == 0
    assert rule_change_tasks_create(today=IN_FORCE) == 1
    assert rule_change_tasks_create(today=IN_FORCE) == 0
    assert rule_change_tasks_create(today=IN_FORCE + datetime.timedelta(days=1)) == 0
    task = Task.objects.get(source_key=f"rule-change:bvl-party-12:{world.team.pk}")
    assert task.owner == world.coordinator
    assert "01.07.2027" in task.title
    assert "bvl-party-12" not in task.title


def test_a_missed_run_catches_up_within_a_week_and_not_after(world):
    _child_welfare_on_team(world)
    _born(world, datetime.date(2013, 3, 1))
    _date_party_rights_from_12()
    late = IN_FORCE + datetime.timedelta(days=RULE_CHANGE_CATCH_UP_DAYS)
    assert rule_change_tasks_create(today=late + datetime.timedelta(days=1)) == 0
    assert rule_change_tasks_create(today=late) == 1


@pytest.mark.parametrize(
    "birth_date",
    [
        datetime.date(2016, 3, 1),  # 11: not a party before or after
        datetime.date(2011, 3, 1),  # 16: a party before and after
    ],
)
def test_a_child_whose_answer_does_not_change_gets_no_task(world, birth_date):
    _child_welfare_on_team(world)
    _born(world, birth_date)
    _date_party_rights_from_12()
    assert rule_change_tasks_create(today=IN_FORCE) == 0


def test_a_team_without_child_welfare_gets_no_task(world):
    _born(world, datetime.date(2013, 3, 1))
    _date_party_rights_from_12()
    assert rule_change_tasks_create(today=IN_FORCE) == 0


def test_no_task_while_the_date_is_not_set(world):
    _child_welfare_on_team(world)
    _born(world, datetime.date(2013, 3, 1))
    assert rule_change_tasks_create(today=IN_FORCE) == 0


def _add_child_welfare(team, unit) -> None:
    TeamMember.objects.create(
        team=team,
        user=UserFactory(username=f"barnevern-{team.pk}"),
        unit=unit,
        role=MemberRole.MEMBER,
        status=MemberStatus.ACTIVE,
    )


def test_the_job_costs_the_same_queries_for_one_and_four_teams(world):
    """No per-row queries: the teams are read a chunk at a time, their areas in one query, and
    the tasks made and audited in bulk."""
    from teams.tests.test_follow_up import _team

    _child_welfare_on_team(world)
    _born(world, datetime.date(2013, 3, 1))
    _date_party_rights_from_12()
    with CaptureQueriesContext(connection) as one:
        assert rule_change_tasks_create(today=IN_FORCE) == 1
    unit = TeamMember.objects.get(user__username="barnevern").unit
    for number in range(3):
        team = _team(world, f"Barn{number}", datetime.date(2013, 5, 1), [])
        _add_child_welfare(team, unit)
    Task.objects.filter(source_key__startswith="rule-change:").delete()
    with CaptureQueriesContext(connection) as four:
        assert rule_change_tasks_create(today=IN_FORCE) == 4
    assert len(four) == len(one)


@pytest.mark.parametrize(
    ("born", "affected"),
    [
        (datetime.date(2015, 7, 1), True),  # turns 12 on the day: a party from now on
        (datetime.date(2015, 7, 2), False),  # 11 on the day
        (datetime.date(2012, 7, 2), True),  # 14 on the day: a party from now on
        (datetime.date(2012, 7, 1), False),  # turns 15 on the day: a party before too
    ],
)
def test_the_affected_ages_end_on_the_birthdays_of_the_change_date(world, born, affected):
    _child_welfare_on_team(world)
    _born(world, born)
    _date_party_rights_from_12()
    assert rule_change_tasks_create(today=IN_FORCE + datetime.timedelta(days=3)) == int(affected)


def test_teams_whose_child_is_outside_the_affected_ages_are_not_read(world, monkeypatch):
    """Only the teams whose child's birth date puts them in an affected age on the change date
    are read: with one team a chunk, three teams of children too young or too old add no query,
    and get no task, while the child in the range gets one."""
    from teams.tests.test_follow_up import _team

    monkeypatch.setattr(rule_changes, "CHUNK_SIZE", 1)
    _child_welfare_on_team(world)
    _born(world, datetime.date(2013, 3, 1))  # 14 on the day
    _date_party_rights_from_12()
    with CaptureQueriesContext(connection) as alone:
        assert rule_change_tasks_create(today=IN_FORCE) == 1
    unit = TeamMember.objects.get(user__username="barnevern").unit
    outside = [
        _team(world, "Elleve", datetime.date(2015, 7, 2), []),  # 11 on the day
        _team(world, "Femten", datetime.date(2012, 7, 1), []),  # 15 on the day
        _team(world, "Tjue", datetime.date(2007, 1, 1), []),
    ]
    for team in outside:
        _add_child_welfare(team, unit)
    Task.objects.filter(source_key__startswith="rule-change:").delete()
    with CaptureQueriesContext(connection) as with_others:
        assert rule_change_tasks_create(today=IN_FORCE) == 1
    assert len(with_others) == len(alone)
    assert Task.objects.get(source_key__startswith="rule-change:").team == world.team
    read = " ".join(query["sql"] for query in with_others.captured_queries)
    assert "birth_date" in read
