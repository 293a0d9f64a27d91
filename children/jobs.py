"""Background jobs for children's records (Django tasks API, database backend)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from children.services import retention_apply


@task()
def retention_job() -> dict[str, int]:
    """Delete what is past its retention period; each deletion is audited (idempotent)."""
    return asdict(retention_apply())
