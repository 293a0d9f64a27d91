"""Signed links of the digest (`django.core.signing`), so that no token is stored: the
confirmation link carries the whole request (address and filters) and expires; the links in a
digest carry the subscription's id and do not expire (an old digest must still unsubscribe)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core import signing

CONFIRM_SALT = "digest.confirm"
SUBSCRIPTION_SALT = "digest.subscription"
UNSUBSCRIBE_SALT = "digest.unsubscribe"
# Days a confirmation link stays valid.
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirm_token(request: dict[str, Any]) -> str:
    return signing.dumps(request, salt=CONFIRM_SALT, compress=True)


def confirm_request(token: str) -> dict[str, Any] | None:
    """The signed subscription request, or None when the link is broken or too old."""
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, dict) else None


def subscription_token(subscription_id: uuid.UUID, *, salt: str = SUBSCRIPTION_SALT) -> str:
    return signing.dumps(str(subscription_id), salt=salt)


def subscription_id(token: str, *, salt: str = SUBSCRIPTION_SALT) -> uuid.UUID | None:
    try:
        value = signing.loads(token, salt=salt)
        return uuid.UUID(str(value))
    except (signing.BadSignature, ValueError):
        return None
