from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.partitions import (
    PARTITIONS_AHEAD,
    access_log_partitions,
    access_log_partitions_ensure,
)


class Command(BaseCommand):
    help = (
        "PostgreSQL: create the access log's month partitions for this month and the months "
        "ahead (what the daily partitions job does), then list them. Idempotent. On SQLite "
        "the access log is not partitioned and nothing is done."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months-ahead",
            type=int,
            default=PARTITIONS_AHEAD,
            help=f"months after the current one to prepare (default {PARTITIONS_AHEAD})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        months_ahead: int = options["months_ahead"]
        if not 0 <= months_ahead <= 120:
            raise CommandError("--months-ahead must be between 0 and 120.")
        created = access_log_partitions_ensure(months_ahead=months_ahead)
        partitions = access_log_partitions()
        for partition in partitions:
            self.stdout.write(f"{partition.name} from {partition.first_day:%Y-%m-%d}")
        self.stdout.write(
            self.style.SUCCESS(f"{created} partition(s) created, {len(partitions)} in all.")
        )
