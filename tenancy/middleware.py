"""Sets the database scope (`tenancy.scope`) for each request on PostgreSQL.

Which municipalities a request may reach is not tenancy's to know – it reads memberships, teams
and the portal's log-in, all of which stand above tenancy. `settings.DATABASE_SCOPE_LOOKUP`
names the function that says it (`laget.database_scope.request_municipalities_lookup`, with the
table of who sees what): given the request, it answers a lookup to run with the limit lifted
(whose None means all municipalities), or None when the request reaches none.

The scope goes back to the process default when the response is finished (apps.py).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

from tenancy import scope

Lookup = Callable[[], list[str] | None]


class DatabaseScopeMiddleware:
    """After authentication and the second factor: the request's scope, set before any view
    runs. An anonymous request costs one statement; a logged-in one three. If working the
    scope out fails, the request is left with none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.lookup_for: Callable[[HttpRequest], Lookup | None] = import_string(
            settings.DATABASE_SCOPE_LOOKUP
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if scope.applies(connection):
            municipalities: list[str] | None = []
            lookup = self.lookup_for(request)
            if lookup is not None:
                scope.scope_set(municipalities=None)
                try:
                    municipalities = lookup()
                except BaseException:
                    scope.scope_set(municipalities=[])
                    raise
            scope.scope_set(municipalities=municipalities)
        return self.get_response(request)
