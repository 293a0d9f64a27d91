"""Row-level security for the tables issue 11 adds to teams: unit invitations (through their
team) and meeting participants (through their meeting, itself through its team). The same
policy as `0001_row_level_security`."""

import importlib

from django.db import migrations

_first = importlib.import_module("tenancy.migrations.0001_row_level_security")

BY_PARENT = [
    ("teams_unitinvitation", "teams_team", "team_id"),
    ("teams_meetingparticipant", "teams_meeting", "meeting_id"),
]


def _up_sql() -> str:
    return "\n".join(
        _first._protect(
            table,
            f"coalesce(current_setting('laget.scope', true), '') = 'all' "
            f"OR EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {column})",
        )
        for table, parent, column in BY_PARENT
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_up_sql(), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "\n".join(_first._unprotect(table) for table, _p, _c in BY_PARENT), params=None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tenancy", "0001_row_level_security"),
        ("teams", "0004_unit_invitations_and_meeting_participants"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
