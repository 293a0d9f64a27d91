"""Reading the directory: search that understands people, and the pages around it."""

from __future__ import annotations

import difflib
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from directory.models import (
    Attribute,
    Collaboration,
    Language,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
    ThesaurusEntry,
)
from directory.search import NATIONAL_ONLY, query_words, search_scores
from municipalities.models import Municipality

REVIEW_INTERVAL = timedelta(days=365)
MAX_NEED_ONLY = 300
RELEVANCE_FLOOR = 0.4

# How much each signal weighs. A need that the words point to comes first; within it, services
# whose text matches the words (or the need's own name) and that focus on few needs; then local
# services; then, for a young person, services they can contact themselves.
WEIGHT_NEED = 3.0
WEIGHT_TEXT = 2.0
WEIGHT_EXPANSION = 1.0
WEIGHT_FOCUS = 0.5
WEIGHT_LOCAL = 1.0
WEIGHT_SELF_REFERRAL = 0.5


@dataclass(frozen=True)
class SearchFilters:
    municipality: Municipality | None = None
    age: int | None = None
    need: TaxonomyTerm | None = None
    sector: TaxonomyTerm | None = None
    self_referral: bool = False
    language: str = ""
    young_person: bool = False


@dataclass
class SearchPage:
    services: list[Service]
    total: int
    page: int
    pages: int
    understood: list[TaxonomyTerm] = field(default_factory=list)


def terms_of(*, taxonomy_code_prefix: str) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(code__startswith=taxonomy_code_prefix).order_by("code")


THESAURUS_CACHE_KEY = "directory:thesaurus"
THESAURUS_CACHE_SECONDS = 60


def thesaurus_pairs() -> list[tuple[str, uuid.UUID]]:
    """(normalised phrase, need id) for the whole thesaurus, cached for a minute per process:
    it is read on every search and changes rarely (the admin clears the cache on a change)."""
    pairs = cache.get(THESAURUS_CACHE_KEY)
    if pairs is None:
        pairs = [
            (" ".join(query_words(phrase)), term_id)
            for phrase, term_id in ThesaurusEntry.terms.through.objects.values_list(
                "thesaurusentry__phrase", "taxonomyterm_id"
            )
        ]
        cache.set(THESAURUS_CACHE_KEY, pairs, THESAURUS_CACHE_SECONDS)
    return pairs


def thesaurus_needs(*, text: str) -> list[TaxonomyTerm]:
    """Needs that everyday words in the text point to ('deppa' → mental health).

    Phrases match as whole words; single words also match with a small typo. The thesaurus comes
    from the cache (see thesaurus_pairs); one query fetches the terms found.
    """
    words = query_words(text)
    if not words:
        return []
    padded = f" {' '.join(words)} "
    found: set[uuid.UUID] = set()
    for phrase, term_id in thesaurus_pairs():
        if f" {phrase} " in padded or (
            " " not in phrase
            and len(phrase) >= 5
            # A typo keeps the first letter and about the length; only those are compared.
            and any(
                word[0] == phrase[0]
                and abs(len(word) - len(phrase)) <= 2
                and difflib.SequenceMatcher(None, phrase, word).ratio() >= 0.85
                for word in words
            )
        ):
            found.add(term_id)
    if not found:
        return []
    return list(TaxonomyTerm.objects.filter(id__in=found).order_by("code"))


def _local_ids(filters: SearchFilters) -> set[uuid.UUID]:
    if filters.municipality is None:
        return set()
    return set(
        ServiceArea.objects.filter(municipality=filters.municipality).values_list(
            "service_id", flat=True
        )
    )


def _filtered(filters: SearchFilters, local: set[uuid.UUID] | None = None) -> QuerySet[Service]:
    services = Service.objects.exclude(status=ServiceStatus.DEFUNCT)
    if filters.municipality is None:
        # Without a municipality, only national services: a list of every municipality's
        # health station helps nobody, so the page asks for the municipality instead.
        services = services.filter(is_national=True)
    else:
        # The few ids in scope (two index lookups) rather than an OR over the whole country.
        local = _local_ids(filters) if local is None else local
        services = services.filter(Q(id__in=local) | Q(is_national=True))
    if filters.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age),
        )
    for term in (filters.need, filters.sector):
        if term is not None:
            services = services.filter(
                id__in=Attribute.objects.filter(link_entity="service", taxonomy_term=term).values(
                    "link_id"
                )
            )
    if filters.self_referral:
        services = services.filter(self_referral=True)
    if filters.language:
        services = services.filter(
            id__in=Language.objects.filter(
                Q(code__iexact=filters.language) | Q(name__iexact=filters.language)
            ).values("service_id")
        )
    return services


