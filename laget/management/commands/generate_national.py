from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from laget.national import NationalDataError, national_generate


class Command(BaseCommand):
    help = (
        "Fill an empty PostgreSQL database (migrated, reference data loaded, nothing else) with "
        "deterministic synthetic data for all municipalities: at --scale 1 150 000 children, "
        "200 000 concerns, 80 000 teams, 320 000 members, 1 million log lines, 3 million access "
        "events and 20 000 services, in proportion to each municipality's 0–24 population. "
        "The same --seed gives the same rows. See docs/national-data.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 is the national size")
        parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
        parser.add_argument(
            "--staff-password",
            default="",
            help="give every generated member of staff this password (default: none can log in)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            report = national_generate(
                scale=options["scale"],
                seed=options["seed"],
                staff_password=options["staff_password"] or None,
                progress=lambda message: self.stdout.write(
                    f"{time.monotonic() - started:7.1f} s  {message}"
                ),
            )
        except NationalDataError as error:
            raise CommandError(str(error)) from None
        for table, count in sorted(report.rows.items()):
            self.stdout.write(f"  {table:<28} {count:>10}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated scale {report.scale} (seed {report.seed}) in "
                f"{time.monotonic() - started:.1f} s."
            )
        )
