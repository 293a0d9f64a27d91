"""Mitt arbeid: the start page for staff, and the count of things needing action in the header."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concerns.services import unit_measure_add
from conftest import verified_client
from consents.models import Consent
from people.models import AnalystAccess, Role
from people.selectors import memberships_in_force, memberships_read_once
from plans.models import Measure
from teams.services import handover_propose, meeting_plan, task_create
from teams.work_selectors import work_action_count, work_list_for, work_scope_for
from tests.factories import (
    TEST_PASSWORD,
    UnitFactory,
    UserFactory,
    admin_of,
    confirmed_device,
    member,
    municipality,
)
from tests.world import leave_unit

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _task(world, title: str, *, owner, due_in: int, team=None):
    """A task the coordinator gives `owner` on the world's team (or `team`), due in `due_in`
    days."""
    return task_create(
        actor=world.coordinator,
        team=team or world.team,
        title=title,
        owner=owner,
        due_on=_days(due_in),
    )


def _hand_over_to_member(world):
    """The coordinator offers the world's team to the member, at the health station."""
    return handover_propose(
        actor=world.coordinator,
        team=world.team,
        to_user=world.member,
        to_unit=world.health,
        transition="other",
        note="Over til deg.",
    )


def _body(client: Client, **query: object) -> str:
    return client.get(reverse("teams:work"), query).content.decode()


def test_the_coordinator_sees_the_teams_overdue_task_meeting_and_evaluation(world):
    _task(world, "Ringe foreldrene", owner=world.member, due_in=-3)
    Measure.objects.filter(pk=world.measure.pk).update(evaluate_on=_days(-1))
    body = _body(verified_client(world.coordinator))
    assert "Ringe foreldrene" in body  # someone else's overdue task in a team they coordinate
    assert reverse("plans:evaluate", args=[world.team.pk, world.measure.pk]) in body
    assert reverse("teams:meeting", args=[world.team.pk, world.meeting.pk]) in body
    meeting_day = timezone.localtime(world.meeting.starts_at)
    assert f"{meeting_day.day}.{meeting_day.month}.{meeting_day.year}" in body
    assert not ISO_DATE.search(body)


def test_an_ordinary_member_sees_only_their_own_tasks(world):
    _task(world, "Oppgave for Member", owner=world.member, due_in=-3)
    assert "Oppgave for Member" not in _body(verified_client(world.peer))
    assert "Oppgave for Member" in _body(verified_client(world.member))


def test_a_later_task_is_listed_but_not_counted(world):
    _task(world, "Senere", owner=world.member, due_in=40)
    _task(world, "Forfalt", owner=world.member, due_in=-1)
    work = work_list_for(user=world.member)
    assert [task.title for task in work.tasks] == ["Forfalt", "Senere"]  # overdue first
    # The overdue task; the measure the member answers for is evaluated in 45 days.
    assert work.action_count == work_action_count(user=world.member) == 1


def test_the_count_adds_invitations_hand_overs_and_evaluations_due(world):
    _hand_over_to_member(world)
    Measure.objects.filter(pk=world.measure.pk).update(evaluate_on=timezone.localdate())
    assert work_action_count(user=world.member) == 2  # the hand-over and the evaluation today
    assert work_action_count(user=world.invited) == 1  # the invitation
    assert work_action_count(user=world.withdrawn) == 0  # no access: the evaluation is not theirs
    assert work_action_count(user=world.outsider) == 0


def test_the_header_shows_the_same_count_on_every_page(world):
    _task(world, "Nå", owner=world.member, due_in=0)
    client = verified_client(world.member)
    work_page = client.get(reverse("teams:work"))
    team_page = client.get(reverse("teams:detail", args=[world.team.pk]))
    assert work_page.context["work"].action_count == 1
    for response in (work_page, team_page):
        assert 'data-count="1"' in response.content.decode()
    assert 'data-count="' not in _body(verified_client(world.peer))


def test_the_header_count_costs_two_queries(world):
    with memberships_read_once():
        # The request has read the user's memberships already (the header's place): the scope
        # takes the units from them.
        memberships_in_force(user=world.member)
        with CaptureQueriesContext(connection) as counted:
            work_action_count(user=world.member)
    count_queries = [q["sql"] for q in counted.captured_queries]
    assert len(count_queries) == 2
    # Neither asks the national tables through IN (subquery): the team ids are a literal list.
    assert " IN (SELECT" not in count_queries[1]


