"""The JSON API for a child's record: who the child is, for those who work with them."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from children.models import Child
from children.selectors import guardians_of_child
from core.api import iso_date, operation
from people.http import AuthenticatedHttpRequest
from teams.access import access_child


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
