"""Log-in, second factor and log-out: each one transaction that writes its own access event."""

from __future__ import annotations

import uuid

from django.contrib.auth import login, logout
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Action
from audit.services import access_event_record
from municipalities.models import Municipality
from people.models import User
from people.selectors import municipalities_of_user


def _home_municipality(user: User | None) -> Municipality | None:
    # Security events go on the chain of the user's first municipality, so its administrators
    # can see them; users without one (operators, analysts) go on the national chain.
    return municipalities_of_user(user=user).first() if user is not None else None


def _auth_event(*, user: User, action: Action) -> None:
    """An authentication event about the user, on their municipality's chain."""
    access_event_record(
        actor=user,
        action=action,
        object_type="people.user",
        object_id=user.pk,
        municipality=_home_municipality(user),
        purpose="authentication",
    )


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


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first use (not audited: no access yet)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


@transaction.atomic
def user_second_factor_enrol(*, request: HttpRequest, user: User, device: TOTPDevice) -> None:
    """Confirm a new authenticator after the user has typed a valid code from it."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    otp_login(request, device)
    access_event_record(
        actor=user,
        action=Action.SECOND_FACTOR_ENROLLED,
        object_type="otp_totp.totpdevice",
        object_id=device.pk,
        municipality=_home_municipality(user),
        purpose="authentication",
    )


@transaction.atomic
def user_logout(*, request: HttpRequest) -> None:
    user = request.user
    if user.is_authenticated:
        _auth_event(user=user, action=Action.LOGOUT)
    logout(request)


@transaction.atomic
def user_logout_everywhere(*, request: HttpRequest, user: User) -> None:
    """End every session of the user, on every device, including this one."""
    user.session_token = uuid.uuid4()
    user.save(update_fields=["session_token"])
    _auth_event(user=user, action=Action.LOGOUT_EVERYWHERE)
    logout(request)