def service_search(
    *, text: str, filters: SearchFilters, page: int = 1, per_page: int = 20
) -> SearchPage:
    """Rank services for plain-language text and filters. A fixed number of queries."""
    text = text.strip()
    understood = thesaurus_needs(text=text) if text else []
    local = _local_ids(filters)
    candidates = _filtered(filters, local)
    text_scores: dict[uuid.UUID, float] = {}
    expansion_scores: dict[uuid.UUID, float] = {}
    scope = filters.municipality.number if filters.municipality else NATIONAL_ONLY
    if text:
        # Query expansion: "deppa" also searches for the words of the need it means.
        text_scores, expansion_scores = search_scores(
            text,
            expansion=" ".join(term.name for term in understood),
            municipality_number=scope,
        )
        matched = list(text_scores.keys() | expansion_scores.keys())
        rows = list(candidates.filter(id__in=matched).values_list("id", "name", "self_referral"))
        if understood:
            # Services of that need whose text did not match: the best few by what ranks them
            # next, so a need shared by thousands of services nationally stays cheap.
            need_only = (
                candidates.exclude(id__in=matched)
                .filter(
                    id__in=Attribute.objects.filter(
                        link_entity="service", taxonomy_term__in=understood
                    ).values("link_id")
                )
                .order_by("-self_referral" if filters.young_person else "name", "name")
            )
            rows += list(need_only.values_list("id", "name", "self_referral")[:MAX_NEED_ONLY])
    else:
        rows = list(candidates.values_list("id", "name", "self_referral"))
    ids = [row[0] for row in rows]

    need_hits: set[uuid.UUID] = set()
    need_counts: dict[uuid.UUID, int] = {}
    if understood or filters.need:
        wanted = {term.id for term in understood} | ({filters.need.id} if filters.need else set())
        for service_id, term_id in Attribute.objects.filter(
            link_entity="service", link_id__in=ids, taxonomy_term__code__startswith="need:"
        ).values_list("link_id", "taxonomy_term_id"):
            need_counts[service_id] = need_counts.get(service_id, 0) + 1
            if term_id in wanted:
                need_hits.add(service_id)
    best_text = max(text_scores.values(), default=0.0) or 1.0
    best_expansion = max(expansion_scores.values(), default=0.0) or 1.0

    def score(row: tuple[uuid.UUID, str, bool]) -> tuple[float, str]:
        service_id, name, self_referral = row
        matched_need = service_id in need_hits
        value = (
            WEIGHT_NEED * matched_need
            + WEIGHT_TEXT * text_scores.get(service_id, 0.0) / best_text
            + WEIGHT_EXPANSION * expansion_scores.get(service_id, 0.0) / best_expansion
            + WEIGHT_FOCUS * matched_need / max(1, need_counts.get(service_id, 1))
            + WEIGHT_LOCAL * (service_id in local)
            + WEIGHT_SELF_REFERRAL * (filters.young_person and self_referral)
        )
        return (-value, name)

    rows.sort(key=score)
    if text and rows:
        # Weak matches (a shared syllable, a common word) would bury the answer; keep results
        # that score at least a fraction of the best one.
        floor = -score(rows[0])[0] * RELEVANCE_FLOOR
        rows = [row for row in rows if -score(row)[0] >= floor]
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(1, page), pages)
    page_ids = [row[0] for row in rows[(page - 1) * per_page : page * per_page]]
    by_id = {
        service.id: service
        for service in services_for_cards(Service.objects.filter(id__in=page_ids))
    }
    return SearchPage(
        services=[by_id[service_id] for service_id in page_ids],
        total=len(rows),
        page=page,
        pages=pages,
        understood=understood,
    )


def services_for_cards(services: QuerySet[Service]) -> QuerySet[Service]:
    """What a result card shows, in a fixed number of queries (no more: it runs per search)."""
    return services.select_related("organization", "organization__municipality").prefetch_related(
        "phones",
        "schedules",
        "service_areas",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                "location__addresses"
            ),
        ),
    )


def services_for_display(services: QuerySet[Service]) -> QuerySet[Service]:
    """Everything a service page or the overview shows, in a fixed number of queries."""
    return services_for_cards(services).prefetch_related(
        "languages", "service_at_locations__location__schedules"
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
        services_for_display(_filtered(SearchFilters(municipality=municipality)).order_by("name"))
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
