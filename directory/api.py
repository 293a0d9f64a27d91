"""The public, read-only HSDS 3.0 API (../shared/standards/hsds-3.0/schema/openapi.json).

Directory data is public: no log-in, any web site may read it (CORS) and any cache may keep it
for five minutes. Bad query parameters answer 400 and unknown ids 404, both as RFC 9457 problem
details (core.api.problems, in English). Query parameters combine (AND), as the HSDS API
reference says. Each view runs a fixed number of queries whatever the page size (core.api.pages).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import wraps
from http import HTTPStatus
from typing import ParamSpec, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import parse_etags
from django.views.decorators.csrf import csrf_exempt

from core.api.pages import Page, page_of
from core.api.problems import ProblemError
from core.text import LINE_MAX, text_clean
from directory.hsds_out import (
    Json,
    organization_list_item_to_hsds,
    organization_to_hsds,
    organizations_for_hsds,
    organizations_to_hsds,
    service_at_location_list_for_hsds,
    service_at_location_list_item_to_hsds,
    service_at_location_to_hsds,
    service_at_locations_for_hsds,
    service_at_locations_to_hsds,
    service_list_for_hsds,
    service_list_item_to_hsds,
    service_to_hsds,
    services_for_hsds,
    services_to_hsds,
    taxonomy_term_to_hsds,
    taxonomy_terms_for_hsds,
    taxonomy_to_hsds,
)
from directory.hsds_profile import PROFILE_FIELDS, PROFILE_PATH, profile_index, profile_schema
from directory.models import (
    Attribute,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.selectors.ranking import service_ranking

HSDS_VERSION = "3.0"
# The API follows the standard's OpenAPI document; its entities carry the Norwegian profile's
# fields (directory.hsds_profile), whose schemas it serves under /api/hsds/profile/.
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PAGE = 1_000_000
# A search answers at most this many services, best first (the page shows far fewer).
MAX_SEARCH_RESULTS = 1000
CACHE_SECONDS = 300

M = TypeVar("M", bound=Model)
P = ParamSpec("P")


ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# The standard's paging and format parameters, which every list takes.
_PAGING = ("search", "page", "per_page", "format")


def _endpoint(
    *parameters: str,
) -> Callable[[Callable[P, HttpResponse]], Callable[P, HttpResponse]]:
    """A public, read-only HSDS endpoint taking these query parameters.

    Every error is problem details. GET and HEAD are answered (HEAD without the body), OPTIONS as
    a CORS preflight, every other method 405 with `Allow` (the API writes nothing, so it needs no
    CSRF token: a POST gets the 405, not Django's CSRF page). A query parameter the endpoint does
    not take answers 400 naming it: an answer that ignored it would look like a filtered one.
    Successful answers carry an `ETag`, and `If-None-Match` with it answers 304. Browsers on any
    site and caches may read every answer, errors included: none of it depends on who asks."""
    allowed = frozenset(parameters)

    def decorate(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            request = args[0]
            if not isinstance(request, HttpRequest):  # pragma: no cover - a view's first argument
                raise TypeError(request)
            try:
                response = _answer(request, view, allowed, *args, **kwargs)
            except ProblemError as problem:
                response = problem.response(public=True)
            return _headers(request, response)

        return login_not_required(csrf_exempt(wrapper))

    return decorate


def _answer(
    request: HttpRequest,
    view: Callable[P, HttpResponse],
    allowed: frozenset[str],
    *args: P.args,
    **kwargs: P.kwargs,
) -> HttpResponse:
    if request.method == "OPTIONS":
        return _preflight(request)
    if request.method not in ("GET", "HEAD"):
        raise ProblemError(
            HTTPStatus.METHOD_NOT_ALLOWED,
            f"{request.method} is not allowed: the HSDS API is read-only.",
            headers={"Allow": ALLOWED_METHODS},
        )
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        names = ", ".join(unknown)
        raise ProblemError(
            HTTPStatus.BAD_REQUEST,
            f"Unknown query parameter(s): {names}. This path takes: "
            f"{', '.join(sorted(allowed)) or 'none'}.",
            parameter=unknown[0],
            parameters=unknown,
        )
    return view(*args, **kwargs)


def _preflight(request: HttpRequest) -> HttpResponse:
    """A CORS preflight (or a plain OPTIONS): which methods and headers a page may use."""
    response = HttpResponse(status=HTTPStatus.NO_CONTENT)
    response["Allow"] = ALLOWED_METHODS
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    asked = request.headers.get("Access-Control-Request-Headers", "")
    # Only conditional and content-negotiation headers matter to a read-only API.
    response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
    if asked:
        response["Vary"] = "Access-Control-Request-Headers"
    response["Access-Control-Max-Age"] = str(CACHE_SECONDS)
    return response


def _headers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Allow"
    if response.status_code == HTTPStatus.OK:
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        wanted = request.headers.get("If-None-Match", "")
        if wanted and (wanted.strip() == "*" or etag in parse_etags(wanted)):
            not_modified = HttpResponseNotModified()
            for name in ("ETag", "Cache-Control", "Access-Control-Allow-Origin", "Vary"):
                if name in response:
                    not_modified[name] = response[name]
            return not_modified
    if request.method == "HEAD":
        # The headers of the GET, Content-Length included, without the body.
        length = len(response.content)
        response.content = b""
        response["Content-Length"] = str(length)
    return response


def _pk(value: str, entity: str) -> uuid.UUID:
    """The id in the path; one that is not a UUID names nothing, so it answers 404 too."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ProblemError(
            HTTPStatus.NOT_FOUND, f"There is no {entity} with the id {value[:100]!r}."
        ) from None


