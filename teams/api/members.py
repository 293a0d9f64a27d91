"""The JSON API for teams: the teams one sees, their members, the units invited and whom the
coordinator may invite. The same access helpers, selectors and services as the pages
(`teams.views`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Literal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Query

from children.access import children_list_read_record
from core.api import invalid
from core.api.app import ApiRouter
from core.api.pages import page_answer, page_schema
from core.api.shapes import ChildRef, UnitRef, UserRef
from core.api.types import (
    TEXT_MAX,
    Answer,
    Body,
    LocalDateTime,
    PageQuery,
    boolean,
    choice,
    identifier,
    integer,
    text,
)
from people.http import AuthenticatedHttpRequest
from teams.access import access_team, access_unit_invitation
from teams.models import (
    MemberRole,
    MemberStatus,
    Team,
    TeamMember,
    TeamStatus,
    UnitInvitation,
    UnitInvitationStatus,
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

router = ApiRouter(area="teams", tag="teams")

USER_ID_MAX = 2**63 - 1
_TIME = "2026-03-02T09:30:12.123456+01:00"
TeamStatusValue = Literal[tuple(TeamStatus.values)]  # type: ignore[valid-type]
MemberRoleValue = Literal[tuple(MemberRole.values)]  # type: ignore[valid-type]


class MemberBody(Body):
    user: integer(1, USER_ID_MAX, description="The person's user id (see /candidates).")  # type: ignore[valid-type]
    unit: identifier(description="The unit they act for on the team.")  # type: ignore[valid-type]
    EXAMPLE = {"user": 17, "unit": UnitRef.EXAMPLE["id"]}


class UnitInvitationBody(Body):
    unit: identifier(  # type: ignore[valid-type]
        description="A unit covered by a consent in force (see /unit-candidates)."
    )
    note: text(  # type: ignore[valid-type]
        TEXT_MAX, required=False, description="What the unit should know; name no child."
    ) = ""
    EXAMPLE = {"unit": UnitRef.EXAMPLE["id"], "note": "Vi trenger PPT med fra neste møte."}


class AnswerBody(Body):
    accept: boolean(description="true accepts for the unit, false declines.")  # type: ignore[valid-type]
    EXAMPLE = {"accept": True}


class TeamsQuery(PageQuery):
    status: choice(TeamStatus.values, query=True) = None  # type: ignore[valid-type]


class TeamListItem(Answer):
    id: uuid.UUID
    status: TeamStatusValue  # type: ignore[valid-type]
    child: ChildRef
    originating_unit: UnitRef
    my_role: MemberRoleValue  # type: ignore[valid-type]
    opened_at: LocalDateTime
    closed_at: LocalDateTime | None
    EXAMPLE = {
        "id": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
        "status": "open",
        "child": ChildRef.EXAMPLE,
        "originating_unit": UnitRef.EXAMPLE,
        "my_role": "coordinator",
        "opened_at": _TIME,
        "closed_at": None,
    }


class Member(Answer):
    id: int
    user: UserRef
    unit: UnitRef
    role: MemberRoleValue  # type: ignore[valid-type]
    status: Literal[tuple(MemberStatus.values)]  # type: ignore[valid-type]
    invited_at: LocalDateTime
    joined_at: LocalDateTime | None
    left_at: LocalDateTime | None
    EXAMPLE = {
        "id": 4,
        "user": UserRef.EXAMPLE,
        "unit": UnitRef.EXAMPLE,
        "role": "coordinator",
        "status": "active",
        "invited_at": _TIME,
        "joined_at": _TIME,
        "left_at": None,
    }


class TeamDetail(TeamListItem):
    concern: uuid.UUID
    close_reason: str
    final_evaluation: str
    can_write: bool
    members: list[Member]
    EXAMPLE = {
        **TeamListItem.EXAMPLE,
        "concern": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
        "close_reason": "",
        "final_evaluation": "",
        "can_write": True,
        "members": [Member.EXAMPLE],
    }


class Candidate(Answer):
    user: UserRef
    unit: UnitRef
    EXAMPLE = {"user": UserRef.EXAMPLE, "unit": UnitRef.EXAMPLE}


class UnitInvitationAnswer(Answer):
    id: uuid.UUID
    unit: UnitRef
    note: str
    status: Literal[tuple(UnitInvitationStatus.values)]  # type: ignore[valid-type]
    invited_by: UserRef
    invited_at: LocalDateTime
    answered_by: UserRef | None
    answered_at: LocalDateTime | None
    EXAMPLE = {
        "id": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
        "unit": UnitRef.EXAMPLE,
        "note": "Vi trenger PPT med fra neste møte.",
        "status": "open",
        "invited_by": UserRef.EXAMPLE,
        "invited_at": _TIME,
        "answered_by": None,
        "answered_at": None,
    }


@router.operation(
    "GET",
    "/teams",
    name="teams",
    summary="The teams you may see: active member, for a unit covered by consent",
    description="Open and closed. Each child in the page is recorded as read.",
    response=page_schema(TeamListItem),
)
def team_list(request: AuthenticatedHttpRequest, query: Query[TeamsQuery]) -> dict[str, Any]:
    teams = teams_of_user(user=request.user)
    if query.status is not None:
        teams = teams.filter(status=query.status)

    def record(page: list[Team]) -> None:
        children = {team.child_id: team for team in page}
        children_list_read_record(
            user=request.user,
            reads=[(t.child, "team", t.pk, "team member with consent") for t in children.values()],
            purpose="API list of teams",
        )

    return page_answer(query, teams, seen=record)


@router.operation(
    "GET",
    "/teams/{uuid:team_id}",
    name="team",
    summary="One team, with its members",
    response=TeamDetail,
    errors=(404,),
)
def team_detail(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> dict[str, Any]:
    access = access_team(request.user, team_id, purpose="API: reading the team")
    team = access.team
    return {
        "id": team.pk,
        "status": team.status,
        "child": team.child,
        "concern": team.concern_id,
        "originating_unit": team.originating_unit,
        "opened_at": team.opened_at,
        "closed_at": team.closed_at,
        "close_reason": team.close_reason,
        "final_evaluation": team.final_evaluation,
        "my_role": access.basis.member.role,
        "can_write": access.can_write,
        "members": list(team_members(team=team)),
    }


@router.operation(
    "GET",
    "/teams/{uuid:team_id}/members",
    name="team_members",
    summary="The team's members",
    response=page_schema(Member),
    errors=(404,),
)
def member_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, query: Query[PageQuery]
) -> dict[str, Any]:
    access = access_team(
        request.user, team_id, purpose="API: reading the team's members", object_type="members"
    )
    return page_answer(query, team_members(team=access.team))


@router.operation(
    "POST",
    "/teams/{uuid:team_id}/members",
    name="team_members",
    summary="Invite a professional to the team, for their unit (coordinator only)",
    description="The unit must be covered by a consent in force.",
    response=Member,
    status=201,
    errors=(400, 403, 404),
)
def member_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, body: MemberBody
) -> TeamMember:
    access = access_team(request.user, team_id, for_write=True, as_coordinator=True)
    membership = (
        municipality_unit_memberships(team=access.team)
        .filter(user_id=body.user, unit_id=body.unit)
        .first()
    )
    if membership is None or membership.unit is None:
        if body.unit not in covered_unit_ids(team=access.team):
            raise invalid(
                {"unit": [_("No consent in force covers this unit. Record a consent first.")]}
            )
        raise invalid({"user": [_("Choose someone who works in that unit.")]})
    return member_invite(
        actor=request.user, team=access.team, user=membership.user, unit=membership.unit
    )


@router.operation(
    "GET",
    "/teams/{uuid:team_id}/unit-invitations",
    name="team_unit_invitations",
    summary="The team's invitations to units, newest first",
    response=page_schema(UnitInvitationAnswer),
    errors=(404,),
)
def unit_invitation_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, query: Query[PageQuery]
) -> dict[str, Any]:
    access = access_team(
        request.user,
        team_id,
        purpose="API: reading the team's unit invitations",
        object_type="unit_invitations",
    )
    return page_answer(query, team_unit_invitations(team=access.team))


@router.operation(
    "POST",
    "/teams/{uuid:team_id}/unit-invitations",
    name="team_unit_invitations",
    summary="Invite a unit to the team (coordinator only); its leader or any staff accepts",
    description="The unit must be covered by a consent in force.",
    response=UnitInvitationAnswer,
    status=201,
    errors=(400, 403, 404),
)
def unit_invitation_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, body: UnitInvitationBody
) -> UnitInvitation:
    access = access_team(request.user, team_id, for_write=True, as_coordinator=True)
    unit = Unit.objects.filter(pk=body.unit).first()
    if unit is None:
        raise invalid({"unit": [_("No such unit.")]})
    return unit_invite(actor=request.user, team=access.team, unit=unit, note=body.note)


@router.operation(
    "POST",
    "/teams/{uuid:team_id}/unit-invitations/{uuid:invitation_id}/answer",
    name="team_unit_invitation_answer",
    summary="Answer an invitation for your unit: accept to join the team for it, or decline",
    response=UnitInvitationAnswer,
    errors=(400, 403, 404),
)
def unit_invitation_answer_view(
    request: AuthenticatedHttpRequest,
    team_id: uuid.UUID,
    invitation_id: uuid.UUID,
    body: AnswerBody,
) -> UnitInvitation:
    invitation = access_unit_invitation(request.user, team_id, invitation_id)
    return unit_invitation_answer(actor=request.user, invitation=invitation, accept=body.accept)


def _coordinator_choices(
    request: AuthenticatedHttpRequest,
    team_id: uuid.UUID,
    query: PageQuery,
    *,
    purpose: str,
    object_type: str,
    rows: Callable[..., QuerySet[Any]],
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
    return page_answer(query, rows(team=access.team))


@router.operation(
    "GET",
    "/teams/{uuid:team_id}/unit-candidates",
    name="team_unit_candidates",
    summary="Which units the coordinator can invite: covered by a consent in force",
    response=page_schema(UnitRef),
    errors=(403, 404),
)
def unit_candidate_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, query: Query[PageQuery]
) -> dict[str, Any]:
    return _coordinator_choices(
        request,
        team_id,
        query,
        purpose="API: choosing a unit to invite",
        object_type="unit_candidates",
        rows=invitable_units,
    )


@router.operation(
    "GET",
    "/teams/{uuid:team_id}/candidates",
    name="team_candidates",
    summary="Whom the coordinator can invite by name: staff of units covered by consent",
    response=page_schema(Candidate),
    errors=(403, 404),
)
def candidate_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, query: Query[PageQuery]
) -> dict[str, Any]:
    return _coordinator_choices(
        request,
        team_id,
        query,
        purpose="API: choosing whom to invite",
        object_type="candidates",
        rows=municipality_unit_memberships,
    )
