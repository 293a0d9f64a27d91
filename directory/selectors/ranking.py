"""Ranking services for plain words and filters: the directory's search."""

from __future__ import annotations

import functools
import re
import uuid
from dataclasses import dataclass, field
from typing import Any, NamedTuple

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
from django.db.models.expressions import CombinedExpression

from directory.models import (
    Attribute,
    ClassificationStatus,
    Language,
    Phone,
    Service,
    ServiceArea,
    ServiceClassification,
    ServiceStatus,
    TaxonomyTerm,
)
from directory.search import (
    DIRECTORY_STOP_WORDS,
    MAX_QUERY_WORDS,
    STOP_WORDS,
    base_form,
    compound_split,
    everyday_words,
    everyday_words_of,
    query_variants,
    query_words,
    search_candidates,
    word_form,
)
from directory.selectors.cards import ServiceCard, service_cards
from directory.selectors.thesaurus import (
    DANGER_NEEDS,
    is_danger,
    thesaurus_needs,
    thesaurus_suggestions,
)
from municipalities.models import Municipality

RELEVANCE_FLOOR = 0.4
_WORD = re.compile(r"\w+")

# How much each signal weighs. The needs that the words point to come first (a service meeting
# all of them before one meeting a few); within them, services whose text matches the words (or
# the needs' own names) and that focus on few needs; then local services; then, for a young
# person, services they can contact themselves. When the words speak of danger, services for
# acute help that anyone can reach directly count as near as local ones, wherever they are.
# Services for ages the searcher is past lose most of their weight, unless the words name them.
WEIGHT_NEED = 3.0
WEIGHT_TEXT = 2.0
WEIGHT_EXPANSION = 1.0
WEIGHT_FOCUS = 0.5
WEIGHT_LOCAL = 1.0
WEIGHT_SELF_REFERRAL = 0.5
WEIGHT_TOO_YOUNG = -4.0
# A need suggested from the service's own text counts this much of one set by hand or confirmed
# by the owner (issue 18).
WEIGHT_SUGGESTED = 0.8
# Words that name the service ("helsesøster på skolen" → "Skolehelsetjenesten"): this much when
# every word of the query is in its name (its words or their compound parts), a share for some.
WEIGHT_NAME = 1.25
# A local service that answers the words (its text, or a need they point to) comes before the
# national ones that answer them too (issue 18); in danger the helplines anyone can call count
# as local, so they stay among the first.
WEIGHT_LOCAL_ANSWER = 1.5
# Words that name an age ("babyen", "tenåringen") favour the services for that age band, set by
# hand or classified from their text.
WEIGHT_AGE_BAND = 1.0
AGE_QUERY_WORDS: dict[str, tuple[str, ...]] = {
    "baby": ("age:0-5",),
    "babyen": ("age:0-5",),
    "spedbarn": ("age:0-5",),
    "nyfødt": ("age:0-5",),
    "småbarn": ("age:0-5",),
    "barnehagebarn": ("age:0-5",),
    "toddler": ("age:0-5",),
    "tenåring": ("age:13-15", "age:16-18"),
    "tenåringen": ("age:13-15", "age:16-18"),
    "tenåringer": ("age:13-15", "age:16-18"),
    "teenager": ("age:13-15", "age:16-18"),
    "ungdomsskoleelev": ("age:13-15",),
    "russ": ("age:16-18",),
}

