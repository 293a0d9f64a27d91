"""Tasks: creating, completing, and the daily reminder e-mails."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, override

from audit.models import Action
from audit.services import child_event_record
from core.errors import state_conflict
from people.models import User
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.access import team_access_basis
from teams.models import MemberStatus, Task, TaskStatus, Team, TeamMember
from teams.services._shared import _audit


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
def task_owner_change(*, actor: User, team: Team, task: Task, owner: User) -> Task:
    """Give an open team task a new owner (for example when its owner left the team): someone
    who can see the team now. The coordinator does it; the caller has checked that."""
    task = Task.objects.select_for_update(of=("self",)).get(pk=task.pk, team=team)
    if task.status != TaskStatus.OPEN:
        raise state_conflict(_("The task is already done."))
    if team_access_basis(user=owner, team=team) is None:
        raise ValidationError({"owner": _("Choose someone who is on the team and can see it.")})
    if owner.pk == task.owner_id:
        raise ValidationError({"owner": _("This person owns the task already.")})
    task.owner = owner
    task.save(update_fields=["owner"])
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.TASK,
        author=actor,
        text=log_text(
            gettext_noop("New owner of the task “%(title)s”: %(name)s."),
            {"title": task.title, "name": owner.display_name()},
        ),
    )
    _audit(actor, team, Action.UPDATE, "task", task.pk, "giving a task a new owner")
    return task


@transaction.atomic
def task_complete(*, actor: User, task: Task) -> Task:
    task = Task.objects.select_for_update(of=("self",)).select_related("team").get(pk=task.pk)
    if task.status == TaskStatus.DONE:
        raise state_conflict(_("The task is already done."))
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
        team_id=task.team_id,
        purpose="completing a task",
        legal_basis="team member with consent"
        if task.team
        else ("duty to report" if task.welfare_report_id else "own task"),
    )
    return task


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
