"""The canonical form of an access event and its SHA-256 hash (the link in the chain)."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audit.models import AccessEvent


def event_hash(event: AccessEvent) -> str:
    """Hash of every field that says what happened, plus the previous event's hash. Only a
    sealed event (or one being sealed) has a place in the chain to hash."""
    if event.sequence is None:
        raise ValueError("An unsealed access event has no place in its chain to hash yet.")
    return event_content_hash(
        chain=event.chain,
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        child_id=event.child_id,
        municipality_id=event.municipality_id,
        purpose=event.purpose,
        legal_basis=event.legal_basis,
        request_id=event.request_id,
        detail=event.detail,
        previous_hash=event.previous_hash,
    )


def event_content_hash(
    *,
    chain: str,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    child_id: uuid.UUID | str | None,
    municipality_id: str | None,
    purpose: str,
    legal_basis: str,
    request_id: str,
    detail: dict[str, Any],
    previous_hash: str,
) -> str:
    """The same hash from the values alone, for writers that build rows without a model
    instance (the national data generator writes millions with COPY)."""
    content = {
        "chain": chain,
        "sequence": sequence,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "child_id": str(child_id) if child_id else None,
        "municipality_id": municipality_id,
        "purpose": purpose,
        "legal_basis": legal_basis,
        "request_id": request_id,
        "detail": detail,
        "previous_hash": previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
