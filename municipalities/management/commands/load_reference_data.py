from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.core.management import call_command

from core.commands import DataDirectoryCommand
from municipalities.services import reference_data_load


class Command(DataDirectoryCommand):
    help = (
        "Load (or update) the 2024 counties and municipalities with their Sami and Kven parallel "
        "names, population by age and the postcode register, from the shared Norwegian reference "
        "data, then the organisations (load_organisations) and the public statistics "
        "(load_statistics). Idempotent."
    )

    def load(self, directory: Path) -> None:
        report = reference_data_load(directory=directory)
        self.stdout.write(
            f"Reference data loaded from {directory}: {report.counties} counties, "
            f"{report.municipalities} municipalities, {report.parallel_names} parallel names, "
            f"{report.population_by_age_rows} population-by-age rows, "
            f"{report.population_total_rows} population totals, "
            f"{report.postal_codes} postcodes."
        )
        # Every municipality is an organisation, and the county authorities serve theirs; by the
        # command's name, as the organisations live in `units`, above this app.
        if apps.is_installed("units"):
            call_command("load_organisations", stdout=self.stdout)
        # The public statistics hang on the municipalities, so they come in the same run; by
        # the command's name, as this app sits below the overview and does not import it.
        if apps.is_installed("oversikt"):
            call_command("load_statistics", directory=directory, stdout=self.stdout)
