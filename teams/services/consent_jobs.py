"""Jobs that give the coordinator a task when a consent ends or must be given again."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import override

from audit.models import Action
from audit.services import child_event_record
from consents.models import BasisKind, Consent
from consents.selectors import consent_authority
from teams.models import MemberRole, MemberStatus, Task, Team, TeamMember, TeamStatus

# A consent that ends within this many days gets a renewal task for the coordinator.
CONSENT_RENEWAL_NOTICE_DAYS = 14


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
