"""Inviting a unit (a service) rather than a named person: its leader or anyone on its staff
accepts for it; only units a consent in force covers are offered."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import verified_client
from consents.services import consent_withdraw
from people.models import Role
from teams.models import MemberStatus, TeamMember, UnitInvitation, UnitInvitationStatus
from teams.selectors import invitable_units, municipality_unit_memberships
from teams.services import unit_invitation_answer, unit_invite
from teams.work_selectors import work_action_count
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def _invite_school(world) -> UnitInvitation:
    return unit_invite(actor=world.coordinator, team=world.team, unit=world.school)


def test_the_invite_list_offers_only_units_a_consent_covers(world):
    units = set(invitable_units(team=world.team))
    # The county's school too (its own consent); not PPT or BUP (withdrawn), not Tveten.
    assert units == {world.school, world.health, world.nav, world.upper_secondary}
    people = {m.user for m in municipality_unit_memberships(team=world.team)}
    assert world.outsider not in people  # works in the primary school, which no consent covers
    assert world.withdrawn not in people  # PPT's coverage was withdrawn
    assert world.colleague in people
    body = verified_client(world.coordinator).get(reverse("teams:invite", args=[world.team.pk]))
    assert "Tveten skole" not in body.content.decode()
    assert "PPT Porsgrunn" not in body.content.decode()


def test_a_unit_no_consent_covers_cannot_be_invited(world):
    with pytest.raises(ValidationError) as raised:
        unit_invite(actor=world.coordinator, team=world.team, unit=world.primary)
    assert "unit" in raised.value.message_dict
    response = verified_client(world.coordinator).post(
        reverse("teams:invite_unit", args=[world.team.pk]), {"unit": str(world.primary.pk)}
    )
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert not UnitInvitation.objects.exists()


def test_a_unit_is_invited_once_at_a_time(world):
    _invite_school(world)
    assert world.school not in invitable_units(team=world.team)
    with pytest.raises(ValidationError):
        _invite_school(world)


def test_the_coordinator_invites_a_unit_from_the_page_and_the_team_page_shows_it(world):
    client = verified_client(world.coordinator)
    response = client.post(
        reverse("teams:invite_unit", args=[world.team.pk]),
        {"unit": str(world.nav.pk), "note": "Gjelder arbeidstrening."},
    )
    assert response.status_code == 302
    invitation = UnitInvitation.objects.get()
    assert (invitation.unit, invitation.status) == (world.nav, UnitInvitationStatus.OPEN)
    body = client.get(reverse("teams:detail", args=[world.team.pk])).content.decode()
    assert "NAV Porsgrunn" in body
    assert reverse("teams:invite_unit", args=[world.team.pk]) in body
    assert world.team.log.filter(kind="member", params__unit="NAV Porsgrunn").exists()


def test_anyone_in_the_unit_sees_the_invitation_in_their_work_and_accepts_for_it(world):
    invitation = _invite_school(world)
    client = verified_client(world.colleague)
    assert work_action_count(user=world.colleague) == 1
    work = client.get(reverse("teams:work")).content.decode()
    url = reverse("teams:unit_invitation", args=[world.team.pk, invitation.pk])
    assert url in work
    page = client.get(url)
    assert page.status_code == 200
    assert "Sara Testesen" not in page.content.decode()  # the given name only
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302
    assert response["Location"] == reverse("teams:detail", args=[world.team.pk])
    invitation.refresh_from_db()
    assert invitation.status == UnitInvitationStatus.ACCEPTED
    assert invitation.answered_by == world.colleague
    joined = TeamMember.objects.get(team=world.team, user=world.colleague)
    assert (joined.unit, joined.status) == (world.school, MemberStatus.ACTIVE)
    assert invitation.member == joined
    assert client.get(reverse("teams:detail", args=[world.team.pk])).status_code == 200
    assert work_action_count(user=world.colleague) == 0


def test_the_units_leader_may_accept(world):
    leader = UserFactory(username="navleder")
    member(leader, world.nav, Role.UNIT_LEADER)
    invitation = unit_invite(actor=world.coordinator, team=world.team, unit=world.nav)
    unit_invitation_answer(actor=leader, invitation=invitation, accept=True)
    assert TeamMember.objects.filter(
        team=world.team, user=leader, unit=world.nav, status=MemberStatus.ACTIVE
    ).exists()


def test_the_first_answer_counts_for_the_whole_unit(world):
    second = UserFactory(username="lærer2")
    member(second, world.school, Role.PROFESSIONAL)
    invitation = _invite_school(world)
    url = reverse("teams:unit_invitation", args=[world.team.pk, invitation.pk])
    assert verified_client(world.colleague).post(url, {"answer": "decline"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == UnitInvitationStatus.DECLINED
    assert verified_client(second).get(url).status_code == 404
    with pytest.raises(ValidationError):
        unit_invitation_answer(actor=second, invitation=invitation, accept=True)
    assert not TeamMember.objects.filter(team=world.team, user__in=[second, world.colleague])


def test_someone_already_on_the_team_cannot_accept_again(world):
    invitation = _invite_school(world)
    with pytest.raises(ValidationError):
        unit_invitation_answer(actor=world.coordinator, invitation=invitation, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == UnitInvitationStatus.OPEN


def test_a_withdrawn_consent_closes_the_door_for_the_unit(world):
    invitation = _invite_school(world)
    consent_withdraw(actor=world.coordinator, consent=world.consent, withdrawn_by="Sara")
    url = reverse("teams:unit_invitation", args=[world.team.pk, invitation.pk])
    assert verified_client(world.colleague).get(url).status_code == 404
    assert work_action_count(user=world.colleague) == 0
    assert url not in verified_client(world.colleague).get(reverse("teams:work")).content.decode()


def test_someone_outside_the_unit_gets_404_and_no_access_event(world):
    invitation = _invite_school(world)
    url = reverse("teams:unit_invitation", args=[world.team.pk, invitation.pk])
    for person in (world.outsider, world.member, world.foreigner):
        assert verified_client(person).get(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == UnitInvitationStatus.OPEN
