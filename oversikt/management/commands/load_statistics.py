from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from oversikt.readers import StatisticsDataError
from oversikt.services import statistics_load


class Command(BaseCommand):
    help = (
        "Load (or update) the public statistics – completion of upper secondary school, young "
        "people outside work and education, child welfare measures, persistent low income – "
        "from the shared Norwegian data, as oversikt/statistics.toml describes them. Needs the "
        "municipalities (load_reference_data). Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=None,
            help="Folder with the CSV files (default: LAGET_REFERENCE_DATA_DIR).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"] or settings.LAGET_REFERENCE_DATA_DIR
        try:
            report = statistics_load(directory=directory)
        except StatisticsDataError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Statistics loaded from {directory}: {report.sources} files, {report.series} "
            f"series; {report.created} figures new, {report.updated} changed, "
            f"{report.unchanged} unchanged, {report.deleted} removed."
        )