CRISIS_NEED = "need:crisis"
# The youngest a young person searching ("I am young") is taken to be: services that end before
# it are for younger children and their parents.
YOUNG_PERSON_AGE = 13
# Whoever writes about themself ("jeg blir slått") is of school age at least.
SELF_SEARCHER_AGE = 6
# A word names a service when a word of its name is the word's stem and at most this much more
# ("barnehagen" names "Heistad barnehage"; "foreldre" does not name "Foreldreveiledning").
NAME_STEM_SLACK = 3
NAME_FORM_MIN = 4
# The helplines shown when nothing is found: national, for this age, at most this many.
HELPLINE_AGE = 15
HELPLINES_SHOWN = 5
FIRST_PERSON_WORDS = frozenset({"jeg", "meg", "eg", "æ", "jæ", "me", "my", "myself"})


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
    danger: bool = False  # the words speak of violence, abuse or a crisis
    local: int = 0  # how many of the services found are offered in the chosen municipality
    # When nothing is found: helplines a young person can always call, and words to try.
    helplines: list[ServiceCard] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

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
            # Set by hand, or confirmed by the owner from the service's text (issue 18).
            services = services.filter(
                Q(
                    id__in=Attribute.objects.filter(
                        link_entity="service", taxonomy_term=term
                    ).values("link_id")
                )
                | Q(
                    id__in=ServiceClassification.objects.filter(
                        taxonomy_term=term, status=ClassificationStatus.CONFIRMED
                    ).values("service_id")
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
    maximum_age: int | None
    local: bool  # offered in the chosen municipality (not only nationally)
    understood: int  # how many of the needs the thesaurus found in the words it has
    suggested: int  # how many of them are only suggested from its text
    needs: int  # how many needs it has
    crisis: bool  # meets the need for acute help
    age_band: bool  # is for an age band the words name
    age_bands: int  # how many age bands it is for (set or classified), when the words name one
    text: float  # text relevance, 0 when the words do not match
    expansion: float  # relevance for the words of the needs understood


_CANDIDATE_FIELDS = (
    "name",
    "self_referral",
    "maximum_age",
    "local",
    "understood",
    "suggested",
    "needs",
    "crisis",
    "age_band",
    "age_bands",
)


def _count(attributes: QuerySet[Attribute] | QuerySet[ServiceClassification]) -> Subquery:
    # COUNT as a plain function, not an aggregate, so the subquery has no GROUP BY and gives 0.
    return Subquery(
        attributes.annotate(
            count=Func(F("pk"), function="COUNT", output_field=IntegerField())
        ).values("count")
    )


def _candidates(
    filters: SearchFilters,
    understood: list[TaxonomyTerm],
    *,
    danger: bool,
    ages_named: list[str],
    scope: QuerySet[Service] | None = None,
) -> QuerySet[Service]:
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
    classified = ServiceClassification.objects.filter(service=OuterRef("pk"))
    matched: CombinedExpression | Value = (
        _count(service_attributes.filter(taxonomy_term__in=understood))
        + _count(
            classified.filter(taxonomy_term__in=understood, status=ClassificationStatus.CONFIRMED)
        )
        if understood
        else Value(0)
    )
    # A need of danger suggested by words in a text does not count: for words of danger the
    # services set or confirmed for acute help lead, and the helplines stay in the results.
    calm = [term for term in understood if term.code not in DANGER_NEEDS]
    suggested: Subquery | Value = (
        _count(classified.filter(taxonomy_term__in=calm, status=ClassificationStatus.SUGGESTED))
        if calm
        else Value(0)
    )
    needs: Subquery | Value = (
        _count(service_attributes.filter(taxonomy_term__code__startswith="need:"))
        if understood or filters.need
        else Value(0)
    )
    crisis: Exists | Value = (
        Exists(service_attributes.filter(taxonomy_term__code=CRISIS_NEED))
        if danger
        else Value(False)
    )
    bands = [code for word in ages_named for code in AGE_QUERY_WORDS[word]]
    age_band: Q | Value = (
        Exists(service_attributes.filter(taxonomy_term__code__in=bands))
        | Exists(
            classified.filter(taxonomy_term__code__in=bands).exclude(
                status=ClassificationStatus.REJECTED
            )
        )
        if bands
        else Value(False)
    )
    age_bands: CombinedExpression | Value = (
        _count(service_attributes.filter(taxonomy_term__code__startswith="age:"))
        + _count(
            classified.filter(taxonomy_term__code__startswith="age:").exclude(
                status=ClassificationStatus.REJECTED
            )
        )
        if bands
        else Value(0)
    )
    base = services_filtered(filters=filters) if scope is None else scope
    return base.annotate(
        local=local,
        understood=matched,
        suggested=suggested,
        needs=needs,
        crisis=crisis,
        age_band=age_band,
        age_bands=age_bands,
    )


def _needs_kept(understood: list[TaxonomyTerm], ages_named: list[str]) -> list[QuerySet[Any]]:
    """The ids of the services that rank for a need the words point to or an age they name
    whatever their text (those with `understood`, `suggested` or `age_band` in _candidates):
    set by hand or classified from their text, unless the classification was rejected."""
    bands = [code for word in ages_named for code in AGE_QUERY_WORDS[word]]
    terms = Q(taxonomy_term__in=understood) | Q(taxonomy_term__code__in=bands)
    if not understood and not bands:
        return []
    return [
        Attribute.objects.filter(terms, link_entity="service").values("link_id"),
        ServiceClassification.objects.filter(terms)
        .exclude(status=ClassificationStatus.REJECTED)
        .values("service_id"),
    ]


def _answers(row: _Candidate) -> bool:
    """Whether the service's own text answers the words (or the needs its text suggests)."""
    return bool(row.text or row.suggested)


def _stems(text: str) -> list[str]:
    """The words of a query that can name a service, cut to a rough stem (barnehagen →
    barnehag) so that inflected forms still name it."""
    return [
        word[: max(4, len(word) - 2)]
        for word in query_words(text)
        if len(word) >= 4 and word not in STOP_WORDS
    ]


def _names(name: str, stems: list[str]) -> bool:
    """Whether the words name the service itself ("barnehageplass"), not just its needs."""
    return any(
        word.startswith(stem) and len(word) - len(stem) <= NAME_STEM_SLACK
        for word in _WORD.findall(name.lower())
        for stem in stems
    )


def _name_words(name: str) -> set[str]:
    """The words of a service's name with their base forms and compound parts."""
    words: set[str] = set()
    for word in _WORD.findall(name.lower()):
        words |= _name_word_forms(word)
    return words


@functools.lru_cache(maxsize=20_000)
def _name_word_forms(word: str) -> frozenset[str]:
    # Names repeat their words across the country ("Helsestasjon", "Leksehjelp"): each word's
    # forms are worked out once.
    return frozenset({word, base_form(word), *compound_split(word)})


def _name_share(name: str, forms: list[set[str]]) -> float:
    """How many of the query's words (each as its forms) the service's name has, as a share."""
    if not forms:
        return 0.0
    words = _name_words(name)
    return sum(
        any(
            form == word
            or (len(form) >= NAME_FORM_MIN and word.startswith(form) and len(word) - len(form) <= 2)
            for form in word_forms
            for word in words
        )
        for word_forms in forms
    ) / len(forms)


def _query_forms(text: str) -> list[set[str]]:
    """Each word of the query that can name something, with its other forms (bokmål, base
    form, compound parts)."""
    forms = []
    for word in query_words(text)[:MAX_QUERY_WORDS]:
        if len(word) < 3 or word in STOP_WORDS or word in DIRECTORY_STOP_WORDS:
            continue
        form = word_form(word)
        forms.append(
            {
                word,
                form,
                base_form(form),
                *compound_split(base_form(form)),
                *everyday_words_of(word),
            }
        )
    return forms


def _searcher_age(text: str, filters: SearchFilters) -> int | None:
    """How old the searcher is at least, when the search says so (an age filter already keeps
    out the services not for that age)."""
    if filters.young_person:
        return YOUNG_PERSON_AGE
    if FIRST_PERSON_WORDS.intersection(query_words(text)):
        return SELF_SEARCHER_AGE
    return None


def _helplines_for_young() -> list[uuid.UUID]:
    """National services a young person can call or write to themself, for the page that found
    nothing: acute help first."""
    crisis = Attribute.objects.filter(
        link_entity="service", link_id=OuterRef("pk"), taxonomy_term__code=CRISIS_NEED
    )
    return list(
        Service.objects.exclude(status=ServiceStatus.DEFUNCT)
        .filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=HELPLINE_AGE),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=HELPLINE_AGE),
            Exists(Phone.objects.filter(service=OuterRef("pk"))),
            is_national=True,
            self_referral=True,
        )
        .annotate(crisis=Exists(crisis))
        .order_by("-crisis", "name")
        .values_list("id", flat=True)[:HELPLINES_SHOWN]
    )


