"""Rate limits of /api/v1/ in Django's cache: requests per minute per credential (a token or a
session's user), and failed bearer tokens per minute per client address, so that guessing
tokens is slow. Each window starts at its first request and lasts a minute; with a cache per
process (the default local-memory cache) each process counts on its own (docs/api.md)."""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60


def _key(bucket: str) -> str:
    return f"laget:api-limit:{bucket}"


def _retry_after(bucket: str) -> int:
    started = cache.get(_key(bucket) + ":start")
    if started is None:
        return 1
    return max(1, math.ceil(started + WINDOW_SECONDS - time.time()))


def _count(bucket: str) -> int:
    """One more in the bucket's window; the count so far."""
    key = _key(bucket)
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        cache.set(key + ":start", time.time(), timeout=WINDOW_SECONDS)
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        cache.set(key + ":start", time.time(), timeout=WINDOW_SECONDS)
        return 1


def client_address(request: HttpRequest) -> str:
    """The client's address: from the header the proxy sets (`CLIENT_ADDRESS_HEADER`), else
    the connection's. A header the client sends itself must not be trusted: only name one the
    proxy overwrites."""
    if settings.CLIENT_ADDRESS_HEADER:
        value = request.headers.get(settings.CLIENT_ADDRESS_HEADER, "")
        # X-Forwarded-For style: the last address is the one the proxy saw.
        return value.rsplit(",", 1)[-1].strip()[:64]
    return str(request.META.get("REMOTE_ADDR") or "")


def request_limit_exceeded(credential: str) -> int | None:
    """Count a request of the credential: the seconds to wait when over the limit, else None."""
    bucket = f"requests:{credential}"
    if _count(bucket) > settings.API_REQUESTS_PER_MINUTE:
        return _retry_after(bucket)
    return None


def failed_tokens_exceeded(address: str) -> int | None:
    """The seconds to wait when the address sent too many bad tokens this minute, else None."""
    bucket = f"failed-tokens:{address}"
    count = cache.get(_key(bucket), 0)
    if count >= settings.API_FAILED_TOKENS_PER_MINUTE:
        return _retry_after(bucket)
    return None


def failed_token_record(address: str) -> None:
    _count(f"failed-tokens:{address}")
