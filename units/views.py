from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.shortcuts import render

from people.http import AuthenticatedHttpRequest
from people.selectors import unit_staff
from units.access import access_unit


def unit_detail(request: AuthenticatedHttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    return render(request, "units/unit_detail.html", {"unit": unit, "staff": unit_staff(unit=unit)})
