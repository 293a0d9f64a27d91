"""Row-level security for the stored idempotent answers (`core.IdempotencyKey`): an answer may
hold a child's data, and it belongs to the credential that sent the request (`owner`, a hash),
not to a municipality. So the policy lets a connection see only the rows of the owner it names
in `laget.api_owner` (set by core/api/idempotency.py around its queries), or everything under
the scope `all` (the daily job that deletes old answers, commands, migrations)."""

import importlib

from django.db import migrations

_first = importlib.import_module("tenancy.migrations.0001_row_level_security")

TABLE = "core_idempotencykey"
CONDITION = (
    "coalesce(current_setting('laget.scope', true), '') = 'all' "
    "OR owner = coalesce(current_setting('laget.api_owner', true), '')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_first._protect(TABLE, CONDITION), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_first._unprotect(TABLE), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("tenancy", "0003_transitions_rls"),
        ("core", "0001_idempotency_keys"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
