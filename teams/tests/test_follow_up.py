"""The follow-up service's work list: who is on it and why, what it names (only under a consent
that covers the OT unit), the ages, the receiving units that take a team off it, the page's
access and its fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AccessEvent, Action
from children.services import GuardianData, child_register
from concerns.models import Level
from concerns.services import concern_raise
from conftest import verified_client
from plans.services import measure_add, plan_create
from teams import follow_up
from teams.follow_up import Reason, follow_up_list
from teams.models import Team, TeamMember
from teams.services import (
    handover_propose,
    member_invite,
    member_leave,
    member_respond,
    team_open,
    unit_invite,
)
from tests.factories import UnitFactory, UserFactory, member
from tests.queries import without_scope
from tests.world import World, _consent, leave_unit
from units.models import Sector, Unit

pytestmark = pytest.mark.django_db


def _ot(world: World) -> Unit:
    ot = UnitFactory(
        municipality=world.school.municipality,
        organisation=world.county,
        name="OT Telemark",
        sector=Sector.FOLLOW_UP_SERVICE,
    )
    for username in ("ot_staff", "ot_other"):
        member(UserFactory(username=username, first_name=username.title()), ot)
    return ot


def _team(world: World, name: str, born: datetime.date, units: list[Unit]) -> Team:
    """A team started by the lower secondary school, with a consent covering `units`."""
    child = child_register(
        actor=world.coordinator,
        unit=world.school,
        given_name=name,
        family_name="Følgesen",
        birth_date=born,
        guardians=[GuardianData("Mor Følgesen", "mor", True, "+47 41 00 00 09")],
    )
    concern = concern_raise(
        actor=world.coordinator,
        unit=world.school,
        child=child,
        observed="Slutter kanskje på videregående.",
        level=Level.OWN_UNIT,
    )
    consent = _consent(world.coordinator, child, [world.school, *units])
    return team_open(
        actor=world.coordinator, concern=concern, consent=consent, level=Level.COLLABORATION
    )


def _join(world: World, team: Team, user, unit: Unit) -> TeamMember:
    invitation = member_invite(actor=world.coordinator, team=team, user=user, unit=unit)
    return member_respond(actor=user, member=invitation, accept=True)


def _school_left(world: World, team: Team) -> None:
    """The county's upper secondary school joined the team, then left it."""
    joined = _join(world, team, world.county_staff, world.upper_secondary)
    member_leave(actor=world.county_staff, team=team, member=joined)


def _year(age: int) -> datetime.date:
    """Born on 1 July of the year they turn `age` this year."""
    return datetime.date(timezone.localdate().year - age, 7, 1)


def _rows(ot: Unit) -> dict[str, Reason]:
    return {row.team.child.given_name: row.reason for row in follow_up_list(unit=ot).page}


def test_the_unit_on_the_team_invited_or_asked_to_coordinate_lists_the_young_person(world):
    ot = _ot(world)
    staff = ot.memberships.get(user__username="ot_staff").user
    on_team = _team(world, "Ada", _year(17), [ot])
    _join(world, on_team, staff, ot)
    invited = _team(world, "Bo", _year(16), [ot])
    member_invite(actor=world.coordinator, team=invited, user=staff, unit=ot)
    as_unit = _team(world, "Cia", _year(18), [ot])
    unit_invite(actor=world.coordinator, team=as_unit, unit=ot)
    handed = _team(world, "Dan", _year(19), [ot])
    _join(world, handed, staff, ot)
    handover_propose(
        actor=world.coordinator,
        team=handed,
        to_user=staff,
        to_unit=ot,
        transition="school_work",
        note="Dan har sluttet; OT tar over.",
    )
    # A team the unit has nothing to do with is not on the list.
    _team(world, "Eli", _year(17), [ot])

    assert _rows(ot) == {
        "Ada": Reason.ON_TEAM,
        "Bo": Reason.INVITED,
        "Cia": Reason.INVITED,
        "Dan": Reason.ON_TEAM,  # on the team already: the first reason wins
    }


