"""Writing the audit trail. `access_event_record` is the only function that writes it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from audit.hashing import event_hash
from audit.models import NATIONAL_CHAIN, AccessEvent, Action, ChainHead
from core.middleware import get_request_id

if TYPE_CHECKING:
    from municipalities.models import Municipality
    from people.models import User


class AuditOutsideTransactionError(RuntimeError):
    pass


def access_event_record(
    *,
    actor: User | None,
    action: Action,
    object_type: str = "",
    object_id: str | int | uuid.UUID = "",
    child_id: uuid.UUID | None = None,
    municipality: Municipality | None = None,
    purpose: str = "",
    legal_basis: str = "",
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AccessEvent:
    """Append one access event to its municipality's chain.

    Must run inside the caller's transaction (`transaction.atomic`), so that the event is written
    if and only if the access it records is. It locks the chain head until that transaction ends;
    appends to one municipality's chain are therefore serialised, other chains are not touched.
    """
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransactionError(
            "access_event_record must be called inside the caller's transaction."
        )
    chain = municipality.number if municipality is not None else NATIONAL_CHAIN
    ChainHead.objects.get_or_create(chain=chain)
    head = ChainHead.objects.select_for_update().get(chain=chain)

    event = AccessEvent(
        chain=chain,
        sequence=head.sequence + 1,
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=actor_label
        if actor_label is not None
        else (actor.get_username() if actor else ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        child_id=child_id,
        municipality=municipality,
        purpose=purpose,
        legal_basis=legal_basis,
        request_id=get_request_id(),
        detail=detail or {},
        previous_hash=head.hash,
    )
    event.hash = event_hash(event)
    event.save(force_insert=True)

    head.sequence = event.sequence
    head.hash = event.hash
    head.save(update_fields=["sequence", "hash"])
    return event


def child_event_record(
    *,
    actor: User | None,
    action: Action,
    object_type: str,
    object_id: str | int | uuid.UUID,
    child: Any,
    purpose: str,
    legal_basis: str = "",
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AccessEvent:
    """An access event about one child's record, on the chain of the child's municipality.
    Without a staff `actor` (the portal, a job), `actor_label` says who it was."""
    return access_event_record(
        actor=actor,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        child_id=child.pk,
        municipality=child.municipality,
        purpose=purpose,
        legal_basis=legal_basis,
        detail=detail,
    )


@dataclass(frozen=True)
class EventSpec:
    """One event for `access_events_record_many`."""

    action: Action
    object_type: str
    object_id: str | int | uuid.UUID
    municipality: Municipality | None
    child_id: uuid.UUID | None = None
    purpose: str = ""
    legal_basis: str = ""


def access_events_record_many(*, actor: User | None, events: Iterable[EventSpec]) -> int:
    """Append many events (a list page that shows several children) in a fixed number of
    queries per chain: each chain head is locked once and the events are inserted together.

    Same contract as `access_event_record`: inside the caller's transaction, chains never fork.
    """
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransactionError(
            "access_events_record_many must be called inside the caller's transaction."
        )
    by_chain: dict[str, list[EventSpec]] = {}
    for spec in events:
        chain = spec.municipality.number if spec.municipality is not None else NATIONAL_CHAIN
        by_chain.setdefault(chain, []).append(spec)
    label = actor.get_username() if actor else ""
    request_id = get_request_id()
    written = 0
    # Chains are locked in a fixed order, so two writers never wait for each other in a cycle.
    for chain in sorted(by_chain):
        ChainHead.objects.get_or_create(chain=chain)
        head = ChainHead.objects.select_for_update().get(chain=chain)
        rows = []
        sequence, previous = head.sequence, head.hash
        now = timezone.now()
        for spec in by_chain[chain]:
            sequence += 1
            event = AccessEvent(
                chain=chain,
                sequence=sequence,
                occurred_at=now,
                actor=actor,
                actor_label=label,
                action=spec.action,
                object_type=spec.object_type,
                object_id=str(spec.object_id),
                child_id=spec.child_id,
                municipality=spec.municipality,
                purpose=spec.purpose,
                legal_basis=spec.legal_basis,
                request_id=request_id,
                detail={},
                previous_hash=previous,
            )
            event.hash = event_hash(event)
            previous = event.hash
            rows.append(event)
        AccessEvent.objects.bulk_create(rows)
        head.sequence, head.hash = sequence, previous
        head.save(update_fields=["sequence", "hash"])
        written += len(rows)
    return written
