"""Rate limits in Django's cache, counted in fixed windows: the API's requests and failed tokens
(core/api/limits.py) and the digest's confirmation e-mails (digest/views.py). Each window starts
at its first request and lasts `window` seconds; with a cache per process (the default
local-memory cache) each process counts on its own (docs/api.md)."""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _key(bucket: str) -> str:
    return f"laget:limit:{bucket}"


def retry_after(bucket: str, *, window: int) -> int:
    """The seconds until the bucket's window ends (at least 1)."""
    started = cache.get(_key(bucket) + ":start")
    if started is None:
        return 1
    return max(1, math.ceil(float(started) + window - time.time()))


def count(bucket: str, *, window: int) -> int:
    """One more in the bucket's window; the count so far."""
    key = _key(bucket)
    if cache.add(key, 1, timeout=window):
        cache.set(key + ":start", time.time(), timeout=window)
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        cache.set(key + ":start", time.time(), timeout=window)
        return 1


def counted(bucket: str) -> int:
    """The bucket's count in its current window, without counting."""
    value = cache.get(_key(bucket), 0)
    return int(value)


def limit_exceeded(bucket: str, *, limit: int, window: int) -> int | None:
    """Count one in the bucket: the seconds to wait when that is over `limit`, else None."""
    if count(bucket, window=window) > limit:
        return retry_after(bucket, window=window)
    return None


def client_address(request: HttpRequest) -> str:
    """The client's address: from the header the proxy sets (`CLIENT_ADDRESS_HEADER`), else
    the connection's. A header the client sends itself must not be trusted: only name one the
    proxy overwrites."""
    if settings.CLIENT_ADDRESS_HEADER:
        value = request.headers.get(settings.CLIENT_ADDRESS_HEADER, "")
        # X-Forwarded-For style: the last address is the one the proxy saw.
        return value.rsplit(",", 1)[-1].strip()[:64]
    return str(request.META.get("REMOTE_ADDR") or "")
