from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from people.models import User
from people.selectors import analyst_scope, memberships_in_force


def _place_label(user: object) -> str:
    if not isinstance(user, User):
        return ""
    # The memberships the page and its access checks read too (once per request).
    places = {
        m.municipality.number: m.municipality.name
        for m in memberships_in_force(user=user)
        if m.municipality is not None
    }
    names = [places[number] for number in sorted(places)]
    if names:
        return ", ".join(names)
    is_analyst, county = analyst_scope(user=user)
    if is_analyst:
        from django.utils.translation import gettext

        return county.name if county else gettext("All of Norway")
    return ""


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page header needs: demo flag and where the user works (computed only if shown)."""
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.LAGET_DEMO_MODE,
        "header_place": SimpleLazyObject(lambda: _place_label(user)),
    }
