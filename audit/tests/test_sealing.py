"""Reads are recorded unsealed, without a lock, and the sealer chains them (issue 12, part 4)."""

from __future__ import annotations

import signal
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from audit.hashing import event_hash
from audit.models import GENESIS_HASH, AccessEvent, Action, ChainHead
from audit.selectors import access_events_for_child, access_events_verify
from audit.services import (
    EventSpec,
    access_event_record,
    access_events_record_many,
    access_events_seal,
    access_log_anchor,
)
from tests.factories import municipality

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (its triggers and locks)"
)


def _read(place, n=1, **extra):
    with transaction.atomic():
        return [
            access_event_record(
                actor=None,
                action=Action.READ,
                object_type="test.thing",
                object_id=i,
                municipality=place,
                purpose="testing",
                **extra,
            )
            for i in range(n)
        ]


def _write(place):
    with transaction.atomic():
        return access_event_record(
            actor=None, action=Action.UPDATE, object_type="test.thing", municipality=place
        )


def _chain(chain):
    return list(AccessEvent.objects.filter(chain=chain).order_by("id"))


def _verify_fails(*args):
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", *args)
    return str(failure.value)


def _as_superuser_without_triggers(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL ROLE NONE")
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER audit_accessevent_append_only")
        cursor.execute(sql, params)


# --- recording and sealing -----------------------------------------------------------------------


def test_a_read_is_recorded_unsealed_without_touching_the_chain_head():
    place = municipality("4001")
    (event,) = _read(place)
    stored = AccessEvent.objects.get(pk=event.pk)
    assert (stored.sequence, stored.previous_hash, stored.hash) == (None, "", "")
    assert not stored.sealed
    assert not ChainHead.objects.filter(chain="4001").exists()
    # Recorded all the same: it counts, and the log is sound while the sealer catches up.
    result = access_events_verify()
    assert result.ok, result.problems
    assert result.unsealed == {"4001": 1}


def test_the_sealer_chains_unsealed_reads_in_id_order_and_the_chain_verifies():
    place = municipality("4001")
    reads = _read(place, 3)
    assert access_events_seal() == 3
    events = _chain("4001")
    assert [event.pk for event in events] == [read.pk for read in reads]
    assert [event.sequence for event in events] == [1, 2, 3]
    assert events[0].previous_hash == GENESIS_HASH
    assert [event.previous_hash for event in events[1:]] == [event.hash for event in events[:-1]]
    assert all(event_hash(event) == event.hash for event in events)
    head = ChainHead.objects.get(chain="4001")
    assert (head.sequence, head.hash) == (3, events[-1].hash)
    result = access_events_verify()
    assert result.ok, result.problems
    assert (result.events_checked, result.unsealed) == (3, {})


def test_sealing_twice_changes_nothing():
    place = municipality("4001")
    _read(place, 2)
    assert access_events_seal() == 2
    before = [(e.sequence, e.hash) for e in _chain("4001")]
    head = ChainHead.objects.get(chain="4001")
    assert access_events_seal() == 0
    assert [(e.sequence, e.hash) for e in _chain("4001")] == before
    assert ChainHead.objects.get(chain="4001").hash == head.hash


def test_later_reads_continue_the_sealed_chain_and_writes_seal_at_once():
    place = municipality("4001")
    _read(place, 2)
    access_events_seal()
    (waiting,) = _read(place)
    write = _write(place)
    # A write is sealed in its own transaction, right after the head: before the waiting read.
    assert write.sequence == 3
    assert access_events_seal() == 1
    assert AccessEvent.objects.get(pk=waiting.pk).sequence == 4
    assert access_events_verify().ok


def test_a_list_page_records_its_reads_unsealed_and_its_writes_sealed():
    porsgrunn, skien = municipality("4001"), municipality("4003")
    with transaction.atomic():
        written = access_events_record_many(
            actor=None,
            events=[
                EventSpec(Action.READ, "child", 1, porsgrunn),
                EventSpec(Action.EXPORT, "child", 2, porsgrunn),
                EventSpec(Action.READ, "child", 3, skien),
            ],
        )
    assert written == 3
    assert list(AccessEvent.objects.filter(sequence__isnull=False).values_list("action")) == [
        ("export",)
    ]
    assert access_events_seal() == 2
    assert access_events_verify().ok


def test_the_sealer_seals_only_the_chains_it_is_given():
    porsgrunn, skien = municipality("4001"), municipality("4003")
    _read(porsgrunn)
    _read(skien)
    assert access_events_seal(chains=["4003"]) == 1
    assert access_events_verify().unsealed == {"4001": 1}


def test_an_unsealed_read_shows_in_the_childs_access_log():
    place = municipality("4001")
    child_id = "7c6a3f50-6b1c-4c3b-9a51-3b0e4d1f2a10"
    (event,) = _read(place, child_id=child_id)
    assert list(access_events_for_child(child_id=child_id)) == [event]


def test_the_seal_command_seals_and_says_how_many(capsys):
    _read(municipality("4001"), 2)
    call_command("audit_seal")
    assert "sealed 2 access event(s)" in capsys.readouterr().out
    assert not AccessEvent.objects.filter(sequence__isnull=True).exists()


def test_the_anchor_job_seals_first_and_signs_sealed_heads_only(settings, tmp_path):
    settings.AUDIT_ANCHOR_DIR = str(tmp_path)
    _read(municipality("4001"), 2)
    access_log_anchor()
    (anchor_file,) = tmp_path.iterdir()
    assert '"chain":"4001"' in anchor_file.read_text().replace(" ", "")
    head = ChainHead.objects.get(chain="4001")
    assert head.sequence == 2
    assert head.hash == AccessEvent.objects.get(chain="4001", sequence=2).hash


# --- verifying the unsealed tail -----------------------------------------------------------------


def test_verify_counts_a_young_unsealed_tail_and_passes(capsys):
    place = municipality("4001")
    _read(place, 2)
    access_events_seal()
    _read(place, 3)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "chain 4001: 2 events" in out
    assert "3 waiting to be sealed" in out


def test_verify_reports_a_stopped_sealer_when_an_unsealed_read_is_old(settings, capsys):
    settings.AUDIT_UNSEALED_MAX_AGE = 300
    place = municipality("4001")
    long_ago = timezone.now() - timedelta(minutes=10)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        (old,) = _read(place)
    _read(place)  # a fresh one is fine
    message = _verify_fails()
    assert "sealer has stopped" in message
    assert f"event id {old.pk}" in message
    assert "1 event(s)" in message
    assert "UNSEALED" in capsys.readouterr().err
    # A longer allowance (or the sealer catching up) passes.
    call_command("audit_verify", "--unsealed-max-age", "3600")
    access_events_seal()
    call_command("audit_verify")


def test_verify_reports_an_unsealed_row_given_a_hash_by_hand():
    (event,) = _read(municipality("4001"))
    _as_superuser_without_triggers(
        "UPDATE audit_accessevent SET hash = %s WHERE id = %s", ["f" * 64, event.pk]
    )
    problems = access_events_verify().problems
    assert [(p.event_id, p.sealer_stopped) for p in problems] == [(event.pk, False)]
    assert "no place in the chain" in problems[0].reason


def test_a_read_changed_before_it_was_sealed_by_a_superuser_is_sealed_as_changed():
    """The window a superuser has: an unsealed row can be changed with the triggers off, and is
    then sealed as it is. What the triggers stop is everyone else (below)."""
    (event,) = _read(municipality("4001"))
    _as_superuser_without_triggers(
        "UPDATE audit_accessevent SET purpose = %s WHERE id = %s", ["other", event.pk]
    )
    access_events_seal()
    assert AccessEvent.objects.get(pk=event.pk).purpose == "other"
    assert access_events_verify().ok


# --- the triggers: one change per row, the seal ---------------------------------------------------


def _refused(statement, params):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, params)


