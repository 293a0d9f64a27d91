"""Background jobs of the team's work (Django tasks API, database backend). Each is idempotent:
running it twice, or again after a failure, does the work once."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from teams.services import (
    consent_authority_tasks_create,
    consent_renewal_tasks_create,
    task_reminders_send,
)


@task()
def task_reminders_job() -> int:
    return task_reminders_send(today=timezone.localdate())


@task()
def consent_renewals_job() -> int:
    return consent_renewal_tasks_create(today=timezone.localdate())


@task()
def consent_authority_job() -> int:
    return consent_authority_tasks_create(today=timezone.localdate())
