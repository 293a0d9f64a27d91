from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from audit.jobs import anchor_job, partitions_job
from core.jobs import idempotency_keys_expire_job
from digest.jobs import digests_job
from directory.jobs import review_reminders_job
from oversikt.jobs import work_indicators_job
from teams.jobs import (
    consent_authority_job,
    consent_renewals_job,
    moved_members_job,
    retention_job,
    rule_changes_job,
    task_reminders_job,
)
from transitions.jobs import transitions_flag_job

DAILY_JOBS = (
    task_reminders_job,
    consent_renewals_job,
    consent_authority_job,
    moved_members_job,
    retention_job,
    review_reminders_job,
    anchor_job,
    partitions_job,
    work_indicators_job,
    transitions_flag_job,
    rule_changes_job,
    idempotency_keys_expire_job,
    digests_job,
)


class Command(BaseCommand):
    help = (
        "Queue the daily background jobs (task reminders, consent renewals and age-limit "
        "changes, members leaving after a move's transition period, retention, directory "
        "review reminders, anchoring the access log and preparing its month partitions, the "
        "indicators from the work, declined or unanswered transitions, changes in the law "
        "entering into force, expiring the API's idempotency keys, the weekly digest by e-mail: "
        "once a week per subscription, only with news). Run it once a day from cron "
        "or a systemd timer; "
        "`manage.py db_worker` runs the jobs. The jobs are idempotent, so a second run on the "
        "same day, or one after a failure, is harmless."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for job in DAILY_JOBS:
            result = job.enqueue()
            self.stdout.write(f"queued {job.name} ({result.id})")
