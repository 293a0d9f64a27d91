"""The daily job of transitions (Django tasks API, database backend); idempotent."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from transitions.services import transitions_flag


@task()
def transitions_flag_job() -> int:
    """Flag declined and unanswered transitions to the coordinator and the sending unit's
    leader."""
    return transitions_flag(today=timezone.localdate())