def _json(data: Json) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# --- query parameters -------------------------------------------------------------------------


def _bad(name: str, detail: str) -> ProblemError:
    return ProblemError(HTTPStatus.BAD_REQUEST, detail, parameter=name)


def _text(request: HttpRequest, name: str) -> str:
    """The parameter as a single-line text (core.text): a NUL, a control character or a text
    longer than LINE_MAX answers 400 naming the parameter, before anything reaches the
    database (PostgreSQL refuses NUL with an error)."""
    try:
        return text_clean(request.GET.get(name, ""), multiline=False, max_length=LINE_MAX).strip()
    except ValidationError as error:
        raise _bad(name, f"{name}: {' '.join(error.messages)}") from None


def _whole_number(request: HttpRequest, name: str, *, default: int, maximum: int) -> int:
    value = _text(request, name)
    if not value:
        return default
    # The length check comes first: int() refuses strings of thousands of digits with an error.
    digits = value.isascii() and value.isdigit() and len(value) <= len(str(maximum))
    if digits and 1 <= int(value) <= maximum:
        return int(value)
    raise _bad(name, f"{name} must be a whole number from 1 to {maximum}.")


def _uuid(request: HttpRequest, name: str) -> uuid.UUID | None:
    value = _text(request, name)
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _bad(name, f"{name} must be a UUID.") from None


def _flag(request: HttpRequest, name: str) -> bool:
    value = _text(request, name).lower()
    if value not in {"", "true", "false"}:
        raise _bad(name, f"{name} must be true or false.")
    return value == "true"


def _moment(request: HttpRequest, name: str) -> datetime | None:
    value = _text(request, name)
    if not value:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise _bad(
            name,
            f"{name} must be an ISO 8601 date-time, e.g. 2025-01-31T12:00:00Z "
            "(in a URL, write + in an offset as %2B).",
        )
    # Without an offset, the time is read as Norwegian time, as everywhere in the directory.
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _refuse_unsupported(request: HttpRequest, *names: str) -> None:
    """Parameters of the standard this API does not implement: an answer that ignored them
    would look like a filtered one."""
    for name in names:
        if _text(request, name):
            raise _bad(name, f"{name} is not supported by this API.")
    if _text(request, "format").lower() not in {"", "json"}:
        raise _bad("format", "format must be json: this API does not stream other formats.")


# --- filters ----------------------------------------------------------------------------------

_SEARCH_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Service: ("name", "description"),
    Organization: ("name", "description"),
    ServiceAtLocation: ("service__name", "service__description", "location__name", "description"),
    Taxonomy: ("name", "description"),
    TaxonomyTerm: ("name", "description"),
}


def _search_filter(queryset: QuerySet[M], text: str) -> QuerySet[M]:
    """A plain substring match, until the directory's real search takes its place."""
    condition = Q()
    for field in _SEARCH_FIELDS[queryset.model]:
        condition |= Q(**{f"{field}__icontains": text})
    return queryset.filter(condition)


def _ranked_page(request: HttpRequest, queryset: QuerySet[Service], text: str) -> Page[Service]:
    """Services: the directory page's engine and ranking over the services this list would
    show, best first (issue 14), whether or not they have a municipality. The ranking is read
    as ids, at most MAX_SEARCH_RESULTS of them; only the page's services are fetched, and put in
    the ranking's order here rather than by the database over every hit."""
    ranked = service_ranking(text=text, scope=queryset.order_by())[:MAX_SEARCH_RESULTS]
    number = _whole_number(request, "page", default=1, maximum=MAX_PAGE)
    per_page = _whole_number(request, "per_page", default=DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE)
    start = (number - 1) * per_page
    ids = ranked[start : start + per_page]
    found = {service.id: service for service in queryset.filter(id__in=ids)} if ids else {}
    return Page(
        items=[found[service_id] for service_id in ids if service_id in found],
        number=number,
        per_page=per_page,
        total_items=len(ranked),
    )


