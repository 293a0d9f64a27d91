"""The JSON API's view of the user it acts for: who they are and where they work."""

from __future__ import annotations

from typing import Any

from core.api.app import ApiRouter
from core.api.shapes import MunicipalityRef, UnitRef
from core.api.types import Answer
from people.http import AuthenticatedHttpRequest
from people.selectors import memberships_in_force

router = ApiRouter(tag="people")


class Work(Answer):
    municipality: MunicipalityRef
    unit: UnitRef | None
    role: str


class Organisation(Answer):
    name: str
    kind: str
    organisation_number: str


class OrganisationRole(Answer):
    organisation: Organisation
    role: str


class Me(Answer):
    id: int
    username: str
    name: str
    memberships: list[Work]
    organisation_roles: list[OrganisationRole]
    EXAMPLE = {
        "id": 17,
        "username": "ola.hansen",
        "name": "Ola Hansen",
        "memberships": [
            {
                "municipality": MunicipalityRef.EXAMPLE,
                "unit": UnitRef.EXAMPLE,
                "role": "professional",
            }
        ],
        "organisation_roles": [],
    }


@router.operation(
    "GET",
    "/me",
    name="me",
    response=Me,
    summary=(
        "Who the token or session acts for, the units they work in today and the roles they "
        "hold in an organisation as a whole"
    ),
)
def me(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    user = request.user
    memberships = memberships_in_force(user=user)
    return {
        "id": user.pk,
        "username": user.get_username(),
        "name": user.display_name(),
        "memberships": [
            {"municipality": municipality, "unit": membership.unit, "role": membership.role}
            for membership in memberships
            # An organisation administrator's role has no municipality and no unit: not work.
            if (municipality := membership.municipality) is not None
        ],
        # Roles held in an organisation as a whole (its administrator), apart from the work.
        "organisation_roles": [
            {"organisation": organisation, "role": membership.role}
            for membership in memberships
            if (organisation := membership.organisation) is not None
        ],
    }
