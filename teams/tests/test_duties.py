"""The legal duties on the team page and the facts behind them that the coordinator records
(issue 15, item 5; rights.duties, teams.duties, teams.services.duties)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AccessEvent, Action
from conftest import verified_client
from portal.tests.helpers import portal_log_in
from rights.duties import DutyKind
from teams.duties import team_duties, team_facts
from teams.models import DUTY_FACTS_NOTE_MAX, MemberRole, MemberStatus, Team, TeamMember
from teams.selectors import team_members
from teams.services import member_leave, team_duty_facts_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_kept():
    """The pages here are read in English; the language active before each test is restored
    after it, so the next test does not read in English by accident."""
    with translation.override(translation.get_language()):
        yield


GOOD = {
    "long_term_needs": "on",
    "serious_illness_or_disability": "on",
    "barnekoordinator": "on",
    "note": "Vurdert av koordinerende enhet.",
}


def _url(world) -> str:
    return reverse("teams:duty_facts", args=[world.team.pk])


def _page(world, user):
    return verified_client(user).get(
        reverse("teams:detail", args=[world.team.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )


def _writes(world):
    return AccessEvent.objects.filter(
        child_id=world.child.pk, action=Action.UPDATE, object_type="team_duty_facts"
    )


def test_the_facts_count_each_active_unit_once_and_one_service_has_no_duty_to_collaborate(world):
    today = timezone.localdate()
    members = list(team_members(team=world.team))
    facts = team_facts(team=world.team, members=members, on=today)
    active_units = {m.unit_id for m in members if m.status == MemberStatus.ACTIVE}
    assert facts.units == len(active_units) >= 2
    assert DutyKind.COLLABORATE in team_duties(team=world.team, members=members, on=today).kinds()
    coordinator = [m for m in members if m.role == MemberRole.COORDINATOR]
    alone = team_duties(team=world.team, members=coordinator, on=today)
    assert DutyKind.COLLABORATE not in alone.kinds()


def test_members_who_left_do_not_count_as_services(world):
    today = timezone.localdate()
    for member in TeamMember.objects.filter(team=world.team, role=MemberRole.MEMBER):
        if member.status == MemberStatus.ACTIVE:
            member_leave(actor=world.coordinator, team=world.team, member=member)
    facts = team_facts(team=world.team, members=team_members(team=world.team), on=today)
    assert facts.units == 1


def test_the_coordinator_sees_the_duties_and_the_missing_facts(world):
    response = _page(world, world.coordinator)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Legal duties for this child" in body
    assert 'id="duty-collaborate"' in body
    assert 'id="duty-inform"' in body
    assert 'id="duty-plan"' not in body
    assert "Record whether the child has long-term and coordinated needs." in body
    assert _url(world) in body
    assert "helsepersonelloven § 33" in body


def test_a_member_sees_the_duties_but_not_the_form_link(world):
    body = _page(world, world.member).content.decode()
    assert "Legal duties for this child" in body
    assert _url(world) not in body


def test_an_outsider_gets_404_on_the_page_and_the_form(world):
    assert _page(world, world.outsider).status_code == 404
    assert verified_client(world.outsider).get(_url(world)).status_code == 404
    assert verified_client(world.outsider).post(_url(world), GOOD).status_code == 404


def test_a_member_may_not_record_the_facts(world):
    client = verified_client(world.member)
    assert client.get(_url(world)).status_code == 403
    assert client.post(_url(world), GOOD).status_code == 403
    world.team.refresh_from_db()
    assert not world.team.long_term_needs


def test_the_coordinator_records_the_facts_and_the_page_shows_the_rights(world):
    before = _writes(world).count()
    response = verified_client(world.coordinator).post(_url(world), GOOD)
    assert response.status_code == 302
    team = Team.objects.get(pk=world.team.pk)
    assert team.long_term_needs
    assert team.serious_illness_or_disability
    assert team.duty_facts_note == "Vurdert av koordinerende enhet."
    assert team.duty_facts_recorded_at is not None
    coordinator = TeamMember.objects.get(
        team=team, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE
    )
    assert coordinator.is_barnekoordinator
    assert _writes(world).count() == before + 1
    event = _writes(world).latest("sequence")
    assert event.actor_id == world.coordinator.pk

    body = _page(world, world.member).content.decode()
    assert 'id="duty-plan"' in body
    assert 'id="duty-coordinator"' in body
    assert 'id="duty-child_coordinator"' in body
    assert "pasient- og brukerrettighetsloven § 2-5 c" in body
    assert "is the family's barnekoordinator" in body
    assert "Record whether" not in body


def test_reading_the_form_is_an_audited_read(world):
    before = AccessEvent.objects.filter(child_id=world.child.pk, action=Action.READ).count()
    response = verified_client(world.coordinator).get(_url(world), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Facts behind the legal duties" in response.content.decode()
    after = AccessEvent.objects.filter(child_id=world.child.pk, action=Action.READ).count()
    assert after == before + 1


def test_a_barnekoordinator_without_the_facts_is_a_field_error_and_nothing_is_written(world):
    before = _writes(world).count()
    response = verified_client(world.coordinator).post(
        _url(world),
        {"long_term_needs": "on", "barnekoordinator": "on", "note": "Kort notat"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "A barnekoordinator is for a child with serious illness" in body
    assert "Kort notat" in body  # nothing the coordinator wrote is lost
    world.team.refresh_from_db()
    assert not world.team.long_term_needs
    assert _writes(world).count() == before


@pytest.mark.parametrize("note", ["Vurdert\x00av KE", "x" * (DUTY_FACTS_NOTE_MAX + 1)])
def test_a_nul_or_an_over_long_note_is_a_field_error_and_nothing_is_written(world, note):
    before = _writes(world).count()
    response = verified_client(world.coordinator).post(
        _url(world), {**GOOD, "note": note}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert b"note_error" in response.content or b'id="id_note' in response.content
    world.team.refresh_from_db()
    assert not world.team.serious_illness_or_disability
    assert _writes(world).count() == before


def test_the_service_refuses_anyone_but_the_coordinator(world):
    with pytest.raises(ValidationError):
        team_duty_facts_set(
            actor=world.member,
            team=world.team,
            long_term_needs=True,
            serious_illness_or_disability=False,
            barnekoordinator=False,
            note="",
        )
    world.team.refresh_from_db()
    assert not world.team.long_term_needs


def test_a_hand_over_does_not_carry_the_barnekoordinator_mark(world):
    """The municipality appoints a person; a new coordinator is a new membership."""
    team_duty_facts_set(
        actor=world.coordinator,
        team=world.team,
        long_term_needs=True,
        serious_illness_or_disability=True,
        barnekoordinator=True,
        note="",
    )
    new = TeamMember.objects.get(team=world.team, user=world.member, status=MemberStatus.ACTIVE)
    assert not new.is_barnekoordinator


def test_the_young_persons_export_holds_the_facts_and_the_mark(client, world):
    team_duty_facts_set(
        actor=world.coordinator,
        team=world.team,
        long_term_needs=True,
        serious_illness_or_disability=True,
        barnekoordinator=True,
        note="Vurdert av koordinerende enhet.",
    )
    portal_log_in(client, world.child.identity_number)
    data = client.get(f"/portal/{world.child.pk}/data/laget.json").json()
    [team] = data["teams"]
    assert team["long_term_needs"] is True
    assert team["serious_illness_or_disability"] is True
    assert team["duty_facts_note"] == "Vurdert av koordinerende enhet."
    assert team["duty_facts_recorded_at"]
    assert [m["is_barnekoordinator"] for m in team["members"]].count(True) == 1