def _ranked(
    text: str, filters: SearchFilters, scope: QuerySet[Service] | None
) -> tuple[list[_Candidate], list[TaxonomyTerm], bool]:
    """The candidates that answer the text, best first, with the needs understood and whether
    the words speak of danger. `scope` replaces the filters' municipality and national
    services as the set searched (the HSDS API searches every service it lists)."""
    text = text.strip()
    understood = thesaurus_needs(text=text) if text else []
    danger = is_danger(understood)
    searcher_age = _searcher_age(text, filters)
    stems = _stems(text)
    forms = _query_forms(text)
    ages_named = [word for word in query_words(text) if word in AGE_QUERY_WORDS]
    candidates = _candidates(filters, understood, danger=danger, ages_named=ages_named, scope=scope)
    # Query expansion: "deppa" also searches for the words of the need it means.
    rows = [
        _Candidate._make(row)
        for row in search_candidates(
            candidates,
            text=query_variants(text),
            expansion=" ".join(term.name for term in understood),
            related=" ".join(everyday_words(text)),
            fields=_CANDIDATE_FIELDS,
            # A scope of the caller's may be the whole country (the HSDS API without an
            # organisation): only what the words match, or a need they point to, is ranked.
            narrow=bool(text) and scope is not None,
            keep=_needs_kept(understood, ages_named),
        )
    ]
    if text:
        # What the words match, and the services of a need they point to whose text does not.
        rows = [
            row
            for row in rows
            if row.text or row.expansion or row.understood or row.suggested or row.age_band
        ]
    names = {row.id: _name_share(row.name, forms) for row in rows}
    best_text = max((row.text for row in rows), default=0.0) or 1.0
    best_expansion = max((row.expansion for row in rows), default=0.0) or 1.0

    def score(row: _Candidate) -> tuple[float, str]:
        # The need filter keeps only services of that need, so each candidate matches it.
        matched_need = (
            min(1.0, (row.understood + WEIGHT_SUGGESTED * row.suggested) / len(understood))
            if understood
            else float(filters.need is not None)
        )
        value = (
            WEIGHT_NEED * matched_need
            + WEIGHT_TEXT * row.text / best_text
            + WEIGHT_EXPANSION * row.expansion / best_expansion
            + WEIGHT_FOCUS * (matched_need > 0) / max(1, row.needs)
            + WEIGHT_SELF_REFERRAL * (filters.young_person and row.self_referral)
        )
        # In danger, a helpline anyone can call is as near as the local emergency service.
        near = row.local or (row.crisis and row.self_referral)
        value += WEIGHT_LOCAL * near
        # In danger only the services for acute help gain it: a local text that shares a word
        # ("leve" in "elever") must not push the helplines out.
        value += WEIGHT_LOCAL_ANSWER * (near and _answers(row) and (not danger or row.crisis))
        # A name with all the words counts much more than one with some of them.
        value += WEIGHT_NAME * names[row.id] ** 2
        # The fewer other ages a service is for, the more it is for the one named.
        value += WEIGHT_AGE_BAND * row.age_band / max(1, row.age_bands)
        if too_young(row):
            value += WEIGHT_TOO_YOUNG
        return (-value, row.name)

    def too_young(row: _Candidate) -> bool:
        # A service only for children younger than the searcher, unless its name is asked for.
        return (
            searcher_age is not None
            and row.maximum_age is not None
            and row.maximum_age < searcher_age
            and not _names(row.name, stems)
        )

    # Each row's score once: the sort and the floor both read it.
    scores = {row.id: score(row) for row in rows}
    rows.sort(key=lambda row: scores[row.id])
    if text and rows:
        # Weak matches (a shared syllable, a common word) would bury the answer; keep results
        # that score at least a fraction of the best one.
        # A local service whose text has the words stays, however far down, unless it is only
        # for children younger than the searcher ("jeg blir slått" is not a kindergarten child).
        floor = -scores[rows[0].id][0] * RELEVANCE_FLOOR
        rows = [
            row
            for row in rows
            if -scores[row.id][0] >= floor or (row.local and row.text and not too_young(row))
        ]
    return rows, understood, danger


