"""The JSON API for teams: the teams one sees, members, the log (stafettlogg), meetings and
tasks. The same access helpers, selectors and services as the pages (`teams.views`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _

from children.access import children_list_read_record
from core.api import (
    TEXT_MAX,
    bool_field,
    child_ref,
    choice_field,
    date_field,
    datetime_field,
    each,
    int_field,
    invalid,
    iso_date,
    iso_datetime,
    list_field,
    operation,
    optional_id,
    paginate,
    text_field,
    unit_ref,
    user_ref,
    uuid_field,
)
from people.http import AuthenticatedHttpRequest
from people.models import Membership
from teams.access import access_task, access_team, access_unit_invitation
from teams.forms import MEETING_DOMAINS
from teams.models import (
    LogEntry,
    LogKind,
    Meeting,
    MeetingParticipant,
    Task,
    Team,
    TeamMember,
    TeamStatus,
    UnitInvitation,
)
from teams.selectors import (
    covered_unit_ids,
    invitable_units,
    municipality_unit_memberships,
    team_active_users,
    team_guardians,
    team_log,
    team_meetings,
    team_members,
    team_tasks,
    team_unit_invitations,
    teams_of_user,
)
from teams.services import (
    Invitees,
    log_note_add,
    meeting_plan,
    member_invite,
    task_complete,
    task_create,
    unit_invitation_answer,
    unit_invite,
)
from units.models import Unit

USER_ID_MAX = 2**63 - 1
MEMBER_BODY = {
    "user": int_field(1, USER_ID_MAX, description="The person's user id (see /candidates)."),
    "unit": uuid_field(description="The unit they act for on the team."),
}
LOG_BODY = {
    "kind": choice_field([LogKind.NOTE.value, LogKind.DECISION.value]),
    "text": text_field(TEXT_MAX),
}
MEETING_BODY = {
    "starts_at": datetime_field(description="ISO 8601; without an offset, Norwegian time."),
    "place": text_field(200),
    "agenda": text_field(TEXT_MAX),
    "domain": choice_field(
        [value for value, _label in MEETING_DOMAINS],
        required=False,
        default="",
        description="What the meeting is mainly about; decides the rule on hearing the child. "
        "Absent: the area of the unit that started the team.",
    ),
    "invite_members": list_field(
        int_field(1, USER_ID_MAX),
        max_items=100,
        required=False,
        description="Active team members' user ids.",
    ),
    "invite_child": bool_field(description="Invite the child."),
    "invite_guardians": list_field(
        uuid_field(), max_items=20, required=False, description="The child's guardians' ids."
    ),
    "send_invitations": bool_field(
        description="E-mail each invited member and guardian with an address (no child named)."
    ),
}
UNIT_INVITATION_BODY = {
    "unit": uuid_field(description="A unit covered by a consent in force (see /unit-candidates)."),
    "note": text_field(
        TEXT_MAX, required=False, description="What the unit should know; name no child."
    ),
}
ANSWER_BODY = {"accept": bool_field(description="true accepts for the unit, false declines.")}
TASK_BODY = {
    "title": text_field(300),
    "owner": int_field(1, USER_ID_MAX, description="An active team member's user id."),
    "due_on": date_field(),
}


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


def log_entry_json(entry: LogEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "text": entry.display_text(),
        "author": user_ref(entry.author),
        # Who wrote it when it was not staff: the young person or a guardian in the portal.
        "author_label": entry.author_label,
        "occurred_at": iso_datetime(entry.occurred_at),
    }


def participant_json(participant: MeetingParticipant) -> dict[str, Any]:
    guardian = participant.guardian
    return {
        "kind": participant.kind,
        "user": user_ref(participant.user),
        "guardian": None if guardian is None else {"id": str(guardian.pk), "name": guardian.name},
        "invited_at": iso_datetime(participant.invited_at),
        "emailed_at": iso_datetime(participant.emailed_at),
    }


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": str(meeting.pk),
        "starts_at": iso_datetime(meeting.starts_at),
        "place": meeting.place,
        "agenda": meeting.agenda,
        "domain": meeting.domain,
        "status": meeting.status,
        "child_input": meeting.child_input,
        "guardians_input": meeting.guardians_input,
        "minutes": meeting.minutes,
        "created_by": user_ref(meeting.created_by),
        "participants": [participant_json(p) for p in meeting.participants.all()],
    }


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


def task_json(task: Task) -> dict[str, Any]:
    return {
        "id": str(task.pk),
        "title": task.title,
        "owner": user_ref(task.owner),
        "due_on": iso_date(task.due_on),
        "status": task.status,
        "completed_at": iso_datetime(task.completed_at),
        "team": optional_id(task.team_id),
        "created_at": iso_datetime(task.created_at),
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


@operation(
    summary="Which units the coordinator can invite: covered by a consent in force",
    response="UnitRef",
    paginated=True,
    errors=(403, 404),
)
def unit_candidate_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, query: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(
        request.user,
        team_id,
        for_write=True,
        as_coordinator=True,
        purpose="API: choosing a unit to invite",
        object_type="unit_candidates",
    )
    return paginate(query, invitable_units(team=access.team), each(unit_ref))


@operation(
    summary="Whom the coordinator can invite by name: staff of units covered by consent",
    response="Candidate",
    paginated=True,
    errors=(403, 404),
)
def candidate_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, query: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(
        request.user,
        team_id,
        for_write=True,
        as_coordinator=True,
        purpose="API: choosing whom to invite",
        object_type="candidates",
    )
    return paginate(query, municipality_unit_memberships(team=access.team), each(candidate_json))


@operation(
    summary="The log (stafettlogg): the concern's history and the team's, newest first",
    response="LogEntry",
    paginated=True,
    errors=(404,),
)
def log_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, query: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(request.user, team_id, purpose="API: reading the log", object_type="log")
    return paginate(query, team_log(team=access.team), each(log_entry_json))


@operation(
    summary="Write a note or a decision in the log",
    response="LogEntry",
    status=201,
    body=LOG_BODY,
    errors=(400, 403, 404),
)
def log_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, body: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True)
    entry = log_note_add(actor=request.user, team=access.team, **body)
    return log_entry_json(entry)


@operation(
    summary="The team's meetings, latest first", response="Meeting", paginated=True, errors=(404,)
)
def meeting_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, query: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(
        request.user, team_id, purpose="API: reading the meetings", object_type="meetings"
    )
    return paginate(query, team_meetings(team=access.team), each(meeting_json))


@operation(
    summary="Plan a meeting",
    response="Meeting",
    status=201,
    body=MEETING_BODY,
    errors=(400, 403, 404),
)
def meeting_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, body: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True)
    team = access.team
    members = {user.pk: user for user in team_active_users(team=team)}
    guardians = {guardian.pk: guardian for guardian in team_guardians(team=team)}
    if any(user_id not in members for user_id in body["invite_members"]):
        raise invalid({"invite_members": [_("Only active team members can be invited.")]})
    if any(guardian_id not in guardians for guardian_id in body["invite_guardians"]):
        raise invalid({"invite_guardians": [_("Only the child's own guardians can be invited.")]})
    meeting = meeting_plan(
        actor=request.user,
        team=team,
        starts_at=body["starts_at"],
        place=body["place"],
        agenda=body["agenda"],
        domain=body["domain"],
        invitees=Invitees(
            members=[members[user_id] for user_id in dict.fromkeys(body["invite_members"])],
            child=body["invite_child"],
            guardians=[guardians[g] for g in dict.fromkeys(body["invite_guardians"])],
        ),
        send_invitations=body["send_invitations"],
    )
    return meeting_json(meeting)


@operation(
    summary="The team's tasks, open ones first", response="Task", paginated=True, errors=(404,)
)
def task_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, query: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(
        request.user, team_id, purpose="API: reading the tasks", object_type="tasks"
    )
    return paginate(query, team_tasks(team=access.team), each(task_json))


@operation(
    summary="Give an active team member a task, with a due date",
    response="Task",
    status=201,
    body=TASK_BODY,
    errors=(400, 403, 404),
)
def task_create_view(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, body: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True)
    owner = team_active_users(team=access.team).filter(pk=body["owner"]).first()
    if owner is None:
        raise invalid({"owner": [_("The owner must be an active team member.")]})
    task = task_create(
        actor=request.user,
        team=access.team,
        title=body["title"],
        owner=owner,
        due_on=body["due_on"],
    )
    return task_json(task)


@operation(
    summary="Mark a task as done (its owner, or the team's coordinator)",
    response="Task",
    body={},
    errors=(400, 403, 404),
)
def task_complete_view(
    request: AuthenticatedHttpRequest, task_id: uuid.UUID, *, body: dict[str, Any]
) -> dict[str, Any]:
    task = access_task(request.user, task_id)
    return task_json(task_complete(actor=request.user, task=task))
