"""The JSON API for concerns: the list of one's own, raising one (with the child's record), and
reading one. The same access helpers and services as the pages (`concerns.views`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from children.access import children_list_read_record
from children.models import validate_identity_number
from children.services import ChildData, GuardianData, PossibleDuplicateError
from concerns.access import access_concern
from concerns.models import Concern, Level
from concerns.selectors import concerns_listed_for
from concerns.services import concern_raise_for_child
from core.api import (
    TEXT_MAX,
    bool_field,
    child_ref,
    choice_field,
    date_field,
    each,
    invalid,
    invalid_from,
    iso_datetime,
    list_field,
    object_field,
    operation,
    optional_id,
    paginate,
    text_field,
    unit_ref,
    user_ref,
    uuid_field,
)
from core.validators import validate_phone_number
from people.http import AuthenticatedHttpRequest
from people.selectors import units_of_user

CHILD_BODY = {
    "given_name": text_field(120),
    "family_name": text_field(120),
    "birth_date": date_field(),
    "identity_number": text_field(
        11,
        required=False,
        validators=(validate_identity_number,),
        description="Fødselsnummer or D-number; links to the child's record if already known.",
    ),
    "languages": text_field(200, required=False),
    "interpreter_needed": bool_field(),
    "interpreter_language": text_field(60, required=False),
}
GUARDIAN_BODY = {
    "name": text_field(200),
    "relation": text_field(60, description="E.g. mother, father, foster parent."),
    "has_parental_responsibility": bool_field(),
    "phone": text_field(32, required=False, validators=(validate_phone_number,)),
}
CONCERN_BODY = {
    "unit": uuid_field(description="One of your own units (see /me)."),
    "child": object_field(CHILD_BODY),
    "guardians": list_field(object_field(GUARDIAN_BODY), max_items=4, required=False),
    "observed": text_field(TEXT_MAX),
    "child_view": text_field(TEXT_MAX, required=False),
    "guardians_view": text_field(TEXT_MAX, required=False),
    "level": choice_field([Level.WONDERING.value, Level.OWN_UNIT.value], required=False, default=0),
    "not_a_duplicate": bool_field(
        description="Send true when a child with the same name and birth date in your unit is "
        "another child."
    ),
}
# The services' argument names where the body's field names differ.
_CHILD_ERRORS = {
    name: f"child.{name}"
    for name in ("given_name", "family_name", "birth_date", "identity_number", "languages")
} | dict.fromkeys(("name", "relation", "phone", "email"), "guardians")


def concern_list_item(concern: Concern) -> dict[str, Any]:
    team = getattr(concern, "team", None)
    return {
        "id": str(concern.pk),
        "level": concern.level,
        "status": concern.status,
        "child": child_ref(concern.child),
        "unit": unit_ref(concern.unit),
        "responsible": user_ref(concern.responsible),
        "team": optional_id(team.pk if team is not None else None),
        "created_at": iso_datetime(concern.created_at),
        "updated_at": iso_datetime(concern.updated_at),
    }


def concern_json(concern: Concern) -> dict[str, Any]:
    return {
        **concern_list_item(concern),
        "raised_by": user_ref(concern.raised_by),
        "observed": concern.observed,
        "child_view": concern.child_view,
        "guardians_view": concern.guardians_view,
        "version": concern.version,
    }


@operation(
    summary="The open concerns you see through your units",
    description="Names and dates, no content (as on the work page). Each child in the page is "
    "recorded as read.",
    response="ConcernListItem",
    paginated=True,
)
def concern_list(request: AuthenticatedHttpRequest, *, query: dict[str, Any]) -> dict[str, Any]:
    def record(page: list[Concern]) -> None:
        children = {concern.child_id: concern for concern in page}
        children_list_read_record(
            user=request.user,
            reads=[(c.child, "concern", c.pk, "own unit") for c in children.values()],
            purpose="API list of concerns",
        )

    return paginate(
        query, concerns_listed_for(user=request.user), each(concern_list_item), seen=record
    )


@operation(
    summary="Raise a concern about a child in one of your units",
    description="Registers the child (or links to the record an identity number already "
    "has) and raises the concern at level 0 or 1, with you as the responsible person.",
    response="Concern",
    status=201,
    body=CONCERN_BODY,
    errors=(400, 403),
)
@sensitive_variables("body")
def concern_create(request: AuthenticatedHttpRequest, *, body: dict[str, Any]) -> dict[str, Any]:
    units = units_of_user(user=request.user)
    unit = units.filter(pk=body["unit"]).first()
    if unit is None:
        if not units.exists():
            raise PermissionDenied
        raise invalid({"unit": [_("Choose one of your own units.")]})
    guardians = [GuardianData(**guardian) for guardian in body["guardians"]]
    try:
        concern = concern_raise_for_child(
            actor=request.user,
            unit=unit,
            child=ChildData(**body["child"], guardians=guardians),
            not_a_duplicate=body["not_a_duplicate"],
            observed=body["observed"],
            child_view=body["child_view"],
            guardians_view=body["guardians_view"],
            level=body["level"],
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
    return concern_json(concern)


@operation(summary="One concern, with what was observed", response="Concern", errors=(404,))
def concern_detail(request: AuthenticatedHttpRequest, concern_id: uuid.UUID) -> dict[str, Any]:
    concern = access_concern(request.user, concern_id, purpose="API: reading a concern")
    return concern_json(concern)
