"""Tampering with the access log, the way an intruder with database access would."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from audit.hashing import event_hash
from audit.models import AccessEvent, Action
from audit.services import access_event_record, access_events_seal
from tests.factories import municipality


def _disable_append_only_trigger():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What a database superuser can do: step out of the application role and run with
            # triggers off until the transaction ends.
            cursor.execute("SET LOCAL ROLE NONE")
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER audit_accessevent_append_only")


def _raw(sql, params):
    _disable_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def log(db):
    place = municipality("4001")
    with transaction.atomic():
        events = [
            access_event_record(
                actor=None, action=Action.READ, object_id=i, municipality=place, purpose="p"
            )
            for i in range(5)
        ]
    access_events_seal()  # as the sealer does within a second
    return list(AccessEvent.objects.filter(pk__in=[event.pk for event in events]))


def _verify_fails():
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify")
    return str(failure.value)


def test_verify_command_passes_untouched_log(log, capsys):
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "OK: 5 access events in 1 chains verified." in out
    assert f"chain 4001: 5 events, head {log[-1].hash}" in out


def test_editing_one_row_fails_verify_and_names_the_row(log, capsys):
    target = log[2]
    _raw("UPDATE audit_accessevent SET purpose = %s WHERE id = %s", ["innocent", target.pk])
    message = _verify_fails()
    assert f"event id {target.pk} (chain 4001, #3)" in message
    assert "does not match its hash" in capsys.readouterr().err


def test_editing_a_row_and_its_hash_breaks_the_next_link(log):
    target = log[1]
    target.purpose = "rewritten"
    forged = event_hash(target)
    _raw(
        "UPDATE audit_accessevent SET purpose = %s, hash = %s WHERE id = %s",
        ["rewritten", forged, target.pk],
    )
    message = _verify_fails()
    assert f"event id {log[2].pk} (chain 4001, #3)" in message
    assert "link to the previous event is broken" in message


def test_deleting_a_row_in_the_middle_is_detected(log):
    _raw("DELETE FROM audit_accessevent WHERE id = %s", [log[2].pk])
    message = _verify_fails()
    assert f"event id {log[3].pk} (chain 4001, #4)" in message


def test_deleting_the_newest_row_is_detected_by_the_chain_head(log):
    _raw("DELETE FROM audit_accessevent WHERE id = %s", [log[-1].pk])
    message = _verify_fails()
    assert "chain 4001" in message
    assert "ends at #4 but its head says #5" in message


def test_a_forged_row_cannot_be_inserted_with_a_made_up_hash(log):
    last = AccessEvent.objects.order_by("-sequence").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_chainhead SET sequence = 6, hash = %s WHERE chain = '4001'",
            [hashlib.sha256(b"forged").hexdigest()],
        )
    assert last is not None
    message = _verify_fails()
    assert "head says #6" in message


# Every column that says what happened is in the hash: changing any one of them alone is found.
@pytest.mark.parametrize(
    "column",
    ["actor_label", "action", "object_type", "object_id", "purpose", "legal_basis", "request_id"],
)
def test_changing_any_column_that_says_what_happened_is_detected(log, column):
    target = log[2]
    _raw(f"UPDATE audit_accessevent SET {column} = %s WHERE id = %s", ["forged", target.pk])  # noqa: S608 - the column is one of ours
    message = _verify_fails()
    assert f"event id {target.pk} (chain 4001, #3)" in message
