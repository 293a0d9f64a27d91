"""Writing transitions: starting one, answering it, ticking its checklist, and the daily job
that flags a declined or unanswered one. Each is one transaction, audited inside."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from audit.models import Action
from audit.services import EventSpec, access_events_record_many, child_event_record
from consents.selectors import consent_covering
from people.models import Membership, Role, User
from people.selectors import works_in
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.models import (
    LEADER_TASK_PREFIX,
    MemberRole,
    MemberStatus,
    Task,
    TaskStatus,
    Team,
    TeamMember,
    TeamStatus,
)
from teams.services._shared import TITLE_MAX, task_once
from teams.services.members import member_join_active
from transitions.checklists import ChecklistItem, checklist_of
from transitions.models import ChecklistTick, Transition, TransitionKind, TransitionStatus
from units.models import Unit
from units.selectors import unit_serves

# A transition nobody in the receiving unit has answered for this many days is flagged.
UNANSWERED_DAYS = 14
BASIS = "team member with consent"


def _task_key(transition: Transition, item: ChecklistItem) -> str:
    return f"transition:{transition.pk}:{item.key}"


def _deadline_tasks(*, actor: User, transition: Transition, side: str) -> None:
    """The checklist's items for one side become tasks for `actor`, each made once."""
    today = timezone.localdate()
    team = transition.team
    with override(settings.LANGUAGE_CODE):
        kind = str(transition.get_kind_display())
        for item in checklist_of(transition.kind):
            if item.side != side:
                continue
            due = item.due_on(starts_on=transition.starts_on, today=today)
            task_once(
                team=team,
                child_team=team,
                owner=actor,
                title=f"{kind}: {item.label}",
                key=_task_key(transition, item),
                due_in_days=(due - today).days,
                actor=actor,
                actor_label="",
                purpose="a deadline of a transition",
                legal_basis=BASIS,
            )