def test_the_database_refuses_to_change_an_unsealed_read():
    (event,) = _read(municipality("4001"))
    _refused("UPDATE audit_accessevent SET purpose = %s WHERE id = %s", ["tracks", event.pk])
    assert AccessEvent.objects.get(pk=event.pk).purpose == "testing"


def test_the_database_refuses_a_seal_that_also_changes_the_content():
    (event,) = _read(municipality("4001"))
    _refused(
        "UPDATE audit_accessevent SET sequence = 1, previous_hash = %s, hash = %s, "
        "object_id = %s WHERE id = %s",
        [GENESIS_HASH, "a" * 64, "other", event.pk],
    )


def test_the_database_refuses_to_seal_a_sealed_event_again():
    (event,) = _read(municipality("4001"))
    access_events_seal()
    _refused(
        "UPDATE audit_accessevent SET sequence = 9, previous_hash = %s, hash = %s WHERE id = %s",
        [GENESIS_HASH, "a" * 64, event.pk],
    )


def test_the_database_refuses_a_seal_without_a_hash():
    (event,) = _read(municipality("4001"))
    _refused(
        "UPDATE audit_accessevent SET sequence = 1, previous_hash = %s WHERE id = %s",
        [GENESIS_HASH, event.pk],
    )


@on_postgresql
def test_postgresql_refuses_to_delete_an_unsealed_read():
    (event,) = _read(municipality("4001"))
    _refused("DELETE FROM audit_accessevent WHERE id = %s", [event.pk])


