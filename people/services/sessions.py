"""Log-in, second factor, recovery codes at log-in, log-out and ending sessions: each one
transaction that writes its own access event."""

from __future__ import annotations

import uuid

from django.contrib.auth import login, logout
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Action
from audit.services import access_event_record
from people.models import User
from people.services._events import _auth_event, _home_municipality, _user_event
from people.tokens import api_tokens_revoke_all


@transaction.atomic
def user_login(*, request: HttpRequest, user: User) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    _auth_event(user=user, action=Action.LOGIN)


@transaction.atomic
def user_login_failed(*, username: str, locked_out: bool) -> None:
    """Record a refused log-in. The user name may not exist; then the national chain takes it."""
    user = User.objects.filter(username=username).first()
    access_event_record(
        actor=None,
        actor_label=username[:150],
        action=Action.LOGIN_LOCKED_OUT if locked_out else Action.LOGIN_FAILED,
        object_type="people.user" if user else "",
        object_id=user.pk if user else "",
        municipality=_home_municipality(user),
        purpose="authentication",
    )


@transaction.atomic
def user_second_factor_verify(*, request: HttpRequest, user: User, device: TOTPDevice) -> None:
    otp_login(request, device)
    _auth_event(user=user, action=Action.SECOND_FACTOR_VERIFIED)


@transaction.atomic
def user_second_factor_failed(*, user: User) -> None:
    _auth_event(user=user, action=Action.SECOND_FACTOR_FAILED)


@transaction.atomic
def user_recovery_code_use(*, request: HttpRequest, user: User, code: str) -> bool:
    """Pass the second factor with a recovery code, which is used up. The user's recovery
    device is locked while the code is checked, so one code cannot be used twice at once;
    failures count towards django-otp's throttling and are audited like wrong TOTP codes."""
    device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(code):
        _user_event(
            user=user,
            actor=user,
            action=Action.SECOND_FACTOR_FAILED,
            detail={"method": "recovery code"},
        )
        return False
    otp_login(request, device)
    _user_event(
        user=user,
        actor=user,
        action=Action.RECOVERY_CODE_USED,
        object_type="otp_static.staticdevice",
        object_id=device.pk,
        detail={"remaining": device.token_set.count()},
    )
    return True


@transaction.atomic
def user_logout(*, request: HttpRequest) -> None:
    user = request.user
    if user.is_authenticated:
        _auth_event(user=user, action=Action.LOGOUT)
    logout(request)


@transaction.atomic
def user_logout_everywhere(*, request: HttpRequest, user: User) -> None:
    """End every session of the user, on every device, including this one, and revoke their
    API tokens."""
    user_sessions_end(user=user, ended_by=user, reason="logged out everywhere")
    _auth_event(user=user, action=Action.LOGOUT_EVERYWHERE)
    logout(request)


# Ending sessions ---------------------------------------------------------------------------


@transaction.atomic
def user_sessions_end(*, user: User, ended_by: User | None = None, reason: str = "") -> None:
    """End every session of the user (a new session token changes every session's auth hash)
    and revoke all their API tokens, each revocation audited. The one step behind "log out
    everywhere", deactivation and a reset of the second factor; callers audit why."""
    user.session_token = uuid.uuid4()
    user.save(update_fields=["session_token"])
    api_tokens_revoke_all(user=user, revoked_by=ended_by, reason=reason or "sessions ended")
