"""Raw SQL in migrations that differs between PostgreSQL and SQLite."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor
    from django.db.migrations.state import StateApps


def sql_for_vendor(
    sql_by_vendor: dict[str, str],
) -> Callable[[StateApps, BaseDatabaseSchemaEditor], None]:
    """A RunPython function that runs the SQL written for the current database, if any.

    Parameters are not used, so '%' in PL/pgSQL (RAISE … '%') needs no escaping.
    """

    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql, params=None)

    return run
