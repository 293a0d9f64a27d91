"""What the JSON API's plumbing keeps between requests: the answers to idempotency keys."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class IdempotencyKey(models.Model):
    """The first successful answer to a POST sent with an `Idempotency-Key`, replayed when the
    same caller sends the same key again (core/api/idempotency.py). Kept 24 hours: the daily
    job `idempotency_keys_expire_job` deletes older ones, and an older one is never replayed.
    The answer may hold personal data (a child's name): it is replayed only to the same
    credential, and goes with the key."""

    # SHA-256 of the credential (the bearer token, or the session's user): the key is the
    # caller's own, and another caller's same key is another key.
    owner = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    # SHA-256 of the method, the path and the body: the same key with another request is 422.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    content = models.TextField()
    content_type = models.CharField(max_length=100)
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="core_idempotency_owner_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
