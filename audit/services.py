"""Writing the audit trail. `access_event_record` is the only function that writes it."""

from __future__ import annotations

import uuid
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
) -> AccessEvent:
    """An access event about one child's record, on the chain of the child's municipality."""
    return access_event_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        child_id=child.pk,
        municipality=child.municipality,
        purpose=purpose,
        legal_basis=legal_basis,
        detail=detail,
    )
