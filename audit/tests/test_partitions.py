"""The access log's month partitions on PostgreSQL (audit migration 0010)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.jobs import partitions_job
from audit.models import AccessEvent
from audit.partitions import (
    PARTITIONS_AHEAD,
    access_log_partitions,
    access_log_partitions_create,
    access_log_partitions_ensure,
)
from audit.services import access_events_seal
from audit.tests.helpers import reads
from tenancy import scope
from tests.factories import municipality

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL's access log is partitioned"
)

PORSGRUNN, SKIEN = "4001", "4003"


def _at(moment: datetime.datetime):
    """Record events as if it were `moment`."""
    return mock.patch("audit.services.timezone.now", return_value=moment)


def _partition_of(event: AccessEvent) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_accessevent WHERE id = %s", [event.pk]
        )
        return cursor.fetchone()[0]


def _month(months_from_now: int) -> datetime.date:
    today = timezone.now().astimezone(datetime.UTC).date()
    index = today.year * 12 + today.month - 1 + months_from_now
    return datetime.date(index // 12, index % 12 + 1, 1)


def _refused(statement) -> str:
    with pytest.raises(DatabaseError) as raised, transaction.atomic():
        statement()
    return str(raised.value)


def _as_owner(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE NONE")
        # The test's own inserts leave deferred foreign key checks that TRUNCATE would wait for.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql, params)


def test_the_migration_made_this_month_and_the_months_ahead(db):
    months = {partition.first_day for partition in access_log_partitions()}
    assert {_month(n) for n in range(PARTITIONS_AHEAD + 1)} <= months


def test_the_job_creates_missing_months_and_is_idempotent(db):
    far = _month(PARTITIONS_AHEAD + 2)
    assert far not in {partition.first_day for partition in access_log_partitions()}

    assert access_log_partitions_ensure(months_ahead=PARTITIONS_AHEAD + 2) == 2
    assert partitions_job.call() == {"created": 0}
    assert access_log_partitions_ensure(months_ahead=PARTITIONS_AHEAD + 2) == 0
    names = [partition.name for partition in access_log_partitions()]
    assert f"audit_accessevent_{far:%Y_%m}" in names
    assert len(names) == len(set(names))


def test_the_command_prepares_the_months_and_refuses_nonsense(db, capsys):
    call_command("audit_partitions", "--months-ahead", "5")
    assert f"audit_accessevent_{_month(5):%Y_%m}" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("audit_partitions", "--months-ahead", "-1")


def test_an_event_lands_in_its_months_partition(db):
    place = municipality(PORSGRUNN)
    access_log_partitions_create(first=datetime.date(2031, 6, 1), last=datetime.date(2031, 6, 1))
    with _at(datetime.datetime(2031, 6, 30, 23, 59, tzinfo=datetime.UTC)):
        (june,) = reads(place)
    with _at(datetime.datetime(2031, 7, 1, 0, 1, tzinfo=datetime.UTC)):
        message = _refused(lambda: reads(place))
    assert "no partition" in message
    assert _partition_of(june) == "audit_accessevent_2031_06"
    assert AccessEvent.objects.get(pk=june.pk).hash == june.hash


def test_a_partitions_rows_cannot_be_changed_even_by_name_and_by_the_owner(db):
    (event,) = reads(municipality(PORSGRUNN))
    partition = _partition_of(event)
    for sql in (
        f"UPDATE {partition} SET purpose = 'innocent' WHERE id = %s",  # noqa: S608
        f"DELETE FROM {partition} WHERE id = %s",  # noqa: S608
        "UPDATE audit_accessevent SET purpose = 'innocent' WHERE id = %s",
    ):
        assert "append-only" in _refused(lambda sql=sql: _as_owner(sql, [event.pk]))
    assert "TRUNCATE is not allowed" in _refused(lambda: _as_owner(f"TRUNCATE {partition}"))
    assert "permission denied" in _refused(
        lambda: connection.cursor().execute(f"SET CONSTRAINTS ALL IMMEDIATE; TRUNCATE {partition}")
    )
    assert AccessEvent.objects.get(pk=event.pk).purpose == "p"


def test_a_new_partition_refuses_changes_too(db):
    access_log_partitions_create(first=datetime.date(2031, 8, 1), last=datetime.date(2031, 8, 1))
    with _at(datetime.datetime(2031, 8, 2, tzinfo=datetime.UTC)):
        (event,) = reads(municipality(PORSGRUNN))
    assert "append-only" in _refused(
        lambda: _as_owner("DELETE FROM audit_accessevent_2031_08 WHERE id = %s", [event.pk])
    )
    assert "TRUNCATE is not allowed" in _refused(
        lambda: _as_owner("TRUNCATE audit_accessevent_2031_08")
    )


def test_row_level_security_holds_through_the_parent_and_each_partition(db):
    access_log_partitions_create(first=datetime.date(2031, 9, 1), last=datetime.date(2031, 9, 1))
    porsgrunn, skien = municipality(PORSGRUNN), municipality(SKIEN)
    (now_skien,) = reads(skien)
    with _at(datetime.datetime(2031, 9, 9, tzinfo=datetime.UTC)):
        (later_skien,) = reads(skien)
        (later_porsgrunn,) = reads(porsgrunn)
    partitions = [_partition_of(now_skien), "audit_accessevent_2031_09"]

    scope.scope_set(municipalities=[PORSGRUNN])
    assert set(AccessEvent.objects.values_list("pk", flat=True)) == {later_porsgrunn.pk}
    with connection.cursor() as cursor:
        for partition in partitions:
            cursor.execute(f"SELECT municipality_id FROM {partition}")  # noqa: S608
            assert {row[0] for row in cursor.fetchall()} <= {PORSGRUNN}
    # Nor can the application write another municipality's event into a partition by name.
    message = _refused(
        lambda: connection.cursor().execute(
            "INSERT INTO audit_accessevent_2031_09 (chain, sequence, occurred_at, actor_label, "
            "action, object_type, object_id, purpose, legal_basis, request_id, detail, "
            "previous_hash, hash, municipality_id) VALUES ('4003', 99, '2031-09-10', '', "
            "'read', '', '', '', '', '', '{}', '', '', '4003')"
        )
    )
    assert "row-level security" in message
    assert later_skien.pk not in set(AccessEvent.objects.values_list("pk", flat=True))


def test_verify_passes_across_a_month_boundary_and_finds_a_change_in_an_old_month(db, capsys):
    place = municipality(PORSGRUNN)
    access_log_partitions_create(first=datetime.date(2031, 10, 1), last=datetime.date(2031, 11, 1))
    with _at(datetime.datetime(2031, 10, 31, 23, 59, tzinfo=datetime.UTC)):
        october = reads(place, 3)
    with _at(datetime.datetime(2031, 11, 1, 0, 1, tzinfo=datetime.UTC)):
        november = reads(place, 3)
    assert {_partition_of(october[0]), _partition_of(november[0])} == {
        "audit_accessevent_2031_10",
        "audit_accessevent_2031_11",
    }
    access_events_seal()
    call_command("audit_verify")
    assert "OK: 6 access events in 1 chains verified." in capsys.readouterr().out

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE NONE")
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "UPDATE audit_accessevent_2031_10 SET purpose = 'x' WHERE id = %s", [october[1].pk]
        )
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify")
    assert f"event id {october[1].pk}" in str(failure.value)
