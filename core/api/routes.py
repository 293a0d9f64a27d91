"""Operations and routes: one URL pattern per path, whose view authenticates, parses the input,
calls the operation for the method and answers every expected exception as problem details."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, URLPattern, get_resolver, path, resolve
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from core.api.conditional import entity_tag, match_fails, none_match
from core.api.fields import PAGE_QUERY, Field, InvalidFieldsError, parse_body, parse_query
from core.api.idempotency import credential_of, idempotent
from core.api.limits import (
    client_address,
    failed_token_record,
    failed_tokens_exceeded,
    request_limit_exceeded,
)
from core.api.problems import ProblemError, invalid, invalid_from, json_response, not_found
from core.errors import is_state_conflict


@dataclass(frozen=True)
class Operation:
    func: Callable[..., Any]
    summary: str
    response: str | None
    status: int = 200
    body: Mapping[str, Field] | None = None
    query: Mapping[str, Field] = field(default_factory=dict)
    paginated: bool = False
    errors: tuple[int, ...] = ()
    public: bool = False
    description: str = ""
    # For a POST that only reads (the look-up): called with the same arguments when its answer
    # is replayed from the idempotency store, to check and record the read again (the caller
    # has seen it again). An exception answers as it would from the operation.
    replayed: Callable[..., Any] | None = None

    @property
    def all_query(self) -> Mapping[str, Field]:
        return {**self.query, **PAGE_QUERY} if self.paginated else self.query


F = TypeVar("F", bound=Callable[..., Any])


def operation(
    *,
    summary: str,
    response: str | None,
    status: int = 200,
    body: Mapping[str, Field] | None = None,
    query: Mapping[str, Field] | None = None,
    paginated: bool = False,
    errors: Sequence[int] = (),
    public: bool = False,
    description: str = "",
    replayed: Callable[..., Any] | None = None,
) -> Callable[[F], F]:
    """Declare an API operation. The function gets the request, the path parameters and, when
    declared, `body=` and `query=` (already validated), and returns the data to answer with."""

    def decorate(func: F) -> F:
        func.api_operation = Operation(  # type: ignore[attr-defined]
            func=func,
            summary=summary,
            response=response,
            status=status,
            body=body,
            query=query or {},
            paginated=paginated,
            errors=tuple(errors),
            public=public,
            description=description,
            replayed=replayed,
        )
        return func

    return decorate


@dataclass(frozen=True)
class Route:
    """One path of the API and its operations by HTTP method."""

    path: str
    name: str
    methods: Mapping[str, Operation]
    # The area whose scope a bearer token needs (people.tokens.AREAS); "" for paths about the
    # token's own user or public ones, which any valid token may use.
    area: str

    def __init__(
        self, route: str, name: str, *, area: str = "", **methods: Callable[..., Any]
    ) -> None:
        object.__setattr__(self, "path", route)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "area", area)
        object.__setattr__(
            self,
            "methods",
            {method: func.api_operation for method, func in methods.items()},  # type: ignore[attr-defined]
        )

    def pattern(self) -> URLPattern:
        view = _dispatcher(self.methods, self.area)
        view.api_route = self  # type: ignore[attr-defined]
        return path(self.path, view, name=self.name)


def served_routes(namespace: str) -> tuple[Route, ...]:
    """The routes the URL configuration serves under `namespace`, in its order: what describes
    the API (the OpenAPI document) reads its routes here, not from the module that routes them,
    so that one may route the description too without the two importing each other."""
    _prefix, resolver = get_resolver().namespace_dict[namespace]
    return tuple(
        pattern.callback.api_route
        for pattern in resolver.url_patterns
        if isinstance(pattern, URLPattern) and hasattr(pattern.callback, "api_route")
    )


def _dispatcher(methods: Mapping[str, Operation], area: str) -> Callable[..., HttpResponse]:
    allow = ", ".join(sorted({*methods, *(["HEAD"] if "GET" in methods else [])}))

    # CSRF is checked in `_answer` for session requests only: a bearer token is not sent by
    # browsers on their own, so token requests need no CSRF token.
    @login_not_required
    @csrf_exempt
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        method = request.method or ""
        op = methods.get("GET" if method == "HEAD" else method)
        if op is None:
            return ProblemError(
                405,
                _("Use one of: %(methods)s.") % {"methods": allow},
                headers={"Allow": allow},
            ).response()
        response = _answer(request, op, kwargs, area, read=methods.get("GET"))
        if method == "HEAD":
            # A GET without its body: the same status and headers, the same audit.
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    view.api_methods = methods  # type: ignore[attr-defined]
    return view


def _answer(
    request: HttpRequest,
    op: Operation,
    kwargs: dict[str, Any],
    area: str = "",
    *,
    read: Operation | None = None,
) -> HttpResponse:
    """Authenticate and count the request, then answer it with the semantics every operation
    shares (docs/api.md): `If-Match` on updates, `Idempotency-Key` on POST, `ETag` and
    `If-None-Match` on reads, `Location` on 201."""
    if not op.public:
        refused = _authenticate_and_count(request, area)
        if refused is not None:
            return refused
    method = request.method or ""
    if method in ("PATCH", "PUT", "DELETE") and read is not None and "If-Match" in request.headers:
        current = _call(request, read, kwargs)
        if current.status_code != 200:
            return current
        tag = entity_tag(current.content)
        if match_fails(request, tag):
            return ProblemError(
                412,
                _(
                    "This was changed after the version your If-Match names. Read it again "
                    "and send your change based on what is saved now."
                ),
                headers={"ETag": tag},
            ).response()
    if method == "POST" and not op.public:
        try:
            response = idempotent(request, lambda: _call(request, op, kwargs))
        except ProblemError as problem:
            return problem.response()
        if op.replayed is not None and "Idempotent-Replayed" in response:
            again = _call(request, replace(op, func=op.replayed, status=200), kwargs)
            if again.status_code >= 300:
                return again
    else:
        response = _call(request, op, kwargs)
    if (
        method in ("GET", "HEAD")
        and response.status_code == 200
        and "ETag" in response
        and none_match(request, response["ETag"])
    ):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = response["ETag"]
        not_modified["Cache-Control"] = response["Cache-Control"]
        return not_modified
    return response


def _authenticate_and_count(request: HttpRequest, area: str) -> HttpResponse | None:
    """None when the caller may go on; else the answer: 401, 403, or 429 with Retry-After
    for too many requests of one credential or too many bad tokens from one address."""
    address = client_address(request)
    bearer = "HTTP_AUTHORIZATION" in request.META
    wait = failed_tokens_exceeded(address) if bearer else None
    if wait is None:
        try:
            _authenticate(request, area)
        except ProblemError as problem:
            if problem.status == 401 and bearer:
                failed_token_record(address)
            return problem.response()
        wait = request_limit_exceeded(credential_of(request))
    if wait is None:
        return None
    return ProblemError(
        429,
        _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": wait},
        headers={"Retry-After": str(wait)},
    ).response()


def _call(request: HttpRequest, op: Operation, kwargs: dict[str, Any]) -> HttpResponse:
    """The operation's answer, every expected exception as problem details."""
    try:
        arguments = dict(kwargs)
        if op.all_query or request.GET:
            query = parse_query(request.GET, op.all_query)
            if op.all_query:
                arguments["query"] = query
        if op.body is not None:
            arguments["body"] = parse_body(request, op.body)
        data = op.func(request, **arguments)
    except InvalidFieldsError as error:
        return invalid(error.errors).response()
    except ProblemError as problem:
        return problem.response()
    except Http404:
        return not_found().response()
    except PermissionDenied:
        return ProblemError(403, _("You may not do this.")).response()
    except ValidationError as error:
        if is_state_conflict(error):
            return ProblemError(409, " ".join(error.messages)).response()
        return invalid_from(error).response()
    except IntegrityError:
        return ProblemError(
            409, _("Someone else changed this at the same moment. Read it again and retry.")
        ).response()
    except (OperationalError, InterfaceError):
        return ProblemError(
            503,
            _("The database is not answering. Try again in a moment."),
            headers={"Retry-After": "30"},
        ).response()
    if isinstance(data, HttpResponse):
        return data
    response = json_response(data, status=op.status)
    response["ETag"] = entity_tag(response.content)
    if op.status == 201:
        response["Location"] = _location(request, data)
    return response


def _location(request: HttpRequest, data: Any) -> str:
    """Where the created item is: its own path under the list it was added to when the API
    has one (/concerns/{id}, /plan/goals/{id}), else the path it was made at (the plan, or
    the list it is in)."""
    if isinstance(data, dict) and "id" in data:
        try:
            match = resolve(f"{request.path_info.rstrip('/')}/{data['id']}")
        except Resolver404:
            match = None
        if match is not None and hasattr(match.func, "api_route"):
            return f"{request.path.rstrip('/')}/{data['id']}"
    return request.path


@functools.cache
def _authenticator(path: str) -> Callable[..., object]:
    return cast(Callable[..., object], import_string(path))


def _authenticate(request: HttpRequest, area: str = "") -> None:
    """Who is behind a request is not core's to know: `settings.API_AUTHENTICATE` names the
    function (`people.authentication.api_request_authenticate`) that sets `request.user` or
    raises a ProblemError (401, or 403 for a token without the route's scope)."""
    _authenticator(settings.API_AUTHENTICATE)(request, area=area)


@login_not_required
@csrf_exempt
def not_found_view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Every other path under /api/v1/, malformed ids included."""
    return not_found().response()