def test_the_page_asks_a_fixed_number_of_queries_however_much_work_there_is(world):
    client = verified_client(world.coordinator)
    _task(world, "Første", owner=world.coordinator, due_in=1)
    client.get(reverse("teams:work"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("teams:work"))
    for n in range(30):
        _task(world, f"T{n}", owner=world.member if n % 2 else world.coordinator, due_in=n - 10)
        meeting_plan(
            actor=world.coordinator,
            team=world.team,
            starts_at=timezone.now() + datetime.timedelta(days=n + 1),
            place=f"Rom {n}",
            agenda="Agenda",
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("teams:work"))
    assert len(many) == len(few)
    work = response.context["work"]
    assert len(work.tasks) == 20
    assert work.tasks.paginator.num_pages == 2
    assert len(work.meetings) == 10
    assert work.more_meetings
    body = response.content.decode()
    assert "tasks=2" in body  # the next page of tasks
    second = _body(client, tasks=2)
    assert "tasks=1" in second


def test_a_team_with_something_overdue_comes_first(world):
    from children.services import GuardianData, guardian_add
    from concerns.models import Level
    from teams.services import team_open
    from tests.world import _consent

    guardian_add(
        actor=world.coordinator,
        child=world.small_concern.child,
        data=GuardianData("Per Prøvesen", "far", True, "+47 41 00 00 02"),
    )
    other_team = team_open(
        actor=world.coordinator,
        concern=world.small_concern,
        consent=_consent(world.coordinator, world.small_concern.child, [world.school]),
        level=Level.COLLABORATION,
    )
    _task(world, "Forfalt", owner=world.coordinator, due_in=-2, team=other_team)
    rows = list(work_list_for(user=world.coordinator).teams)
    assert [row.team.pk for row in rows] == [other_team.pk, world.team.pk]
    assert rows[0].is_overdue
    assert rows[0].overdue_tasks == 1
    assert not rows[1].is_overdue


def test_a_teams_row_counts_its_overdue_tasks_and_evaluations(world):
    (row,) = work_list_for(user=world.coordinator).teams
    assert (row.overdue_tasks, row.overdue_evaluations) == (0, 0)
    for n in range(2):
        _task(world, f"Forfalt {n}", owner=world.member, due_in=-1 - n)
    _task(world, "Snart", owner=world.member, due_in=2)
    Measure.objects.filter(pk=world.measure.pk).update(evaluate_on=_days(-2))
    (row,) = work_list_for(user=world.coordinator).teams
    assert (row.overdue_tasks, row.overdue_evaluations) == (2, 1)
    assert row.is_overdue


def test_a_consent_ending_within_a_month_is_shown_with_a_link_to_the_ledger(world):
    Consent.objects.filter(pk=world.consent.pk).update(valid_until=_days(10))
    body = _body(verified_client(world.member))
    assert reverse("teams:consents", args=[world.team.pk]) in body
    ends = _days(10)
    assert f"{ends.day}.{ends.month}.{ends.year}" in body


def test_the_scope_is_only_teams_the_user_may_see(world):
    assert work_scope_for(user=world.coordinator).team_ids == [world.team.pk]
    assert work_scope_for(user=world.coordinator).coordinated_ids == [world.team.pk]
    assert work_scope_for(user=world.member).coordinated_ids == []
    for person in (world.withdrawn, world.invited, world.colleague, world.departed):
        assert work_scope_for(user=person).team_ids == [], person.username


def _log_in(client: Client, username: str) -> str:
    response = client.post(
        reverse("people:login"), {"username": username, "password": TEST_PASSWORD}
    )
    return response.headers.get("Location", "")


@pytest.mark.parametrize(("who", "lands_on"), [("staff", "teams:work"), ("admin", "laget:home")])
def test_staff_land_on_their_work_after_log_in_and_others_on_the_start_page(
    settings, who, lands_on
):
    settings.LAGET_DEMO_MODE = True
    user = UserFactory(username=who)
    if who == "staff":
        member(user, UnitFactory(municipality=municipality("4001")), Role.PROFESSIONAL)
    else:
        admin_of(user, municipality("4001"))
    confirmed_device(user)
    assert _log_in(Client(), who) == reverse(lands_on)


def test_an_analyst_lands_on_the_start_page(settings):
    settings.LAGET_DEMO_MODE = True
    analyst = UserFactory(username="analytiker")
    AnalystAccess.objects.create(user=analyst, county=None, organisation="Bufdir")
    assert _log_in(Client(), "analytiker") == reverse("laget:home")


def test_work_whose_owner_left_shows_for_the_coordinator(world):
    """The health nurse stops working at the health station: her task and the plan's measure
    she answers for need a new owner, and the coordinator's work says so with links."""
    task = _task(world, "Samtale om søvn", owner=world.member, due_in=5)
    assert "Samtale om søvn" not in _body(verified_client(world.colleague))
    leave_unit(world.member, world.health)
    work = work_list_for(user=world.coordinator)
    assert [t.title for t in work.ownerless.tasks] == ["Samtale om søvn"]
    assert [m.pk for m in work.ownerless.measures] == [world.measure.pk]
    body = _body(verified_client(world.coordinator))
    assert reverse("teams:task_owner", args=[world.team.pk, task.pk]) in body
    assert reverse("plans:measure_edit", args=[world.team.pk, world.measure.pk]) in body
    # An ordinary member of the team sees none of it.
    assert work_list_for(user=world.peer).ownerless.count == 0


def test_a_level_1_measure_to_evaluate_shows_for_its_owner(world):
    measure = unit_measure_add(
        actor=world.coordinator,
        concern=world.small_concern,
        title="Fast voksen i friminuttene",
        owner=world.colleague,
        starts_on=_days(-20),
        evaluate_on=_days(3),
    )
    later = unit_measure_add(
        actor=world.coordinator,
        concern=world.small_concern,
        title="Senere tiltak",
        owner=world.colleague,
        starts_on=_days(0),
        evaluate_on=_days(40),
    )
    work = work_list_for(user=world.colleague)
    assert [m.pk for m in work.unit_evaluations] == [measure.pk]
    body = _body(verified_client(world.colleague))
    assert reverse("concerns:measure_evaluate", args=[world.small_concern.pk, measure.pk]) in body
    assert later.title not in body
    assert work_list_for(user=world.coordinator).unit_evaluations == []


def test_the_count_is_the_headers_whatever_page_of_tasks_is_shown(world):
    """The page counts the tasks and evaluations due this week beside their lists (not from
    the page it shows) and adds the invitations and hand-overs it lists: the header's figure."""
    for n in range(23):
        _task(world, f"Denne uka {n}", owner=world.member, due_in=-1 - n)
    _task(world, "Senere", owner=world.member, due_in=30)
    Measure.objects.filter(pk=world.measure.pk).update(evaluate_on=timezone.localdate())
    _hand_over_to_member(world)
    for page in (1, 2):
        work = work_list_for(user=world.member, tasks_page=page)
        assert work.tasks.number == page
        assert work.tasks.paginator.count == 24
        # 23 tasks overdue, the evaluation today and the hand-over.
        assert work.action_count == work_action_count(user=world.member) == 25
    assert [task.title for task in work.tasks] == [
        "Denne uka 2",
        "Denne uka 1",
        "Denne uka 0",
        "Senere",
    ]
    assert work_list_for(user=world.peer).action_count == work_action_count(user=world.peer) == 0
    assert work_list_for(user=world.invited).action_count == 1  # the invitation


@pytest.mark.parametrize(("asked", "shown"), [("2", 2), ("9", 2), ("0", 2), ("x", 1), (None, 1)])
def test_a_page_of_tasks_out_of_range_shows_the_last_and_not_a_number_the_first(
    world, asked, shown
):
    for n in range(21):
        _task(world, f"T{n:02}", owner=world.member, due_in=n)
    work = work_list_for(user=world.member, tasks_page=asked)
    assert work.tasks.number == shown
    assert work.tasks.paginator.num_pages == 2
    assert len(work.tasks) == (20 if shown == 1 else 1)
    assert work.action_count == work_action_count(user=world.member)
