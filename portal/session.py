"""Who is logged in to the portal. A portal log-in is not a staff log-in: it lives in the session
under its own key, holds the person's identity number (`pid`) from ID-porten, and ends after
the same idle time as a staff session."""

from __future__ import annotations

import functools
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from core.middleware import renew_every

SESSION_KEY = "portal"


@dataclass(frozen=True)
class PortalLogin:
    pid: str
    sub: str
    logged_in_at: float
    id_token: str


class PortalRequest(HttpRequest):
    portal: PortalLogin


def portal_login_start(request: HttpRequest, *, pid: str, sub: str, id_token: str) -> None:
    """A new session key on every log-in, so a session id planted before it is worth nothing."""
    request.session.cycle_key()
    now = time.time()
    request.session[SESSION_KEY] = {
        "pid": pid,
        "sub": sub,
        "logged_in_at": now,
        "seen_at": now,
        "id_token": id_token,
    }


def portal_login_end(request: HttpRequest) -> PortalLogin | None:
    login = portal_login_current(request, touch=False)
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    return login


def portal_login_current(request: HttpRequest, *, touch: bool = True) -> PortalLogin | None:
    """The portal log-in of this session, or None (also when it has been idle too long)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    now = time.time()
    if now - data.get("seen_at", 0) > settings.SESSION_COOKIE_AGE:
        request.session.pop(SESSION_KEY, None)
        return None
    # Renewed at most once a minute, like a staff session: a write on every request would make
    # the person's parallel requests queue behind each other.
    if touch and now - data.get("seen_at", 0) >= renew_every():
        data["seen_at"] = now
        request.session.modified = True
    return PortalLogin(
        pid=data["pid"],
        sub=data["sub"],
        logged_in_at=data["logged_in_at"],
        id_token=data.get("id_token", ""),
    )


def portal_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public page as far as staff log-in goes, never cached."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        origin = _issuer_origin()
        if origin:
            # The log-out form ends in a redirect to the provider's end-session page, and
            # browsers check `form-action` against every address a form submission is sent to.
            response._csp_update = {"form-action": [origin]}  # type: ignore[attr-defined]
        return response

    return login_not_required(wrapped)


def _issuer_origin() -> str:
    parts = urllib.parse.urlsplit(settings.PORTAL_OIDC_ISSUER)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def portal_login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The portal's own log-in: without it, back to the portal's start page."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        login = portal_login_current(request)
        if login is None:
            return redirect("portal:start")
        request.portal = login  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return portal_page(wrapped)
