"""Reading the directory: search that understands people, and the pages around it.

The search is in `ranking`, with the thesaurus it reads in `thesaurus` and the result cards it
builds in `cards`; this module has the readers for the other pages and exports them all.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from directory.models import (
    Attribute,
    ClassificationStatus,
    Collaboration,
    Language,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceClassification,
    ServiceStatus,
    TaxonomyTerm,
)
from directory.selectors.cards import CARD_FIELDS, CardPhone, ServiceCard, service_cards
from directory.selectors.ranking import (
    SearchFilters,
    SearchPage,
    service_search,
    services_filtered,
)
from directory.selectors.thesaurus import (
    THESAURUS_CACHE_KEY,
    SearchReference,
    search_reference,
    thesaurus_needs,
)
from municipalities.models import Municipality

__all__ = [
    "CARD_FIELDS",
    "REVIEW_INTERVAL",
    "THESAURUS_CACHE_KEY",
    "CardPhone",
    "SearchFilters",
    "SearchPage",
    "SearchReference",
    "ServiceCard",
    "classifications_of",
    "classifications_waiting",
    "collaborations_of",
    "need_codes_local",
    "search_reference",
    "service_cards",
    "service_languages",
    "service_public",
    "service_search",
    "service_terms",
    "services_due_for_review",
    "services_filtered",
    "services_for_display",
    "services_local_count",
    "services_overview",
    "terms_of",
    "thesaurus_needs",
]

REVIEW_INTERVAL = timedelta(days=365)


def classifications_of(*, service: Service) -> list[ServiceClassification]:
    """The needs suggested from the service's text and the owner's decisions on them: the
    suggestions first, each group by the need's name."""
    order = {
        ClassificationStatus.SUGGESTED: 0,
        ClassificationStatus.CONFIRMED: 1,
        ClassificationStatus.REJECTED: 2,
    }
    found = list(
        ServiceClassification.objects.filter(service=service)
        .select_related("taxonomy_term")
        .order_by("taxonomy_term__name")
    )
    return sorted(found, key=lambda c: order.get(ClassificationStatus(c.status), 3))


def classifications_waiting(*, service: Service) -> int:
    """How many suggestions wait for the owner's decision."""
    return ServiceClassification.objects.filter(
        service=service, status=ClassificationStatus.SUGGESTED
    ).count()


def terms_of(*, taxonomy_code_prefix: str) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(code__startswith=taxonomy_code_prefix).order_by("code")


def services_for_display(services: QuerySet[Service]) -> QuerySet[Service]:
    """Everything a service page or the overview shows, in a fixed number of queries."""
    return services.select_related("organization", "organization__municipality").prefetch_related(
        "phones",
        "schedules",
        "service_areas",
        "languages",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                "location__addresses", "location__schedules"
            ),
        ),
    )


def service_terms(*, services: list[Service]) -> dict[uuid.UUID, list[TaxonomyTerm]]:
    """The taxonomy terms of each service (needs, sector, ages, access), in one query."""
    result: dict[uuid.UUID, list[TaxonomyTerm]] = {service.id: [] for service in services}
    for attribute in Attribute.objects.filter(
        link_entity="service", link_id__in=list(result)
    ).select_related("taxonomy_term"):
        result[attribute.link_id].append(attribute.taxonomy_term)
    for terms in result.values():
        terms.sort(key=lambda term: term.code)
    return result


def service_public(*, service_id: uuid.UUID) -> Service | None:
    return (
        services_for_display(Service.objects.exclude(status=ServiceStatus.DEFUNCT))
        .prefetch_related("contacts__phones", "collaborations__services")
        .filter(id=service_id)
        .first()
    )


def services_overview(*, municipality: Municipality) -> list[tuple[TaxonomyTerm, list[Service]]]:
    """The municipality's services (and national ones) grouped by need, for print."""
    services = list(
        services_for_display(
            services_filtered(filters=SearchFilters(municipality=municipality)).order_by("name")
        )
    )
    terms = service_terms(services=services)
    groups: list[tuple[TaxonomyTerm, list[Service]]] = []
    for need in terms_of(taxonomy_code_prefix="need:"):
        members = [s for s in services if any(t.id == need.id for t in terms[s.id])]
        if members:
            groups.append((need, members))
    return groups


def collaborations_of(*, municipality: Municipality) -> QuerySet[Collaboration]:
    return Collaboration.objects.filter(municipality=municipality).prefetch_related("services")


def services_due_for_review(*, municipality: Municipality | None = None) -> QuerySet[Service]:
    """Services not reviewed for 12 months (or never), oldest first."""
    cutoff = timezone.localdate() - REVIEW_INTERVAL
    services = Service.objects.exclude(status=ServiceStatus.DEFUNCT).filter(
        Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff)
    )
    if municipality is not None:
        services = services.filter(
            Q(organization__municipality=municipality)
            | Q(id__in=ServiceArea.objects.filter(municipality=municipality).values("service_id"))
        )
    return services.select_related("organization", "owner").order_by("last_reviewed", "name")


def service_languages() -> list[tuple[str, str]]:
    """(code, name) of every language some service is offered in, for the filter."""
    seen: dict[str, str] = {}
    for code, name in (
        Language.objects.filter(service__isnull=False)
        .exclude(code="")
        .values_list("code", "name")
        .order_by("name")
    ):
        seen.setdefault(code.lower(), name or code)
    return sorted(seen.items(), key=lambda item: item[1])


def services_local_count(*, municipality: Municipality) -> int:
    """How many services the directory has in this municipality (national ones not counted)."""
    return (
        Service.objects.exclude(status=ServiceStatus.DEFUNCT)
        .filter(id__in=ServiceArea.objects.filter(municipality=municipality).values("service_id"))
        .count()
    )


def need_codes_local(*, municipality: Municipality) -> set[str]:
    """The need codes that at least one of the municipality's own services (as counted by
    `services_local_count`) meets; national services left out. One query."""
    local = (
        Service.objects.exclude(status=ServiceStatus.DEFUNCT)
        .filter(id__in=ServiceArea.objects.filter(municipality=municipality).values("service_id"))
        .values("id")
    )
    return set(
        Attribute.objects.filter(
            link_entity="service", link_id__in=local, taxonomy_term__code__startswith="need:"
        ).values_list("taxonomy_term__code", flat=True)
    )
