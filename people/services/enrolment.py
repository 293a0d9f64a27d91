"""Setting up a second factor: enrolment links, resetting a second factor and recovery codes.

A one-time link, issued by an administrator, is the only way to set up a second factor
(docs/decisions/0005-second-factor-enrolment.md)."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Action
from people.models import EnrolmentInvitation, User
from people.selectors import enrolment_token_hash, second_factor_enrolled
from people.services._events import _user_event
from people.services.sessions import user_sessions_end


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first use (not audited: no access yet)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


@dataclass(frozen=True)
class EnrolmentLink:
    """A newly issued link. `emailed_to` is the address it went to; when it is empty, the link
    was not e-mailed and `url` is shown once to the administrator, who hands it over."""

    invitation: EnrolmentInvitation
    url: str
    emailed_to: str


def _enrolment_email_send(*, user: User, url: str, expires_at: datetime.datetime) -> None:
    # Plain text in the default language; it names the person and nothing about any child.
    with override(settings.LANGUAGE_CODE):
        expires = date_format(timezone.localtime(expires_at), "DATETIME_FORMAT")
        send_mail(
            subject=_("Laget: set up your log-in"),
            message=_(
                "Hello %(name)s,\n\n"
                "An administrator has given you a log-in to Laget, or has reset it. Open this "
                "link to choose your own password and set up the code app on your phone:\n\n"
                "%(url)s\n\n"
                "The link works once, until %(expires)s. Your user name is %(username)s.\n\n"
                "If you did not expect this e-mail, do not open the link; tell your "
                "administrator.\n"
            )
            % {
                "name": user.display_name(),
                "url": url,
                "expires": expires,
                "username": user.get_username(),
            },
            from_email=None,
            recipient_list=[user.email],
        )


def _enrolment_invitation_issue(
    *, user: User, issued_by: User | None, actor_label: str | None = None
) -> EnrolmentLink:
    """Revoke the user's open links and issue a new one (the caller holds the transaction)."""
    now = timezone.now()
    EnrolmentInvitation.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    # A secret shown on an earlier link's page must not carry over to the new link.
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    raw = secrets.token_urlsafe(32)
    invitation = EnrolmentInvitation.objects.create(
        user=user,
        token_hash=enrolment_token_hash(raw),
        issued_by=issued_by,
        created_at=now,
        expires_at=now + datetime.timedelta(hours=settings.LAGET_ENROLMENT_LINK_HOURS),
    )
    url = settings.LAGET_BASE_URL + reverse("people:enrol", args=[raw])
    _user_event(
        user=user,
        actor=issued_by,
        actor_label=actor_label,
        action=Action.ENROLMENT_LINK_ISSUED,
        purpose="administration",
        detail={
            "user": user.get_username(),
            "delivery": "email" if user.email else "shown once",
            "expires_at": invitation.expires_at.isoformat(),
        },
    )
    # Last, so that nothing after it can fail: an e-mail that cannot be sent undoes it all.
    if user.email:
        _enrolment_email_send(user=user, url=url, expires_at=invitation.expires_at)
    return EnrolmentLink(invitation=invitation, url=url, emailed_to=user.email)


@transaction.atomic
def enrolment_link_issue(
    *, user: User, issued_by: User | None, actor_label: str | None = None
) -> EnrolmentLink:
    """Issue a one-time enrolment link for a user who has no second factor yet: e-mailed to
    their address, or returned to be shown once. Earlier open links of the user stop working.

    Refused for oneself, for a deactivated user and for someone who already has a second
    factor (that takes `user_second_factor_reset`, which also logs them out). Audited, and the
    e-mail is sent, inside the transaction: if sending fails, no link exists."""
    if issued_by is not None and issued_by.pk == user.pk:
        raise ValidationError(
            _("You cannot issue an enrolment link for yourself. Ask another administrator.")
        )
    if not user.is_active:
        raise ValidationError(
            _("%(user)s is deactivated and cannot get an enrolment link.")
            % {"user": user.get_username()}
        )
    if second_factor_enrolled(user=user):
        raise ValidationError(
            _(
                "%(user)s has already set up a second factor. Reset the second factor to "
                "issue a new enrolment link."
            )
            % {"user": user.get_username()}
        )
    return _enrolment_invitation_issue(user=user, issued_by=issued_by, actor_label=actor_label)


@transaction.atomic
def user_second_factor_reset(*, user: User, reset_by: User) -> EnrolmentLink:
    """Delete all of the user's second-factor devices (authenticator and recovery codes), end
    all of their sessions and issue a new enrolment link. Never on oneself. Audited with both
    names, in one transaction with everything else."""
    if reset_by.pk == user.pk:
        raise ValidationError(
            _("You cannot reset your own second factor. Ask another administrator.")
        )
    if not user.is_active:
        raise ValidationError(
            _("%(user)s is deactivated; activate the user before resetting the second factor.")
            % {"user": user.get_username()}
        )
    # Every kind of django-otp device, so a kind added later is reset too.
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    user_sessions_end(user=user, ended_by=reset_by, reason="second factor reset")
    _user_event(
        user=user,
        actor=reset_by,
        action=Action.SECOND_FACTOR_RESET,
        purpose="administration",
        detail={
            "user": user.get_username(),
            "reset_by": reset_by.get_username(),
            "devices_removed": len(devices),
        },
    )
    return _enrolment_invitation_issue(user=user, issued_by=reset_by)


def _recovery_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.LAGET_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def enrolment_complete(
    *,
    request: HttpRequest,
    invitation: EnrolmentInvitation,
    password: str,
    device: TOTPDevice,
) -> list[str]:
    """Finish an enrolment link: the person's own password, the authenticator they have just
    proved with a code, a fresh set of recovery codes (returned, to be shown once), and a
    verified session. The link is used up.

    The invitation is locked and checked again, so two requests with one link cannot both
    succeed. Setting the password also ends every other session of the user."""
    locked = (
        EnrolmentInvitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    )
    user = locked.user
    if not locked.is_open() or not user.is_active or second_factor_enrolled(user=user):
        raise ValidationError(_("This enrolment link is no longer valid."))
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("This enrolment link is no longer valid."))
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    user.set_password(password)
    user.save(update_fields=["password"])
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _recovery_codes_replace(user=user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    _user_event(
        user=user,
        actor=user,
        action=Action.SECOND_FACTOR_ENROLLED,
        object_type="otp_totp.totpdevice",
        object_id=device.pk,
        detail={
            "enrolment_link": locked.pk,
            "password_set": True,
            "recovery_codes": len(codes),
        },
    )
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """A new set of recovery codes (returned, to be shown once); the old set stops working."""
    codes = _recovery_codes_replace(user=user)
    _user_event(
        user=user,
        actor=user,
        action=Action.RECOVERY_CODES_RENEWED,
        detail={"recovery_codes": len(codes)},
    )
    return codes
