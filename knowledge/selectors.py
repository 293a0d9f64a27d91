"""Reading the knowledge base: search with the directory's engine, lists, and what is new."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery, Value

from directory.models import TaxonomyTerm
from directory.search import query_variants, search_candidates
from directory.selectors.ranking import RELEVANCE_FLOOR, WEIGHT_EXPANSION, WEIGHT_NEED, WEIGHT_TEXT
from directory.selectors.thesaurus import thesaurus_needs
from knowledge.access import EditorScopes, readable_q
from knowledge.models import Material, Status
from knowledge.search import MATERIAL_INDEX
from people.models import User

PER_PAGE = 20


@dataclass(frozen=True)
class MaterialFilters:
    kind: str = ""
    audience: str = ""
    need: TaxonomyTerm | None = None
    sector: TaxonomyTerm | None = None
    age: TaxonomyTerm | None = None


@dataclass
class MaterialPage:
    materials: list[Material]
    total: int
    page: int
    pages: int
    understood: list[TaxonomyTerm] = field(default_factory=list)


class _Row(NamedTuple):
    id: uuid.UUID
    title: str
    published_at: datetime.datetime | None
    understood: int
    text: float
    expansion: float


def _count(rows: QuerySet[Any]) -> Subquery:
    # COUNT as a plain function, not an aggregate, so the subquery has no GROUP BY and gives 0.
    return Subquery(
        rows.annotate(total=Func(F("pk"), function="COUNT", output_field=IntegerField())).values(
            "total"
        )
    )


def _with_relations(materials: QuerySet[Material]) -> QuerySet[Material]:
    return materials.select_related("municipality").prefetch_related("audiences", "terms")


def materials_readable(
    *, user: User | AnonymousUser, filters: MaterialFilters | None = None
) -> QuerySet[Material]:
    """The published materials this person may read, narrowed by the filters."""
    materials = Material.objects.filter(readable_q(user=user))
    filters = filters or MaterialFilters()
    if filters.kind:
        materials = materials.filter(kind=filters.kind)
    if filters.audience:
        materials = materials.filter(audiences__audience=filters.audience)
    for term in (filters.need, filters.sector, filters.age):
        if term is not None:
            materials = materials.filter(terms=term)
    return materials


def material_search(
    *,
    user: User | AnonymousUser,
    text: str,
    filters: MaterialFilters | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> MaterialPage:
    """The materials this person may read that answer the words, best first, in a fixed
    number of queries: the ranking (one statement on PostgreSQL; SQLite adds its full-text
    queries), then the page's materials with their audiences and terms.

    The directory's engine and weights: the needs the thesaurus finds in the words (a
    material tagged with all of them first), then text relevance (stemming, word forms,
    typos), then the text of those needs as query expansion. Without words, newest first.
    """
    text = text.strip()
    candidates = materials_readable(user=user, filters=filters).order_by()
    if not text:
        ordered = candidates.order_by("-published_at", "title")
        total = ordered.count()
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        window = ordered[(page - 1) * per_page : page * per_page]
        return MaterialPage(list(_with_relations(window)), total, page, pages)
    understood = thesaurus_needs(text=text)
    # A correlated count, so that a filter on the terms does not narrow what it counts.
    tagged = Material.terms.through.objects.filter(
        material_id=OuterRef("pk"), taxonomyterm_id__in=[term.pk for term in understood]
    )
    candidates = candidates.annotate(understood=_count(tagged) if understood else Value(0))
    rows = [
        _Row._make(row)
        for row in search_candidates(
            candidates,
            text=query_variants(text),
            expansion=" ".join(term.name for term in understood),
            fields=("title", "published_at", "understood"),
            index=MATERIAL_INDEX,
        )
    ]
    rows = [row for row in rows if row.text or row.expansion or row.understood]
    best_text = max((row.text for row in rows), default=0.0) or 1.0
    best_expansion = max((row.expansion for row in rows), default=0.0) or 1.0

    def score(row: _Row) -> float:
        need = row.understood / len(understood) if understood else 0.0
        return (
            WEIGHT_NEED * need
            + WEIGHT_TEXT * row.text / best_text
            + WEIGHT_EXPANSION * row.expansion / best_expansion
        )

    rows.sort(key=lambda row: (-score(row), row.title))
    if rows:
        floor = score(rows[0]) * RELEVANCE_FLOOR
        rows = [row for row in rows if score(row) >= floor]
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(1, page), pages)
    ids = [row.id for row in rows[(page - 1) * per_page : page * per_page]]
    by_id = {m.id: m for m in _with_relations(Material.objects.filter(id__in=ids))}
    return MaterialPage([by_id[i] for i in ids], len(rows), page, pages, understood)


def material_ranking(*, user: User | AnonymousUser, text: str) -> list[uuid.UUID]:
    """The ids of every material that answers the words, best first (for checks)."""
    result = material_search(user=user, text=text, per_page=10_000)
    return [material.id for material in result.materials]


def materials_edited(*, scopes: EditorScopes, page: int | str = 1) -> Page[Material]:
    """The materials an editor curates, drafts first, then newest."""
    materials = _with_relations(
        Material.objects.filter(scopes.q()).order_by("status", "-updated_at", "title")
    )
    return Paginator(materials, PER_PAGE).get_page(page)


def materials_new_public(*, since: datetime.datetime) -> QuerySet[Material]:
    """National materials published after `since`, oldest first: what a digest of new public
    material reports (a routine is never in it; a material unpublished and published again is
    new again)."""
    return _with_relations(
        Material.objects.filter(
            status=Status.PUBLISHED, municipality__isnull=True, published_at__gt=since
        ).order_by("published_at", "title")
    )
