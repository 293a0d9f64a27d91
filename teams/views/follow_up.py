"""The follow-up service's work list: young people handed to OT, and teams an upper secondary
school left with nobody taking over (`teams.follow_up`)."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.shortcuts import render

from people.access import access_unit_follow_up
from people.http import AuthenticatedHttpRequest
from teams.follow_up import follow_up_list


def follow_up_page(request: AuthenticatedHttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    """The OT unit's work list, for the people who work in it."""
    unit = access_unit_follow_up(request.user, unit_id)
    work = follow_up_list(unit=unit, page=request.GET.get("page"))
    return render(request, "teams/follow_up.html", {"work": work, "unit": unit})
