"""The JSON API for teams: the teams one sees, their members, the units invited and whom the
coordinator may invite. The same access helpers, selectors and services as the pages
(`teams.views`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from children.access import children_list_read_record
from core.api import (
    TEXT_MAX,
    bool_field,
    child_ref,
    choice_field,
    each,
    int_field,
    invalid,
    iso_datetime,
    operation,
    paginate,
    text_field,
    unit_ref,
    user_ref,
    uuid_field,
)
from people.http import AuthenticatedHttpRequest
from people.models import Membership
from teams.access import access_team, access_unit_invitation
from teams.models import (
    Team,
    TeamMember,
    TeamStatus,
    UnitInvitation,
)
from teams.selectors import (
    covered_unit_ids,
    invitable_units,
    municipality_unit_memberships,
    team_members,
    team_unit_invitations,
    teams_of_user,
)
from teams.services import (
    member_invite,
    unit_invitation_answer,
    unit_invite,
)
from units.models import Unit

USER_ID_MAX = 2**63 - 1
MEMBER_BODY = {
    "user": int_field(1, USER_ID_MAX, description="The person's user id (see /candidates)."),
    "unit": uuid_field(description="The unit they act for on the team."),
}
UNIT_INVITATION_BODY = {
    "unit": uuid_field(description="A unit covered by a consent in force (see /unit-candidates)."),
    "note": text_field(
        TEXT_MAX, required=False, description="What the unit should know; name no child."
    ),
}
ANSWER_BODY = {"accept": bool_field(description="true accepts for the unit, false declines.")}


def team_list_item(team: Team) -> dict[str, Any]:
    return {
        "id": str(team.pk),
        "status": team.status,
        "child": child_ref(team.child),
        "originating_unit": unit_ref(team.originating_unit),
        "my_role": getattr(team, "my_role", None),
        "opened_at": iso_datetime(team.opened_at),
        "closed_at": iso_datetime(team.closed_at),
    }


def member_json(member: TeamMember) -> dict[str, Any]:
    return {
        "id": member.pk,
        "user": user_ref(member.user),
        "unit": unit_ref(member.unit),
        "role": member.role,
        "status": member.status,
        "invited_at": iso_datetime(member.invited_at),
        "joined_at": iso_datetime(member.joined_at),
        "left_at": iso_datetime(member.left_at),
    }


def candidate_json(membership: Membership) -> dict[str, Any]:
    return {"user": user_ref(membership.user), "unit": unit_ref(membership.unit)}


def unit_invitation_json(invitation: UnitInvitation) -> dict[str, Any]:
    return {
        "id": str(invitation.pk),
        "unit": unit_ref(invitation.unit),
        "note": invitation.note,
        "status": invitation.status,
        "invited_by": user_ref(invitation.invited_by),
        "invited_at": iso_datetime(invitation.invited_at),
        "answered_by": user_ref(invitation.answered_by),
        "answered_at": iso_datetime(invitation.answered_at),
    }


@operation(
    summary="The teams you may see: active member, for a unit covered by consent",
    description="Open and closed. Each child in the page is recorded as read.",
    response="TeamListItem",
    query={"status": choice_field(TeamStatus.values, required=False)},
    paginated=True,
)
def team_list(request: AuthenticatedHttpRequest, *, query: dict[str, Any]) -> dict[str, Any]:
    teams = teams_of_user(user=request.user)
    if "status" in query:
        teams = teams.filter(status=query["status"])

    def record(page: list[Team]) -> None:
        children = {team.child_id: team for team in page}
        children_list_read_record(
            user=request.user,
            reads=[(t.child, "team", t.pk, "team member with consent") for t in children.values()],
            purpose="API list of teams",
        )

    return paginate(query, teams, each(team_list_item), seen=record)


@operation(summary="One team, with its members", response="Team", errors=(404,))
def team_detail(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> dict[str, Any]:
    access = access_team(request.user, team_id, purpose="API: reading the team")
    team = access.team
    return {
        "id": str(team.pk),
        "status": team.status,
        "child": child_ref(team.child),
        "concern": str(team.concern_id),
        "originating_unit": unit_ref(team.originating_unit),
        "opened_at": iso_datetime(team.opened_at),
        "closed_at": iso_datetime(team.closed_at),
        "close_reason": team.close_reason,
        "final_evaluation": team.final_evaluation,
        "my_role": access.basis.member.role,
        "can_write": access.can_write,
        "members": [member_json(member) for member in team_members(team=team)],
    }


@operation(summary="The team's members", response="Member", paginated=True, errors=(404,))
def member_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, query: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(
        request.user, team_id, purpose="API: reading the team's members", object_type="members"
    )
    return paginate(query, team_members(team=access.team), each(member_json))


@operation(
    summary="Invite a professional to the team, for their unit (coordinator only)",
    description="The unit must be covered by a consent in force.",
    response="Member",
    status=201,
    body=MEMBER_BODY,
    errors=(400, 403, 404),
)
def member_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, body: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True, as_coordinator=True)
    membership = (
        municipality_unit_memberships(team=access.team)
        .filter(user_id=body["user"], unit_id=body["unit"])
        .first()
    )
    if membership is None or membership.unit is None:
        if body["unit"] not in covered_unit_ids(team=access.team):
            raise invalid(
                {"unit": [_("No consent in force covers this unit. Record a consent first.")]}
            )
        raise invalid({"user": [_("Choose someone who works in that unit.")]})
    member = member_invite(
        actor=request.user, team=access.team, user=membership.user, unit=membership.unit
    )
    return member_json(member)


@operation(
    summary="The team's invitations to units, newest first",
    response="UnitInvitation",
    paginated=True,
    errors=(404,),
)
def unit_invitation_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, query: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(
        request.user,
        team_id,
        purpose="API: reading the team's unit invitations",
        object_type="unit_invitations",
    )
    return paginate(query, team_unit_invitations(team=access.team), each(unit_invitation_json))


@operation(
    summary="Invite a unit to the team (coordinator only); its leader or any staff accepts",
    description="The unit must be covered by a consent in force.",
    response="UnitInvitation",
    status=201,
    body=UNIT_INVITATION_BODY,
    errors=(400, 403, 404),
)
def unit_invitation_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, body: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True, as_coordinator=True)
    unit = Unit.objects.filter(pk=body["unit"]).first()
    if unit is None:
        raise invalid({"unit": [_("No such unit.")]})
    return unit_invitation_json(
        unit_invite(actor=request.user, team=access.team, unit=unit, note=body["note"])
    )


@operation(
    summary="Answer an invitation for your unit: accept to join the team for it, or decline",
    response="UnitInvitation",
    body=ANSWER_BODY,
    errors=(400, 403, 404),
)
def unit_invitation_answer_view(
    request: AuthenticatedHttpRequest,
    team_id: uuid.UUID,
    invitation_id: uuid.UUID,
    *,
    body: dict[str, Any],
) -> dict[str, Any]:
    invitation = access_unit_invitation(request.user, team_id, invitation_id)
    answered = unit_invitation_answer(
        actor=request.user, invitation=invitation, accept=body["accept"]
    )
    return unit_invitation_json(answered)


def _coordinator_choices(
    request: AuthenticatedHttpRequest,
    team_id: uuid.UUID,
    query: dict[str, Any],
    *,
    purpose: str,
    object_type: str,
    rows: Callable[..., QuerySet[Any]],
    item: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """A page of what only the team's coordinator may choose from (whom or which unit to
    invite): the same access check and audit for both lists."""
    access = access_team(
        request.user,
        team_id,
        for_write=True,
        as_coordinator=True,
        purpose=purpose,
        object_type=object_type,
    )
    return paginate(query, rows(team=access.team), each(item))


@operation(
    summary="Which units the coordinator can invite: covered by a consent in force",
    response="UnitRef",
    paginated=True,
    errors=(403, 404),
)
def unit_candidate_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, query: dict[str, Any]
) -> dict[str, Any]:
    return _coordinator_choices(
        request,
        team_id,
        query,
        purpose="API: choosing a unit to invite",
        object_type="unit_candidates",
        rows=invitable_units,
        item=unit_ref,
    )


@operation(
    summary="Whom the coordinator can invite by name: staff of units covered by consent",
    response="Candidate",
    paginated=True,
    errors=(403, 404),
)
def candidate_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, query: dict[str, Any]
) -> dict[str, Any]:
    return _coordinator_choices(
        request,
        team_id,
        query,
        purpose="API: choosing whom to invite",
        object_type="candidates",
        rows=municipality_unit_memberships,
        item=candidate_json,
    )
