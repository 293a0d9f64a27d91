"""Background jobs of the overview (Django tasks API, database backend)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from oversikt.indicators.compute import work_indicators_compute


@task()
def work_indicators_job() -> dict[str, int]:
    """Recompute the indicators from the work (idempotent: it replaces the figures)."""
    return asdict(work_indicators_compute())
