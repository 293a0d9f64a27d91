"""The team's work: opening a team, members, the log, meetings, tasks, hand-overs, closing.
Each function is one transaction and audits what it writes inside it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, override

from audit.models import Action
from audit.services import child_event_record
from concerns.models import TEAM_LEVELS, Concern, ConcernStatus
from consents.models import Consent
from consents.selectors import consent_covering
from people.models import User
from people.selectors import works_in
from teams.models import (
    Handover,
    HandoverStatus,
    LogEntry,
    LogKind,
    Meeting,
    MeetingStatus,
    MemberRole,
    MemberStatus,
    Task,
    TaskStatus,
    Team,
    TeamMember,
    TeamStatus,
)
from units.models import Unit


@dataclass(frozen=True)
class LogText:
    """A log line the system writes: kept as its English message and values, and translated
    when shown, so each reader sees it in their own language."""

    message: str
    params: dict[str, Any]


def log_text(message: str, params: dict[str, Any] | None = None) -> LogText:
    return LogText(message=message, params=params or {})


def log_write(
    *,
    concern: Concern,
    kind: str,
    author: User | None,
    text: str | LogText,
    team: Team | None = None,
    author_label: str = "",
) -> LogEntry:
    """One line in the stafettlogg; called by the services inside their transaction. Free text
    (a note) is kept as written; a `LogText` is kept as message and values."""
    entry = LogEntry(
        municipality_id=concern.municipality_id,
        child_id=concern.child_id,
        concern=concern,
        team=team,
        kind=kind,
        author=author,
        author_label=author_label,
        occurred_at=timezone.now(),
    )
    if isinstance(text, LogText):
        entry.message, entry.params = text.message, text.params
    else:
        entry.text = text
    entry.save(force_insert=True)
    return entry


def _audit(
    actor: User, team: Team, action: Action, object_type: str, object_id: object, purpose: str
) -> None:
    child_event_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        child=team.child,
        purpose=purpose,
        legal_basis="team member with consent",
    )


@transaction.atomic
def team_open(*, actor: User, concern: Concern, consent: Consent, level: int) -> Team:
    """Move a concern to level 2 or 3 and open its team, with the concern's responsible person as
    the first coordinator. The consent (or legal basis) must cover the concern's unit."""
    concern = Concern.objects.select_for_update().select_related("child", "unit").get(pk=concern.pk)
    if actor.pk != concern.responsible_id:
        raise PermissionDenied
    if hasattr(concern, "team"):
        raise ValidationError(_("This concern already has a team."))
    if level not in TEAM_LEVELS:
        raise ValidationError({"level": _("A team works at level 2 or 3.")})
    if consent.child_id != concern.child_id or not consent.in_force_on(timezone.localdate()):
        raise ValidationError({"consent": _("The consent is not in force for this child.")})
    if not consent.units.filter(pk=concern.unit_id).exists():
        raise ValidationError({"consent": _("The consent must cover the unit the concern is in.")})
    team = Team.objects.create(
        municipality=concern.municipality,
        child=concern.child,
        concern=concern,
        originating_unit=concern.unit,
    )
    Consent.objects.filter(pk=consent.pk).update(team=team)
    TeamMember.objects.create(
        team=team,
        user=actor,
        unit=concern.unit,
        role=MemberRole.COORDINATOR,
        status=MemberStatus.ACTIVE,
        invited_by=actor,
        joined_at=timezone.now(),
    )
    old_level = concern.level
    concern.level = level
    concern.version += 1
    concern.save(update_fields=["level", "version", "updated_at"])
    log_write(
        concern=concern,
        team=team,
        kind=LogKind.LEVEL,
        author=actor,
        text=log_text(
            gettext_noop(
                "Moved from %(old)s to %(new)s. Team opened with %(name)s as coordinator."
            ),
            {"old": old_level, "new": level, "name": actor.display_name()},
        ),
    )
    _audit(actor, team, Action.CREATE, "team", team.pk, "opening a team around the child")
    return team


