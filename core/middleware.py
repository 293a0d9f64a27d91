"""Request-scoped context: a request id that ties log lines and audit events together."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("laget_request_id", default="")
# An id set by a trusted proxy is reused only when it is short and plain, so it cannot inject
# anything into logs or the audit trail.
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def get_request_id() -> str:
    """The id of the request (or command) being handled, or '' outside one."""
    return _request_id.get()


def set_request_id(value: str) -> None:
    """Used by management commands, which have no request, to label their audit events."""
    _request_id.set(value)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response
