"""Log-in, second factor and log-out: each one transaction that writes its own access event."""

from __future__ import annotations

import datetime
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
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
from audit.services import access_event_record
from municipalities.models import Municipality
from people.models import (
    UNIT_ROLES,
    EnrolmentInvitation,
    Membership,
    MembershipRequest,
    MembershipRequestStatus,
    Role,
    User,
)
from people.selectors import (
    enrolment_token_hash,
    memberships_active,
    municipalities_administered,
    municipalities_of_user,
    second_factor_enrolled,
)
from people.tokens import api_tokens_revoke_all
from units.models import Unit


def _home_municipality(user: User | None) -> Municipality | None:
    # Security events go on the chain of the user's first municipality, so its administrators
    # can see them; users without one (operators, analysts) go on the national chain.
    return municipalities_of_user(user=user).first() if user is not None else None


def _user_event(
    *,
    user: User,
    action: Action,
    actor: User | None,
    actor_label: str | None = None,
    object_type: str = "people.user",
    object_id: str | int | uuid.UUID | None = None,
    purpose: str = "authentication",
    detail: dict[str, Any] | None = None,
) -> None:
    """An event about the user's account, on their municipality's chain."""
    access_event_record(
        actor=actor,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id if object_id is not None else user.pk,
        municipality=_home_municipality(user),
        purpose=purpose,
        detail=detail,
    )


def _auth_event(*, user: User, action: Action) -> None:
    """An authentication event about the user, on their municipality's chain."""
    _user_event(user=user, actor=user, action=action)


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


# Enrolment: a one-time link, issued by an administrator, is the only way to set up a second
# factor (docs/decisions/0005-second-factor-enrolment.md). ----------------------------------


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


# Ending sessions and deactivating -------------------------------------------------------------


@transaction.atomic
def user_sessions_end(*, user: User, ended_by: User | None = None, reason: str = "") -> None:
    """End every session of the user (a new session token changes every session's auth hash)
    and revoke all their API tokens, each revocation audited. The one step behind "log out
    everywhere", deactivation and a reset of the second factor; callers audit why."""
    user.session_token = uuid.uuid4()
    user.save(update_fields=["session_token"])
    api_tokens_revoke_all(user=user, revoked_by=ended_by, reason=reason or "sessions ended")


@transaction.atomic
def user_deactivate(*, user: User, deactivated_by: User) -> None:
    """Deactivate a user: no log-in, every session ended, every token revoked and every
    membership ended (so that reactivating brings back no access without a second person's
    approval), audited. Nobody deactivates themselves: ask another administrator."""
    if user.pk == deactivated_by.pk:
        raise ValidationError(
            _("You cannot deactivate yourself. Ask another administrator."), code="self"
        )
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    # Memberships count as active through the day they end, so they end yesterday.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ended = Membership.objects.filter(user=user).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=yesterday)
    )
    ended_count = ended.update(ended_on=yesterday)
    user_sessions_end(user=user, ended_by=deactivated_by, reason="user deactivated")
    access_event_record(
        actor=deactivated_by,
        action=Action.ADMIN_UPDATE,
        object_type="people.user",
        object_id=user.pk,
        municipality=_home_municipality(user) or _any_municipality(user),
        purpose="administration",
        detail={
            "user": user.get_username(),
            "change": "deactivated",
            "memberships_ended": ended_count,
        },
    )


def _any_municipality(user: User) -> Municipality | None:
    # A deactivated user has no active membership; their first one still names the chain.
    return Municipality.objects.filter(memberships__user=user).order_by("number").first()


# Granting memberships: one asks, another approves (docs/decisions/0004) ------------------------


def _may_administer(*, user: User, municipality: Municipality) -> bool:
    return municipalities_administered(user=user).filter(pk=municipality.pk).exists()


