from __future__ import annotations

from pathlib import Path

from core.commands import DataDirectoryCommand
from oversikt.services import statistics_load


class Command(DataDirectoryCommand):
    help = (
        "Load (or update) the public statistics – completion of upper secondary school, young "
        "people outside work and education, child welfare measures, persistent low income – "
        "from the shared Norwegian data, as oversikt/statistics.toml describes them. Needs the "
        "municipalities (load_reference_data). Idempotent."
    )

    def load(self, directory: Path) -> None:
        report = statistics_load(directory=directory)
        self.stdout.write(
            f"Statistics loaded from {directory}: {report.sources} files, {report.series} "
            f"series; {report.created} figures new, {report.updated} changed, "
            f"{report.unchanged} unchanged, {report.deleted} removed."
        )
