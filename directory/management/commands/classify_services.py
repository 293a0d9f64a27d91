from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from directory.models import Service
from directory.search import search_index_update

BATCH = 500


class Command(BaseCommand):
    help = (
        "Suggest needs for every service (or those of one organisation) from its own text, and "
        "re-index them for search. Keeps the owners' confirmed and rejected needs. Safe to run "
        "again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organization", help="Only the services of this organisation id.")

    def handle(self, *args: Any, **options: Any) -> None:
        services = Service.objects.order_by("id")
        if options["organization"]:
            services = services.filter(organization_id=options["organization"])
        ids = list(services.values_list("id", flat=True))
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                search_index_update(service_ids=ids[start : start + BATCH])
        self.stdout.write(f"{len(ids)}")
