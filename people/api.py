"""The JSON API's view of the user it acts for: who they are and where they work."""

from __future__ import annotations

from typing import Any

from core.api import operation, unit_ref
from people.http import AuthenticatedHttpRequest
from people.selectors import memberships_active


@operation(
    summary=(
        "Who the token or session acts for, the units they work in today and the roles they "
        "hold in an organisation as a whole"
    ),
    response="Me",
)
def me(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    user = request.user
    memberships = list(memberships_active(user=user).select_related("organisation"))
    return {
        "id": user.pk,
        "username": user.get_username(),
        "name": user.display_name(),
        "memberships": [
            {
                "municipality": {"number": municipality.number, "name": municipality.name},
                "unit": unit_ref(membership.unit) if membership.unit is not None else None,
                "role": membership.role,
            }
            for membership in memberships
            # An organisation administrator's role has no municipality and no unit: not work.
            if (municipality := membership.municipality) is not None
        ],
        # Roles held in an organisation as a whole (its administrator), apart from the work.
        "organisation_roles": [
            {
                "organisation": {
                    "name": organisation.name,
                    "kind": organisation.kind,
                    "organisation_number": organisation.organisation_number,
                },
                "role": membership.role,
            }
            for membership in memberships
            if (organisation := membership.organisation) is not None
        ],
    }
