from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from audit.models import AccessEvent, Action
from concerns.models import ConcernStatus
from teamlog.models import LogEntry
from teams.access import access_team, team_access_basis
from teams.models import (
    HandoverStatus,
    MemberRole,
    MemberStatus,
    TaskStatus,
    TeamMember,
    TeamStatus,
)
from teams.services import (
    handover_propose,
    handover_respond,
    meeting_minutes_record,
    member_invite,
    member_leave,
    task_complete,
    team_close,
)
from tests.world import leave_unit

pytestmark = pytest.mark.django_db


def test_opening_a_team_makes_the_responsible_person_the_only_coordinator(world):
    coordinators = TeamMember.objects.filter(
        team=world.team, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE
    )
    assert [m.user for m in coordinators] == [world.coordinator]
    world.concern.refresh_from_db()
    assert world.concern.level == 2


def test_a_second_active_coordinator_is_refused_by_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(
            team=world.team,
            user=world.colleague,
            unit=world.school,
            role=MemberRole.COORDINATOR,
            status=MemberStatus.ACTIVE,
        )


def test_a_unit_without_consent_cannot_be_invited(world):
    with pytest.raises(ValidationError) as error:
        member_invite(
            actor=world.coordinator, team=world.team, user=world.outsider, unit=world.primary
        )
    assert "unit" in error.value.message_dict
    assert not TeamMember.objects.filter(team=world.team, user=world.outsider).exists()


def test_withdrawing_consent_removes_access_at_once(world):
    assert team_access_basis(user=world.member, team=world.team) is not None
    assert team_access_basis(user=world.withdrawn, team=world.team) is None


def test_leaving_the_team_removes_access_and_is_logged(world):
    membership = TeamMember.objects.get(team=world.team, user=world.member)
    member_leave(actor=world.member, team=world.team, member=membership)
    assert team_access_basis(user=world.member, team=world.team) is None
    with pytest.raises(Http404):
        access_team(world.member, world.team.pk)
    assert LogEntry.objects.filter(team=world.team, message__contains="left the team").exists()


def test_a_member_who_leaves_their_unit_loses_the_team_at_once(world):
    assert access_team(world.member, world.team.pk).team == world.team
    leave_unit(world.member, world.health)
    assert team_access_basis(user=world.member, team=world.team) is None
    with pytest.raises(Http404):
        access_team(world.member, world.team.pk)


def test_the_coordinator_cannot_leave_without_a_hand_over(world):
    membership = TeamMember.objects.get(team=world.team, user=world.coordinator)
    with pytest.raises(ValidationError):
        member_leave(actor=world.coordinator, team=world.team, member=membership)


def test_minutes_turn_decisions_into_tasks_for_members_only(world):
    due = timezone.localdate() + datetime.timedelta(days=14)
    with pytest.raises(ValidationError):
        meeting_minutes_record(
            actor=world.coordinator,
            meeting=world.meeting,
            minutes="Referat",
            decisions=[("Ring mor", world.outsider, due)],
        )
    assert world.team.tasks.count() == 0
    meeting_minutes_record(
        actor=world.coordinator,
        meeting=world.meeting,
        minutes="Referat",
        decisions=[("Ring mor", world.member, due), ("Søk PPT", world.coordinator, due)],
    )
    assert sorted(world.team.tasks.values_list("title", flat=True)) == ["Ring mor", "Søk PPT"]
    task = world.team.tasks.get(title="Ring mor")
    task_complete(actor=world.member, task=task)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_a_hand_over_moves_the_coordinator_role_only_when_accepted(world):
    handover = handover_propose(
        actor=world.coordinator,
        team=world.team,
        to_user=world.member,
        to_unit=world.health,
        transition="lower_upper_secondary",
        note="Sara begynner på videregående i august.",
    )
    assert team_access_basis(user=world.coordinator, team=world.team).is_coordinator
    with pytest.raises(PermissionDenied):
        handover_respond(actor=world.colleague, handover=handover, accept=True)
    handover_respond(actor=world.member, handover=handover, accept=True)
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.ACCEPTED
    assert team_access_basis(user=world.member, team=world.team).is_coordinator
    assert not team_access_basis(user=world.coordinator, team=world.team).is_coordinator


def test_a_hand_over_to_an_uncovered_unit_is_refused(world):
    with pytest.raises(ValidationError) as error:
        handover_propose(
            actor=world.coordinator,
            team=world.team,
            to_user=world.outsider,
            to_unit=world.primary,
            transition="other",
            note="x",
        )
    assert "to_unit" in error.value.message_dict


def test_closing_the_team_closes_the_concern_and_needs_a_final_evaluation(world):
    with pytest.raises(ValidationError) as error:
        team_close(actor=world.coordinator, team=world.team, reason="Bedre", final_evaluation="")
    assert "final_evaluation" in error.value.message_dict
    team_close(
        actor=world.coordinator,
        team=world.team,
        reason="Målene er nådd",
        final_evaluation="Sara går på skolen igjen.",
    )
    world.team.refresh_from_db()
    world.concern.refresh_from_db()
    assert world.team.status == TeamStatus.CLOSED
    assert world.concern.status == ConcernStatus.CLOSED


def test_every_write_is_audited_with_the_child(world):
    writes = AccessEvent.objects.filter(child_id=world.child.pk).exclude(action=Action.READ)
    types = set(writes.values_list("object_type", flat=True))
    assert {"child", "concern", "consent", "team", "team_member", "plan", "goal"} <= types
    assert {"measure", "meeting"} <= types


def test_a_creation_and_a_change_are_audited_as_such(world):
    events = AccessEvent.objects.filter(child_id=world.child.pk)
    assert events.get(object_type="team").action == Action.CREATE
    accepted = TeamMember.objects.get(team=world.team, user=world.member)
    kinds = set(
        events.filter(object_type="team_member", object_id=str(accepted.pk)).values_list(
            "action", flat=True
        )
    )
    assert kinds == {Action.CREATE, Action.UPDATE}  # invited, then the answer
