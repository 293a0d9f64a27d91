"""The JSON API for the consent ledger of a team's child: reading it, recording a consent or a
legal basis, and withdrawing one. Access is the team's (`teams.access.access_team`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from consents.models import BasisKind, Consent, GivenBy, InformationKind, Method
from consents.selectors import consent_for_team, consent_form_choices, consents_for_child
from consents.services import consent_record
from core.api import (
    TEXT_MAX,
    choice_field,
    date_field,
    each,
    invalid,
    iso_date,
    iso_datetime,
    list_field,
    operation,
    optional_id,
    paginate,
    text_field,
    unit_ref,
    user_ref,
    uuid_field,
)
from municipalities.models import Municipality
from people.http import AuthenticatedHttpRequest
from teams.access import access_team, team_visible_to
from teams.services import team_consent_withdraw

CONSENT_BODY = {
    "kind": choice_field(BasisKind.values, required=False, default=BasisKind.CONSENT.value),
    "given_by": choice_field(
        ["", *GivenBy.values], required=False, default="", description="For a consent."
    ),
    "guardians": list_field(
        uuid_field(),
        max_items=10,
        required=False,
        description="The guardians who gave the consent (see /children/{id}).",
    ),
    "legal_reference": text_field(
        200, required=False, description="For a legal basis: the law and section."
    ),
    "units": list_field(uuid_field(), max_items=50, description="The units that may share."),
    "information_kinds": list_field(
        choice_field(InformationKind.values), max_items=len(InformationKind.values)
    ),
    "purpose": text_field(300),
    "text": text_field(TEXT_MAX, description="The words exactly as they were given."),
    "method": choice_field(
        ["", *(m for m in Method.values if m != Method.NOT_APPLICABLE)],
        required=False,
        default="",
        description="How a consent was given.",
    ),
    "evidence_note": text_field(TEXT_MAX, required=False),
    "valid_from": date_field(),
    "valid_until": date_field(required=False, nullable=True),
    "moving_to": text_field(
        4,
        required=False,
        description=(
            "For a consent that allows a move: the number of the municipality the young "
            "person is moving to. It may then also name units serving that municipality."
        ),
    ),
    "kept_until": date_field(
        required=False,
        nullable=True,
        description="With moving_to: the named units of the old municipality stay on the "
        "team until this day after the case has moved.",
    ),
}
WITHDRAW_BODY = {
    "withdrawn_by": text_field(200, description="Who withdrew it."),
    "note": text_field(TEXT_MAX, required=False),
}


def consent_json(consent: Consent) -> dict[str, Any]:
    return {
        "id": str(consent.pk),
        "kind": consent.kind,
        "given_by": consent.given_by,
        "legal_reference": consent.legal_reference,
        "units": [unit_ref(unit) for unit in consent.units.all()],
        "guardians": [
            {"id": str(guardian.pk), "name": guardian.name} for guardian in consent.guardians.all()
        ],
        "information_kinds": list(consent.information_kinds),
        "purpose": consent.purpose,
        "text": consent.text,
        "method": consent.method,
        "evidence_note": consent.evidence_note,
        "valid_from": iso_date(consent.valid_from),
        "valid_until": iso_date(consent.valid_until),
        "moving_to": (
            {"number": consent.moving_to.number, "name": consent.moving_to.name}
            if consent.moving_to is not None
            else None
        ),
        "kept_until": iso_date(consent.kept_until),
        "in_force": consent.in_force_on(timezone.localdate()),
        "team": optional_id(consent.team_id),
        "recorded_by": user_ref(consent.recorded_by),
        "recorded_by_label": consent.recorded_by_label,
        "recorded_at": iso_datetime(consent.recorded_at),
        "withdrawn_at": iso_datetime(consent.withdrawn_at),
        "withdrawn_by": consent.withdrawn_by_label,
        "withdrawal_note": consent.withdrawal_note,
    }


@operation(
    summary="The child's consent ledger, newest first",
    response="Consent",
    paginated=True,
    errors=(404,),
)
def consent_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, query: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(
        request.user, team_id, purpose="API: reading consents", object_type="consents"
    )
    return paginate(query, consents_for_child(child_id=access.team.child_id), each(consent_json))


@operation(
    summary="Record a consent or a legal basis in the ledger",
    response="Consent",
    status=201,
    body=CONSENT_BODY,
    errors=(400, 403, 404),
)
def consent_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, body: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True)
    child = access.team.child
    moving_number = body.pop("moving_to")
    moving_to = Municipality.objects.filter(number=moving_number).first() if moving_number else None
    if moving_number and moving_to is None:
        raise invalid(
            {
                "moving_to": [
                    _("No municipality has the number %(number)s.") % {"number": moving_number}
                ]
            }
        )
    units, guardians = consent_form_choices(child=child, moving_to=moving_number or None)
    unit_ids, guardian_ids = set(body.pop("units")), set(body.pop("guardians"))
    chosen_units = list(units.filter(pk__in=unit_ids))
    chosen_guardians = list(guardians.filter(pk__in=guardian_ids))
    errors = {}
    if len(chosen_units) != len(unit_ids):
        errors["units"] = [
            _("Every unit must belong to an organisation that serves the child's municipality.")
        ]
    if len(chosen_guardians) != len(guardian_ids):
        errors["guardians"] = [
            _("Only this child's guardians with parental responsibility can consent.")
        ]
    if errors:
        raise invalid(errors)
    consent = consent_record(
        actor=request.user,
        child=child,
        team=access.team,
        units=chosen_units,
        guardians=chosen_guardians,
        moving_to=moving_to,
        **body,
    )
    return consent_json(consent)


@operation(
    summary="Withdraw a consent, with immediate effect on access",
    description="team_still_visible tells whether you still see the team afterwards.",
    response="ConsentWithdrawal",
    body=WITHDRAW_BODY,
    errors=(400, 403, 404),
)
def consent_withdraw_view(
    request: AuthenticatedHttpRequest,
    team_id: uuid.UUID,
    consent_id: uuid.UUID,
    *,
    body: dict[str, Any],
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True)
    consent = consent_for_team(team=access.team, consent_id=consent_id)
    withdrawn = team_consent_withdraw(actor=request.user, consent=consent, **body)
    return {
        "consent": consent_json(withdrawn),
        "team_still_visible": team_visible_to(user=request.user, team_id=team_id),
    }
