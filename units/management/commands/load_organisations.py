from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from units.services import organisations_sync


class Command(BaseCommand):
    help = (
        "Keep the organisations in step with the reference data: every municipality is one, "
        "and every county authority serves its county's municipalities. Idempotent; "
        "load_reference_data runs it."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = organisations_sync()
        self.stdout.write(
            f"Organisations: {report.municipalities} municipalities, "
            f"{report.county_authorities} county authorities."
        )
