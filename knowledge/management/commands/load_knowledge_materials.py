from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.datafiles import DataFileError
from knowledge.reference import materials_seed


class Command(BaseCommand):
    help = (
        "Load (or update) the knowledge base's national materials from "
        "knowledge/data/materials.toml, published. Idempotent; needs the directory's "
        "taxonomies (load_directory_taxonomies) first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created, updated = materials_seed()
        except DataFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Knowledge base: {created} materials added, {updated} updated.")
