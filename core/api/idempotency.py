"""`Idempotency-Key` on POST (draft-ietf-httpapi-idempotency-key-header): the first successful
answer to a key is kept 24 hours and replayed to the same caller for the same request, without
writing again; the same key with another request is 422.

Concurrency: the key row is inserted in the same transaction as the write it guards, under a
unique constraint, so a second request with the key waits for the first (PostgreSQL holds it at
the unique index; SQLite has one writer) and then replays its answer. An answer that is not a
success rolls the key back with everything else: the caller may correct the request and send it
again with the same key."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api.problems import ProblemError, invalid
from core.models import IdempotencyKey

HEADER = "Idempotency-Key"
KEPT = datetime.timedelta(hours=24)
MAX_KEY_LENGTH = 255
# The headers of an answer that are replayed with it.
REPLAYED_HEADERS = ("Location", "ETag")


def credential_of(request: HttpRequest) -> str:
    """Whose request it is, as a hash: what the authenticator named (`api_credential`: a
    system client, whichever of its tokens it sends), else the bearer token itself, else the
    session's user."""
    header = request.META.get("HTTP_AUTHORIZATION")
    named = getattr(request, "api_credential", None)
    if named:
        raw = f"credential:{named}"
    else:
        raw = f"authorization:{header.strip()}" if header else f"user:{request.user.pk}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _key_of(request: HttpRequest) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not (0 < len(key) <= MAX_KEY_LENGTH and key.isascii() and key.isprintable()):
        raise invalid(
            {
                HEADER: [
                    _("Send a key of 1 to %(max)d visible ASCII characters, e.g. a UUID.")
                    % {"max": MAX_KEY_LENGTH}
                ]
            }
        )
    return key


def _replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(
        record.content.encode(), status=record.status, content_type=record.content_type
    )
    for name, value in record.headers.items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    response["Idempotent-Replayed"] = "true"
    return response


def _earlier(request: HttpRequest, owner: str, key: str, fingerprint: str) -> HttpResponse:
    record = IdempotencyKey.objects.get(owner=owner, key=key)
    if record.fingerprint != fingerprint:
        return ProblemError(
            422,
            _(
                "This Idempotency-Key was used for another request. Use a new key for a new "
                "request."
            ),
        ).response()
    return _replay(record)


@contextmanager
def owner_scope(owner: str) -> Iterator[None]:
    """On PostgreSQL, let the connection see the stored answers of this owner only (the row
    policy of `core_idempotencykey`, tenancy/migrations/0004): `laget.api_owner` is set for
    the block and emptied afterwards, also when it fails."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('laget.api_owner', %s, false)", [owner])
    try:
        yield
    finally:
        if not (connection.in_atomic_block and connection.needs_rollback):
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('laget.api_owner', '', false)")


def idempotent(request: HttpRequest, answer: Callable[[], HttpResponse]) -> HttpResponse:
    """`answer()` once per key: its first successful answer, kept and replayed."""
    key = _key_of(request)
    if key is None:
        return answer()
    owner = credential_of(request)
    with owner_scope(owner):
        return _idempotent(request, answer, owner=owner, key=key)


def _idempotent(
    request: HttpRequest, answer: Callable[[], HttpResponse], *, owner: str, key: str
) -> HttpResponse:
    fingerprint = _fingerprint(request)
    now = timezone.now()
    IdempotencyKey.objects.filter(owner=owner, key=key, created_at__lt=now - KEPT).delete()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    owner=owner,
                    key=key,
                    fingerprint=fingerprint,
                    status=0,
                    content="",
                    content_type="",
                    created_at=now,
                )
        except IntegrityError:
            # The key was used, or is being used and we waited for it: its answer.
            return _earlier(request, owner, key, fingerprint)
        response = answer()
        if not 200 <= response.status_code < 300:
            transaction.set_rollback(True)
            return response
        record.status = response.status_code
        record.content = response.content.decode()
        record.content_type = response["Content-Type"]
        record.headers = {name: response[name] for name in REPLAYED_HEADERS if name in response}
        record.save(update_fields=["status", "content", "content_type", "headers"])
    return response


def idempotency_keys_expire() -> int:
    """Delete the keys older than 24 hours; how many."""
    deleted, _by_model = IdempotencyKey.objects.filter(
        created_at__lt=timezone.now() - KEPT
    ).delete()
    return deleted
