"""Reading staff, their memberships and roles."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from municipalities.models import County, Municipality
from people.models import UNIT_ROLES, AnalystAccess, EnrolmentInvitation, Membership, Role, User
from units.models import Organisation, Unit


def _active_filter(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}started_on__lte": today}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})
    )


def user_fully_logged_in(*, user: object) -> bool:
    """Logged in with password and, outside demo mode, the second factor too. Public pages use
    this before showing anything meant for staff only."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return False
    return settings.LAGET_DEMO_MODE or user.is_verified()


def second_factor_enrolled(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def memberships_active(*, user: User) -> QuerySet[Membership]:
    """The user's memberships that are in force today, with unit, municipality and
    organisation loaded."""
    return (
        Membership.objects.filter(_active_filter(), user=user, user__is_active=True)
        .select_related("unit", "municipality", "organisation")
        .order_by("municipality__number", "unit__name", "role")
    )


# The memberships in force of each user a request asks about, read once in the request:
# `people.middleware.RequestMembershipsMiddleware` gives each request an empty dict and takes
# it away after the response; a membership saved or deleted empties it (people/apps.py). Outside
# a request (jobs, commands, tests calling selectors) there is no dict and every call reads.
# Never shared between requests: access data is not cached across them.
_in_force: ContextVar[dict[int, list[Membership]] | None] = ContextVar(
    "laget_memberships_in_force", default=None
)


def memberships_in_force(*, user: User) -> list[Membership]:
    """`memberships_active` as a list, read at most once per request and user (the header,
    the access checks' "works in" and the page ask the same)."""
    if not user.is_active:
        return []  # as memberships_active: a deactivated user has none in force
    cache = _in_force.get()
    if cache is None or not user.pk:
        return list(memberships_active(user=user))
    if user.pk not in cache:
        cache[user.pk] = list(memberships_active(user=user))
    return cache[user.pk]


def memberships_forget(**_kwargs: object) -> None:
    """Forget the request's memberships read so far (a membership changed)."""
    cache = _in_force.get()
    if cache is not None:
        cache.clear()


@contextmanager
def memberships_read_once() -> Iterator[None]:
    """Within it (a request), `memberships_in_force` reads each user's memberships once."""
    token = _in_force.set({})
    try:
        yield
    finally:
        _in_force.reset(token)


def municipalities_of_user(*, user: User) -> QuerySet[Municipality]:
    """Municipalities where the user has any active membership (a professional acts only there)."""
    return Municipality.objects.filter(
        pk__in=memberships_active(user=user).values("municipality")
    ).order_by("number")


def municipalities_administered(*, user: User) -> QuerySet[Municipality]:
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(
        pk__in=memberships_active(user=user)
        .filter(role=Role.MUNICIPAL_ADMIN)
        .values("municipality")
    )


def organisations_administered(*, user: User) -> QuerySet[Organisation]:
    """The organisations whose units and staff the user manages in the admin: the
    municipalities they administer, as organisations, and the organisations they are
    administrator of (a county authority, a health trust …)."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    mine = memberships_active(user=user)
    return Organisation.objects.filter(
        Q(municipality__in=mine.filter(role=Role.MUNICIPAL_ADMIN).values("municipality"))
        | Q(pk__in=mine.filter(role=Role.ORGANISATION_ADMIN).values("organisation"))
    )


def administers_anything(*, user: User) -> bool:
    """Whether the user may use the admin at all (an operator, or administrator of some
    municipality or organisation)."""
    return (
        municipalities_administered(user=user).exists()
        or organisations_administered(user=user).exists()
    )


def memberships_administered_q(*, user: User, prefix: str = "") -> Q:
    """Memberships (or membership requests; `prefix` to reach them from another model) an
    administrator manages: a unit's by the unit's organisation (a county school sited in
    Porsgrunn is the county's, not Porsgrunn's), a municipality's roles by the municipality,
    an organisation's administrators by the organisation."""
    organisations = organisations_administered(user=user).values("pk")
    municipalities = municipalities_administered(user=user).values("pk")
    return (
        Q(**{f"{prefix}unit__organisation__in": organisations})
        | Q(
            **{
                f"{prefix}unit__isnull": True,
                f"{prefix}organisation__isnull": True,
                f"{prefix}municipality__in": municipalities,
            }
        )
        | Q(**{f"{prefix}organisation__in": organisations})
    )


def municipalities_led(*, user: User) -> QuerySet[Municipality]:
    """Municipalities where the user is a municipal leader today (their figures, in aggregate)."""
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    return Municipality.objects.filter(
        pk__in=memberships_active(user=user)
        .filter(role=Role.MUNICIPAL_LEADER)
        .values("municipality")
    ).order_by("number")


def analyst_scope(*, user: User) -> tuple[bool, County | None]:
    """(is analyst, county or None for national)."""
    access = AnalystAccess.objects.filter(user=user).select_related("county").first()
    if access is None:
        return False, None
    return True, access.county


def unit_staff(*, unit: Unit) -> QuerySet[Membership]:
    """Active memberships in a unit, leaders first; system clients are not staff."""
    return (
        Membership.objects.filter(
            _active_filter(), unit=unit, user__is_active=True, user__system_client__isnull=True
        )
        .select_related("user")
        .order_by("-role", "user__last_name", "user__first_name")
    )


def works_in_a_unit(*, user: User) -> bool:
    """Whether the user is a professional or leader in some unit today (staff with work)."""
    return memberships_active(user=user).filter(unit__isnull=False, role__in=UNIT_ROLES).exists()


def works_in(*, user: User, unit_id: uuid.UUID) -> bool:
    """Whether the user has a membership in force in this unit today."""
    if unit_id is None:
        return False
    return any(str(m.unit_id) == str(unit_id) for m in memberships_in_force(user=user))


def units_led(*, user: User) -> QuerySet[Unit]:
    """Units the user leads today (an active unit leader membership), by name."""
    return Unit.objects.filter(
        pk__in=memberships_active(user=user).filter(role=Role.UNIT_LEADER).values("unit")
    ).order_by("name")


def units_of_user(*, user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(
        pk__in=memberships_active(user=user).filter(unit__isnull=False).values("unit")
    )


def unit_ids_of_user(*, user: User) -> list[uuid.UUID]:
    """The ids of the units the user works in today, as a list (one query). Lists over the
    national tables filter on these literal ids: `unit_id IN (subquery)` lets PostgreSQL join
    the whole table before it filters (docs/performance.md)."""
    units = memberships_active(user=user).filter(unit__isnull=False).order_by()
    return sorted(set(units.values_list("unit_id", flat=True)))


def enrolment_token_hash(raw: str) -> str:
    """How an enrolment link's token is stored: only its SHA-256 hash."""
    return hashlib.sha256(raw.encode()).hexdigest()


def enrolment_invitation_open(*, token: str) -> EnrolmentInvitation | None:
    """The open enrolment link with this token: not used, revoked or expired, for an active user
    who has no second factor yet. None for anything else, whatever the reason."""
    invitation = (
        EnrolmentInvitation.objects.filter(
            token_hash=enrolment_token_hash(token),
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .select_related("user")
        .first()
    )
    if invitation is None or second_factor_enrolled(user=invitation.user):
        return None
    return invitation


def enrolment_link_expiry(*, user: User) -> datetime.datetime | None:
    """When the user's open enrolment link expires, or None if they have none."""
    return (
        EnrolmentInvitation.objects.filter(
            user=user,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .values_list("expires_at", flat=True)
        .order_by("-expires_at")
        .first()
    )


def recovery_codes_remaining(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
