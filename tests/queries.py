"""A page's statements as the query-count tests count them: without the database scope's own
(`set_config`, and on PostgreSQL its one look-up of the user's municipalities), so that one
figure holds on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tenancy import scope


def page_statements(captured: CaptureQueriesContext) -> list[str]:
    """The statements of a request but the scope's `set_config`s (its look-up stays in)."""
    return [q["sql"] for q in captured.captured_queries if "set_config(" not in q["sql"]]


def scope_lookups() -> int:
    """The database scope's look-up of the user's municipalities: PostgreSQL only."""
    return 1 if scope.applies(connection) else 0


def without_scope(captured: CaptureQueriesContext) -> int:
    """How many statements the request made but the scope's own."""
    return len(page_statements(captured)) - scope_lookups()


def statements_of_second_view(client: Client, url: str) -> list[str]:
    """The statements of a second view of the page (the first warms the session up), as
    `page_statements` counts them."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return page_statements(captured)
