"""Operations and routes: one URL pattern per path, whose view authenticates, parses the input,
calls the operation for the method and answers every expected exception as problem details."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import URLPattern, get_resolver, path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from core.api.fields import PAGE_QUERY, Field, InvalidFieldsError, parse_body, parse_query
from core.api.problems import ProblemError, invalid, invalid_from, json_response, not_found
from people.models import User
from people.selectors import user_fully_logged_in
from people.tokens import api_token_authenticate, scope_for


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
    allow = ", ".join(sorted(methods))

    # CSRF is checked in `_answer` for session requests only: a bearer token is not sent by
    # browsers on their own, so token requests need no CSRF token.
    @login_not_required
    @csrf_exempt
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        op = methods.get(request.method or "")
        if op is None:
            return ProblemError(
                405,
                _("Use one of: %(methods)s.") % {"methods": allow},
                headers={"Allow": allow},
            ).response()
        return _answer(request, op, kwargs, area)

    view.api_methods = methods  # type: ignore[attr-defined]
    return view


def _answer(
    request: HttpRequest, op: Operation, kwargs: dict[str, Any], area: str = ""
) -> HttpResponse:
    try:
        if not op.public:
            _authenticate(request, area)
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
    return json_response(data, status=op.status)


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request: HttpRequest, reason: str) -> str:
        return reason


def _authenticate(request: HttpRequest, area: str = "") -> User:
    """The user behind a bearer token, or behind a session that passed the second factor
    (outside demo mode); else 401. A token also needs the scope of the route's area for the
    method, else 403 naming it. Session requests that change something need a CSRF token."""
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is not None:
        scheme, _space, credentials = header.partition(" ")
        raw = credentials.strip()
        token = api_token_authenticate(raw=raw) if scheme.lower() == "bearer" else None
        if token is None:
            # Expired looks exactly like revoked or unknown.
            raise ProblemError(
                401,
                _(
                    "The token is not valid: it is unknown, expired, revoked or its user is "
                    "inactive."
                ),
                headers={"WWW-Authenticate": 'Bearer realm="laget", error="invalid_token"'},
            )
        if area:
            needed = scope_for(area=area, method=request.method or "GET")
            if needed not in token.scope_list:
                raise ProblemError(
                    403,
                    _("The token does not have the scope %(scope)s.") % {"scope": needed},
                    headers={
                        "WWW-Authenticate": f'Bearer realm="laget", error="insufficient_scope", '
                        f'scope="{needed}"'
                    },
                )
        request.user = token.user
        return token.user
    if not user_fully_logged_in(user=request.user):
        raise ProblemError(
            401,
            _("Log in (with the second factor) or send a bearer token."),
            headers={"WWW-Authenticate": 'Bearer realm="laget"'},
        )
    if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
        check = _CsrfCheck(lambda request: HttpResponse())
        check.process_request(request)
        reason = check.process_view(request, None, (), {})  # type: ignore[arg-type]
        if reason:
            raise ProblemError(
                403, _("The CSRF token is missing or wrong: %(reason)s") % {"reason": reason}
            )
    return request.user  # type: ignore[return-value]


@login_not_required
@csrf_exempt
def not_found_view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Every other path under /api/v1/, malformed ids included."""
    return not_found().response()
