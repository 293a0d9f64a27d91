"""Who may see or change a unit: its members and its organisation's administrators (a unit's
access follows memberships, so it lives with them in people). A county school sited in Porsgrunn
is the county's: Porsgrunn's administrators do not manage it."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from audit.models import Action
from audit.reads import reads_recorded
from audit.services import access_event_record
from people.models import Membership, Role, User
from people.selectors import memberships_active, organisations_administered
from units.models import Sector, Unit


def access_unit(user: User, unit_id: uuid.UUID, *, for_write: bool = False) -> Unit:
    """A unit its members and its organisation's administrators may see; its leaders and the
    administrators may change it. Missing and not yours are both 404."""
    unit = Unit.objects.select_related("municipality").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    roles = set(memberships_active(user=user).filter(unit=unit).values_list("role", flat=True))
    is_admin = organisations_administered(user=user).filter(pk=unit.organisation_id).exists()
    if not roles and not is_admin:
        raise Http404
    if for_write and not (is_admin or Role.UNIT_LEADER in roles):
        raise PermissionDenied
    return unit


# How the access log names the basis of a unit leader's reads (children.access_log.words).
UNIT_LEADER_BASIS = "leader of the unit"


def access_unit_led(
    user: User, unit_id: uuid.UUID, *, record_read: bool | None = None, purpose: str = ""
) -> Unit:
    """A unit the user leads today (an active unit leader membership), for its gap list; 404
    for anyone else – colleagues, administrators, leaders of other units. Looked up through
    the user's own memberships, so a missing unit and another's cost the same single query.

    A read (GET) writes one access event on the unit: the list names no child, so it is not in
    any child's access log; opening an item from it is read (and logged) on its own."""
    membership = (
        Membership.objects.select_related("unit__municipality")
        .filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate()),
            user_id=user.pk if user.is_authenticated and user.is_active else 0,
            unit_id=unit_id,
            role=Role.UNIT_LEADER,
            started_on__lte=timezone.localdate(),
        )
        .first()
    )
    if membership is None or membership.unit is None:
        raise Http404
    unit = membership.unit
    if reads_recorded(record_read):
        with transaction.atomic():
            access_event_record(
                actor=user,
                action=Action.READ,
                object_type="unit_gaps",
                object_id=unit.pk,
                municipality=unit.municipality,
                purpose=purpose or "following up the unit's responsibility gaps",
                legal_basis=UNIT_LEADER_BASIS,
            )
    return unit


# How the access log names the basis of the follow-up service's work list.
FOLLOW_UP_BASIS = "staff of the follow-up service"


def access_unit_follow_up(
    user: User, unit_id: uuid.UUID, *, record_read: bool | None = None
) -> Unit:
    """A follow-up service (OT) unit the user works in today (professional or leader), for its
    work list; 404 for anyone else and for a unit of another sector. Looked up through the
    user's own memberships, so a missing unit and another's cost the same single query.

    A read (GET) writes one access event on the unit: the list names only young people whose
    consent covers the unit, as Mitt arbeid names what the user may open; opening a team from
    it is read (and logged) on its own."""
    today = timezone.localdate()
    membership = (
        Membership.objects.select_related("unit__municipality", "unit__organisation")
        .filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            user_id=user.pk if user.is_authenticated and user.is_active else 0,
            unit_id=unit_id,
            unit__sector=Sector.FOLLOW_UP_SERVICE,
            role__in=(Role.PROFESSIONAL, Role.UNIT_LEADER),
            started_on__lte=today,
        )
        .first()
    )
    if membership is None or membership.unit is None:
        raise Http404
    unit = membership.unit
    if reads_recorded(record_read):
        with transaction.atomic():
            access_event_record(
                actor=user,
                action=Action.READ,
                object_type="follow_up_list",
                object_id=unit.pk,
                municipality=unit.municipality,
                purpose="following up young people handed to the follow-up service",
                legal_basis=FOLLOW_UP_BASIS,
            )
    return unit
