"""Request-scoped context: a request id that ties log lines and audit events together."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
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


# The session's expiry is renewed by a write at most this often. Django's
# SESSION_SAVE_EVERY_REQUEST would write the session row on every request, so a user's parallel
# requests queue behind each other's UPDATE; renewing once a minute keeps the idle time-out
# (SESSION_COOKIE_AGE after the last renewal, so 29–30 minutes after the last request).
SESSION_RENEW_SECONDS = 60
_RENEWED_AT = "_renewed_at"


def renew_every() -> float:
    """Seconds between two writes that renew a session: a minute, or a thirtieth of a shorter
    idle time, so that a session in use never expires between renewals."""
    return min(SESSION_RENEW_SECONDS, settings.SESSION_COOKIE_AGE / 30)


class SessionRenewalMiddleware:
    """Marks an existing session modified when its expiry was last renewed a minute or more
    ago, so that Django's SessionMiddleware saves it (and moves the expiry on) then, and only
    then. Must stand after SessionMiddleware. A request without a session creates none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key is not None:
            renewed_at = session.get(_RENEWED_AT)
            # Reading the session loads it; a key that no longer exists leaves none behind.
            if session.session_key is not None:
                now = time.time()
                if not isinstance(renewed_at, int | float) or now - renewed_at >= renew_every():
                    session[_RENEWED_AT] = now
        response = self.get_response(request)
        # A session the view changed is saved anyway, with a new expiry: note it as renewed, so
        # the next request does not write it again.
        if session is not None and session.modified and not session.is_empty():
            session[_RENEWED_AT] = time.time()
        return response


def session_renewed_at_log_in(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """A log-in saves a new session with a fresh expiry: note it as renewed, so the first
    request after it does not write the session again (`user_logged_in`)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[_RENEWED_AT] = time.time()
