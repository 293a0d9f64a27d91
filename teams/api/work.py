"""The JSON API for a team's work: the log (stafettlogg), meetings and tasks. The same access
helpers, selectors and services as the pages (`teams.views`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _

from core.api import (
    TEXT_MAX,
    bool_field,
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
    user_ref,
    uuid_field,
)
from people.http import AuthenticatedHttpRequest
from teamlog.models import LogEntry, LogKind
from teams.access import access_task, access_team
from teams.forms import MEETING_DOMAINS
from teams.models import (
    Meeting,
    MeetingParticipant,
    Task,
)
from teams.selectors import (
    team_active_users,
    team_guardians,
    team_log,
    team_meetings,
    team_tasks,
)
from teams.services import (
    Invitees,
    log_note_add,
    meeting_plan,
    task_complete,
    task_create,
)

USER_ID_MAX = 2**63 - 1
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
TASK_BODY = {
    "title": text_field(300),
    "owner": int_field(1, USER_ID_MAX, description="An active team member's user id."),
    "due_on": date_field(),
}


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