@transaction.atomic
def membership_request_create(
    *,
    requested_by: User,
    user: User,
    municipality: Municipality,
    role: str,
    unit: Unit | None = None,
    title: str = "",
    started_on: datetime.date | None = None,
) -> MembershipRequest:
    """Ask for a membership for `user`; it takes effect only when another administrator approves
    (`membership_request_approve`). Audited. ValidationError when the requester does not
    administer the municipality, asks for themselves, the unit does not match the role or the
    municipality, or the same grant is already in force or waiting."""
    membership_request_check(
        requested_by=requested_by, user=user, municipality=municipality, role=role, unit=unit
    )
    request = MembershipRequest.objects.create(
        user=user,
        municipality=municipality,
        unit=unit,
        role=role,
        title=title.strip(),
        started_on=started_on or timezone.localdate(),
        requested_by=requested_by,
    )
    _grant_event(request=request, actor=requested_by, action=Action.ADMIN_CREATE, step="requested")
    return request


def membership_request_check(
    *,
    requested_by: User,
    user: User | None,
    municipality: Municipality,
    role: str,
    unit: Unit | None = None,
) -> None:
    """What `membership_request_create` checks, for forms to show as errors before saving.
    A user not yet saved (the admin's add page) has nothing to compare with."""
    if user is not None and user.pk is not None and user.pk == requested_by.pk:
        raise ValidationError(
            _("Nobody can ask for access for themselves. Ask another administrator."),
            code="self",
        )
    if not _may_administer(user=requested_by, municipality=municipality):
        raise ValidationError(
            _("Only an administrator of %(municipality)s can ask for this.")
            % {"municipality": municipality},
            code="not_administrator",
        )
    if user is not None and user.pk is not None:
        _check_grant(user=user, municipality=municipality, role=role, unit=unit)
    else:
        _check_grant_shape(municipality=municipality, role=role, unit=unit)


