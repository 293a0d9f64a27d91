"""A deploy check: the role the application runs as must be bound by row-level security."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.checks import CheckMessage, Warning
from django.db import connections


def app_role_bound_check(
    app_configs: Any = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """`manage.py check --deploy --database default`: warn when the connection's role is a
    superuser or has BYPASSRLS, because PostgreSQL then skips every policy and the second wall
    is not there. Run outside `manage.py` (which lifts the scope) this still asks only about
    the role, never about rows."""
    messages: list[CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles "
                "WHERE rolname = current_user"
            )
            row = cursor.fetchone()
        if row is not None and (row[1] or row[2]):
            messages.append(
                Warning(
                    f"The database connection '{alias}' runs as {row[0]}, a role that "
                    f"{'is a superuser' if row[1] else 'has BYPASSRLS'}: PostgreSQL skips the "
                    "row-level security policies, so nothing stops a query that forgets a filter.",
                    hint="Connect as the application role (e.g. laget_app) or set "
                    "DATABASE_APP_ROLE; see docs/security.md, 'Row-level security'.",
                    id="tenancy.W001",
                )
            )
    return messages