@transaction.atomic
def transition_start(
    *,
    actor: User,
    team: Team,
    from_unit: Unit,
    kind: str,
    to_unit: Unit | None,
    starts_on: datetime.date | None,
    note: str,
    young_person_words: str = "",
) -> Transition:
    """Hand the team to a receiving unit. It must be another unit, of an organisation that
    serves the child's municipality, and a consent in force must cover it. The sending side's
    checklist items become tasks for `actor`. Field errors change nothing."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in TransitionKind.values:
        errors["kind"] = _("Choose the kind of transition.")
    if to_unit is None:
        errors["to_unit"] = _("Choose the receiving unit.")
    elif to_unit.pk == from_unit.pk:
        errors["to_unit"] = _("The receiving unit must be another unit than the sending one.")
    elif not unit_serves(unit_id=to_unit.pk, municipality_id=team.municipality_id):
        errors["to_unit"] = _(
            "%(unit)s belongs to an organisation that does not serve the child's municipality."
        ) % {"unit": to_unit.name}
    elif consent_covering(child_id=team.child_id, unit_id=to_unit.pk, on=today) is None:
        errors["to_unit"] = _(
            "No consent in force covers %(unit)s. Record a consent that covers it first."
        ) % {"unit": to_unit.name}
    elif Transition.objects.filter(
        team=team, to_unit=to_unit, status=TransitionStatus.OPEN
    ).exists():
        errors["to_unit"] = _("A transition to %(unit)s already waits for an answer.") % {
            "unit": to_unit.name
        }
    if starts_on is None:
        errors["starts_on"] = _("Give the date of the transition.")
    elif starts_on < today:
        errors["starts_on"] = _("The date of the transition cannot be in the past.")
    elif kind == TransitionKind.AGE_18 and team.child.age_on(starts_on) < 18:
        errors["starts_on"] = _("%(name)s is not yet 18 on that date.") % {
            "name": team.child.given_name
        }
    if not note.strip():
        errors["note"] = _("Write what the receiving unit should know.")
    if errors or to_unit is None or starts_on is None:
        raise ValidationError(errors)
    transition = Transition.objects.create(
        municipality=team.municipality,
        team=team,
        kind=kind,
        from_unit=from_unit,
        to_unit=to_unit,
        starts_on=starts_on,
        note=note.strip(),
        young_person_words=young_person_words.strip(),
        started_by=actor,
    )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.HANDOVER,
        author=actor,
        text=log_text(
            gettext_noop("Transition to %(unit)s started; it waits for the receiving unit."),
            {"unit": to_unit.name},
        ),
    )
    child_event_record(
        actor=actor,
        action=Action.CREATE,
        object_type="transition",
        object_id=str(transition.pk),
        child=team.child,
        purpose="starting a transition",
        legal_basis=BASIS,
    )
    _deadline_tasks(actor=actor, transition=transition, side="sending")
    return transition


@transaction.atomic
def transition_answer(
    *, actor: User, transition: Transition, accept: bool, note: str = ""
) -> Transition:
    """Someone working in the receiving unit accepts – and joins the team as a member acting
    for the unit, with the receiving side's checklist items as their tasks – or declines
    (the daily job then flags it to the coordinator and the sending unit's leader)."""
    transition = (
        Transition.objects.select_for_update()
        .select_related("team__child", "team__concern", "team__municipality", "to_unit")
        .get(pk=transition.pk)
    )
    team = transition.team
    consent = consent_covering(
        child_id=team.child_id, unit_id=transition.to_unit_id, on=timezone.localdate()
    )
    if (
        not transition.is_open
        or team.status != TeamStatus.OPEN
        or consent is None
        or not works_in(user=actor, unit_id=transition.to_unit_id)
    ):
        raise PermissionDenied
    transition.status = TransitionStatus.ACCEPTED if accept else TransitionStatus.DECLINED
    transition.decided_by = actor
    transition.decided_at = timezone.now()
    transition.decision_note = note.strip()
    transition.flagged_at = None
    transition.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "flagged_at"]
    )
    if accept:
        member_join_active(
            team=team, user=actor, unit=transition.to_unit, invited_by=transition.started_by
        )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.HANDOVER,
        author=actor,
        text=log_text(
            gettext_noop("%(name)s accepted the transition for %(unit)s and joined the team.")
            if accept
            else gettext_noop("%(name)s declined the transition for %(unit)s."),
            {"name": actor.display_name(), "unit": transition.to_unit.name},
        ),
    )
    child_event_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="transition",
        object_id=str(transition.pk),
        child=team.child,
        purpose="answering a transition",
        legal_basis=f"consent {consent.pk}",
    )
    if accept:
        _deadline_tasks(actor=actor, transition=transition, side="receiving")
    return transition


@transaction.atomic
def transition_tick(*, actor: User, transition: Transition, item: str) -> ChecklistTick:
    """Mark an item of the checklist done (either side, while they see the transition); its
    task, if open, is done too. Ticking twice changes nothing."""
    if not transition.team.is_open:
        raise PermissionDenied
    items = {entry.key: entry for entry in checklist_of(transition.kind)}
    if item not in items:
        raise ValidationError({"item": _("Choose an item of the checklist.")})
    tick, created = ChecklistTick.objects.get_or_create(
        transition=transition, item=item, defaults={"done_by": actor}
    )
    if created:
        Task.objects.filter(
            source_key=_task_key(transition, items[item]), status=TaskStatus.OPEN
        ).update(status=TaskStatus.DONE, completed_at=timezone.now())
        child_event_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="transition",
            object_id=str(transition.pk),
            child=transition.team.child,
            purpose="ticking off a transition's checklist",
            legal_basis=BASIS,
        )
    return tick