def test_an_upper_secondary_school_that_left_without_a_receiver_lists_the_team(world):
    ot = _ot(world)
    named = _team(world, "Frida", _year(17), [world.upper_secondary, ot])
    _school_left(world, named)
    counted = _team(world, "Geir", _year(17), [world.upper_secondary])
    _school_left(world, counted)
    taken_over = _team(world, "Hedda", _year(17), [world.upper_secondary, world.nav, ot])
    _school_left(world, taken_over)
    _join(world, taken_over, world.invited, world.nav)  # NAV took over
    still_there = _team(world, "Ivar", _year(17), [world.upper_secondary, ot])
    _join(world, still_there, world.county_staff, world.upper_secondary)
    invited_on = _team(world, "Jon", _year(17), [world.upper_secondary, world.nav, ot])
    _school_left(world, invited_on)
    unit_invite(actor=world.coordinator, team=invited_on, unit=world.nav)

    work = follow_up_list(unit=ot)

    assert _rows(ot) == {"Frida": Reason.SCHOOL_LEFT}
    row = next(iter(work.page))
    assert row.school_left_on == timezone.localdate()
    assert (work.unnamed_involved, work.unnamed_school_left) == (0, 1)


def test_only_young_people_of_the_follow_up_services_ages_are_listed(world):
    ot = _ot(world)
    for name, age in [("Ung", 14), ("Først", 15), ("Sist", 21), ("Voksen", 22)]:
        team = _team(world, name, _year(age), [world.upper_secondary, ot])
        _school_left(world, team)
    assert set(_rows(ot)) == {"Først", "Sist"}


def test_a_school_left_in_a_municipality_the_organisation_does_not_serve_is_not_listed(world):
    ot = _ot(world)
    team = _team(world, "Kari", _year(17), [world.upper_secondary, ot])
    _school_left(world, team)
    # The county no longer serves the child's municipality (the consent was given before).
    world.county.serves.remove(world.school.municipality)
    work = follow_up_list(unit=ot)
    assert work.total == 0
    assert work.unnamed == 0


def test_without_a_consent_covering_the_unit_the_team_is_only_counted(world):
    ot = _ot(world)
    staff = ot.memberships.get(user__username="ot_staff").user
    team = _team(world, "Lars", _year(17), [ot])
    _join(world, team, staff, ot)
    # The consent covering OT is withdrawn in the ledger only: OT is still listed on the team.
    team.child.consents.update(withdrawn_at=timezone.now())
    _consent(world.coordinator, team.child, [world.school], team=team)

    work = follow_up_list(unit=ot)

    assert work.total == 0
    assert (work.unnamed_involved, work.unnamed_school_left) == (1, 0)


def test_what_was_agreed_is_the_plans_measures_and_the_last_log_lines_kind(world):
    ot = _ot(world)
    staff = ot.memberships.get(user__username="ot_staff").user
    team = _team(world, "Mia", _year(17), [ot])
    _join(world, team, staff, ot)
    today = timezone.localdate()
    plan = plan_create(
        actor=world.coordinator,
        team=team,
        period_start=today,
        period_end=today + datetime.timedelta(days=100),
    )
    measure_add(
        actor=world.coordinator,
        plan=plan,
        title="Samtaler med OT",
        description="",
        responsible_unit=ot,
        responsible_person=staff,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
        evaluate_on=today + datetime.timedelta(days=30),
    )

    row = next(iter(follow_up_list(unit=ot).page))

    assert [m.title for m in row.measures] == ["Samtaler med OT"]
    assert row.last_log_kind == "measure"
    assert row.last_log_on == today
    assert [c.user for c in row.team.coordinators] == [world.coordinator]
    assert row.age == 17 if (today.month, today.day) >= (7, 1) else row.age == 16


def _page(client, ot: Unit):
    with translation.override("en"):
        return client.get(reverse("gaps:follow_up", args=[ot.pk]))


def test_the_page_names_the_covered_young_people_and_counts_the_others(world):
    ot = _ot(world)
    named = _team(world, "Nora", _year(17), [world.upper_secondary, ot])
    _school_left(world, named)
    counted = _team(world, "Olav", _year(17), [world.upper_secondary])
    _school_left(world, counted)
    staff = ot.memberships.get(user__username="ot_staff").user
    before = AccessEvent.objects.count()

    response = _page(verified_client(staff), ot)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nora Følgesen" in html
    assert "Olav" not in html
    assert 'id="follow-up-unnamed"' in html
    event = AccessEvent.objects.order_by("id")[before:].get()
    assert (event.action, event.object_type, event.object_id) == (
        Action.READ,
        "follow_up_list",
        str(ot.pk),
    )
    assert event.child_id is None
    assert event.legal_basis == "staff of the follow-up service"


