from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.datafiles import DataFileError
from directory.reference import taxonomies_load


class Command(BaseCommand):
    help = (
        "Load (or update) the directory's reference taxonomies – needs, sectors, age bands and "
        "access routes – with fixed ids, and the seeded search thesaurus, from directory/data/. "
        "Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = taxonomies_load()
        except DataFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Directory taxonomies loaded: {counts['taxonomies']} taxonomies, "
            f"{counts['terms']} terms, {counts['thesaurus_entries']} thesaurus entries."
        )
