"""Row-level security for tables added after `tenancy/migrations/0001_row_level_security.py`.

A migration that creates a table with personal data adds its policy in the same migration:

    operations = [..., *protected_by_municipality("concerns_unitmeasure"),
                  *protected_by_parent("concerns_unitmeasureevaluation",
                                       parent="concerns_unitmeasure", column="measure_id")]

The policy is the one 0001 gives every such table (docs/security.md); `tenancy/tests` checks
that no table of the personal-data apps is left without one. SQLite: nothing.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

POLICY = "laget_municipality"
ALL = "coalesce(current_setting('laget.scope', true), '') = 'all'"
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _checked(*names: str) -> None:
    for name in names:
        if not IDENTIFIER.match(name):
            raise ValueError(f"Not a plain table or column name: {name!r}")


def _protect(table: str, condition: str) -> str:
    return (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n"
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n"
        f"DROP POLICY IF EXISTS {POLICY} ON {table};\n"
        f"CREATE POLICY {POLICY} ON {table} USING ({condition}) WITH CHECK ({condition});\n"
    )


def _unprotect(table: str) -> str:
    return (
        f"DROP POLICY IF EXISTS {POLICY} ON {table};\n"
        f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;\n"
        f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;\n"
    )


def _on_postgresql(sql: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


def _operation(table: str, condition: str) -> list[migrations.RunPython]:
    _checked(table)
    return [
        migrations.RunPython(
            _on_postgresql(_protect(table, condition)), _on_postgresql(_unprotect(table))
        )
    ]


def protected_by_municipality(table: str) -> list[migrations.RunPython]:
    """The table has the municipality on the row."""
    return _operation(table, "laget_scope_allows(municipality_id)")


def protected_by_parent(table: str, *, parent: str, column: str) -> list[migrations.RunPython]:
    """The table is reached through a parent row, which is itself protected."""
    _checked(parent, column)
    condition = f"{ALL} OR EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {column})"  # noqa: S608 – names checked
    return _operation(table, condition)
