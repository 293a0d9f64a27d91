"""The JSON API for concerns: the list of one's own, raising one (with the child's record), and
reading one. The same access helpers and services as the pages (`concerns.views`)."""

import uuid
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Query

from children.access import children_list_read_record
from children.models import validate_identity_number
from children.services import ChildData, GuardianData, PossibleDuplicateError
from concerns.access import access_concern
from concerns.models import Concern, Level
from concerns.selectors import concerns_listed_for
from concerns.services import concern_raise_for_child
from core.api import invalid, invalid_from
from core.api.app import ApiRouter
from core.api.pages import page_answer, page_schema
from core.api.shapes import ChildRef, UnitRef, UserRef
from core.api.types import (
    TEXT_MAX,
    Answer,
    Body,
    LocalDateTime,
    PageQuery,
    boolean,
    choice,
    day,
    identifier,
    text,
)
from core.validators import validate_phone_number
from people.http import AuthenticatedHttpRequest
from people.selectors import units_of_user

router = ApiRouter(area="concerns", tag="concerns")


class ChildBody(Body):
    given_name: text(120)  # type: ignore[valid-type]
    family_name: text(120)  # type: ignore[valid-type]
    birth_date: day()  # type: ignore[valid-type]
    identity_number: text(  # type: ignore[valid-type]
        11,
        required=False,
        validators=(validate_identity_number,),
        description="Fødselsnummer or D-number; links to the child's record if already known.",
    ) = ""
    languages: text(200, required=False) = ""  # type: ignore[valid-type]
    interpreter_needed: boolean() = False  # type: ignore[valid-type]
    interpreter_language: text(60, required=False) = ""  # type: ignore[valid-type]


class GuardianBody(Body):
    name: text(200)  # type: ignore[valid-type]
    relation: text(60, description="E.g. mother, father, foster parent.")  # type: ignore[valid-type]
    has_parental_responsibility: boolean() = False  # type: ignore[valid-type]
    phone: text(32, required=False, validators=(validate_phone_number,)) = ""  # type: ignore[valid-type]


class ConcernBody(Body):
    unit: identifier(description="One of your own units (see /me).")  # type: ignore[valid-type]
    child: ChildBody
    guardians: list[GuardianBody] = Field(default_factory=list, max_length=4)
    observed: text(TEXT_MAX)  # type: ignore[valid-type]
    child_view: text(TEXT_MAX, required=False) = ""  # type: ignore[valid-type]
    guardians_view: text(TEXT_MAX, required=False) = ""  # type: ignore[valid-type]
    level: choice([Level.WONDERING.value, Level.OWN_UNIT.value]) = 0  # type: ignore[valid-type]
    not_a_duplicate: boolean(  # type: ignore[valid-type]
        description="Send true when a child with the same name and birth date in your unit is "
        "another child."
    ) = False
    EXAMPLE = {
        "unit": "6d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a",
        "child": {"given_name": "Sara", "family_name": "Nordmann", "birth_date": "2012-01-01"},
        "guardians": [
            {"name": "Kari Nordmann", "relation": "mor", "has_parental_responsibility": True}
        ],
        "observed": "Sara har vært stille og trukket seg fra venner de siste ukene.",
        "level": 0,
    }


# The services' argument names where the body's field names differ.
_CHILD_ERRORS = {
    name: f"child.{name}"
    for name in ("given_name", "family_name", "birth_date", "identity_number", "languages")
} | dict.fromkeys(("name", "relation", "phone", "email"), "guardians")


class ConcernListItem(Answer):
    id: uuid.UUID
    level: Literal[0, 1, 2, 3]
    status: Literal["open", "closed"]
    child: ChildRef
    unit: UnitRef
    responsible: UserRef
    team: uuid.UUID | None
    created_at: LocalDateTime
    updated_at: LocalDateTime
    EXAMPLE = {
        "id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
        "level": 0,
        "status": "open",
        "child": ChildRef.EXAMPLE,
        "unit": UnitRef.EXAMPLE,
        "responsible": UserRef.EXAMPLE,
        "team": None,
        "created_at": "2026-03-02T09:30:12.123456+01:00",
        "updated_at": "2026-03-02T09:30:12.123456+01:00",
    }

    @staticmethod
    def resolve_team(concern: Concern) -> uuid.UUID | None:
        team = getattr(concern, "team", None)
        return team.pk if team is not None else None


class ConcernDetail(ConcernListItem):
    raised_by: UserRef
    observed: str
    child_view: str
    guardians_view: str
    version: int
    EXAMPLE = {
        **ConcernListItem.EXAMPLE,
        "raised_by": UserRef.EXAMPLE,
        "observed": "Sara har vært stille og trukket seg fra venner de siste ukene.",
        "child_view": "",
        "guardians_view": "",
        "version": 1,
    }


@router.operation(
    "GET",
    "/concerns",
    name="concerns",
    summary="The open concerns you see through your units",
    description="Names and dates, no content (as on the work page). Each child in the page is "
    "recorded as read.",
    response=page_schema(ConcernListItem),
)
def concern_list(request: AuthenticatedHttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    def record(page: list[Concern]) -> None:
        children = {concern.child_id: concern for concern in page}
        children_list_read_record(
            user=request.user,
            reads=[(c.child, "concern", c.pk, "own unit") for c in children.values()],
            purpose="API list of concerns",
        )

    return page_answer(query, concerns_listed_for(user=request.user), seen=record)


@router.operation(
    "POST",
    "/concerns",
    name="concerns",
    summary="Raise a concern about a child in one of your units",
    description="Registers the child (or links to the record an identity number already "
    "has) and raises the concern at level 0 or 1, with you as the responsible person.",
    response=ConcernDetail,
    status=201,
    errors=(400, 403),
)
@sensitive_variables("body")
def concern_create(request: AuthenticatedHttpRequest, body: ConcernBody) -> Concern:
    units = units_of_user(user=request.user)
    unit = units.filter(pk=body.unit).first()
    if unit is None:
        if not units.exists():
            raise PermissionDenied
        raise invalid({"unit": [_("Choose one of your own units.")]})
    guardians = [GuardianData(**guardian.model_dump()) for guardian in body.guardians]
    try:
        concern = concern_raise_for_child(
            actor=request.user,
            unit=unit,
            child=ChildData(**body.child.model_dump(), guardians=guardians),
            not_a_duplicate=body.not_a_duplicate,
            observed=body.observed,
            child_view=body.child_view,
            guardians_view=body.guardians_view,
            level=body.level,
        )
    except PossibleDuplicateError:
        raise invalid(
            {
                "not_a_duplicate": [
                    _(
                        "Your unit already has a concern about a child with this name and birth "
                        "date. Open that concern instead, or send true here if it is another "
                        "child."
                    )
                ]
            }
        ) from None
    except ValidationError as error:
        raise invalid_from(error, _CHILD_ERRORS) from None
    return concern


@router.operation(
    "GET",
    "/concerns/{uuid:concern_id}",
    name="concern",
    summary="One concern, with what was observed",
    response=ConcernDetail,
    errors=(404,),
)
def concern_detail(request: AuthenticatedHttpRequest, concern_id: uuid.UUID) -> Concern:
    return access_concern(request.user, concern_id, purpose="API: reading a concern")
