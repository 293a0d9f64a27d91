"""Background jobs of the digest (Django tasks API, database backend)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from digest.services import digests_send


@task()
def digests_job() -> dict[str, int]:
    """This week's digest to each subscription that has not had it and has news (queued daily,
    sends at most once a week per subscription; idempotent)."""
    return asdict(digests_send())
