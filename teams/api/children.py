"""The JSON API for a child's record: who the child is, for those who work with them."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from children.models import Child, validate_identity_number
from children.selectors import guardians_of_child
from core.api import invalid, iso_date, operation, text_field
from people.http import AuthenticatedHttpRequest
from teams.access import access_child, access_child_by_identity_number

# The purpose goes into the child's access log (AccessEvent.purpose holds 200 characters with
# the prefix); the child and guardians read it in the portal.
LOOKUP_PREFIX = "API lookup by identity number: "
PURPOSE_MAX = 150
LOOKUP_BODY = {
    "identity_number": text_field(
        20,
        description="The fødselsnummer or D-number, 11 digits (spaces allowed). Only in the "
        "body, so it is never in a URL or a server's log.",
        validators=(validate_identity_number,),
    ),
    "purpose": text_field(
        PURPOSE_MAX,
        description="Why you look the child up, in words the child and guardians understand: "
        "it is shown to them in their access log. Name no one.",
    ),
}


def child_json(child: Child) -> dict[str, Any]:
    return {
        "id": str(child.pk),
        "given_name": child.given_name,
        "family_name": child.family_name,
        "birth_date": iso_date(child.birth_date),
        "age": child.age_on(timezone.localdate()),
        # Enough to tell two children apart, never the whole number.
        "identity_number_masked": child.identity_number_masked,
        "municipality": {"number": child.municipality.number, "name": child.municipality.name},
        "languages": child.languages,
        "interpreter_needed": child.interpreter_needed,
        "interpreter_language": child.interpreter_language,
        "guardians": [
            {
                "id": str(guardian.pk),
                "name": guardian.name,
                "relation": guardian.relation,
                "has_parental_responsibility": guardian.has_parental_responsibility,
            }
            for guardian in guardians_of_child(child=child)
        ],
    }


@operation(
    summary="A child you work with: through a concern in your unit or a team with consent",
    response="Child",
    errors=(404,),
)
def child_detail(request: AuthenticatedHttpRequest, child_id: uuid.UUID) -> dict[str, Any]:
    child = access_child(request.user, child_id, purpose="API: reading the child's record")
    return child_json(child)


def _lookup_replayed(request: AuthenticatedHttpRequest, *, body: dict[str, Any]) -> None:
    """A look-up answered again from the idempotency store: the caller sees the child again,
    so the access is checked and the read recorded again (404 if it is no longer allowed)."""
    access_child_by_identity_number(
        request.user, body["identity_number"], purpose=LOOKUP_PREFIX + body["purpose"].strip()
    )


@operation(
    summary="Find a child you work with by identity number",
    description="The identity number and your purpose go in the body, never in the URL. "
    "Answers the child's record only when you may see the child (a concern in your unit or a "
    "team with consent); an unknown number and a child you may not see answer the same 404. "
    "Recorded in the child's access log as a read, with your purpose.",
    response="Child",
    body=LOOKUP_BODY,
    errors=(404,),
    replayed=_lookup_replayed,
)
def child_lookup(request: AuthenticatedHttpRequest, *, body: dict[str, Any]) -> dict[str, Any]:
    # The fields check what is given; an empty number or purpose is not given at all.
    empty = {name: [_("This field is required.")] for name in LOOKUP_BODY if not body[name].strip()}
    if empty:
        raise invalid(empty)
    child = access_child_by_identity_number(
        request.user, body["identity_number"], purpose=LOOKUP_PREFIX + body["purpose"].strip()
    )
    return child_json(child)
