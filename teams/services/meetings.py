"""Meetings: planning, the child's and the guardians' input, minutes and decisions."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from audit.models import Action
from children.models import Guardian
from core.errors import state_conflict
from people.models import User
from rights.table import Domain
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.models import (
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    MemberStatus,
    ParticipantKind,
    Task,
    Team,
    TeamMember,
)
from teams.services._shared import _audit

logger = logging.getLogger(__name__)
# How long the calendar entry lasts: meetings have a start and no set end.
MEETING_LENGTH = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Invitees:
    """Who is invited to a meeting: team members, the child, guardians."""

    members: list[User] = field(default_factory=list)
    child: bool = False
    guardians: list[Guardian] = field(default_factory=list)


def _check_invitees(team: Team, invitees: Invitees) -> None:
    active = set(
        TeamMember.objects.filter(team=team, status=MemberStatus.ACTIVE).values_list(
            "user_id", flat=True
        )
    )
    if any(user.pk not in active for user in invitees.members):
        raise ValidationError({"participants": _("Only active team members can be invited.")})
    if any(guardian.child_id != team.child_id for guardian in invitees.guardians):
        raise ValidationError({"participants": _("Only the child's own guardians can be invited.")})


def _ics(meeting: Meeting) -> str:
    """A calendar entry (iCalendar, RFC 5545) with the time and place only, no name."""
    stamp = "%Y%m%dT%H%M%SZ"
    start = meeting.starts_at.astimezone(datetime.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Laget//Meeting//NB",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{meeting.pk}@laget",
        f"DTSTAMP:{timezone.now().astimezone(datetime.UTC).strftime(stamp)}",
        f"DTSTART:{start.strftime(stamp)}",
        f"DTEND:{(start + MEETING_LENGTH).strftime(stamp)}",
        "SUMMARY:" + _ics_text(_("Meeting in Laget")),
        "LOCATION:" + _ics_text(meeting.place),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def _ics_text(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r", "").replace("\n", "\\n")


def _invitation_email(meeting: Meeting, participant: MeetingParticipant) -> EmailMessage | None:
    """The invitation for one participant, or None without an address. It names no child:
    e-mail is not a safe channel for personal data (the time and place are what it needs)."""
    if participant.kind == ParticipantKind.MEMBER and participant.user is not None:
        address = participant.user.email
        about = _(
            "You are invited to a meeting of a team around a child in Laget. Log in to see "
            "the agenda and the child's and guardians' input: %(url)s"
        ) % {"url": f"{settings.LAGET_BASE_URL}/teams/"}
    elif participant.kind == ParticipantKind.GUARDIAN and participant.guardian is not None:
        address = participant.guardian.email
        about = _(
            "You are invited to a meeting about the cooperation around your child. If the "
            "time does not suit you, or you want to say something before the meeting, contact "
            "the coordinator."
        )
    else:
        return None
    if not address:
        return None
    when = timezone.localtime(meeting.starts_at)
    body = "\n\n".join(
        [
            about,
            _("Time: %(date)s at %(time)s")
            % {"date": f"{when.day}.{when.month}.{when.year}", "time": when.strftime("%H:%M")},
            _("Place: %(place)s") % {"place": meeting.place},
        ]
    )
    message = EmailMessage(subject=_("Laget: invitation to a meeting"), body=body, to=[address])
    message.attach("meeting.ics", _ics(meeting), "text/calendar")
    return message


def _invite(meeting: Meeting, invitees: Invitees, *, send: bool) -> list[MeetingParticipant]:
    """Add the invitees not yet on the meeting; e-mail each new one with an address when
    `send`. A mail server that fails is logged, and `emailed_at` stays empty for them."""
    existing = list(meeting.participants.all())
    have_users = {p.user_id for p in existing if p.user_id}
    have_guardians = {p.guardian_id for p in existing if p.guardian_id}
    new = [
        MeetingParticipant(meeting=meeting, kind=ParticipantKind.MEMBER, user=user)
        for user in invitees.members
        if user.pk not in have_users
    ]
    new += [
        MeetingParticipant(meeting=meeting, kind=ParticipantKind.GUARDIAN, guardian=guardian)
        for guardian in invitees.guardians
        if guardian.pk not in have_guardians
    ]
    if invitees.child and not any(p.kind == ParticipantKind.CHILD for p in existing):
        new.append(MeetingParticipant(meeting=meeting, kind=ParticipantKind.CHILD))
    for participant in new:
        participant.save()
    if send:
        with override(settings.LANGUAGE_CODE):
            for participant in new:
                message = _invitation_email(meeting, participant)
                if message is None:
                    continue
                try:
                    message.send()
                except OSError:
                    logger.warning("Meeting invitation e-mail not sent (meeting %s)", meeting.pk)
                    continue
                participant.emailed_at = timezone.now()
                participant.save(update_fields=["emailed_at"])
    return new


def _check_domain(domain: str) -> None:
    if domain and (domain not in Domain.values or domain == Domain.DIGITAL):
        raise ValidationError({"domain": _("Choose what the meeting is mainly about.")})


@transaction.atomic
def meeting_plan(
    *,
    actor: User,
    team: Team,
    starts_at: datetime.datetime,
    place: str,
    agenda: str,
    domain: str = "",
    invitees: Invitees | None = None,
    send_invitations: bool = False,
) -> Meeting:
    """Plan a meeting and invite its participants; with `send_invitations`, each new
    participant with an e-mail address gets an invitation with a calendar entry."""
    errors: dict[str, str] = {}
    if not place.strip():
        errors["place"] = _("Say where the meeting is.")
    if not agenda.strip():
        errors["agenda"] = _("Write the agenda.")
    if errors:
        raise ValidationError(errors)
    _check_domain(domain)
    if invitees is not None:
        _check_invitees(team, invitees)
    meeting = Meeting.objects.create(
        team=team,
        starts_at=starts_at,
        place=place.strip(),
        agenda=agenda.strip(),
        domain=domain,
        created_by=actor,
    )
    if invitees is not None:
        _invite(meeting, invitees, send=send_invitations)
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
def meeting_participants_invite(
    *, actor: User, meeting: Meeting, invitees: Invitees, send_invitations: bool
) -> list[MeetingParticipant]:
    """Invite more people to a planned meeting (those already invited are kept)."""
    team = meeting.team
    if meeting.status != MeetingStatus.PLANNED:
        raise state_conflict(_("The meeting has been held."), field="participants")
    _check_invitees(team, invitees)
    new = _invite(meeting, invitees, send=send_invitations)
    if new:
        log_write(
            concern=team.concern,
            team=team,
            kind=LogKind.MEETING,
            author=actor,
            text=log_text(
                gettext_noop("%(count)s more invited to the meeting on %(when)s."),
                {
                    "count": len(new),
                    "when": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M"),
                },
            ),
        )
    _audit(actor, team, Action.UPDATE, "meeting", meeting.pk, "inviting to a meeting")
    return new


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