@transaction.atomic
def member_invite(*, actor: User, team: Team, user: User, unit: Unit) -> TeamMember:
    """Invite a professional to act for their unit on the team. The unit must be covered by a
    consent in force first: nobody outside sees anything before that."""
    errors: dict[str, str] = {}
    if unit.municipality_id != team.municipality_id:
        errors["unit"] = _("The unit must be in the child's municipality.")
    elif not works_in(user=user, unit_id=unit.pk):
        errors["user"] = _("This person does not work in that unit.")
    elif consent_covering(child_id=team.child_id, unit_id=unit.pk, on=timezone.localdate()) is None:
        errors["unit"] = _(
            "No consent in force covers %(unit)s. Record a consent that covers it first."
        ) % {"unit": unit.name}
    elif TeamMember.objects.filter(
        team=team, user=user, status__in=[MemberStatus.INVITED, MemberStatus.ACTIVE]
    ).exists():
        errors["user"] = _("This person is already on the team or invited.")
    if errors:
        raise ValidationError(errors)
    member = TeamMember.objects.create(
        team=team,
        user=user,
        unit=unit,
        role=MemberRole.MEMBER,
        status=MemberStatus.INVITED,
        invited_by=actor,
    )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEMBER,
        author=actor,
        text=log_text(
            gettext_noop("%(name)s (%(unit)s) invited to the team."),
            {"name": user.display_name(), "unit": unit.name},
        ),
    )
    _audit(actor, team, Action.CREATE, "team_member", member.pk, "inviting a team member")
    return member


@transaction.atomic
def member_respond(*, actor: User, member: TeamMember, accept: bool) -> TeamMember:
    """The invited person accepts or declines."""
    member = TeamMember.objects.select_for_update().select_related("team", "unit").get(pk=member.pk)
    if member.user_id != actor.pk or member.status != MemberStatus.INVITED:
        raise PermissionDenied
    member.status = MemberStatus.ACTIVE if accept else MemberStatus.DECLINED
    member.joined_at = timezone.now() if accept else None
    member.save(update_fields=["status", "joined_at"])
    team = member.team
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEMBER,
        author=actor,
        text=log_text(
            gettext_noop("%(name)s joined the team.")
            if accept
            else gettext_noop("%(name)s declined the invitation."),
            {"name": actor.display_name()},
        ),
    )
    _audit(actor, team, Action.UPDATE, "team_member", member.pk, "answering an invitation")
    return member


@transaction.atomic
def member_leave(*, actor: User, team: Team, member: TeamMember) -> TeamMember:
    """A member leaves (or the coordinator removes them); access ends at once. The coordinator
    cannot leave without handing over first."""
    member = TeamMember.objects.select_for_update().get(pk=member.pk, team=team)
    if member.role == MemberRole.COORDINATOR:
        raise ValidationError(_("The coordinator must hand over the role before leaving."))
    member.status = MemberStatus.LEFT
    member.left_at = timezone.now()
    member.save(update_fields=["status", "left_at"])
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEMBER,
        author=actor,
        text=log_text(
            gettext_noop("%(name)s left the team."), {"name": member.user.display_name()}
        ),
    )
    _audit(actor, team, Action.UPDATE, "team_member", member.pk, "a member leaving the team")
    return member


@transaction.atomic
def log_note_add(*, actor: User, team: Team, kind: str, text: str) -> LogEntry:
    if kind not in (LogKind.NOTE, LogKind.DECISION):
        raise ValidationError({"kind": _("Choose note or decision.")})
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    entry = log_write(concern=team.concern, team=team, kind=kind, author=actor, text=text.strip())
    _audit(actor, team, Action.CREATE, "log_entry", entry.pk, "writing in the log")
    return entry


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


