"""What the team's services share: the audit event of a write on the team, a task made once by
its key, and an e-mail sent once the change is committed."""

from __future__ import annotations

import datetime

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import child_event_record
from people.models import User
from teams.models import Task, Team

# The longest task title the services write (Task.title's max_length).
TITLE_MAX = 300


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


def task_once(
    *,
    team: Team | None,
    child_team: Team,
    owner: User,
    title: str,
    key: str,
    due_in_days: int,
    actor: User | None,
    actor_label: str,
    purpose: str,
    legal_basis: str,
) -> bool:
    """The task about `child_team`'s child, unless one with this key exists; audited. A person
    who can no longer see the team gets it outside the team (`team` None), so it is in their
    own work list. Whether it was made now."""
    if Task.objects.filter(source_key=key).exists():
        return False
    task = Task.objects.create(
        municipality=child_team.municipality,
        child=child_team.child,
        team=team,
        title=title[:TITLE_MAX],
        owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=due_in_days),
        source_key=key,
    )
    child_event_record(
        actor=actor,
        action=Action.CREATE,
        object_type="task",
        object_id=str(task.pk),
        child=child_team.child,
        purpose=purpose,
        legal_basis=legal_basis,
        actor_label=None if actor else actor_label,
    )
    return True


def mail_on_commit(user: User, subject: str, body: str) -> None:
    """An e-mail once the change is committed. It names no child and nothing from the record;
    a failure to send is logged and does not undo the change (the task stays)."""
    if not user.email:
        return
    recipient = user.email
    transaction.on_commit(
        lambda: send_mail(
            subject=subject, message=body, from_email=None, recipient_list=[recipient]
        ),
        robust=True,
    )
