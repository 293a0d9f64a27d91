from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from people.models import User
from people.selectors import municipalities_of_user
from rights.duties import DUTIES, duty_sections
from rights.forms import CheckForm, TableFilterForm
from rights.selectors import (
    age_limits_table,
    change_dates,
    law_changes,
    rights_for,
    table_deviations,
    table_updated_on,
    table_version,
)


def _with_home_municipality(request: HttpRequest) -> QueryDict:
    """Staff see their own municipality's local practice unless they choose another."""
    data = request.GET.copy()
    if "municipality" not in data and isinstance(request.user, User):
        home = municipalities_of_user(user=request.user).first()
        if home is not None:
            data["municipality"] = home.number
    return data


@login_not_required
@require_GET
def age_limits(request: HttpRequest) -> HttpResponse:
    """Aldersgrenser: the whole table by area and age, with sources. Public, no JavaScript."""
    form = TableFilterForm(_with_home_municipality(request))
    valid = form.is_valid()
    domain = form.cleaned_data.get("domain") if valid else None
    municipality = form.cleaned_data.get("municipality") if valid else None
    dates = change_dates()
    return render(
        request,
        "rights/age_limits.html",
        {
            "form": form,
            "sections": age_limits_table(domain=domain or None, dates=dates),
            "changes": law_changes(dates=dates),
            "deviations": table_deviations(municipality=municipality),
            "municipality": municipality,
            "version": table_version(),
            "updated_on": table_updated_on(),
        },
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def check(request: HttpRequest) -> HttpResponse:
    """One question, one answer: age, area and action in; who decides and why out."""
    asked = any(request.GET.get(key) for key in ("age", "domain", "action"))
    form = CheckForm(_with_home_municipality(request) if asked else None)
    answer = None
    if asked and form.is_valid():
        cleaned = form.cleaned_data
        answer = rights_for(
            age=cleaned["age"],
            domain=cleaned["domain"],
            action=cleaned["action"],
            municipality=cleaned["municipality"],
        )
    return render(
        request,
        "rights/check.html",
        {
            "form": form,
            "answer": answer,
            "version": table_version(),
            "updated_on": table_updated_on(),
        },
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def duties(request: HttpRequest) -> HttpResponse:
    """Pliktkartet: what the law requires of the services around a child, by kind and sector,
    with sources and dates. Public, no JavaScript."""
    today = timezone.localdate()
    return render(
        request,
        "rights/duties.html",
        {
            "sections": duty_sections(on=today),
            "today": today,
            "version": DUTIES.version,
            "updated_on": DUTIES.updated_on,
        },
    )