@transaction.atomic
def task_create(*, actor: User, team: Team, title: str, owner: User, due_on: datetime.date) -> Task:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Say what is to be done.")
    if not TeamMember.objects.filter(team=team, user=owner, status=MemberStatus.ACTIVE).exists():
        errors["owner"] = _("The owner must be an active team member.")
    if errors:
        raise ValidationError(errors)
    task = Task.objects.create(
        municipality=team.municipality,
        child=team.child,
        team=team,
        title=title.strip(),
        owner=owner,
        due_on=due_on,
    )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.TASK,
        author=actor,
        text=log_text(
            gettext_noop("Task: %(title)s – %(name)s by %(due)s."),
            {"title": task.title, "name": owner.display_name(), "due": due_on.strftime("%d.%m.%Y")},
        ),
    )
    _audit(actor, team, Action.CREATE, "task", task.pk, "creating a task")
    return task


@transaction.atomic
def task_complete(*, actor: User, task: Task) -> Task:
    task = Task.objects.select_for_update(of=("self",)).select_related("team").get(pk=task.pk)
    if task.status == TaskStatus.DONE:
        raise ValidationError(_("The task is already done."))
    task.status = TaskStatus.DONE
    task.completed_at = timezone.now()
    task.save(update_fields=["status", "completed_at"])
    if task.team is not None:
        log_write(
            concern=task.team.concern,
            team=task.team,
            kind=LogKind.TASK,
            author=actor,
            text=log_text(gettext_noop("Done: %(title)s"), {"title": task.title}),
        )
    child_event_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="task",
        object_id=task.pk,
        child=task.child,
        purpose="completing a task",
        legal_basis="team member with consent" if task.team else "duty to report",
    )
    return task


@transaction.atomic
def handover_propose(
    *, actor: User, team: Team, to_user: User, to_unit: Unit, transition: str, note: str
) -> Handover:
    """Offer the coordinator role to someone in another unit (or another municipality's unit
    after a move). A consent in force must cover the receiving unit."""
    errors: dict[str, str] = {}
    if Handover.objects.filter(team=team, status=HandoverStatus.OPEN).exists():
        errors["to_user"] = _("There is already an open hand-over for this team.")
    elif not works_in(user=to_user, unit_id=to_unit.pk):
        errors["to_user"] = _("This person does not work in that unit.")
    elif to_user.pk == actor.pk:
        errors["to_user"] = _("Choose someone else.")
    elif (
        consent_covering(child_id=team.child_id, unit_id=to_unit.pk, on=timezone.localdate())
        is None
    ):
        errors["to_unit"] = _(
            "No consent in force covers %(unit)s. Record a consent that covers it first."
        ) % {"unit": to_unit.name}
    if not note.strip():
        errors["note"] = _("Write what the receiver should know.")
    if errors:
        raise ValidationError(errors)
    handover = Handover.objects.create(
        team=team,
        transition=transition,
        from_user=actor,
        to_user=to_user,
        to_unit=to_unit,
        note=note.strip(),
    )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.HANDOVER,
        author=actor,
        text=log_text(
            gettext_noop("Hand-over of the coordinator role offered to %(name)s (%(unit)s)."),
            {"name": to_user.display_name(), "unit": to_unit.name},
        ),
    )
    _audit(actor, team, Action.CREATE, "handover", handover.pk, "proposing a hand-over")
    return handover


