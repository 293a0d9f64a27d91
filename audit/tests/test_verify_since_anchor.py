"""`audit_verify --since-last-anchor`: verification whose time does not grow with the log."""

from __future__ import annotations

import importlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from audit.services import access_events_seal, access_log_anchor
from audit.tests.helpers import reads
from tests.factories import municipality

PORSGRUNN = "4001"
APPEND_ONLY = importlib.import_module("audit.migrations.0003_append_only_triggers")


def _change(event):
    """What someone with full database rights can do: change a row behind the triggers."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL ROLE NONE")
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_accessevent_append_only")
        cursor.execute("UPDATE audit_accessevent SET purpose = 'x' WHERE id = %s", [event.pk])
        if connection.vendor == "sqlite":
            # SQLite may keep the DROP past the test's rollback: put the trigger back.
            cursor.execute(APPEND_ONLY.SQLITE_UP)


def test_verify_since_the_last_anchor_checks_only_what_came_after(db, capsys, settings, tmp_path):
    settings.AUDIT_ANCHOR_DIR = str(tmp_path)
    place = municipality(PORSGRUNN)
    before = reads(place, 4)
    access_log_anchor()  # anchors #4, and records its own event on the national chain
    after = reads(place, 2)
    access_events_seal()

    call_command("audit_verify", "--since-last-anchor")
    out = capsys.readouterr().out
    # Porsgrunn's two new events and the national chain's one (walked whole: never anchored).
    assert "OK: 3 access events in 2 chains verified since the last anchor." in out

    _change(before[0])  # before the anchor: only the full walk sees it
    call_command("audit_verify", "--since-last-anchor")
    with pytest.raises(CommandError):
        call_command("audit_verify")
    _change(before[-1])  # the anchored event itself
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", "--since-last-anchor")
    assert "the anchored event was removed or changed" in str(failure.value)
    _change(after[0])
    capsys.readouterr()
    with pytest.raises(CommandError):
        call_command("audit_verify", "--since-last-anchor")
    assert f"event id {after[0].pk} (chain {PORSGRUNN}, #5)" in capsys.readouterr().err
