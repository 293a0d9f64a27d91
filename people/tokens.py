"""Bearer tokens for integrations using the JSON API (/api/v1/).

A token carries its user's rights as they are on each request: memberships, team membership and
consent are checked again every time, exactly as for the pages. Only a SHA-256 hash of the token
is stored; the token itself is shown once, when it is issued.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets

from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import access_event_record
from people.models import ApiToken, User

PREFIX = "laget_"
_SHAPE = re.compile(r"^laget_[A-Za-z0-9_-]{40,64}$")
# `last_used_at` is for spotting forgotten tokens, not an access log (the access events are):
# writing it at most once a minute keeps a busy integration from writing on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User, name: str, issued_by: str = "") -> tuple[ApiToken, str]:
    """A new token for the user: the stored row and the token, which is never shown again."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip(), token_hash=token_hash(raw))
    access_event_record(
        actor=None,
        actor_label=issued_by or "issue_api_token",
        action=Action.CREATE,
        object_type="api_token",
        object_id=token.pk,
        purpose="issuing an API token",
        detail={"user": user.get_username(), "name": token.name},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by: str = "") -> ApiToken:
    """Revoke at once: the next request with the token gets 401."""
    locked = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        access_event_record(
            actor=None,
            actor_label=revoked_by or "issue_api_token",
            action=Action.UPDATE,
            object_type="api_token",
            object_id=locked.pk,
            purpose="revoking an API token",
            detail={"user": locked.user.get_username(), "name": locked.name},
        )
    return locked


def api_tokens_live(*, user: User, name: str = "") -> list[ApiToken]:
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("created_at")
    return list(tokens.filter(name=name) if name else tokens)


def api_token_user(*, raw: str) -> User | None:
    """The active user a live token belongs to, or None. Notes when the token was last used."""
    if not _SHAPE.match(raw):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