@transaction.atomic
def handover_respond(*, actor: User, handover: Handover, accept: bool, note: str = "") -> Handover:
    """The receiver accepts (and becomes the coordinator, the previous one stays a member) or
    declines (nothing changes)."""
    handover = (
        Handover.objects.select_for_update()
        .select_related("team", "team__concern", "to_unit")
        .get(pk=handover.pk)
    )
    if handover.to_user_id != actor.pk or handover.status != HandoverStatus.OPEN:
        raise PermissionDenied
    team = handover.team
    handover.status = HandoverStatus.ACCEPTED if accept else HandoverStatus.DECLINED
    handover.decided_at = timezone.now()
    handover.decision_note = note.strip()
    handover.save(update_fields=["status", "decided_at", "decision_note"])
    if accept:
        TeamMember.objects.filter(
            team=team, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE
        ).update(role=MemberRole.MEMBER)
        current = TeamMember.objects.filter(
            team=team, user=actor, status__in=[MemberStatus.INVITED, MemberStatus.ACTIVE]
        ).first()
        if current is None:
            TeamMember.objects.create(
                team=team,
                user=actor,
                unit=handover.to_unit,
                role=MemberRole.COORDINATOR,
                status=MemberStatus.ACTIVE,
                invited_by=handover.from_user,
                joined_at=timezone.now(),
            )
        else:
            current.role = MemberRole.COORDINATOR
            current.status = MemberStatus.ACTIVE
            current.unit = handover.to_unit
            current.joined_at = current.joined_at or timezone.now()
            current.save(update_fields=["role", "status", "unit", "joined_at"])
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.HANDOVER,
        author=actor,
        text=log_text(
            gettext_noop("%(name)s accepted the hand-over and is now the coordinator.")
            if accept
            else gettext_noop("%(name)s declined the hand-over."),
            {"name": actor.display_name()},
        ),
    )
    _audit(actor, team, Action.UPDATE, "handover", handover.pk, "answering a hand-over")
    return handover


@transaction.atomic
def team_close(*, actor: User, team: Team, reason: str, final_evaluation: str) -> Team:
    """Close the team with a reason and a final evaluation; the concern closes with it. The
    retention rules decide when the record is deleted."""
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Say why the team is closed.")
    if not final_evaluation.strip():
        errors["final_evaluation"] = _("Write the final evaluation.")
    if errors:
        raise ValidationError(errors)
    team = Team.objects.select_for_update().get(pk=team.pk)
    if team.status != TeamStatus.OPEN:
        raise ValidationError(_("The team is already closed."))
    team.status = TeamStatus.CLOSED
    team.closed_at = timezone.now()
    team.close_reason = reason.strip()
    team.final_evaluation = final_evaluation.strip()
    team.save(update_fields=["status", "closed_at", "close_reason", "final_evaluation"])
    Handover.objects.filter(team=team, status=HandoverStatus.OPEN).update(
        status=HandoverStatus.DECLINED, decided_at=timezone.now()
    )
    concern = team.concern
    concern.status = ConcernStatus.CLOSED
    concern.closed_at = team.closed_at
    concern.version += 1
    concern.save(update_fields=["status", "closed_at", "version", "updated_at"])
    log_write(
        concern=concern,
        team=team,
        kind=LogKind.CLOSED,
        author=actor,
        text=log_text(gettext_noop("Team closed: %(reason)s"), {"reason": team.close_reason}),
    )
    _audit(actor, team, Action.UPDATE, "team", team.pk, "closing the team")
    return team


# A consent that ends within this many days gets a renewal task for the coordinator.
CONSENT_RENEWAL_NOTICE_DAYS = 14


def task_reminders_send(*, today: datetime.date) -> int:
    """E-mail each owner once a day about their open tasks that are due tomorrow or overdue.

    The e-mail names no child and no task, only how many and where to look: e-mail is not a
    safe channel for personal data. Idempotent per day (`reminded_on`); returns messages sent.
    """
    due = Task.objects.filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=today),
        status=TaskStatus.OPEN,
        due_on__lte=today + datetime.timedelta(days=1),
        owner__is_active=True,
    ).select_related("owner")
    by_owner: dict[User, list[Task]] = {}
    for task in due:
        by_owner.setdefault(task.owner, []).append(task)
    sent = 0
    for owner, tasks in by_owner.items():
        with transaction.atomic():
            Task.objects.filter(pk__in=[task.pk for task in tasks]).update(reminded_on=today)
            if owner.email:
                with override(settings.LANGUAGE_CODE):
                    send_mail(
                        subject=_("Laget: tasks waiting for you"),
                        message=ngettext(
                            "You have %(count)d task in Laget that is due or overdue. Log in "
                            "to see it under “My work”: %(url)s",
                            "You have %(count)d tasks in Laget that are due or overdue. Log in "
                            "to see them under “My work”: %(url)s",
                            len(tasks),
                        )
                        % {"count": len(tasks), "url": settings.LAGET_BASE_URL + "/teams/"},
                        from_email=None,
                        recipient_list=[owner.email],
                    )
                sent += 1
    return sent


