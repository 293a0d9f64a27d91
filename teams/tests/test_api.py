"""Teams in the API: the list, one team and its members, inviting, the log, meetings and tasks."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent, Action
from concerns.models import Level
from concerns.services import concern_raise
from consents.models import InformationKind, Method
from consents.services import consent_record
from teams.models import MemberStatus, Task, TaskStatus, TeamMember
from teams.services import (
    Invitees,
    log_note_add,
    meeting_plan,
    member_invite,
    task_create,
    team_close,
    team_open,
    unit_invite,
)
from tests.api_client import (
    api_client_for,
    prepare,
    queries_of,
    task_of,
)
from tests.factories import UnitFactory, UserFactory, member
from tests.world import FICTIONAL_FNR, _consent

pytestmark = pytest.mark.django_db


def _url(name: str, world, *more) -> str:
    return reverse(f"api_v1:{name}", args=[world.team.pk, *more])


def _today(days: int = 0) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _more_teams(world, n: int) -> None:
    """n more teams with the coordinator, each around another child."""
    from children.services import child_register

    for i in range(n):
        child = child_register(
            actor=world.coordinator,
            unit=world.school,
            given_name=f"Lag{i}",
            family_name="Barnesen",
            birth_date=datetime.date(2012, 2, 1 + i),
        )
        concern = concern_raise(
            actor=world.coordinator, unit=world.school, child=child, observed="Uro."
        )
        consent = consent_record(
            actor=world.coordinator,
            child=child,
            units=[world.school],
            information_kinds=[InformationKind.PLAN],
            purpose="Samarbeid",
            text="Opplysningsplikt.",
            method=Method.NOT_APPLICABLE,
            kind="legal_basis",
            legal_reference="barnevernsloven § 13-2",
            valid_from=_today(),
        )
        team_open(actor=world.coordinator, concern=concern, consent=consent, level=Level(2))


def _staff(world, n: int, unit) -> list:
    people = []
    for i in range(n):
        person = UserFactory(username=f"ekstra{i}")
        member(person, unit)
        people.append(person)
    return people


def test_a_team_shows_its_members_and_your_part_in_it(world):
    team = api_client_for(world.member).get(_url("team", world)).json()
    assert team["my_role"] == "member"
    assert team["can_write"] is True
    statuses = {m["user"]["id"]: m["status"] for m in team["members"]}
    assert statuses[world.coordinator.pk] == "active"
    assert statuses[world.invited.pk] == "invited"
    assert (
        FICTIONAL_FNR[:6].encode() not in api_client_for(world.member).get("/api/v1/teams").content
    )


def test_the_coordinator_invites_someone_for_a_consented_unit(world):
    client = api_client_for(world.coordinator)
    response = client.post(
        _url("team_members", world), {"user": world.colleague.pk, "unit": str(world.school.pk)}
    )
    assert response.status_code == 201
    assert response.json()["status"] == "invited"
    assert TeamMember.objects.filter(
        team=world.team, user=world.colleague, status=MemberStatus.INVITED
    ).exists()


@pytest.mark.parametrize(
    ("who", "unit", "field"),
    [
        ("outsider", "primary", "unit"),  # no consent covers the primary school
        ("outsider", "school", "user"),  # does not work there
        ("foreigner", "skien_health", "unit"),  # another municipality: no consent covers it
    ],
)
def test_an_invitation_that_cannot_be_made_is_a_field_error(world, who, unit, field):
    body = {"user": getattr(world, who).pk, "unit": str(getattr(world, unit).pk)}
    response = api_client_for(world.coordinator).post(_url("team_members", world), body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_writing_in_the_log_and_reading_it_newest_first(world):
    client = api_client_for(world.member)
    response = client.post(_url("team_log", world), {"kind": "decision", "text": "Vi møtes igjen."})
    assert response.status_code == 201
    assert response.json()["author"]["id"] == world.member.pk
    first = client.get(_url("team_log", world)).json()["items"][0]
    assert (first["kind"], first["text"]) == ("decision", "Vi møtes igjen.")


def test_a_meeting_time_without_an_offset_is_norwegian_time(world):
    client = api_client_for(world.coordinator)
    response = client.post(
        _url("team_meetings", world),
        {"starts_at": "2026-07-01T09:00", "place": "Rom 2", "agenda": "Status"},
    )
    assert response.status_code == 201
    assert response.json()["starts_at"] == "2026-07-01T09:00:00+02:00"


def test_inviting_someone_already_on_the_team_is_a_conflict(world):
    body = {"user": world.member.pk, "unit": str(world.health.pk)}
    response = api_client_for(world.coordinator).post(
        _url("team_members", world), body, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "This person is already on the team or invited."


def test_a_task_needs_an_active_member_as_owner(world):
    client = api_client_for(world.coordinator)
    body = {"title": "Ringe", "owner": world.invited.pk, "due_on": _today(3).isoformat()}
    response = client.post(_url("team_tasks", world), body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["owner"]
    response = client.post(_url("team_tasks", world), {**body, "owner": world.member.pk})
    assert response.status_code == 201
    assert response.json()["owner"]["id"] == world.member.pk


def test_completing_a_task_twice_is_refused(world):
    prepare(world)
    client = api_client_for(world.member)
    url = reverse("api_v1:task_complete", args=[task_of(world).pk])
    response = client.post(url)
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    again = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409
    assert again.json()["detail"] == "The task is already done."


def test_a_closed_team_can_be_read_but_not_written(world):
    team_close(actor=world.coordinator, team=world.team, reason="Ferdig.", final_evaluation="Bra.")
    client = api_client_for(world.member)
    assert client.get(_url("team", world)).json()["can_write"] is False
    response = client.post(_url("team_log", world), {"kind": "note", "text": "For sent"})
    assert response.status_code == 403
    closed = client.get("/api/v1/teams?status=closed").json()["items"]
    assert [team["id"] for team in closed] == [str(world.team.pk)]
    assert client.get("/api/v1/teams?status=open").json()["items"] == []


def test_the_team_list_takes_the_same_queries_for_one_or_many(world):
    client = api_client_for(world.coordinator)
    client.get("/api/v1/teams")
    small, small_audit = queries_of(client, "/api/v1/teams")
    _more_teams(world, 10)
    large, large_audit = queries_of(client, "/api/v1/teams")
    assert large == small
    # One read event per child in the page, written together: constant queries too.
    assert large_audit == small_audit
    assert client.get("/api/v1/teams").json()["total_items"] == 11


def _mark_done(task: Task) -> None:
    # Not through task_complete: these tests are about the lists, not about completing.
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE, completed_at=timezone.now())


def _grow(world, name: str) -> None:
    """Ten or more items in the team's list called `name`."""
    if name == "team_members":
        for person in _staff(world, 10, world.nav):
            member_invite(actor=world.coordinator, team=world.team, user=person, unit=world.nav)
    elif name == "team_candidates":
        _staff(world, 10, world.nav)  # staff of a unit a consent covers
    elif name in ("team_unit_candidates", "team_unit_invitations"):
        units = [UnitFactory(municipality=world.team.municipality) for _ in range(10)]
        _consent(world.coordinator, world.child, units, team=world.team)
        if name == "team_unit_invitations":
            for unit in units:
                unit_invite(actor=world.coordinator, team=world.team, unit=unit)
    elif name == "team_log":
        for i in range(10):
            log_note_add(actor=world.member, team=world.team, kind="note", text=f"Notat {i}")
    elif name == "team_meetings":
        for i in range(10):
            meeting_plan(
                actor=world.member,
                team=world.team,
                starts_at=timezone.now() + datetime.timedelta(days=i + 1),
                place=f"Rom {i}",
                agenda="Status",
                invitees=Invitees(
                    members=[world.member, world.coordinator],
                    child=True,
                    guardians=list(world.child.guardians.all()),
                ),
            )
    elif name == "team_tasks":
        for i in range(10):
            task = task_create(
                actor=world.coordinator,
                team=world.team,
                title=f"Oppgave {i}",
                owner=world.member if i % 2 else world.coordinator,
                due_on=_today(i),
            )
            if i % 3 == 0:
                _mark_done(task)


