from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.datafiles import DataFileError
from grants.catalogue import schemes_load


class Command(BaseCommand):
    help = "Load the grant catalogue from grants/data/schemes.toml. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = schemes_load()
        except DataFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Grant catalogue loaded: {count} schemes.")
