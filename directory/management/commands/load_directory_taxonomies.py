from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from directory.reference import taxonomies_load


class Command(BaseCommand):
    help = (
        "Load (or update) the directory's reference taxonomies – needs, sectors, age bands and "
        "access routes – with fixed ids, and the seeded search thesaurus. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = taxonomies_load()
        self.stdout.write(
            f"Directory taxonomies loaded: {counts['taxonomies']} taxonomies, "
            f"{counts['terms']} terms, {counts['thesaurus_entries']} thesaurus entries."
        )