def test_the_page_is_404_for_anyone_not_working_in_the_ot_unit(world):
    ot = _ot(world)
    staff = ot.memberships.get(user__username="ot_staff").user
    for person in (world.county_staff, world.county_admin, world.coordinator, world.unit_leader):
        assert _page(verified_client(person), ot).status_code == 404
    # Working in a unit of another sector is not enough, even with its id.
    assert _page(verified_client(world.county_staff), world.upper_secondary).status_code == 404
    leave_unit(staff, ot)
    assert _page(verified_client(staff), ot).status_code == 404


def test_my_work_links_the_list_for_ot_staff_only(world):
    ot = _ot(world)
    staff = ot.memberships.get(user__username="ot_staff").user
    url = reverse("gaps:follow_up", args=[ot.pk])
    assert url in verified_client(staff).get(reverse("teams:work")).content.decode()
    assert (
        url not in verified_client(world.county_staff).get(reverse("teams:work")).content.decode()
    )


# Session, user, second factor, the unit's membership and the read's event; the candidate
# ids, the list's ids and reasons, the page's teams, coordinators, plans and measures; the
# header's memberships and count. The counts and the page were three statements over the same
# conditions before, one more than now.
# One of them the municipalities the unit's organisation serves, read as a list: as a subquery
# it made PostgreSQL's kept plan walk every open team of a county (docs/performance.md).
FOLLOW_UP_PAGE_QUERIES = 16


def test_the_page_reads_in_a_fixed_number_of_queries(world):
    ot = _ot(world)
    staff = ot.memberships.get(user__username="ot_staff").user
    client = verified_client(staff)
    first = _team(world, "Per", _year(17), [ot])
    _join(world, first, staff, ot)
    with CaptureQueriesContext(connection) as few:
        assert _page(client, ot).status_code == 200
    for number in range(8):
        team = _team(world, f"Ung{number}", _year(17), [world.upper_secondary, ot])
        _school_left(world, team)
        counted = _team(world, f"Telt{number}", _year(17), [world.upper_secondary])
        _school_left(world, counted)
    with CaptureQueriesContext(connection) as many:
        response = _page(client, ot)
    assert response.status_code == 200
    assert response.content.decode().count("<tr data-reason") == 9
    assert len(many) == len(few)
    assert without_scope(many) == FOLLOW_UP_PAGE_QUERIES


def test_the_pages_keep_the_oldest_team_first_with_each_ones_reason(world, monkeypatch):
    monkeypatch.setattr(follow_up, "FOLLOW_UP_PAGE_SIZE", 2)
    ot = _ot(world)
    staff = ot.memberships.get(user__username="ot_staff").user
    left = _team(world, "Siv", _year(17), [world.upper_secondary, ot])
    _school_left(world, left)
    counted = _team(world, "Tor", _year(17), [world.upper_secondary])
    _school_left(world, counted)
    invited = _team(world, "Una", _year(18), [ot])
    unit_invite(actor=world.coordinator, team=invited, unit=ot)
    on_team = _team(world, "Vebjørn", _year(19), [ot])
    _join(world, on_team, staff, ot)
    days = {left: 9, counted: 8, invited: 7, on_team: 3}
    for team, days_ago in days.items():
        Team.objects.filter(pk=team.pk).update(
            opened_at=timezone.now() - datetime.timedelta(days=days_ago)
        )

    first, second = follow_up_list(unit=ot, page=1), follow_up_list(unit=ot, page=2)

    def rows(work):
        return [(row.team.child.given_name, row.reason) for row in work.page]

    assert rows(first) == [("Siv", Reason.SCHOOL_LEFT), ("Una", Reason.INVITED)]
    assert rows(second) == [("Vebjørn", Reason.ON_TEAM)]
    assert (first.total, first.unnamed_involved, first.unnamed_school_left) == (3, 0, 1)
