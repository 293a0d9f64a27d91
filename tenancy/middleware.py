"""Sets the database scope (`tenancy.scope`) for each request on PostgreSQL.

Who                                         | municipalities the database shows
--------------------------------------------|--------------------------------------------------
staff, fully logged in (or a bearer token)  | their active memberships' and their teams'
an operator (superuser) in the admin        | all
a young person or guardian in the portal    | the municipalities of the children they may open
analysts, anyone else, anonymous            | none (aggregates come from tables outside RLS)

The scope goes back to the process default when the response is finished (apps.py).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from people.models import User
from people.selectors import user_fully_logged_in
from people.tokens import api_token_live
from portal.session import portal_login_current
from tenancy import scope
from tenancy.selectors import (
    municipalities_of_portal_person,
    municipalities_of_staff,
)


def _bearer_token(request: HttpRequest) -> str | None:
    scheme, _space, credentials = request.headers.get("Authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" and credentials.strip() else None


def _municipalities_lookup(request: HttpRequest) -> Callable[[], list[str] | None] | None:
    """How to find the municipalities this request may reach in the database (None from the
    lookup: all), or None when the request reaches none and nothing needs looking up. The
    lookup runs with the limit lifted: it reads team members, hand-overs and children across
    municipalities."""
    user = request.user
    if user_fully_logged_in(user=user):
        assert isinstance(user, User)  # noqa: S101 - user_fully_logged_in checked it
        if user.is_superuser and request.path.startswith(reverse("admin:index")):
            return lambda: None
        return lambda: municipalities_of_staff(user=user)
    raw = _bearer_token(request)
    if raw is not None and request.path.startswith("/api/"):

        def by_token() -> list[str]:
            # The API checks the token again, fully, and answers 401 or 403 itself.
            token = api_token_live(raw=raw)
            return municipalities_of_staff(user=token.user) if token is not None else []

        return by_token
    login = portal_login_current(request, touch=False)
    if login is not None:
        return lambda: municipalities_of_portal_person(pid=login.pid)
    return None


class DatabaseScopeMiddleware:
    """After authentication and the second factor: the request's scope, set before any view
    runs. An anonymous request costs one statement; a logged-in one three. If working the
    scope out fails, the request is left with none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if scope.applies(connection):
            municipalities: list[str] | None = []
            lookup = _municipalities_lookup(request)
            if lookup is not None:
                scope.scope_set(municipalities=None)
                try:
                    municipalities = lookup()
                except BaseException:
                    scope.scope_set(municipalities=[])
                    raise
            scope.scope_set(municipalities=municipalities)
        return self.get_response(request)
