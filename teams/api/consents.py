"""The JSON API for the consent ledger of a team's child: reading it, recording a consent or a
legal basis, and withdrawing one. Access is the team's (`teams.access.access_team`)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query

from consents.models import BasisKind, Consent, GivenBy, InformationKind, Method
from consents.selectors import consent_for_team, consent_form_choices, consents_for_child
from consents.services import consent_record
from core.api import invalid
from core.api.app import ApiRouter
from core.api.pages import page_answer, page_schema
from core.api.shapes import MunicipalityRef, UnitRef, UserRef
from core.api.types import (
    TEXT_MAX,
    Answer,
    Body,
    LocalDateTime,
    PageQuery,
    choice,
    day,
    identifier,
)
from core.api.types import (
    text as text_type,
)
from municipalities.models import Municipality
from people.http import AuthenticatedHttpRequest
from teams.access import access_team, team_visible_to
from teams.services import team_consent_withdraw

router = ApiRouter(area="consents", tag="teams")


class ConsentBody(Body):
    kind: choice(BasisKind.values) = BasisKind.CONSENT.value  # type: ignore[valid-type]
    given_by: choice(["", *GivenBy.values], description="For a consent.") = ""  # type: ignore[valid-type]
    guardians: list[identifier()] = Field(  # type: ignore[valid-type]
        default_factory=list,
        max_length=10,
        description="The guardians who gave the consent (see /children/{id}).",
    )
    legal_reference: text_type(  # type: ignore[valid-type]
        200, required=False, description="For a legal basis: the law and section."
    ) = ""
    units: list[identifier()] = Field(  # type: ignore[valid-type]
        max_length=50, description="The units that may share."
    )
    information_kinds: list[choice(InformationKind.values)] = Field(  # type: ignore[valid-type]
        max_length=len(InformationKind.values)
    )
    purpose: text_type(300)  # type: ignore[valid-type]
    text: text_type(TEXT_MAX, description="The words exactly as they were given.")  # type: ignore[valid-type]
    method: choice(  # type: ignore[valid-type]
        ["", *(m for m in Method.values if m != Method.NOT_APPLICABLE)],
        description="How a consent was given.",
    ) = ""
    evidence_note: text_type(TEXT_MAX, required=False) = ""  # type: ignore[valid-type]
    valid_from: day()  # type: ignore[valid-type]
    valid_until: day(nullable=True) = None  # type: ignore[valid-type]
    moving_to: text_type(  # type: ignore[valid-type]
        4,
        required=False,
        description=(
            "For a consent that allows a move: the number of the municipality the young "
            "person is moving to. It may then also name units serving that municipality."
        ),
    ) = ""
    kept_until: day(  # type: ignore[valid-type]
        nullable=True,
        description="With moving_to: the named units of the old municipality stay on the "
        "team until this day after the case has moved.",
    ) = None
    EXAMPLE = {
        "kind": "consent",
        "given_by": "guardians",
        "guardians": ["8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d"],
        "units": [UnitRef.EXAMPLE["id"]],
        "information_kinds": ["plan", "log"],
        "purpose": "Samarbeid om Saras skolehverdag",
        "text": "Vi samtykker i at skolen og helsestasjonen deler det de trenger.",
        "method": "paper",
        "valid_from": "2026-03-01",
        "valid_until": "2027-03-01",
    }


class WithdrawBody(Body):
    withdrawn_by: text_type(200, description="Who withdrew it.")  # type: ignore[valid-type]
    note: text_type(TEXT_MAX, required=False) = ""  # type: ignore[valid-type]
    EXAMPLE = {"withdrawn_by": "Kari Nordmann (mor), på telefon", "note": ""}


class GuardianRef(Answer):
    id: uuid.UUID
    name: str


class ConsentAnswer(Answer):
    id: uuid.UUID
    kind: Literal["consent", "legal_basis"]
    given_by: str
    legal_reference: str
    units: list[UnitRef]
    guardians: list[GuardianRef]
    information_kinds: list[str]
    purpose: str
    text: str
    method: str
    evidence_note: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    moving_to: MunicipalityRef | None
    kept_until: datetime.date | None
    in_force: bool
    team: uuid.UUID | None = Field(validation_alias="team_id")
    recorded_by: UserRef | None
    recorded_by_label: str = Field(
        description="Who gave it in the portal, when no staff member recorded it."
    )
    recorded_at: LocalDateTime
    withdrawn_at: LocalDateTime | None
    withdrawn_by: str = Field(validation_alias="withdrawn_by_label")
    withdrawal_note: str
    EXAMPLE = {
        "id": "9c8b7a6f-5e4d-4c3b-8a2f-1e0d9c8b7a6f",
        "kind": "consent",
        "given_by": "guardians",
        "legal_reference": "",
        "units": [UnitRef.EXAMPLE],
        "guardians": [{"id": "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d", "name": "Kari Nordmann"}],
        "information_kinds": ["plan", "log"],
        "purpose": "Samarbeid om Saras skolehverdag",
        "text": "Vi samtykker i at skolen og helsestasjonen deler det de trenger.",
        "method": "paper",
        "evidence_note": "",
        "valid_from": "2026-03-01",
        "valid_until": "2027-03-01",
        "moving_to": None,
        "kept_until": None,
        "in_force": True,
        "team": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
        "recorded_by": UserRef.EXAMPLE,
        "recorded_by_label": "",
        "recorded_at": "2026-03-02T09:30:12.123456+01:00",
        "withdrawn_at": None,
        "withdrawn_by": "",
        "withdrawal_note": "",
    }

    @staticmethod
    def resolve_information_kinds(consent: Consent) -> list[str]:
        return list(consent.information_kinds)

    @staticmethod
    def resolve_in_force(consent: Consent) -> bool:
        return consent.in_force_on(timezone.localdate())


class ConsentWithdrawal(Answer):
    consent: ConsentAnswer
    team_still_visible: bool
    EXAMPLE = {
        "consent": {
            **ConsentAnswer.EXAMPLE,
            "in_force": False,
            "withdrawn_at": "2026-04-02T10:00:00+02:00",
            "withdrawn_by": "Kari Nordmann (mor), på telefon",
        },
        "team_still_visible": True,
    }


@router.operation(
    "GET",
    "/teams/{uuid:team_id}/consents",
    name="team_consents",
    summary="The child's consent ledger, newest first",
    response=page_schema(ConsentAnswer),
    errors=(404,),
)
def consent_list(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, query: Query[PageQuery]
) -> dict[str, Any]:
    access = access_team(
        request.user, team_id, purpose="API: reading consents", object_type="consents"
    )
    return page_answer(query, consents_for_child(child_id=access.team.child_id))


@router.operation(
    "POST",
    "/teams/{uuid:team_id}/consents",
    name="team_consents",
    summary="Record a consent or a legal basis in the ledger",
    response=ConsentAnswer,
    status=201,
    errors=(400, 403, 404),
)
def consent_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, body: ConsentBody
) -> Consent:
    access = access_team(request.user, team_id, for_write=True)
    child = access.team.child
    data = body.model_dump()
    moving_number = data.pop("moving_to")
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
    unit_ids, guardian_ids = set(data.pop("units")), set(data.pop("guardians"))
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
    return consent_record(
        actor=request.user,
        child=child,
        team=access.team,
        units=chosen_units,
        guardians=chosen_guardians,
        moving_to=moving_to,
        **data,
    )


@router.operation(
    "POST",
    "/teams/{uuid:team_id}/consents/{uuid:consent_id}/withdraw",
    name="team_consent_withdraw",
    summary="Withdraw a consent, with immediate effect on access",
    description="team_still_visible tells whether you still see the team afterwards.",
    response=ConsentWithdrawal,
    errors=(400, 403, 404),
)
def consent_withdraw_view(
    request: AuthenticatedHttpRequest,
    team_id: uuid.UUID,
    consent_id: uuid.UUID,
    body: WithdrawBody,
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True)
    consent = consent_for_team(team=access.team, consent_id=consent_id)
    withdrawn = team_consent_withdraw(actor=request.user, consent=consent, **body.model_dump())
    return {
        "consent": withdrawn,
        "team_still_visible": team_visible_to(user=request.user, team_id=team_id),
    }
