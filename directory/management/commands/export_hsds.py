"""`manage.py export_hsds OUTPUT_DIR`: the whole directory as HSDS 3.0 JSON files."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand
from django.db.models import Model, QuerySet

from directory.hsds_out import (
    Json,
    organizations_for_hsds,
    organizations_to_hsds,
    service_at_locations_for_hsds,
    service_at_locations_to_hsds,
    services_for_hsds,
    services_to_hsds,
    taxonomy_term_to_hsds,
    taxonomy_terms_for_hsds,
    taxonomy_to_hsds,
)
from directory.models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

M = TypeVar("M", bound=Model)

# Rows are loaded and written a batch at a time, so memory stays flat however big the directory,
# and each batch costs the same fixed number of queries.
BATCH_SIZE = 200


class Command(BaseCommand):
    help = (
        "Write the whole directory as HSDS 3.0 JSON into OUTPUT_DIR (created if missing): "
        "services.json, organizations.json, service_at_locations.json, taxonomies.json and "
        "taxonomy_terms.json, each a list of fully nested items."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("output_dir", type=Path)

    def handle(self, *args: Any, output_dir: Path, **options: Any) -> None:
        output_dir.mkdir(parents=True, exist_ok=True)
        services = _write(
            output_dir / "services.json",
            services_for_hsds(Service.objects.order_by("name", "id")),
            services_to_hsds,
        )
        organizations = _write(
            output_dir / "organizations.json",
            organizations_for_hsds(Organization.objects.order_by("name", "id")),
            organizations_to_hsds,
        )
        sals = _write(
            output_dir / "service_at_locations.json",
            service_at_locations_for_hsds(
                ServiceAtLocation.objects.filter(service__deleted_at=None).order_by(
                    "service__name", "location__name", "id"
                )
            ),
            service_at_locations_to_hsds,
        )
        taxonomies = _write(
            output_dir / "taxonomies.json",
            Taxonomy.objects.order_by("name", "id"),
            lambda batch: [taxonomy_to_hsds(taxonomy) for taxonomy in batch],
        )
        terms = _write(
            output_dir / "taxonomy_terms.json",
            taxonomy_terms_for_hsds(
                TaxonomyTerm.objects.order_by("taxonomy__name", "code", "name", "id")
            ),
            lambda batch: [taxonomy_term_to_hsds(term) for term in batch],
        )
        self.stdout.write(
            f"Exported {services} services, {organizations} organisations, {sals} services at "
            f"locations, {taxonomies} taxonomies and {terms} taxonomy terms to {output_dir}."
        )


def _write(
    path: Path, queryset: QuerySet[M], serialize: Callable[[Sequence[M]], list[Json]]
) -> int:
    """Write the items as one JSON list; the file appears only once complete, so a failed export
    never leaves a truncated file where the previous good one was."""
    ids = list(queryset.values_list("pk", flat=True))
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as handle:
        handle.write("[")
        separator = "\n"
        for start in range(0, len(ids), BATCH_SIZE):
            for item in serialize(list(queryset.filter(pk__in=ids[start : start + BATCH_SIZE]))):
                handle.write(separator)
                json.dump(item, handle, ensure_ascii=False, indent=2)
                separator = ",\n"
        handle.write("\n]\n")
    partial.replace(path)
    return len(ids)
