"""The database scope: which municipalities' rows PostgreSQL lets this connection see.

Row-level security policies (tenancy/migrations/0001_row_level_security.py) compare each row's
municipality with two custom settings of the session:

- `laget.municipalities`: comma-separated municipality numbers the current request may reach;
- `laget.scope`: `all` lifts the restriction (commands, the job worker, migrations, an operator
  in the admin); anything else, or unset, means "only `laget.municipalities`".

Django runs in autocommit, so the settings are session-level (`set_config(…, false)`): the web
middleware sets them at the start of every request and `scopes_reset_after_request` puts them
back to the process default when the response is finished. The process default comes from
`DATABASE_SCOPE_OUTSIDE_REQUESTS`: `none` in web servers, `all` under `manage.py` and in tests.

Every new connection also switches to `DATABASE_APP_ROLE` (a role without BYPASSRLS), except
while `migrate` runs, which needs the owner (`owner_session`). SQLite has none of this: there the
Python access checks stand alone. Nothing here imports a domain app.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import NO_DB_ALIAS, BaseDatabaseWrapper

ALL = "all"
NONE = "none"
# `laget.scope` while a request's own municipalities apply.
REQUEST = "request"
OUTSIDE_REQUEST_CHOICES = (NONE, ALL)

# Municipality numbers (kommunenummer) are four digits; anything else could smuggle a comma in.
_NUMBER = re.compile(r"^[0-9]{4}$")

_owner = threading.local()


def applies(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor == "postgresql"


def _owner_mode() -> bool:
    return getattr(_owner, "depth", 0) > 0


def _outside_request_scope() -> str:
    return ALL if settings.DATABASE_SCOPE_OUTSIDE_REQUESTS == ALL else NONE


def _execute_scope(connection: BaseDatabaseWrapper, scope: str, numbers: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('laget.scope', %s, false), "
            "set_config('laget.municipalities', %s, false)",
            [scope, numbers],
        )
    # What was set, kept on the connection so `covers` can answer without a query.
    connection.laget_scope = (scope, numbers)  # type: ignore[attr-defined]


def covers(municipality: str | None, *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the connection's scope lets a row of this municipality (a number, or None for
    rows without one) be written and read back, as far as this process set it."""
    connection = connections[using]
    if not applies(connection) or municipality is None:
        return True
    scope, numbers = getattr(connection, "laget_scope", (ALL, ""))
    return scope == ALL or municipality in numbers.split(",")


@contextmanager
def lifted_for_write(municipality: str | None, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Lift the limit for one trusted write outside the request's scope, then put the scope
    back. The access log's writer uses it: a log-in is recorded on the user's municipality's
    chain before the request has any scope, and PostgreSQL must let the new row be read back
    (INSERT … RETURNING). Must run inside a transaction: if the block fails, rolling it back
    also undoes the lifted setting."""
    connection = connections[using]
    if covers(municipality, using=using):
        yield
        return
    # What the database has now, not what this process last set: a rolled-back transaction
    # may have undone that.
    saved = scope_current(using=using)
    saved_numbers = ",".join(saved[1])
    _execute_scope(connection, ALL, "")
    try:
        yield
    except BaseException:
        connection.laget_scope = (saved[0], saved_numbers)  # type: ignore[attr-defined]
        raise
    _execute_scope(connection, saved[0], saved_numbers)


def scope_set(*, municipalities: Iterable[str] | None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Limit the connection to these municipalities (numbers), or lift the limit with None.

    Lasts for the session until the next call, also across transactions; a call inside a
    transaction that is rolled back is undone with it (PostgreSQL's rule for SET)."""
    connection = connections[using]
    if not applies(connection):
        return
    if municipalities is None:
        _execute_scope(connection, ALL, "")
        return
    numbers = sorted(set(municipalities))
    for number in numbers:
        if not _NUMBER.match(number):
            raise ValueError(f"Not a municipality number: {number!r}")
    _execute_scope(connection, REQUEST, ",".join(numbers))


def scope_reset(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Back to what this process sees outside requests (`DATABASE_SCOPE_OUTSIDE_REQUESTS`)."""
    connection = connections[using]
    if applies(connection):
        _execute_scope(connection, _outside_request_scope(), "")


def scope_current(*, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list[str]]:
    """(`laget.scope`, `laget.municipalities`) as the database has them now."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(current_setting('laget.scope', true), ''), "
            "coalesce(current_setting('laget.municipalities', true), '')"
        )
        scope, numbers = cursor.fetchone()
    return scope, [number for number in numbers.split(",") if number]


@contextmanager
def unrestricted(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Lift the limit for the block and shut everything afterwards (scope `none`): for trusted
    code that must look across municipalities to find a request's own scope."""
    scope_set(municipalities=None, using=using)
    try:
        yield
    finally:
        scope_set(municipalities=[], using=using)


def scopes_reset_after_request(**kwargs: Any) -> None:
    """request_finished: a connection that outlives the request keeps no request's scope.

    Only open connections are touched (a closed one starts over in `connection_prepare`); a
    connection whose transaction is broken is left alone, its rollback undoes the scope."""
    for connection in connections.all(initialized_only=True):
        if applies(connection) and connection.connection is not None:
            if connection.in_atomic_block and connection.needs_rollback:
                continue
            scope_reset(using=connection.alias)


def _set_role(connection: BaseDatabaseWrapper, role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(role)}")


def connection_prepare(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created: switch to the application role and start with the process's scope
    outside requests. Django's connection to the maintenance database (creating the test
    database) is left as it is."""
    if not applies(connection) or connection.alias == NO_DB_ALIAS:
        return
    role = settings.DATABASE_APP_ROLE
    if role and not _owner_mode():
        _set_role(connection, role)
    _execute_scope(connection, _outside_request_scope(), "")


@contextmanager
def owner_session(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run as the role the database URL logs in with (the tables' owner), as migrations must;
    afterwards, connections switch to the application role again."""
    connection = connections[using]
    _owner.depth = getattr(_owner, "depth", 0) + 1
    try:
        if applies(connection) and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")
        yield
    finally:
        _owner.depth -= 1
        role = settings.DATABASE_APP_ROLE
        if role and not _owner_mode() and applies(connection) and connection.connection is not None:
            _set_role(connection, role)