def _check_grant_shape(*, municipality: Municipality, role: str, unit: Unit | None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")}, code="invalid_role")
    if role in UNIT_ROLES and unit is None:
        raise ValidationError({"unit": _("A professional or unit leader needs a unit.")})
    if role == Role.MUNICIPAL_ADMIN and unit is not None:
        raise ValidationError({"unit": _("A municipal administrator has no unit.")})
    if unit is not None and unit.municipality_id != municipality.pk:
        raise ValidationError({"unit": _("The unit is not in %(m)s.") % {"m": municipality}})


def _check_grant(
    *,
    user: User,
    municipality: Municipality,
    role: str,
    unit: Unit | None,
    request_pk: int | None = None,
) -> None:
    _check_grant_shape(municipality=municipality, role=role, unit=unit)
    same = {"user": user, "municipality": municipality, "unit": unit, "role": role}
    if memberships_active(user=user).filter(**same).exists():
        raise ValidationError(_("%(user)s already has this role.") % {"user": user})
    pending = MembershipRequest.objects.filter(**same, status=MembershipRequestStatus.PENDING)
    if request_pk is not None:
        pending = pending.exclude(pk=request_pk)
    if pending.exists():
        raise ValidationError(
            _("This access for %(user)s is already waiting for approval.") % {"user": user}
        )


def _check_decider(*, request: MembershipRequest, decided_by: User) -> None:
    if not request.is_pending:
        raise ValidationError(_("This request has already been decided."), code="decided")
    if decided_by.pk == request.user_id:
        raise ValidationError(_("Nobody can approve or refuse access for themselves."), code="self")
    if decided_by.pk == request.requested_by_id:
        raise ValidationError(
            _("Another administrator than the one who asked must approve or refuse it."),
            code="same_person",
        )
    if not _may_administer(user=decided_by, municipality=request.municipality):
        raise ValidationError(
            _("Only an administrator of %(municipality)s can decide this.")
            % {"municipality": request.municipality},
            code="not_administrator",
        )


def _locked_request(request: MembershipRequest) -> MembershipRequest:
    return (
        # Only the request's row: PostgreSQL locks no nullable side of an outer join.
        MembershipRequest.objects.select_for_update(of=("self",))
        .select_related("user", "municipality", "unit", "requested_by")
        .get(pk=request.pk)
    )


@transaction.atomic
def membership_request_approve(
    *, request: MembershipRequest, decided_by: User
) -> MembershipRequest:
    """Approve a pending request: the membership is created (or an ended one reopened) now,
    in the same transaction, and the event names both the requester and the approver.
    ValidationError when the approver is the requester, the user, or not an administrator of
    the municipality (operators may approve anywhere)."""
    locked = _locked_request(request)
    _check_decider(request=locked, decided_by=decided_by)
    _check_grant(
        user=locked.user,
        municipality=locked.municipality,
        role=locked.role,
        unit=locked.unit,
        request_pk=locked.pk,
    )
    lookup: dict[str, Any] = {"user": locked.user, "role": locked.role}
    if locked.unit is not None:
        lookup["unit"] = locked.unit
    else:
        lookup.update(municipality=locked.municipality, unit__isnull=True)
    # Ordered by pk: the default ordering joins the (nullable) unit, which cannot be locked.
    membership = Membership.objects.select_for_update().filter(**lookup).order_by("pk").first()
    if membership is None:
        membership = Membership.objects.create(
            user=locked.user,
            municipality=locked.municipality,
            unit=locked.unit,
            role=locked.role,
            title=locked.title,
            started_on=locked.started_on,
        )
    else:
        # An ended membership with the same unit and role is opened again.
        membership.title = locked.title
        membership.started_on = locked.started_on
        membership.ended_on = None
        membership.save(update_fields=["title", "started_on", "ended_on"])
    locked.status = MembershipRequestStatus.APPROVED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.membership = membership
    locked.save(update_fields=["status", "decided_by", "decided_at", "membership"])
    _grant_event(request=locked, actor=decided_by, action=Action.ADMIN_UPDATE, step="approved")
    _grant_event(
        request=locked,
        actor=decided_by,
        action=Action.ADMIN_CREATE,
        step="granted",
        object_type="people.membership",
        object_id=membership.pk,
    )
    return locked


@transaction.atomic
def membership_request_refuse(*, request: MembershipRequest, decided_by: User) -> MembershipRequest:
    """Refuse a pending request: no membership. Audited with both names; the same people may
    not refuse as may not approve (the requester withdraws by asking another to refuse)."""
    locked = _locked_request(request)
    _check_decider(request=locked, decided_by=decided_by)
    locked.status = MembershipRequestStatus.REFUSED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    _grant_event(request=locked, actor=decided_by, action=Action.ADMIN_UPDATE, step="refused")
    return locked


def _grant_event(
    *,
    request: MembershipRequest,
    actor: User,
    action: Action,
    step: str,
    object_type: str = "people.membershiprequest",
    object_id: Any = None,
) -> None:
    access_event_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=request.pk if object_id is None else object_id,
        municipality=request.municipality,
        purpose="administration: access grant",
        detail={
            "step": step,
            "user": request.user.get_username(),
            "role": request.role,
            "unit": request.unit.name if request.unit else "",
            "requested_by": request.requested_by.get_username() if request.requested_by else "",
            "decided_by": request.decided_by.get_username() if request.decided_by else "",
        },
    )


@transaction.atomic
def membership_grant_seed(
    *, user: User, municipality: Municipality, unit: Unit | None, role: str, title: str
) -> Membership:
    """The demo seed's grants: a membership in force with an approved request naming the seed
    as requester and approver (no person approved it). Idempotent; not audited, like the rest
    of the seed."""
    membership, _created = Membership.objects.update_or_create(
        user=user,
        municipality=municipality,
        unit=unit,
        role=role,
        defaults={"title": title, "ended_on": None},
    )
    MembershipRequest.objects.update_or_create(
        membership=membership,
        defaults={
            "user": user,
            "municipality": municipality,
            "unit": unit,
            "role": role,
            "title": title,
            "started_on": membership.started_on,
            "status": MembershipRequestStatus.APPROVED,
            "decided_at": timezone.now(),
            "decided_by_label": "demo seed",
        },
    )
    return membership
