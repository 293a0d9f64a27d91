"""What the team's services share: the audit event of a write on the team, a task made once by
its key (one, or a job's many in bulk), and an e-mail sent once the change is committed."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import EventSpec, access_events_record_many, child_event_record
from people.models import User
from teams.models import MemberRole, MemberStatus, Task, Team, TeamMember

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
        team_id=team.pk,
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
        team_id=team.pk if team is not None else None,
    )
    return True


@dataclass(frozen=True)
class CoordinatorTask:
    """A task a job gives a team's coordinator, made once by its key (`coordinator_tasks_once`)."""

    team: Team
    key: str
    title: str
    due_on: datetime.date
    purpose: str
    legal_basis: str


def coordinator_tasks_once(tasks: Sequence[CoordinatorTask]) -> int:
    """`task_once` for a job's many tasks, in a fixed number of queries whatever their number:
    for each team with an active coordinator, the task unless one with its key exists, all
    created and audited (an event per task, `actor` none) in one transaction. The teams must
    come with `child__municipality` (select_related). Returns the number made."""
    if not tasks:
        return 0
    made = set(
        Task.objects.filter(source_key__in=[task.key for task in tasks]).values_list(
            "source_key", flat=True
        )
    )
    # The first coordinator by id, as `.first()` would have it: the last one written wins.
    coordinators = dict(
        TeamMember.objects.filter(
            team_id__in={task.team.pk for task in tasks},
            role=MemberRole.COORDINATOR,
            status=MemberStatus.ACTIVE,
        )
        .order_by("team_id", "-pk")
        .values_list("team_id", "user_id")
    )
    wanted = [t for t in tasks if t.key not in made and t.team.pk in coordinators]
    if not wanted:
        return 0
    rows = [
        Task(
            municipality_id=task.team.municipality_id,
            child_id=task.team.child_id,
            team=task.team,
            title=task.title[:TITLE_MAX],
            owner_id=coordinators[task.team.pk],
            due_on=task.due_on,
            source_key=task.key,
        )
        for task in wanted
    ]
    with transaction.atomic():
        Task.objects.bulk_create(rows)
        access_events_record_many(
            actor=None,
            events=[
                EventSpec(
                    action=Action.CREATE,
                    object_type="task",
                    object_id=str(row.pk),
                    municipality=task.team.child.municipality,
                    child_id=task.team.child_id,
                    purpose=task.purpose,
                    legal_basis=task.legal_basis,
                    detail={"team": str(task.team.pk)},
                )
                for task, row in zip(wanted, rows, strict=True)
            ],
        )
    return len(rows)


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
