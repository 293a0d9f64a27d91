"""Whether an access check records a read: decided in one place, from the request's method.

A GET or HEAD shows data, so every access helper (`*/access.py`) it passes writes one access
event with the basis that allowed it; any other method changes data, and the service that makes
the change audits the write. `RequestReadsMiddleware` sets this once per request. Outside a
request (commands, jobs, a test calling a helper directly) a look-up counts as a read.

A page whose answer to a POST shows data (the sharing assistant's assessment), or whose GET
shows none (a page of buttons), says so explicitly to the helper with `record_read=`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

READING_METHODS = frozenset({"GET", "HEAD"})
_reading: ContextVar[bool] = ContextVar("laget_request_reads", default=True)


def reads_recorded(explicit: bool | None = None) -> bool:
    """Whether this access check writes a read event: the page's explicit choice, else the
    request's method."""
    return _reading.get() if explicit is None else explicit


class RequestReadsMiddleware:
    """Decide once per request whether its access checks are reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reading.set(request.method in READING_METHODS)
        try:
            return self.get_response(request)
        finally:
            _reading.reset(token)
