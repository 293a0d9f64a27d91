"""/api/v1/ on django-ninja: the API object, its routers, the answers to every expected exception
as RFC 9457 problem details, and the semantics every operation shares, which ninja does not
have (docs/api.md; docs/decisions/0007-api-on-django-ninja.md):

- authentication (bearer tokens, system clients, sessions with CSRF) with the scope of the
  router's area, and the rate limits (429 with Retry-After), before anything else;
- unknown or repeated query parameters, bodies that are too large, not JSON or no object: 400,
  413 and 415 before ninja parses the input;
- `If-Match` on updates (412), `Idempotency-Key` on POST, `ETag` and `If-None-Match` (304) on
  reads, HEAD for every GET, 405 with Allow, `Location` on 201, no cache for any answer.

Ninja parses and validates the input with the operations' Pydantic schemas, calls the operation
and validates and writes its answer with the response schema; the OpenAPI document is ninja's,
completed here with what these shared semantics add (`openapi_document`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, URLPattern, resolve
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Router
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from core.api.conditional import entity_tag, match_fails, none_match
from core.api.fields import MAX_BODY_BYTES, InvalidFieldsError
from core.api.idempotency import credential_of, idempotent
from core.api.limits import (
    client_address,
    failed_token_record,
    failed_tokens_exceeded,
    request_limit_exceeded,
)
from core.api.problems import ProblemError, invalid, invalid_from, not_found
from core.api.types import ERROR_TYPE
from core.errors import is_state_conflict


@dataclass(frozen=True)
class Meta:
    """What an operation adds to ninja's: the semantics it shares with the others."""

    name: str
    method: str
    func: Callable[..., Any]
    area: str
    status: int = 200
    errors: tuple[int, ...] = ()
    public: bool = False
    # For a POST that only reads (the look-up): called with the request and the parsed body
    # when its answer is replayed from the idempotency store, to check and record the read
    # again. An exception answers as it would from the operation.
    replayed: Callable[..., Any] | None = None
    examples: Mapping[str, Any] = field(default_factory=dict)

    @property
    def operation_id(self) -> str:
        return f"{self.name}_{self.method.lower()}"

    def ninja(self) -> Any:
        return self.func._ninja_operation  # type: ignore[attr-defined]

    def models(self, source: str) -> list[Any]:
        return [m for m in self.ninja().models if m.__ninja_param_source__ == source]

    def query_names(self) -> set[str]:
        names: set[str] = set()
        for model in self.models("query"):
            flatten = getattr(model, "__ninja_flatten_map__", None)
            names |= set(flatten) if flatten else set(model.model_fields)
        return names

    def body_schema(self) -> Any | None:
        for model in self.models("body"):
            for info in model.model_fields.values():
                return info.annotation
        return None


OPERATIONS: list[Meta] = []


