import pytest
from django.db import DatabaseError, connection, transaction

from audit.hashing import event_hash
from audit.models import GENESIS_HASH, AccessEvent, Action, AppendOnlyError, ChainHead
from audit.selectors import access_events_verify
from audit.services import (
    AuditOutsideTransactionError,
    access_event_record,
    access_events_seal,
)
from tests.factories import UserFactory, municipality


def _record(n, *, place=None, actor=None, sealed=True):
    """`n` reads in one transaction, then (unless not `sealed`) sealed as the sealer would."""
    events = []
    with transaction.atomic():
        for i in range(n):
            events.append(
                access_event_record(
                    actor=actor,
                    action=Action.READ,
                    object_type="test.thing",
                    object_id=i,
                    municipality=place,
                    purpose="testing",
                    legal_basis="test",
                )
            )
    if not sealed:
        return events
    access_events_seal()
    return list(AccessEvent.objects.filter(pk__in=[event.pk for event in events]))


@pytest.mark.django_db
def test_events_link_into_one_chain_per_municipality():
    porsgrunn, skien = municipality("4001"), municipality("4003")
    first, second = _record(2, place=porsgrunn)
    (other,) = _record(1, place=skien)
    assert (first.chain, first.sequence, first.previous_hash) == ("4001", 1, GENESIS_HASH)
    assert (second.sequence, second.previous_hash) == (2, first.hash)
    assert (other.chain, other.sequence, other.previous_hash) == ("4003", 1, GENESIS_HASH)
    assert ChainHead.objects.get(chain="4001").hash == second.hash
    assert event_hash(AccessEvent.objects.get(pk=second.pk)) == second.hash


@pytest.mark.django_db
def test_event_without_municipality_goes_on_the_national_chain():
    (event,) = _record(1)
    assert event.chain == "national"


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    with pytest.raises(AuditOutsideTransactionError):
        access_event_record(actor=None, action=Action.READ)
    assert not AccessEvent.objects.exists()


@pytest.mark.django_db
def test_event_is_written_with_the_callers_transaction_or_not_at_all():
    def access_that_fails():
        with transaction.atomic():
            _record(1)
            raise RuntimeError("the access failed")

    with pytest.raises(RuntimeError):
        access_that_fails()
    assert not AccessEvent.objects.exists()


@pytest.mark.django_db
def test_model_refuses_to_change_or_delete_an_event():
    (event,) = _record(1)
    event.purpose = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.django_db
def test_database_refuses_to_update_an_event():
    (event,) = _record(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(purpose="covering tracks")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite allows DELETE for flushes")
def test_postgresql_refuses_to_delete_an_event():
    (event,) = _record(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.django_db
def test_verify_passes_an_untouched_log(capsys):
    porsgrunn = municipality("4001")
    actor = UserFactory()
    _record(3, place=porsgrunn, actor=actor)
    _record(2)
    result = access_events_verify()
    assert result.ok
    assert result.events_checked == 5
    assert result.heads["4001"][0] == 3


@pytest.mark.django_db
def test_many_events_are_appended_to_each_chain_in_order_and_verify():
    from audit.selectors import access_events_verify
    from audit.services import EventSpec, access_events_record_many
    from tests.factories import municipality

    porsgrunn, skien = municipality("4001"), municipality("4003")
    with transaction.atomic():
        access_event_record(actor=None, action=Action.READ, municipality=porsgrunn)
        written = access_events_record_many(
            actor=None,
            events=[
                EventSpec(Action.READ, "child", n, porsgrunn if n % 2 else skien) for n in range(6)
            ],
        )
    assert written == 6
    assert not AccessEvent.objects.filter(sequence__isnull=False).exists()  # reads: unsealed
    assert access_events_seal() == 7
    assert list(AccessEvent.objects.filter(chain="4001").values_list("sequence", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    assert AccessEvent.objects.filter(chain="4003").count() == 3
    assert access_events_verify().problems == []
