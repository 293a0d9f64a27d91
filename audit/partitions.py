"""The access log's month partitions on PostgreSQL (audit migration 0010, docs/performance.md).

There is no default partition, so an event can only be written in a month whose partition
exists: the daily `partitions_job` keeps `PARTITIONS_AHEAD` months ready. SQLite has one plain
table and nothing to do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

# Months after the current one that always have a partition: the job may fail for this long
# before writes to the access log (and so every audited action) would be refused.
PARTITIONS_AHEAD = 3


@dataclass(frozen=True)
class Partition:
    name: str
    first_day: datetime.date


def _month_add(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def access_log_partitions_create(*, first: datetime.date, last: datetime.date) -> int:
    """Create the missing partitions for the months from `first` to `last` (inclusive);
    how many were created. Idempotent."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT audit_accessevent_partitions_create(%s, %s)", [first, last])
        return int(cursor.fetchone()[0])


def access_log_partitions_ensure(*, months_ahead: int = PARTITIONS_AHEAD) -> int:
    """Partitions for this month (UTC) and `months_ahead` months after it; how many were new."""
    this_month = timezone.now().astimezone(datetime.UTC).date().replace(day=1)
    return access_log_partitions_create(first=this_month, last=_month_add(this_month, months_ahead))


def access_log_partitions() -> list[Partition]:
    """The partitions there are, oldest first (none on SQLite)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'audit_accessevent'::regclass ORDER BY c.relname"
        )
        names = [row[0] for row in cursor.fetchall()]
    return [Partition(name, datetime.date(int(name[-7:-3]), int(name[-2:]), 1)) for name in names]