def _tagged(entity: str, **term: uuid.UUID) -> QuerySet[Attribute, uuid.UUID]:
    """Ids of the `entity` rows that have an attribute with a term matching `term`."""
    return Attribute.objects.filter(link_entity=entity, **term).values_list("link_id", flat=True)


def _term_filters(request: HttpRequest) -> list[dict[str, uuid.UUID]]:
    """One filter per given parameter, so a row must match each (maybe by different terms)."""
    filters = []
    if term_id := _uuid(request, "taxonomy_term_id"):
        filters.append({"taxonomy_term_id": term_id})
    if taxonomy_id := _uuid(request, "taxonomy_id"):
        filters.append({"taxonomy_term__taxonomy_id": taxonomy_id})
    return filters


def _searched(request: HttpRequest, queryset: QuerySet[M]) -> QuerySet[M]:
    if text := _text(request, "search"):
        queryset = _search_filter(queryset, text)
    return queryset


def _modified_after(request: HttpRequest, queryset: QuerySet[M]) -> QuerySet[M]:
    # "Modified on or after", as the standard defines the parameter.
    if moment := _moment(request, "modified_after"):
        queryset = queryset.filter(last_modified__gte=moment)
    return queryset


# --- pages ------------------------------------------------------------------------------------


def _page(
    request: HttpRequest,
    queryset: QuerySet[M] | Page[M],
    serialize: Callable[[Sequence[M]], list[Json]],
) -> JsonResponse:
    """The openapi Page: 1-based page numbers; `size` counts the entities on this page. Given a
    queryset, the page is read from it; given a Page, it is answered as it is."""
    page = (
        queryset
        if isinstance(queryset, Page)
        else page_of(
            queryset,
            number=_whole_number(request, "page", default=1, maximum=MAX_PAGE),
            per_page=_whole_number(
                request, "per_page", default=DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE
            ),
        )
    )
    contents = serialize(page.items)
    return _json(
        {
            "total_items": page.total_items,
            "total_pages": page.total_pages,
            "page_number": page.number,
            "size": len(contents),
            "first_page": page.number == 1,
            "last_page": page.number >= page.total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _one(queryset: QuerySet[M], entity: str, pk: uuid.UUID) -> M:
    found = list(queryset)
    if not found:
        raise ProblemError(HTTPStatus.NOT_FOUND, f"There is no {entity} with the id {pk}.")
    return found[0]


def _each(serialize: Callable[[M], Json]) -> Callable[[Sequence[M]], list[Json]]:
    return lambda items: [serialize(item) for item in items]


# --- views ------------------------------------------------------------------------------------


@_endpoint()
def api_root(request: HttpRequest) -> HttpResponse:
    profile = request.build_absolute_uri(PROFILE_PATH)
    return _json({"version": HSDS_VERSION, "profile": profile, "openapi_url": OPENAPI_URL})


@_endpoint()
def api_profile(request: HttpRequest) -> HttpResponse:
    return _json(profile_index())


@_endpoint()
def api_profile_schema(request: HttpRequest, entity: str) -> HttpResponse:
    if entity not in PROFILE_FIELDS:
        raise ProblemError(HTTPStatus.NOT_FOUND, f"The profile has no schema {entity[:50]!r}.")
    return _json(profile_schema(entity))


@_endpoint(
    *_PAGING,
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "minimal",
    "full",
)
def api_services(request: HttpRequest) -> HttpResponse:
    _refuse_unsupported(request, "minimal")
    # A sync (modified_after) also gets the services withdrawn since: tombstones, status
    # inactive with their deleted_at.
    services = Service.all_objects if request.GET.get("modified_after") else Service.objects
    queryset = services.all()
    for term in _term_filters(request):
        queryset = queryset.filter(id__in=_tagged("service", **term))
    if organization_id := _uuid(request, "organization_id"):
        queryset = queryset.filter(organization_id=organization_id)
    queryset = _modified_after(request, queryset).order_by("name", "id")
    full = _flag(request, "full")
    queryset = services_for_hsds(queryset) if full else service_list_for_hsds(queryset)
    serialize = services_to_hsds if full else _each(service_list_item_to_hsds)
    if text := _text(request, "search"):
        return _page(request, _ranked_page(request, queryset, text), serialize)
    return _page(request, queryset, serialize)


@_endpoint()
def api_service(request: HttpRequest, service_id: str) -> HttpResponse:
    pk = _pk(service_id, "service")
    service = _one(services_for_hsds(Service.objects.filter(id=pk)), "service", pk)
    return _json(service_to_hsds(service))


@_endpoint(*_PAGING, "full", "full_service", "taxonomy_term_id", "taxonomy_id", "modified_after")
def api_organizations(request: HttpRequest) -> HttpResponse:
    _refuse_unsupported(request)
    queryset = _searched(request, Organization.objects.all())
    # An organisation has a term when it or one of its services has it.
    for term in _term_filters(request):
        services = Service.objects.filter(id__in=_tagged("service", **term))
        queryset = queryset.filter(
            Q(id__in=_tagged("organization", **term)) | Q(id__in=services.values("organization_id"))
        )
    queryset = _modified_after(request, queryset).order_by("name", "id")
    # Full services only exist inside full organisations, so asking for them implies `full`.
    full_services = _flag(request, "full_service")
    if _flag(request, "full") or full_services:
        return _page(
            request,
            organizations_for_hsds(queryset, full_services=full_services),
            lambda page: organizations_to_hsds(page, full_services=full_services),
        )
    return _page(request, queryset, _each(organization_list_item_to_hsds))


@_endpoint("full_service")
def api_organization(request: HttpRequest, organization_id: str) -> HttpResponse:
    pk = _pk(organization_id, "organization")
    full_services = _flag(request, "full_service")
    queryset = organizations_for_hsds(
        Organization.objects.filter(id=pk), full_services=full_services
    )
    organization = _one(queryset, "organization", pk)
    return _json(organization_to_hsds(organization, full_services=full_services))


@_endpoint(
    *_PAGING,
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "full",
    "postcode",
    "proximity",
)
def api_service_at_locations(request: HttpRequest) -> HttpResponse:
    _refuse_unsupported(request, "postcode", "proximity")
    queryset = _searched(request, ServiceAtLocation.objects.filter(service__deleted_at=None))
    # A service at a location has a term when it or its service has it.
    for term in _term_filters(request):
        queryset = queryset.filter(
            Q(id__in=_tagged("service_at_location", **term))
            | Q(service_id__in=_tagged("service", **term))
        )
    if organization_id := _uuid(request, "organization_id"):
        queryset = queryset.filter(service__organization_id=organization_id)
    queryset = _modified_after(request, queryset).order_by("service__name", "location__name", "id")
    if _flag(request, "full"):
        return _page(request, service_at_locations_for_hsds(queryset), service_at_locations_to_hsds)
    return _page(
        request,
        service_at_location_list_for_hsds(queryset),
        _each(service_at_location_list_item_to_hsds),
    )


@_endpoint()
def api_service_at_location(request: HttpRequest, service_at_location_id: str) -> HttpResponse:
    pk = _pk(service_at_location_id, "service_at_location")
    queryset = service_at_locations_for_hsds(
        ServiceAtLocation.objects.filter(id=pk, service__deleted_at=None)
    )
    sal = _one(queryset, "service_at_location", pk)
    return _json(service_at_location_to_hsds(sal))


@_endpoint(*_PAGING)
def api_taxonomies(request: HttpRequest) -> HttpResponse:
    _refuse_unsupported(request)
    queryset = _searched(request, Taxonomy.objects.order_by("name", "id"))
    return _page(request, queryset, _each(taxonomy_to_hsds))


@_endpoint()
def api_taxonomy(request: HttpRequest, taxonomy_id: str) -> HttpResponse:
    pk = _pk(taxonomy_id, "taxonomy")
    taxonomy = _one(Taxonomy.objects.filter(id=pk), "taxonomy", pk)
    return _json(taxonomy_to_hsds(taxonomy))


@_endpoint(*_PAGING, "taxonomy_id", "top_only", "parent_id")
def api_taxonomy_terms(request: HttpRequest) -> HttpResponse:
    _refuse_unsupported(request)
    queryset = _searched(request, TaxonomyTerm.objects.all())
    if taxonomy_id := _uuid(request, "taxonomy_id"):
        queryset = queryset.filter(taxonomy_id=taxonomy_id)
    if parent_id := _uuid(request, "parent_id"):
        queryset = queryset.filter(parent_id=parent_id)
    # "top_only": the terms at the top of their tree, those without a parent.
    if _flag(request, "top_only"):
        queryset = queryset.filter(parent__isnull=True)
    queryset = taxonomy_terms_for_hsds(queryset).order_by("taxonomy__name", "code", "name", "id")
    return _page(request, queryset, _each(taxonomy_term_to_hsds))


@_endpoint()
def api_taxonomy_term(request: HttpRequest, taxonomy_term_id: str) -> HttpResponse:
    pk = _pk(taxonomy_term_id, "taxonomy_term")
    queryset = taxonomy_terms_for_hsds(TaxonomyTerm.objects.filter(id=pk))
    return _json(taxonomy_term_to_hsds(_one(queryset, "taxonomy_term", pk)))


@_endpoint()
def api_not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other path under /api/hsds/: problem details, not the site's HTML page."""
    raise ProblemError(HTTPStatus.NOT_FOUND, f"There is no path /api/hsds/{rest[:100]} here.")