def service_ranking(*, text: str, scope: QuerySet[Service]) -> list[uuid.UUID]:
    """The ids of the services of `scope` that answer the text, best first: the directory
    page's engine and ranking, for lists such as the HSDS API's `search` (issue 14)."""
    rows, _understood, _danger = _ranked(text, SearchFilters(), scope)
    return [row.id for row in rows]


def service_search(
    *, text: str, filters: SearchFilters, page: int = 1, per_page: int = 20
) -> SearchPage:
    """Rank services for plain-language text and filters, in a fixed number of queries whatever
    the number of results: on PostgreSQL one to rank the candidates and two for the page's cards
    (SQLite adds one or two full-text queries). When nothing is found, the page has helplines
    for young people and words to try instead (three queries)."""
    text = text.strip()
    rows, understood, danger = _ranked(text, filters, None)
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(1, page), pages)
    if not rows:
        return SearchPage(
            cards=[],
            total=0,
            page=1,
            pages=1,
            understood=understood,
            danger=danger,
            helplines=service_cards(service_ids=_helplines_for_young()),
            suggestions=thesaurus_suggestions(text=text),
        )
    return SearchPage(
        cards=service_cards(
            service_ids=[row.id for row in rows[(page - 1) * per_page : page * per_page]]
        ),
        total=len(rows),
        page=page,
        pages=pages,
        understood=understood,
        danger=danger,
        local=sum(row.local for row in rows),
    )
