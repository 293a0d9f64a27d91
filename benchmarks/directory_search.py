"""Benchmark: directory search on PostgreSQL with 20 000 services and 2 000 organisations.

    make bench-search            # uses DATABASE_URL, default postgres://postgres@127.0.0.1/laget_bench

Creates (or reuses) a synthetic national directory, then runs a fixed set of plain-language
queries through `directory.selectors.service_search` – the same code the search page calls – and
prints p50/p95/max in milliseconds, the time spent in SQL (sending, running and fetching the
statements; the rest is Python) and the SQL query count per search. The budget (DESIGN.md):
p95 ≤ 50 ms. Not a test: figures depend on the machine, so they are reported, not asserted.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-used-for-anything-else")
# Production settings refuse to start without identity-number keys; the benchmark stores no
# identity numbers, so it uses the test settings' public keys (as benchmarks/pages.py does).
os.environ.setdefault("IDENTITY_NUMBER_KEYS", "test1:dGVzdC1vbmx5LWlkZW50aXR5LW51bWJlci1rZXktMDE=")
os.environ.setdefault("IDENTITY_NUMBER_HMAC_KEY", "dGVzdC1vbmx5LWlkZW50aXR5LW51bWJlci1obWFjLTE=")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/laget_bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from directory.demo import demo_directory_seed  # noqa: E402
from directory.models import (  # noqa: E402
    Attribute,
    Language,
    Organization,
    Service,
    ServiceArea,
)
from directory.search import search_index_rebuild  # noqa: E402
from directory.selectors import SearchFilters, service_search  # noqa: E402
from municipalities.models import Municipality  # noqa: E402
from units.demo import DEMO_MUNICIPALITY  # noqa: E402

SERVICES_PER_MUNICIPALITY = 56  # 356 municipalities x 56 + the demo's 79 = about 20 000
ORGANISATIONS_PER_MUNICIPALITY = 6  # about 2 000
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


def ensure_data() -> None:
    """A national directory shaped like the real one: every municipality has its own version of
    the same kinds of services (the demo's Porsgrunn services are the pattern), so words are as
    common or rare as they would be nationally."""
    call_command("migrate", verbosity=0)
    if Service.objects.count() >= 19_000:
        return
    call_command("load_reference_data", verbosity=0)
    demo_directory_seed()
    patterns = list(
        Service.objects.filter(is_national=False)
        .select_related("organization")
        .order_by("name")[:SERVICES_PER_MUNICIPALITY]
    )
    pattern_terms: dict[uuid.UUID, list[uuid.UUID]] = {}
    for link_id, term_id in Attribute.objects.filter(
        link_entity="service", link_id__in=[p.id for p in patterns]
    ).values_list("link_id", "taxonomy_term_id"):
        pattern_terms.setdefault(link_id, []).append(term_id)
    others = Municipality.objects.exclude(number=DEMO_MUNICIPALITY).order_by("number")
    with transaction.atomic():
        for place in others:
            organisations = Organization.objects.bulk_create(
                Organization(
                    name=f"{place.name_norwegian} kommune – tjenesteområde {n + 1}",
                    description="Kommunale tjenester for barn og unge.",
                    municipality=place,
                )
                for n in range(ORGANISATIONS_PER_MUNICIPALITY)
            )
            services = Service.objects.bulk_create(
                Service(
                    organization=organisations[n % len(organisations)],
                    name=pattern.name.replace("Porsgrunn", place.name_norwegian),
                    description=pattern.description,
                    eligibility_description=pattern.eligibility_description,
                    application_process=pattern.application_process,
                    self_referral=pattern.self_referral,
                    referral_from=pattern.referral_from,
                    minimum_age=pattern.minimum_age,
                    maximum_age=pattern.maximum_age,
                )
                for n, pattern in enumerate(patterns)
            )
            Attribute.objects.bulk_create(
                Attribute(link_entity="service", link_id=service.id, taxonomy_term_id=term_id)
                for service, pattern in zip(services, patterns, strict=True)
                for term_id in pattern_terms.get(pattern.id, [])
            )
            ServiceArea.objects.bulk_create(
                ServiceArea(service=service, name=place.name_norwegian, municipality=place)
                for service in services
            )
            Language.objects.bulk_create(
                Language(service=service, code="nb", name="Norsk") for service in services
            )
    started = time.perf_counter()
    search_index_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum keeps them in use
    print(f"indexed {Service.objects.count()} services in {time.perf_counter() - started:.1f} s")


def _measure(label: str, cases: list[tuple[str, SearchFilters]], rounds: int) -> None:
    for query, filters in cases:  # warm caches and the connection
        service_search(text=query, filters=filters)
    timings, sql_timings, counts = [], [], []
    in_sql = 0.0

    def timed(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        nonlocal in_sql
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_sql += time.perf_counter() - started

    with connection.execute_wrapper(timed):
        for _round in range(rounds):
            for query, filters in cases:
                in_sql = 0.0
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    service_search(text=query, filters=filters)
                    timings.append((time.perf_counter() - started) * 1000)
                sql_timings.append(in_sql * 1000)
                counts.append(len(queries))
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(
        f"{label}: {len(timings)} searches over {Service.objects.count()} services on "
        f"{connection.vendor} – p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms (in SQL: p50 {statistics.median(sql_timings):.1f} ms); "
        f"SQL queries per search: min {min(counts)}, max {max(counts)}"
    )


def main() -> None:
    ensure_data()
    porsgrunn = Municipality.objects.get(number="4001")
    local = [(query, SearchFilters(municipality=porsgrunn, young_person=True)) for query in QUERIES]
    national = [(query, SearchFilters()) for query in QUERIES]
    _measure("within one municipality (+ national services)", local, rounds=5)
    _measure("no municipality chosen (national services only)", national, rounds=5)


if __name__ == "__main__":
    main()
