"""Row-level security for the transitions app: a transition carries the child's home
municipality; a checklist tick is reached through its transition. The same policy as
`0001_row_level_security`."""

import importlib

from django.db import migrations

_first = importlib.import_module("tenancy.migrations.0001_row_level_security")


def _up_sql() -> str:
    return "\n".join(
        [
            _first._protect("transitions_transition", "laget_scope_allows(municipality_id)"),
            _first._protect(
                "transitions_checklisttick",
                "coalesce(current_setting('laget.scope', true), '') = 'all' "
                "OR EXISTS (SELECT 1 FROM transitions_transition p WHERE p.id = transition_id)",
            ),
        ]
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_up_sql(), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "\n".join(
                _first._unprotect(table)
                for table in ("transitions_transition", "transitions_checklisttick")
            ),
            params=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tenancy", "0002_unit_invitations_and_meeting_participants_rls"),
        ("transitions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