@pytest.mark.parametrize(
    "name",
    [
        "team_members",
        "team_candidates",
        "team_unit_candidates",
        "team_unit_invitations",
        "team_log",
        "team_meetings",
        "team_tasks",
    ],
)
def test_each_team_list_takes_the_same_queries_for_few_or_many(world, name):
    prepare(world)  # every list has at least one item
    client = api_client_for(world.coordinator)
    url = _url(name, world)
    client.get(url)
    small, small_audit = queries_of(client, url)
    _grow(world, name)
    large, large_audit = queries_of(client, url)
    assert (large, large_audit) == (small, small_audit)
    assert client.get(url).json()["total_items"] >= 10


def test_each_team_read_records_one_access_event(world):
    client = api_client_for(world.member)
    for name in ["team", "team_members", "team_log", "team_meetings", "team_tasks"]:
        before = AccessEvent.objects.filter(action=Action.READ).count()
        client.get(_url(name, world))
        reads = AccessEvent.objects.filter(action=Action.READ).order_by("id")[before:]
        assert [(event.child_id, event.actor) for event in reads] == [
            (world.child.pk, world.member)
        ], name


def test_tasks_list_open_ones_first(world):
    for i, done in enumerate([True, False]):
        task = task_create(
            actor=world.coordinator,
            team=world.team,
            title=f"T{i}",
            owner=world.member,
            due_on=_today(i),
        )
        if done:
            _mark_done(task)
    items = api_client_for(world.member).get(_url("team_tasks", world)).json()["items"]
    assert [item["status"] for item in items] == [TaskStatus.OPEN, TaskStatus.DONE]
    assert Task.objects.filter(team=world.team).count() == 2