class ApiRouter(Router):
    """The operations of one area (people.tokens.AREAS: the scope a bearer token needs; ""
    for the token's own user or public paths)."""

    def __init__(self, *, area: str = "", tag: str = "") -> None:
        super().__init__(tags=[tag] if tag else None)
        self.area = area

    def operation(
        self,
        method: str,
        path: str,
        *,
        name: str,
        response: Any,
        summary: str,
        description: str = "",
        status: int = 200,
        errors: Iterable[int] = (),
        public: bool = False,
        replayed: Callable[..., Any] | None = None,
        examples: Mapping[str, Any] | None = None,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Declare an operation: `path` in ninja's syntax ("/teams/{uuid:team_id}"), `name` its
        URL name (reverse("api_v1:<name>")), `response` its Pydantic schema."""

        def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
            meta = Meta(
                name=name,
                method=method,
                func=func,
                area=self.area,
                status=status,
                errors=tuple(errors),
                public=public,
                replayed=replayed,
                examples=dict(examples or {}),
            )
            self.add_api_operation(
                path,
                [method],
                func,
                response={status: response},
                operation_id=meta.operation_id,
                summary=summary,
                description=description or None,
                url_name=name,
            )
            func.api_meta = meta  # type: ignore[attr-defined]
            OPERATIONS.append(meta)
            return func

        return decorate


# --- input ------------------------------------------------------------------------------------


def _no_constants(name: str) -> Any:
    raise ValueError(name)


class JsonParser(Parser):
    """JSON without NaN and Infinity, which are no JSON (core.api.app checked the body first)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return json.loads(request.body.decode("utf-8"), parse_constant=_no_constants)


class JsonRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


def _too_large() -> ProblemError:
    return ProblemError(
        413, _("The body is larger than %(limit)d KiB.") % {"limit": MAX_BODY_BYTES // 1024}
    )


def _name(key: str) -> str:
    """A client's key as it can be shown back: valid UTF-8 and not too long."""
    return key.encode("utf-8", errors="replace").decode("utf-8")[:100]


def _query_refused(request: HttpRequest, meta: Meta) -> ProblemError | None:
    """Unknown and repeated query parameters: a misspelt filter must not look like an
    unfiltered answer."""
    known = meta.query_names()
    errors: dict[str, list[str]] = {}
    for key in request.GET:
        if key not in known:
            errors.setdefault(_name(key), []).append(_("There is no such parameter."))
        elif len(request.GET.getlist(key)) > 1:
            errors.setdefault(key, []).append(_("Give this parameter once."))
    return invalid(errors) if errors else None


def _body_refused(request: HttpRequest, meta: Meta) -> ProblemError | None:
    """413 for a body that is too large, 415 for one that is not JSON, 400 for one that is
    not a JSON object; an empty body stands for {} when no field is required."""
    schema = meta.body_schema()
    if schema is None:
        return None
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY_BYTES + 1
    if length > MAX_BODY_BYTES:
        return _too_large()
    raw = request.body
    if len(raw) > MAX_BODY_BYTES:
        return _too_large()
    required = any(info.is_required() for info in schema.model_fields.values())
    if not raw.strip() and not required:
        request._body = b"{}"
        return None
    if request.content_type != "application/json":
        return ProblemError(415, _("Send the body as JSON, with Content-Type: application/json."))
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return invalid({"__all__": [_("The body is not valid JSON.")]})
    if not isinstance(data, dict):
        return invalid({"__all__": [_("The body must be a JSON object.")]})
    return None


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind == ERROR_TYPE:
        return str(error["msg"])
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("There is no such field.")
    if kind in ("list_type", "tuple_type"):
        return _("Write this as a JSON array.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("Write this as a JSON object.")
    if kind == "too_long":
        return _("Give at most %(limit)d items.") % {"limit": error["ctx"]["max_length"]}
    return str(error["msg"])


def field_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Ninja's validation errors as today's field errors: a dotted path into the body
    (child.birth_date, guardians.0.name) or the query parameter, every message of each."""
    found: dict[str, list[str]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        # ("body", <the body argument>, *path) or ("query", *path)
        path = loc[2:] if loc[:1] == ("body",) else loc[1:]
        where = ".".join(_name(str(part)) for part in path) or "__all__"
        found.setdefault(where, []).append(_message(error))
    return found


# --- answers ----------------------------------------------------------------------------------


def _problem_handlers(api: NinjaAPI) -> None:
    def on(kind: type[Exception]) -> Callable[[Callable[[Any], ProblemError]], None]:
        def register(problem: Callable[[Any], ProblemError]) -> None:
            api.add_exception_handler(kind, lambda request, exc: problem(exc).response())

        return register

    on(ProblemError)(lambda exc: exc)
    on(NinjaValidationError)(lambda exc: invalid(field_errors(exc.errors)))
    on(InvalidFieldsError)(lambda exc: invalid(exc.errors))
    on(Http404)(lambda exc: not_found())
    on(PermissionDenied)(lambda exc: ProblemError(403, _("You may not do this.")))
    on(HttpError)(lambda exc: ProblemError(exc.status_code, str(exc)))

    @on(ValidationError)
    def _validation(error: ValidationError) -> ProblemError:
        if is_state_conflict(error):
            return ProblemError(409, " ".join(error.messages))
        return invalid_from(error)

    on(IntegrityError)(
        lambda exc: ProblemError(
            409, _("Someone else changed this at the same moment. Read it again and retry.")
        )
    )
    on(OperationalError)(_unavailable)
    on(InterfaceError)(_unavailable)


def _unavailable(exc: Exception) -> ProblemError:
    return ProblemError(
        503,
        _("The database is not answering. Try again in a moment."),
        headers={"Retry-After": "30"},
    )


def laget_api(*, title: str, version: str, description: str, namespace: str) -> NinjaAPI:
    """A NinjaAPI with Laget's parser, renderer and problem details; its document and its
    URLs come from `openapi_document` and `urlpatterns` (core.api.openapi), not from ninja's
    own views."""
    api = NinjaAPI(
        title=title,
        version=version,
        description=description,
        openapi_url=None,
        docs_url=None,
        urls_namespace=namespace,
        parser=JsonParser(),
        renderer=JsonRenderer(),
    )
    _problem_handlers(api)
    return api


def urlpatterns(api: NinjaAPI) -> list[URLPattern]:
    """Ninja's URL patterns, each view wrapped in the shared semantics; the view carries its
    operations by method (`api_methods`), which the access matrix enumerates."""
    patterns = []
    for pattern in api.urls[0]:
        if not isinstance(pattern, URLPattern) or pattern.name == "api-root":
            continue
        methods = {meta.method: meta for meta in OPERATIONS if meta.name == pattern.name}
        view = _dispatcher(pattern.callback, methods, api)
        patterns.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
    return patterns


def _dispatcher(
    ninja_view: Callable[..., HttpResponse], methods: Mapping[str, Meta], api: NinjaAPI
) -> Callable[..., HttpResponse]:
    allow = ", ".join(sorted({*methods, *(["HEAD"] if "GET" in methods else [])}))

    # CSRF is checked in authentication for session requests only: a bearer token is not
    # sent by browsers on their own, so token requests need no CSRF token.
    @login_not_required
    @csrf_exempt
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        method = request.method or ""
        meta = methods.get("GET" if method == "HEAD" else method)
        if meta is None:
            return ProblemError(
                405,
                _("Use one of: %(methods)s.") % {"methods": allow},
                headers={"Allow": allow},
            ).response()
        response = _answer(request, ninja_view, meta, kwargs, read=methods.get("GET"), api=api)
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
    ninja_view: Callable[..., HttpResponse],
    meta: Meta,
    kwargs: dict[str, Any],
    *,
    read: Meta | None,
    api: NinjaAPI,
) -> HttpResponse:
    """Authenticate and count the request, then answer it with the semantics every operation
    shares (docs/api.md): `If-Match` on updates, `Idempotency-Key` on POST, `ETag` and
    `If-None-Match` on reads, `Location` on 201."""
    if not meta.public:
        refused = _authenticate_and_count(request, meta.area)
        if refused is not None:
            return refused
    method = request.method or ""

    def call(as_method: str, op: Meta) -> HttpResponse:
        return _call(request, ninja_view, op, kwargs, as_method=as_method)

    if method in ("PATCH", "PUT", "DELETE") and read is not None and "If-Match" in request.headers:
        current = call("GET", read)
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
    if method == "POST" and not meta.public:
        try:
            response = idempotent(request, lambda: call("POST", meta))
        except ProblemError as problem:
            return problem.response()
        if meta.replayed is not None and "Idempotent-Replayed" in response:
            again = _replay_check(request, meta, api)
            if again is not None:
                return again
    else:
        response = call("GET" if method == "HEAD" else method, meta)
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


def _replay_check(request: HttpRequest, meta: Meta, api: NinjaAPI) -> HttpResponse | None:
    """A replayed read: the access checked and the read recorded again, or the problem."""
    assert meta.replayed is not None  # noqa: S101 - only called for such operations
    schema = meta.body_schema()
    assert schema is not None  # noqa: S101 - a look-up has a body
    try:
        meta.replayed(request, body=schema.model_validate_json(request.body))
    except Exception as error:
        return api.on_exception(request, error)
    return None


def _call(
    request: HttpRequest,
    ninja_view: Callable[..., HttpResponse],
    meta: Meta,
    kwargs: dict[str, Any],
    *,
    as_method: str,
) -> HttpResponse:
    """The operation's answer through ninja, with its ETag and Location, kept by no cache."""
    problem = _query_refused(request, meta) or _body_refused(request, meta)
    if problem is not None:
        return problem.response()
    original = request.method
    request.method = as_method
    try:
        response = ninja_view(request, **kwargs)
    finally:
        request.method = original
    response["Cache-Control"] = "no-store"
    if 200 <= response.status_code < 300:
        response["ETag"] = entity_tag(response.content)
        if response.status_code == 201:
            response["Location"] = _location(request, json.loads(response.content))
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
        if match is not None and hasattr(match.func, "api_methods"):
            return f"{request.path.rstrip('/')}/{data['id']}"
    return request.path


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


def _authenticate(request: HttpRequest, area: str = "") -> None:
    """Who is behind a request is not core's to know: `settings.API_AUTHENTICATE` names the
    function (`people.authentication.api_request_authenticate`) that sets `request.user` or
    raises a ProblemError (401, or 403 for a token without the route's scope)."""
    import_string(settings.API_AUTHENTICATE)(request, area=area)


@login_not_required
@csrf_exempt
def not_found_view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Every other path under /api/v1/, malformed ids included."""
    return not_found().response()