def consent_renewal_tasks_create(*, today: datetime.date) -> int:
    """A task for the coordinator of each open team whose consent ends within
    CONSENT_RENEWAL_NOTICE_DAYS: renew it, or access for the units it covers ends that day.

    Idempotent (the task's `source_key`); each task is created and audited in one transaction.
    Returns the number of tasks created."""
    ending = Consent.objects.filter(
        withdrawn_at__isnull=True,
        team__status=TeamStatus.OPEN,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=CONSENT_RENEWAL_NOTICE_DAYS),
    ).select_related("team__child__municipality")
    created = 0
    for consent in ending:
        team, ends = consent.team, consent.valid_until
        if team is None or ends is None:
            continue
        with override(settings.LANGUAGE_CODE):
            title = _("Renew the consent “%(purpose)s” – it ends %(date)s") % {
                "purpose": consent.purpose,
                "date": ends.strftime("%d.%m.%Y"),
            }
        created += _coordinator_task_once(
            team=team,
            key=f"consent-renewal:{consent.pk}",
            title=title,
            due_on=ends,
            purpose="reminding the coordinator that a consent ends",
            legal_basis=f"consent {consent.pk}",
        )
    return created


def _coordinator_task_once(
    *, team: Team, key: str, title: str, due_on: datetime.date, purpose: str, legal_basis: str
) -> int:
    """A task for the team's coordinator from a job, created and audited in one transaction,
    unless a task with this `key` exists already. Returns 1 when created, else 0."""
    coordinator = TeamMember.objects.filter(
        team=team, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE
    ).first()
    if coordinator is None or Task.objects.filter(source_key=key).exists():
        return 0
    with transaction.atomic():
        task = Task.objects.create(
            municipality=team.municipality,
            child=team.child,
            team=team,
            title=title,
            owner=coordinator.user,
            due_on=due_on,
            source_key=key,
        )
        child_event_record(
            actor=None,
            action=Action.CREATE,
            object_type="task",
            object_id=task.pk,
            child=team.child,
            purpose=purpose,
            legal_basis=legal_basis,
        )
    return 1


def consent_authority_tasks_create(*, today: datetime.date) -> int:
    """When a child passes an age limit, the people who must consent change (the rights
    engine): a 16-year-old decides on health information alone, an 18-year-old on everything.
    For every consent in force on an open team that the people who gave it can no longer give
    alone, the coordinator gets a task to ask the right people. Idempotent (`source_key`)."""
    from consents.models import BasisKind
    from consents.selectors import consent_authority

    in_force = (
        Consent.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
            kind=BasisKind.CONSENT,
            withdrawn_at__isnull=True,
            valid_from__lte=today,
            team__status=TeamStatus.OPEN,
        )
        .select_related("team__child__municipality")
        .prefetch_related("units")
    )
    created = 0
    for consent in in_force:
        team = consent.team
        if team is None:
            continue
        child = team.child
        authority = consent_authority(child=child, units=list(consent.units.all()), on=today)
        if authority.satisfied_by(consent.given_by):
            continue
        with override(settings.LANGUAGE_CODE):
            title = _(
                "%(name)s is now %(age)s: the consent “%(purpose)s” must be given again by %(who)s"
            ) % {
                "name": child.given_name,
                "age": authority.age,
                "purpose": consent.purpose,
                "who": authority.given_by_label.lower(),
            }
        created += _coordinator_task_once(
            team=team,
            key=f"consent-authority:{consent.pk}:{authority.given_by}",
            title=title,
            due_on=today + datetime.timedelta(days=14),
            purpose="the child passed an age limit for consent",
            legal_basis=f"consent {consent.pk}",
        )
    return created
