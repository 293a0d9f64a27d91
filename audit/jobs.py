"""Background jobs of the access log (Django tasks API, database backend)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from audit.partitions import access_log_partitions_ensure
from audit.services import access_log_anchor


@task()
def anchor_job() -> dict[str, str | int]:
    """Sign every chain head and send the anchors out of the database's reach (idempotent: a
    second run writes a second file and e-mails only municipalities whose head moved)."""
    return asdict(access_log_anchor())


@task()
def partitions_job() -> dict[str, int]:
    """PostgreSQL: create the access log's month partitions for this month and the next
    three, before any event needs them (idempotent: existing partitions are left alone)."""
    return {"created": access_log_partitions_ensure()}
