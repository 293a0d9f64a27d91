from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from people.models import User
from people.selectors import unit_staff
from units.access import access_unit


def unit_detail(request: HttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    assert isinstance(request.user, User)
    unit = access_unit(request.user, unit_id)
    return render(request, "units/unit_detail.html", {"unit": unit, "staff": unit_staff(unit=unit)})
