"""The canonical form of an access event and its SHA-256 hash (the link in the chain)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.models import AccessEvent


def event_hash(event: AccessEvent) -> str:
    """Hash of every field that says what happened, plus the previous event's hash."""
    content = {
        "chain": event.chain,
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "child_id": str(event.child_id) if event.child_id else None,
        "municipality_id": event.municipality_id,
        "purpose": event.purpose,
        "legal_basis": event.legal_basis,
        "request_id": event.request_id,
        "detail": event.detail,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
