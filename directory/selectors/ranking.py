"""Ranking services for plain words and filters: the directory's search."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from directory.models import (
    Attribute,
    Language,
    Service,
    ServiceArea,
    ServiceStatus,
    TaxonomyTerm,
)
from directory.search import search_candidates
from directory.selectors.cards import ServiceCard, service_cards
from directory.selectors.thesaurus import thesaurus_needs
from municipalities.models import Municipality

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
    cards: list[ServiceCard]
    total: int
    page: int
    pages: int
    understood: list[TaxonomyTerm] = field(default_factory=list)

    @property
    def services(self) -> list[Service]:
        return [card.service for card in self.cards]


def services_filtered(*, filters: SearchFilters) -> QuerySet[Service]:
    """The services in scope for these filters (search ranks among them)."""
    services = Service.objects.exclude(status=ServiceStatus.DEFUNCT)
    if filters.municipality is None:
        # Without a municipality, only national services: a list of every municipality's
        # health station helps nobody, so the page asks for the municipality instead.
        services = services.filter(is_national=True)
    else:
        # The municipality's services and the national ones as one union of two index lookups,
        # rather than an OR that reads every service in the country.
        local = ServiceArea.objects.filter(municipality=filters.municipality).values("service_id")
        national = Service.objects.filter(is_national=True).order_by().values("id")
        services = services.filter(id__in=local.union(national))
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


class _Candidate(NamedTuple):
    id: uuid.UUID
    name: str
    self_referral: bool
    local: bool  # offered in the chosen municipality (not only nationally)
    understood: bool  # has a need the thesaurus found in the words
    needs: int  # how many needs it has
    text: float  # text relevance, 0 when the words do not match
    expansion: float  # relevance for the words of the needs understood


_CANDIDATE_FIELDS = ("name", "self_referral", "local", "understood", "needs")


def _candidates(filters: SearchFilters, understood: list[TaxonomyTerm]) -> QuerySet[Service]:
    """The services in scope with what ranks them besides the text, as correlated subqueries:
    the scope is a municipality's few dozen services, so they stay cheap."""
    service_attributes = Attribute.objects.filter(link_entity="service", link_id=OuterRef("pk"))
    local: Exists | Value = (
        Exists(
            ServiceArea.objects.filter(service=OuterRef("pk"), municipality=filters.municipality)
        )
        if filters.municipality
        else Value(False)
    )
    has_understood: Exists | Value = (
        Exists(service_attributes.filter(taxonomy_term__in=understood))
        if understood
        else Value(False)
    )
    # COUNT as a plain function, not an aggregate, so the subquery has no GROUP BY and gives 0.
    needs: Subquery | Value = (
        Subquery(
            service_attributes.filter(taxonomy_term__code__startswith="need:")
            .annotate(count=Func(F("pk"), function="COUNT", output_field=IntegerField()))
            .values("count")
        )
        if understood or filters.need
        else Value(0)
    )
    return services_filtered(filters=filters).annotate(
        local=local, understood=has_understood, needs=needs
    )


def service_search(
    *, text: str, filters: SearchFilters, page: int = 1, per_page: int = 20
) -> SearchPage:
    """Rank services for plain-language text and filters, in a fixed number of queries whatever
    the number of results: on PostgreSQL one to rank the candidates and two for the page's cards
    (SQLite adds one or two full-text queries)."""
    text = text.strip()
    understood = thesaurus_needs(text=text) if text else []
    candidates = _candidates(filters, understood)
    # Query expansion: "deppa" also searches for the words of the need it means.
    rows = [
        _Candidate._make(row)
        for row in search_candidates(
            candidates,
            text=text,
            expansion=" ".join(term.name for term in understood),
            fields=_CANDIDATE_FIELDS,
        )
    ]
    if text:
        # What the words match, and the services of a need they point to whose text does not.
        rows = [row for row in rows if row.text or row.expansion or row.understood]
    best_text = max((row.text for row in rows), default=0.0) or 1.0
    best_expansion = max((row.expansion for row in rows), default=0.0) or 1.0

    def score(row: _Candidate) -> tuple[float, str]:
        # The need filter keeps only services of that need, so each candidate matches it.
        matched_need = row.understood or filters.need is not None
        value = (
            WEIGHT_NEED * matched_need
            + WEIGHT_TEXT * row.text / best_text
            + WEIGHT_EXPANSION * row.expansion / best_expansion
            + WEIGHT_FOCUS * matched_need / max(1, row.needs)
            + WEIGHT_LOCAL * row.local
            + WEIGHT_SELF_REFERRAL * (filters.young_person and row.self_referral)
        )
        return (-value, row.name)

    rows.sort(key=score)
    if text and rows:
        # Weak matches (a shared syllable, a common word) would bury the answer; keep results
        # that score at least a fraction of the best one.
        floor = -score(rows[0])[0] * RELEVANCE_FLOOR
        rows = [row for row in rows if -score(row)[0] >= floor]
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(1, page), pages)
    return SearchPage(
        cards=service_cards(
            service_ids=[row.id for row in rows[(page - 1) * per_page : page * per_page]]
        ),
        total=len(rows),
        page=page,
        pages=pages,
        understood=understood,
    )
