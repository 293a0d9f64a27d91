"""The JSON API for a team's work: the log (stafettlogg), meetings and tasks. The same access
helpers, selectors and services as the pages (`teams.views`)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query

from core.api import invalid
from core.api.app import ApiRouter
from core.api.pages import page_answer, page_schema
from core.api.shapes import UserRef
from core.api.types import (
    TEXT_MAX,
    Answer,
    Body,
    LocalDateTime,
    PageQuery,
    boolean,
    choice,
    day,
    identifier,
    integer,
    moment,
)
from core.api.types import (
    text as text_type,
)
from people.http import AuthenticatedHttpRequest
from teamlog.models import LogEntry, LogKind
from teams.access import access_task, access_team
from teams.forms import MEETING_DOMAINS
from teams.models import (
    Meeting,
    MeetingStatus,
    ParticipantKind,
    Task,
    TaskStatus,
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

router = ApiRouter(area="teams", tag="teams")

USER_ID_MAX = 2**63 - 1
_TIME = "2026-03-02T09:30:12.123456+01:00"
DOMAINS = [value for value, _label in MEETING_DOMAINS]


class LogBody(Body):
    kind: choice([LogKind.NOTE.value, LogKind.DECISION.value])  # type: ignore[valid-type]
    text: text_type(TEXT_MAX)  # type: ignore[valid-type]
    EXAMPLE = {"kind": "note", "text": "Sara fortalte at friminuttene har gått bedre."}


class MeetingBody(Body):
    starts_at: moment(description="ISO 8601; without an offset, Norwegian time.")  # type: ignore[valid-type]
    place: text_type(200)  # type: ignore[valid-type]
    agenda: text_type(TEXT_MAX)  # type: ignore[valid-type]
    domain: choice(  # type: ignore[valid-type]
        DOMAINS,
        description="What the meeting is mainly about; decides the rule on hearing the child. "
        "Absent: the area of the unit that started the team.",
    ) = ""
    invite_members: list[integer(1, USER_ID_MAX)] = Field(  # type: ignore[valid-type]
        default_factory=list, max_length=100, description="Active team members' user ids."
    )
    invite_child: boolean(description="Invite the child.") = False  # type: ignore[valid-type]
    invite_guardians: list[identifier()] = Field(  # type: ignore[valid-type]
        default_factory=list, max_length=20, description="The child's guardians' ids."
    )
    send_invitations: boolean(  # type: ignore[valid-type]
        description="E-mail each invited member and guardian with an address (no child named)."
    ) = False
    EXAMPLE = {
        "starts_at": "2026-03-12T14:00:00+01:00",
        "place": "Vestsiden ungdomsskole, møterom 2",
        "agenda": "Hvordan har det gått siden sist? Neste steg.",
        "invite_members": [17],
        "invite_child": True,
        "invite_guardians": [],
        "send_invitations": False,
    }


class TaskBody(Body):
    title: text_type(300)  # type: ignore[valid-type]
    owner: integer(1, USER_ID_MAX, description="An active team member's user id.")  # type: ignore[valid-type]
    due_on: day()  # type: ignore[valid-type]
    EXAMPLE = {"title": "Be om time hos PPT", "owner": 17, "due_on": "2026-03-20"}


class NoBody(Body):
    """Nothing: an empty body or {}."""

    EXAMPLE = {}


class LogEntryAnswer(Answer):
    id: int
    kind: str
    text: str
    author: UserRef | None
    author_label: str = Field(
        description="Who wrote it when no staff member did (the portal, a job)."
    )
    occurred_at: LocalDateTime
    EXAMPLE = {
        "id": 1841,
        "kind": "note",
        "text": "Sara fortalte at friminuttene har gått bedre.",
        "author": UserRef.EXAMPLE,
        "author_label": "",
        "occurred_at": _TIME,
    }

    @staticmethod
    def resolve_text(entry: LogEntry) -> str:
        return entry.display_text()


class GuardianRef(Answer):
    id: uuid.UUID
    name: str


class MeetingParticipant(Answer):
    """Someone invited: a team member (user), a guardian, or the child (neither)."""

    kind: Literal[tuple(ParticipantKind.values)]  # type: ignore[valid-type]
    user: UserRef | None
    guardian: GuardianRef | None
    invited_at: LocalDateTime
    emailed_at: LocalDateTime | None


class MeetingAnswer(Answer):
    id: uuid.UUID
    starts_at: LocalDateTime
    place: str
    agenda: str
    domain: Literal[("", *DOMAINS)] = Field(  # type: ignore[valid-type]
        description="What the meeting is mainly about (its rule on hearing the child); empty: "
        "the area of the unit that started the team."
    )
    status: Literal[tuple(MeetingStatus.values)]  # type: ignore[valid-type]
    child_input: str
    guardians_input: str
    minutes: str
    created_by: UserRef
    participants: list[MeetingParticipant]
    EXAMPLE = {
        "id": "8e9f0a1b-2c3d-4e5f-8a6b-7c8d9e0f1a2b",
        "starts_at": "2026-03-12T14:00:00+01:00",
        "place": "Vestsiden ungdomsskole, møterom 2",
        "agenda": "Hvordan har det gått siden sist? Neste steg.",
        "domain": "",
        "status": "planned",
        "child_input": "",
        "guardians_input": "",
        "minutes": "",
        "created_by": UserRef.EXAMPLE,
        "participants": [
            {
                "kind": "child",
                "user": None,
                "guardian": None,
                "invited_at": _TIME,
                "emailed_at": None,
            }
        ],
    }


class TaskAnswer(Answer):
    id: uuid.UUID
    title: str
    owner: UserRef
    due_on: datetime.date
    status: Literal[tuple(TaskStatus.values)]  # type: ignore[valid-type]
    completed_at: LocalDateTime | None
    team: uuid.UUID | None = Field(validation_alias="team_id")
    created_at: LocalDateTime
    EXAMPLE = {
        "id": "0b6f1f7e-2a4c-4d3e-8f5a-6b7c8d9e0f1a",
        "title": "Be om time hos PPT",
        "owner": UserRef.EXAMPLE,
        "due_on": "2026-03-20",
        "status": "open",
        "completed_at": None,
        "team": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
        "created_at": _TIME,
    }


@router.operation(
    "GET",
    "/teams/{uuid:team_id}/log",
    name="team_log",
    summary="The log (stafettlogg): the concern's history and the team's, newest first",
    response=page_schema(LogEntryAnswer),
    errors=(404,),
)
def log_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, query: Query[PageQuery]
) -> dict[str, Any]:
    access = access_team(request.user, team_id, purpose="API: reading the log", object_type="log")
    return page_answer(query, team_log(team=access.team))


@router.operation(
    "POST",
    "/teams/{uuid:team_id}/log",
    name="team_log",
    summary="Write a note or a decision in the log",
    response=LogEntryAnswer,
    status=201,
    errors=(400, 403, 404),
)
def log_create(request: AuthenticatedHttpRequest, team_id: uuid.UUID, body: LogBody) -> LogEntry:
    access = access_team(request.user, team_id, for_write=True)
    return log_note_add(actor=request.user, team=access.team, **body.model_dump())


@router.operation(
    "GET",
    "/teams/{uuid:team_id}/meetings",
    name="team_meetings",
    summary="The team's meetings, latest first",
    response=page_schema(MeetingAnswer),
    errors=(404,),
)
def meeting_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, query: Query[PageQuery]
) -> dict[str, Any]:
    access = access_team(
        request.user, team_id, purpose="API: reading the meetings", object_type="meetings"
    )
    return page_answer(query, team_meetings(team=access.team))


@router.operation(
    "POST",
    "/teams/{uuid:team_id}/meetings",
    name="team_meetings",
    summary="Plan a meeting",
    response=MeetingAnswer,
    status=201,
    errors=(400, 403, 404),
)
def meeting_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, meeting: MeetingBody
) -> Meeting:
    body = meeting.model_dump()
    access = access_team(request.user, team_id, for_write=True)
    team = access.team
    members = {user.pk: user for user in team_active_users(team=team)}
    guardians = {guardian.pk: guardian for guardian in team_guardians(team=team)}
    if any(user_id not in members for user_id in body["invite_members"]):
        raise invalid({"invite_members": [_("Only active team members can be invited.")]})
    if any(guardian_id not in guardians for guardian_id in body["invite_guardians"]):
        raise invalid({"invite_guardians": [_("Only the child's own guardians can be invited.")]})
    return meeting_plan(
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


@router.operation(
    "GET",
    "/teams/{uuid:team_id}/tasks",
    name="team_tasks",
    summary="The team's tasks, open ones first",
    response=page_schema(TaskAnswer),
    errors=(404,),
)
def task_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, query: Query[PageQuery]
) -> dict[str, Any]:
    access = access_team(
        request.user, team_id, purpose="API: reading the tasks", object_type="tasks"
    )
    return page_answer(query, team_tasks(team=access.team))


@router.operation(
    "POST",
    "/teams/{uuid:team_id}/tasks",
    name="team_tasks",
    summary="Give an active team member a task, with a due date",
    response=TaskAnswer,
    status=201,
    errors=(400, 403, 404),
)
def task_create_view(request: AuthenticatedHttpRequest, team_id: uuid.UUID, body: TaskBody) -> Task:
    access = access_team(request.user, team_id, for_write=True)
    owner = team_active_users(team=access.team).filter(pk=body.owner).first()
    if owner is None:
        raise invalid({"owner": [_("The owner must be an active team member.")]})
    return task_create(
        actor=request.user, team=access.team, title=body.title, owner=owner, due_on=body.due_on
    )


@router.operation(
    "POST",
    "/tasks/{uuid:task_id}/complete",
    name="task_complete",
    summary="Mark a task as done (its owner, or the team's coordinator)",
    response=TaskAnswer,
    errors=(400, 403, 404),
)
def task_complete_view(request: AuthenticatedHttpRequest, task_id: uuid.UUID, body: NoBody) -> Task:
    task = access_task(request.user, task_id)
    return task_complete(actor=request.user, task=task)
