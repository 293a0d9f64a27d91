"""Rate limits of /api/v1/ (counted by core/limits.py): requests per minute per credential (a
token or a session's user), and failed bearer tokens per minute per client address, so that
guessing tokens is slow (docs/api.md)."""

from __future__ import annotations

from django.conf import settings

from core.limits import client_address, count, counted, limit_exceeded, retry_after

__all__ = [
    "client_address",
    "failed_token_record",
    "failed_tokens_exceeded",
    "request_limit_exceeded",
]

WINDOW_SECONDS = 60


def request_limit_exceeded(credential: str) -> int | None:
    """Count a request of the credential: the seconds to wait when over the limit, else None."""
    return limit_exceeded(
        f"api-requests:{credential}",
        limit=settings.API_REQUESTS_PER_MINUTE,
        window=WINDOW_SECONDS,
    )


def failed_tokens_exceeded(address: str) -> int | None:
    """The seconds to wait when the address sent too many bad tokens this minute, else None."""
    bucket = f"api-failed-tokens:{address}"
    if counted(bucket) >= settings.API_FAILED_TOKENS_PER_MINUTE:
        return retry_after(bucket, window=WINDOW_SECONDS)
    return None


def failed_token_record(address: str) -> None:
    count(f"api-failed-tokens:{address}", window=WINDOW_SECONDS)
