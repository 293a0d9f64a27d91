"""Who is behind a request to the JSON API: a bearer token, or a session that passed the second
factor. `core.api` calls `api_request_authenticate` through `settings.API_AUTHENTICATE`, since
core knows no app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _

from core.api import ProblemError
from people.clients import bearer_of
from people.models import SystemClient, User
from people.selectors import user_fully_logged_in
from people.tokens import api_token_used, scope_for


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request: HttpRequest, reason: str) -> str:
        return reason


def api_request_authenticate(request: HttpRequest, *, area: str = "") -> User:
    """The user behind a bearer token, or behind a session that passed the second factor
    (outside demo mode); else 401. A token also needs the scope of the route's area for the
    method, else 403 naming it. Session requests that change something need a CSRF token."""
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is not None:
        scheme, _space, credentials = header.partition(" ")
        raw = credentials.strip()
        bearer = scheme.lower() == "bearer"
        found = bearer_of(request, raw) if bearer else None
        if found is not None and found.client is not None:
            return _as_client(request, area, found.client, found.scopes)
        token = found.token if found is not None else None
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
        _scope_check(request, area, token.scope_list)
        api_token_used(token)
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


def _scope_check(request: HttpRequest, area: str, scopes: list[str]) -> None:
    """403 naming the scope the route's area needs for the method, when the token lacks it."""
    if not area:
        return
    needed = scope_for(area=area, method=request.method or "GET")
    if needed not in scopes:
        raise ProblemError(
            403,
            _("The token does not have the scope %(scope)s.") % {"scope": needed},
            headers={
                "WWW-Authenticate": f'Bearer realm="laget", error="insufficient_scope", '
                f'scope="{needed}"'
            },
        )


def _as_client(request: HttpRequest, area: str, client: SystemClient, scopes: list[str]) -> User:
    """A system client's access token: the request acts as the client's own user (a member of
    its unit), within the token's scopes. Rate limits and stored idempotent answers are the
    client's, whichever of its tokens it sends (`api_credential`)."""
    _scope_check(request, area, scopes)
    request.user = client.user
    request.api_credential = f"system-client:{client.pk}"  # type: ignore[attr-defined]
    return client.user
