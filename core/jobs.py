"""Background jobs of the plumbing (Django tasks API, database backend)."""

from __future__ import annotations

from django_tasks import task

from core.api.idempotency import idempotency_keys_expire


@task()
def idempotency_keys_expire_job() -> dict[str, int]:
    """Delete the API's idempotency keys older than 24 hours (idempotent)."""
    return {"deleted": idempotency_keys_expire()}
