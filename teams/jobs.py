"""Background jobs of the team's work (Django tasks API, database backend). Each is idempotent:
running it twice, or again after a failure, does the work once."""

from __future__ import annotations

from dataclasses import asdict

from django.utils import timezone
from django_tasks import task

from teams.services import (
    consent_authority_tasks_create,
    consent_renewal_tasks_create,
    moved_members_leave,
    retention_apply,
    task_reminders_send,
)
from teams.services.rule_changes import rule_change_tasks_create


@task()
def task_reminders_job() -> int:
    return task_reminders_send(today=timezone.localdate())


@task()
def consent_renewals_job() -> int:
    return consent_renewal_tasks_create(today=timezone.localdate())


@task()
def consent_authority_job() -> int:
    return consent_authority_tasks_create(today=timezone.localdate())


@task()
def moved_members_job() -> int:
    """Members kept for a transition period after a move leave when it has ended."""
    return moved_members_leave(today=timezone.localdate())


@task()
def retention_job() -> dict[str, int]:
    """Delete what is past its retention period; each deletion is audited (idempotent)."""
    return asdict(retention_apply())


@task()
def rule_changes_job() -> int:
    """A task for the coordinator when a change in the law that affects the child (by age and
    area) has entered into force; once per team and change."""
    return rule_change_tasks_create(today=timezone.localdate())
