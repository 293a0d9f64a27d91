"""Background jobs of the directory (Django tasks API, database backend)."""

from __future__ import annotations

from django_tasks import task

from directory.services import review_reminders_send


@task()
def review_reminders_job() -> int:
    """Remind owners of entries not reviewed for 12 months (one message per owner per run)."""
    return review_reminders_send()
