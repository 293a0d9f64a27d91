"""Benchmark: directory search on PostgreSQL with 20 000 services and 2 000 organisations.

    make bench-search            # uses DATABASE_URL, default postgres://postgres@127.0.0.1/laget_bench

Creates (or reuses) a synthetic national directory, then runs a fixed set of plain-language
queries through `directory.selectors.service_search` – the same code the search page calls – and
prints p50/p95/max in milliseconds and the SQL query count per search. The budget (DESIGN.md):
p95 ≤ 50 ms. Not a test: figures depend on the machine, so they are reported, not asserted.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-used-for-anything-else")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/laget_bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from directory.models import (  # noqa: E402
    Attribute,
    Language,
    Organization,
    Service,
    ServiceArea,
    TaxonomyTerm,
)
from directory.reference import taxonomies_load  # noqa: E402
from directory.search import search_index_rebuild  # noqa: E402
from directory.selectors import SearchFilters, service_search  # noqa: E402
from municipalities.models import Municipality  # noqa: E402

SERVICES, ORGANISATIONS = 20_000, 2_000
QUERIES = [
    "helsesykepleier",
    "psykolog",
    "mobbing",
    "deppa",
    "angst",
    "skolevegring",
    "sliter på skolen",
    "trenger jobb",
    "slått hjemme",
    "rus",
    "familievern",
    "ppt",
    "barnevern",
    "flyktning norskkurs",
    "fritid",
    "helsesykeplier",
    "psykologer",
    "lese og skrivevansker",
    "krise",
    "ensom",
]
WORDS = (
    "hjelp samtale veiledning barn unge familie skole helse psykisk angst depresjon mobbing "
    "fravær læring lesing skriving rus vold trygghet bolig økonomi jobb arbeid aktivitet "
    "fritid idrett språk norsk integrering funksjonsnedsettelse seksualitet prevensjon "
    "rettigheter krise foreldre veileder helsesykepleier psykolog rådgiver miljøterapeut"
).split()


def ensure_data() -> None:
    call_command("migrate", verbosity=0)
    if Service.objects.count() >= SERVICES:
        return
    call_command("load_reference_data", verbosity=0)
    taxonomies_load()
    rng = random.Random(20261123)  # noqa: S311 - synthetic data, not security
    municipalities = list(Municipality.objects.all())
    needs = list(TaxonomyTerm.objects.filter(code__startswith="need:"))
    sectors = list(TaxonomyTerm.objects.filter(code__startswith="sector:"))
    with transaction.atomic():
        organisations = Organization.objects.bulk_create(
            Organization(
                name=f"Organisasjon {i}",
                description=" ".join(rng.choices(WORDS, k=12)),
                municipality=rng.choice(municipalities),
            )
            for i in range(ORGANISATIONS)
        )
        services = Service.objects.bulk_create(
            Service(
                organization=rng.choice(organisations),
                name=f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {i}",
                description=" ".join(rng.choices(WORDS, k=30)),
                eligibility_description=" ".join(rng.choices(WORDS, k=8)),
                self_referral=rng.random() < 0.4,
                minimum_age=rng.choice([None, 0, 6, 13, 16]),
                maximum_age=rng.choice([None, 18, 24]),
                is_national=False,
            )
            for i in range(SERVICES)
        )
        Attribute.objects.bulk_create(
            Attribute(link_entity="service", link_id=service.id, taxonomy_term=term)
            for service in services
            for term in {*rng.sample(needs, 2), rng.choice(sectors)}
        )
        ServiceArea.objects.bulk_create(
            ServiceArea(service=service, name=place.name, municipality=place)
            for service in services
            if (place := service.organization.municipality) is not None
        )
        Language.objects.bulk_create(
            Language(service=service, code="nob", name="norsk") for service in services
        )
    started = time.perf_counter()
    search_index_rebuild()
    print(f"indexed {SERVICES} services in {time.perf_counter() - started:.1f} s")


def _measure(label: str, cases: list[tuple[str, SearchFilters]], rounds: int) -> None:
    for query, filters in cases:  # warm caches and the connection
        service_search(text=query, filters=filters)
    timings, counts = [], []
    for _round in range(rounds):
        for query, filters in cases:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                service_search(text=query, filters=filters)
                timings.append((time.perf_counter() - started) * 1000)
            counts.append(len(queries))
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(
        f"{label}: {len(timings)} searches over {Service.objects.count()} services on "
        f"{connection.vendor} – p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms; SQL queries per search: min {min(counts)}, max {max(counts)}"
    )


def main() -> None:
    ensure_data()
    porsgrunn = Municipality.objects.get(number="4001")
    local = [(query, SearchFilters(municipality=porsgrunn, young_person=True)) for query in QUERIES]
    national = [(query, SearchFilters()) for query in QUERIES]
    _measure("within one municipality (+ national services)", local, rounds=5)
    _measure("all of Norway", national, rounds=2)


if __name__ == "__main__":
    main()
