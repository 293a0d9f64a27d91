"""Granting memberships with separation of duties: one administrator asks, another approves
(docs/decisions/0004)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import access_event_record
from municipalities.models import Municipality
from people.models import (
    ORGANISATION_ROLES,
    UNIT_ROLES,
    Membership,
    MembershipRequest,
    MembershipRequestStatus,
    Role,
    User,
)
from people.selectors import (
    memberships_active,
    municipalities_administered,
    organisations_administered,
)
from units.models import Organisation, OrganisationKind, Unit

Place = Unit | Organisation | Municipality


def _place(
    *, municipality: Municipality | None, unit: Unit | None, organisation: Organisation | None
) -> Place | None:
    """What a grant is in, for who may grant it: a unit's organisation, the organisation, or
    the municipality."""
    if unit is not None:
        return unit.organisation
    return organisation or municipality


def _may_administer(*, user: User, place: Place | None) -> bool:
    if isinstance(place, Organisation):
        return organisations_administered(user=user).filter(pk=place.pk).exists()
    if isinstance(place, Municipality):
        return municipalities_administered(user=user).filter(pk=place.pk).exists()
    return False


@transaction.atomic
def membership_request_create(
    *,
    requested_by: User,
    user: User,
    municipality: Municipality | None,
    role: str,
    unit: Unit | None = None,
    organisation: Organisation | None = None,
    title: str = "",
    started_on: datetime.date | None = None,
) -> MembershipRequest:
    """Ask for a membership for `user`; it takes effect only when another administrator approves
    (`membership_request_approve`). Audited. ValidationError when the requester does not
    administer the municipality (for a unit: the unit's organisation; for an organisation
    administrator: the organisation), asks for themselves, the unit does not match the role or
    the municipality, or the same grant is already in force or waiting. A unit's role is held
    in the municipality the unit sits in, when none is given."""
    if unit is not None and municipality is None:
        municipality = unit.municipality
    membership_request_check(
        requested_by=requested_by,
        user=user,
        municipality=municipality,
        role=role,
        unit=unit,
        organisation=organisation,
    )
    request = MembershipRequest.objects.create(
        user=user,
        municipality=municipality,
        unit=unit,
        organisation=organisation,
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
    municipality: Municipality | None,
    role: str,
    unit: Unit | None = None,
    organisation: Organisation | None = None,
) -> None:
    """What `membership_request_create` checks, for forms to show as errors before saving.
    A user not yet saved (the admin's add page) has nothing to compare with."""
    if user is not None and user.pk is not None and user.pk == requested_by.pk:
        raise ValidationError(
            _("Nobody can ask for access for themselves. Ask another administrator."),
            code="self",
        )
    _check_grant_shape(municipality=municipality, role=role, unit=unit, organisation=organisation)
    place = _place(municipality=municipality, unit=unit, organisation=organisation)
    if not _may_administer(user=requested_by, place=place):
        raise ValidationError(
            _("Only an administrator of %(municipality)s can ask for this.")
            % {"municipality": place},
            code="not_administrator",
        )
    if user is not None and user.pk is not None:
        _check_grant(
            user=user, municipality=municipality, role=role, unit=unit, organisation=organisation
        )


def _check_grant_shape(
    *,
    municipality: Municipality | None,
    role: str,
    unit: Unit | None,
    organisation: Organisation | None,
) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")}, code="invalid_role")
    if role in UNIT_ROLES and unit is None:
        raise ValidationError({"unit": _("A professional or unit leader needs a unit.")})
    if role == Role.MUNICIPAL_ADMIN and unit is not None:
        raise ValidationError({"unit": _("A municipal administrator has no unit.")})
    if role in ORGANISATION_ROLES:
        if organisation is None or organisation.kind == OrganisationKind.MUNICIPALITY:
            raise ValidationError(
                {
                    "organisation": _(
                        "An organisation administrator needs an organisation that is not a "
                        "municipality (a municipality has municipal administrators)."
                    )
                }
            )
        if unit is not None or municipality is not None:
            raise ValidationError(
                {
                    "municipality": _(
                        "An organisation administrator has no unit and no municipality."
                    )
                }
            )
        return
    if organisation is not None:
        raise ValidationError(
            {"organisation": _("Only an organisation administrator has an organisation.")}
        )
    if municipality is None:
        raise ValidationError({"municipality": _("Choose the municipality.")})
    if unit is not None and unit.municipality_id != municipality.pk:
        raise ValidationError({"unit": _("The unit is not in %(m)s.") % {"m": municipality}})


def _check_grant(
    *,
    user: User,
    municipality: Municipality | None,
    role: str,
    unit: Unit | None,
    organisation: Organisation | None,
    request_pk: int | None = None,
) -> None:
    _check_grant_shape(municipality=municipality, role=role, unit=unit, organisation=organisation)
    same = {
        "user": user,
        "municipality": municipality,
        "unit": unit,
        "organisation": organisation,
        "role": role,
    }
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
    place = _place(
        municipality=request.municipality, unit=request.unit, organisation=request.organisation
    )
    if not _may_administer(user=decided_by, place=place):
        raise ValidationError(
            _("Only an administrator of %(municipality)s can decide this.")
            % {"municipality": place},
            code="not_administrator",
        )


def _locked_request(request: MembershipRequest) -> MembershipRequest:
    return (
        # Only the request's row: PostgreSQL locks no nullable side of an outer join.
        MembershipRequest.objects.select_for_update(of=("self",))
        .select_related(
            "user", "municipality", "unit__organisation", "organisation", "requested_by"
        )
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
        organisation=locked.organisation,
        request_pk=locked.pk,
    )
    lookup: dict[str, Any] = {"user": locked.user, "role": locked.role}
    if locked.unit is not None:
        lookup["unit"] = locked.unit
    elif locked.organisation is not None:
        lookup.update(organisation=locked.organisation, unit__isnull=True)
    else:
        lookup.update(municipality=locked.municipality, unit__isnull=True)
    # Ordered by pk: the default ordering joins the (nullable) unit, which cannot be locked.
    membership = Membership.objects.select_for_update().filter(**lookup).order_by("pk").first()
    if membership is None:
        membership = Membership.objects.create(
            user=locked.user,
            municipality=locked.municipality,
            unit=locked.unit,
            organisation=locked.organisation,
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
    *,
    user: User,
    municipality: Municipality | None,
    unit: Unit | None,
    role: str,
    title: str,
    organisation: Organisation | None = None,
) -> Membership:
    """The demo seed's grants: a membership in force with an approved request naming the seed
    as requester and approver (no person approved it). Idempotent; not audited, like the rest
    of the seed. An organisation's administrator has `organisation` and no municipality."""
    membership, _created = Membership.objects.update_or_create(
        user=user,
        municipality=municipality,
        unit=unit,
        organisation=organisation,
        role=role,
        defaults={"title": title, "ended_on": None},
    )
    MembershipRequest.objects.update_or_create(
        membership=membership,
        defaults={
            "user": user,
            "municipality": municipality,
            "unit": unit,
            "organisation": organisation,
            "role": role,
            "title": title,
            "started_on": membership.started_on,
            "status": MembershipRequestStatus.APPROVED,
            "decided_at": timezone.now(),
            "decided_by_label": "demo seed",
        },
    )
    return membership