@on_postgresql
def test_the_seal_check_is_one_function_any_table_of_events_can_use():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgname = 'audit_accessevent_append_only'"
        )
        # The table's trigger and its copy on each month's partition: all the one function.
        assert {name for (name,) in cursor.fetchall()} == {"audit_event_seal_only"}


# --- concurrency ---------------------------------------------------------------------------------


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_and_sealers_never_fork_the_chain():
    place = municipality("4001")
    errors: list[BaseException] = []
    start = threading.Barrier(5)

    def run(work):
        try:
            start.wait()
            work()
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    def reader():
        for _ in range(15):
            _read(place)

    def sealer():
        for _ in range(15):
            access_events_seal(chains=["4001"])

    threads = [threading.Thread(target=run, args=(work,)) for work in [reader] * 3 + [sealer] * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    access_events_seal()
    sequences = list(AccessEvent.objects.filter(chain="4001").values_list("sequence", flat=True))
    assert sorted(sequences) == list(range(1, 46))
    result = access_events_verify()
    assert result.ok, result.problems
    assert result.heads["4001"][0] == 45


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_second_sealer_skips_a_chain_another_is_sealing():
    place = municipality("4001")
    _read(place, 2)
    holding, release = threading.Event(), threading.Event()
    sealed_by_other: list[int] = []

    def other_sealer():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [0x5EA1, "4001"])
                holding.set()
                release.wait(10)
            sealed_by_other.append(access_events_seal())
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_sealer)
    thread.start()
    assert holding.wait(10)
    assert access_events_seal() == 0  # skipped: the other one has the chain
    release.set()
    thread.join()
    assert sealed_by_other == [2]
    assert access_events_verify().ok


def test_the_seal_command_refuses_a_period_of_no_time():
    with pytest.raises(CommandError, match="above 0"):
        call_command("audit_seal", "--every", "0")


def test_the_seal_command_keeps_sealing_until_stopped(capsys):
    _read(municipality("4001"), 2)
    before = signal.getsignal(signal.SIGTERM)

    def sleep(seconds):
        signal.raise_signal(signal.SIGTERM)  # what systemd sends to stop it

    with mock.patch("audit.management.commands.audit_seal.time.sleep", sleep):
        call_command("audit_seal", "--every", "1")
    out = capsys.readouterr().out
    assert "sealing the access log every 1 s" in out
    assert "sealed 2 access event(s)" in out
    assert not AccessEvent.objects.filter(sequence__isnull=True).exists()
    assert signal.getsignal(signal.SIGTERM) == before
