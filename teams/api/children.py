"""The JSON API for a child's record: who the child is, for those who work with them."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone
from ninja import Field

from children.models import Child, validate_identity_number
from children.selectors import guardians_of_child
from core.api.app import ApiRouter
from core.api.shapes import MunicipalityRef
from core.api.types import Answer, Body, text
from people.http import AuthenticatedHttpRequest
from teams.access import access_child, access_child_by_identity_number

router = ApiRouter(area="children", tag="teams")

# The purpose goes into the child's access log (AccessEvent.purpose holds 200 characters with
# the prefix); the child and guardians read it in the portal.
LOOKUP_PREFIX = "API lookup by identity number: "
PURPOSE_MAX = 150


class LookupBody(Body):
    identity_number: text(  # type: ignore[valid-type]
        20,
        description="The fødselsnummer or D-number, 11 digits (spaces allowed). Only in the "
        "body, so it is never in a URL or a server's log.",
        validators=(validate_identity_number,),
    )
    purpose: text(  # type: ignore[valid-type]
        PURPOSE_MAX,
        description="Why you look the child up, in words the child and guardians understand: "
        "it is shown to them in their access log. Name no one.",
    )
    EXAMPLE = {
        "identity_number": "01411250187",
        "purpose": "Henvisning fra skolehelsetjenesten: finne rett barn i Laget",
    }


class Guardian(Answer):
    id: uuid.UUID
    name: str
    relation: str
    has_parental_responsibility: bool


class ChildRecord(Answer):
    id: uuid.UUID
    given_name: str
    family_name: str
    birth_date: datetime.date
    age: int
    identity_number_masked: str = Field(
        pattern=r"^(\d{6} \*{5})?$",
        description="The birth-date part only; empty when not known.",
    )
    municipality: MunicipalityRef
    languages: str
    interpreter_needed: bool
    interpreter_language: str
    guardians: list[Guardian]
    EXAMPLE = {
        "id": "3f1c2b9e-5d7a-4e8b-9c0d-1a2b3c4d5e6f",
        "given_name": "Sara",
        "family_name": "Nordmann",
        "birth_date": "2012-01-01",
        "age": 14,
        "identity_number_masked": "014112 *****",
        "municipality": {"number": "4001", "name": "Porsgrunn"},
        "languages": "norsk",
        "interpreter_needed": False,
        "interpreter_language": "",
        "guardians": [
            {
                "id": "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d",
                "name": "Kari Nordmann",
                "relation": "mor",
                "has_parental_responsibility": True,
            }
        ],
    }

    @staticmethod
    def resolve_age(child: Child) -> int:
        return child.age_on(timezone.localdate())

    @staticmethod
    def resolve_guardians(child: Child) -> Any:
        return list(guardians_of_child(child=child))


ChildRecord.model_rebuild()


@router.operation(
    "GET",
    "/children/{uuid:child_id}",
    name="child",
    response=ChildRecord,
    summary="A child you work with: through a concern in your unit or a team with consent",
    errors=(404,),
)
def child_detail(request: AuthenticatedHttpRequest, child_id: uuid.UUID) -> Child:
    return access_child(request.user, child_id, purpose="API: reading the child's record")


def _lookup_replayed(request: AuthenticatedHttpRequest, *, body: LookupBody) -> None:
    """A look-up answered again from the idempotency store: the caller sees the child again,
    so the access is checked and the read recorded again (404 if it is no longer allowed)."""
    access_child_by_identity_number(
        request.user, body.identity_number, purpose=LOOKUP_PREFIX + body.purpose.strip()
    )


@router.operation(
    "POST",
    "/children/lookup",
    name="child_lookup",
    response=ChildRecord,
    summary="Find a child you work with by identity number",
    description="The identity number and your purpose go in the body, never in the URL. "
    "Answers the child's record only when you may see the child (a concern in your unit or a "
    "team with consent); an unknown number and a child you may not see answer the same 404. "
    "Recorded in the child's access log as a read, with your purpose.",
    errors=(404,),
    replayed=_lookup_replayed,
)
def child_lookup(request: AuthenticatedHttpRequest, body: LookupBody) -> Child:
    return access_child_by_identity_number(
        request.user, body.identity_number, purpose=LOOKUP_PREFIX + body.purpose.strip()
    )
