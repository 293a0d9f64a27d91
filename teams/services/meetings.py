"""Meetings: planning, the child's and the guardians' input, minutes and decisions."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.models import Action
from people.models import User
from teams.models import LogKind, Meeting, MeetingStatus, MemberStatus, Task, Team, TeamMember
from teams.services._shared import _audit
from teams.services.log import log_text, log_write


@transaction.atomic
def meeting_plan(
    *, actor: User, team: Team, starts_at: datetime.datetime, place: str, agenda: str
) -> Meeting:
    errors: dict[str, str] = {}
    if not place.strip():
        errors["place"] = _("Say where the meeting is.")
    if not agenda.strip():
        errors["agenda"] = _("Write the agenda.")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        team=team, starts_at=starts_at, place=place.strip(), agenda=agenda.strip(), created_by=actor
    )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEETING,
        author=actor,
        text=log_text(
            gettext_noop("Meeting planned for %(when)s at %(place)s."),
            {
                "when": timezone.localtime(starts_at).strftime("%d.%m.%Y %H:%M"),
                "place": meeting.place,
            },
        ),
    )
    _audit(actor, team, Action.CREATE, "meeting", meeting.pk, "planning a meeting")
    return meeting


@transaction.atomic
def meeting_input_record(
    *, actor: User, meeting: Meeting, child_input: str, guardians_input: str
) -> Meeting:
    """What the child and the guardians want to say before the meeting (the child's voice)."""
    meeting.child_input = child_input.strip()
    meeting.guardians_input = guardians_input.strip()
    meeting.save(update_fields=["child_input", "guardians_input"])
    _audit(actor, meeting.team, Action.UPDATE, "meeting", meeting.pk, "recording the child's voice")
    return meeting


@transaction.atomic
def meeting_minutes_record(
    *,
    actor: User,
    meeting: Meeting,
    minutes: str,
    decisions: list[tuple[str, User, datetime.date]],
) -> Meeting:
    """Minutes of a held meeting. Each decision becomes a task with an owner and a due date;
    owners must be active team members."""
    team = meeting.team
    if not minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes.")})
    members = set(
        TeamMember.objects.filter(team=team, status=MemberStatus.ACTIVE).values_list(
            "user_id", flat=True
        )
    )
    for _title, owner, _due in decisions:
        if owner.pk not in members:
            raise ValidationError({"decisions": _("Every task must be owned by a team member.")})
    meeting.minutes = minutes.strip()
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["minutes", "status"])
    for title, owner, due in decisions:
        task = Task.objects.create(
            municipality=team.municipality,
            child=team.child,
            team=team,
            meeting=meeting,
            title=title,
            owner=owner,
            due_on=due,
        )
        log_write(
            concern=team.concern,
            team=team,
            kind=LogKind.DECISION,
            author=actor,
            text=log_text(
                gettext_noop("Decided: %(title)s – %(name)s by %(due)s."),
                {"title": title, "name": owner.display_name(), "due": due.strftime("%d.%m.%Y")},
            ),
        )
        _audit(actor, team, Action.CREATE, "task", task.pk, "recording a decision as a task")
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEETING,
        author=actor,
        text=log_text(gettext_noop("Meeting held; minutes written.")),
    )
    _audit(actor, team, Action.UPDATE, "meeting", meeting.pk, "writing minutes")
    return meeting