def _flag_titles(transition: Transition, *, for_leader: bool) -> str:
    params = {
        "kind": transition.get_kind_display(),
        "sender": transition.from_unit.name,
        "receiver": transition.to_unit.name,
    }
    if transition.status == TransitionStatus.DECLINED:
        text = (
            _("%(receiver)s declined a transition (%(kind)s) from %(sender)s: agree what now")
            if for_leader
            else _("%(receiver)s declined the transition (%(kind)s): agree what now")
        )
    else:
        text = (
            _("%(receiver)s has not answered a transition (%(kind)s) from %(sender)s in 14 days")
            if for_leader
            else _("%(receiver)s has not answered the transition (%(kind)s) in 14 days")
        )
    return (text % params)[:TITLE_MAX]


@transaction.atomic
def transitions_flag(*, today: datetime.date) -> int:
    """A task for the coordinator and for each leader of the sending unit about every
    transition declined, or open for UNANSWERED_DAYS days, that was not flagged yet.

    In a fixed number of queries whatever the number of transitions: they, the coordinators,
    the leaders and the existing tasks are read once each; the tasks and their access events
    are written together. Idempotent (the transition's `flagged_at` and the task's key).
    The leader is not on the team: their task names no child (`LEADER_TASK_PREFIX`).
    Returns the number of tasks created."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(days=UNANSWERED_DAYS)
    rows = list(
        Transition.objects.filter(flagged_at__isnull=True, team__status=TeamStatus.OPEN)
        .filter(
            Q(status=TransitionStatus.DECLINED)
            | Q(status=TransitionStatus.OPEN, created_at__lte=cutoff)
        )
        .select_related("team__municipality", "from_unit", "to_unit")
    )
    if not rows:
        return 0
    coordinators = {
        member.team_id: member.user
        for member in TeamMember.objects.filter(
            team_id__in={row.team_id for row in rows},
            role=MemberRole.COORDINATOR,
            status=MemberStatus.ACTIVE,
        ).select_related("user")
    }
    leaders: dict[object, list[User]] = {}
    for membership in Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        unit_id__in={row.from_unit_id for row in rows},
        role=Role.UNIT_LEADER,
        started_on__lte=today,
        user__is_active=True,
    ).select_related("user"):
        leaders.setdefault(membership.unit_id, []).append(membership.user)
    wanted: list[tuple[str, Transition, User, bool]] = []
    for row in rows:
        coordinator = coordinators.get(row.team_id)
        if coordinator is not None:
            wanted.append((f"transition-flag:{row.pk}:{row.status}", row, coordinator, False))
        for leader in leaders.get(row.from_unit_id, []):
            key = f"{LEADER_TASK_PREFIX}transition:{row.pk}:{row.status}:{leader.pk}"
            wanted.append((key, row, leader, True))
    existing = set(
        Task.objects.filter(source_key__in=[key for key, *_rest in wanted]).values_list(
            "source_key", flat=True
        )
    )
    tasks: list[Task] = []
    events: list[EventSpec] = []
    with override(settings.LANGUAGE_CODE):
        for key, row, owner, for_leader in wanted:
            if key in existing:
                continue
            task = Task(
                municipality=row.team.municipality,
                child_id=row.team.child_id,
                team=None if for_leader else row.team,
                title=_flag_titles(row, for_leader=for_leader),
                owner=owner,
                due_on=today + datetime.timedelta(days=7),
                source_key=key,
            )
            tasks.append(task)
            events.append(
                EventSpec(
                    action=Action.CREATE,
                    object_type="task",
                    object_id=task.pk,
                    municipality=row.team.municipality,
                    child_id=row.team.child_id,
                    purpose="flagging a declined or unanswered transition",
                    legal_basis="the team's coordinator and the sending unit's leader follow up",
                    detail=None if for_leader else {"team": str(row.team.pk)},
                )
            )
    Task.objects.bulk_create(tasks)
    access_events_record_many(actor=None, events=events)
    Transition.objects.filter(pk__in=[row.pk for row in rows]).update(flagged_at=now)
    return len(tasks)
