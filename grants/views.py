"""The grant catalogue (public), a municipality's programme (its leaders and administrators)
and the aggregates per county and scheme (analysts). No one's personal data; the programme's
writes are audited by the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import form_add_service_errors
from grants.access import access_grant_aggregates, access_grant_programme, access_grant_report
from grants.forms import FIND_ACTION, CatalogueFilterForm, GrantForm
from grants.selectors import grants_aggregates, programme_view, scheme_public, schemes_catalogue
from grants.services import grant_record, grant_report_done
from people.http import AuthenticatedHttpRequest
from units.forms import UNIT_SEARCH
from units.models import Unit


@login_not_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """Tilskudd: the state's grant schemes for children and young people."""
    form = CatalogueFilterForm(request.GET or None)
    owner = form.cleaned_data["owner"] if form.is_valid() else ""
    return render(
        request,
        "grants/catalogue.html",
        {"form": form, "page": schemes_catalogue(page=request.GET.get("page"), owner=owner)},
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def scheme(request: HttpRequest, key: str) -> HttpResponse:
    found = scheme_public(key=key)
    if found is None:
        raise Http404
    return render(request, "grants/scheme.html", {"scheme": found})


def _programme_url(number: str) -> str:
    return f"{reverse('grants:programme')}?{urlencode({'kommune': number})}"


@require_http_methods(["GET", "POST"])
def programme(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The municipality's grants as one programme: the schemes that fit and why, what is due,
    its grants and their plan of measures; a grant is recorded here."""
    number = request.POST.get("kommune") or request.GET.get("kommune")
    access = access_grant_programme(request.user, number)
    municipality = access.municipality
    units = Unit.objects.filter(municipality=municipality)
    posted = request.POST if request.method == "POST" else None
    finding = posted is not None and posted.get("action") == FIND_ACTION
    if posted is not None and finding:
        # Sent back unsaved, to find units by name: what was filled in stays.
        form = GrantForm(initial=GrantForm.initial_from(posted), units=units)
    else:
        form = GrantForm(posted, units=units)
    if posted is not None and not finding and form.is_valid():
        data = form.cleaned_data
        try:
            grant_record(
                actor=request.user,
                municipality=municipality,
                scheme=data["scheme"],
                status=data["status"],
                amount_applied=data["amount_applied"],
                amount_granted=data["amount_granted"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                measures=data["measures"],
                units=list(data["units"]),
                report_dates=[
                    day for day in (data["report_due_on"], data["interim_report_on"]) if day
                ],
            )
        except ValidationError as error:
            form_add_service_errors(form, error, fields={"report_dates": "report_due_on"})
        else:
            messages.success(request, _("The grant is recorded in the programme."))
            return HttpResponseRedirect(_programme_url(municipality.number) + "#grants")
    form.limit_units(search=posted.get(UNIT_SEARCH, "") if posted is not None else "")
    view = programme_view(municipality=municipality, page=request.GET.get("page"))
    return render(
        request,
        "grants/programme.html",
        {"access": access, "view": view, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def report_done(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    report = access_grant_report(request.user, report_id)
    try:
        grant_report_done(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is marked sent."))
    return HttpResponseRedirect(_programme_url(report.grant.municipality.number) + "#due")


@require_GET
def aggregates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Granted money per county (or per municipality of the analyst's county) and scheme."""
    access = access_grant_aggregates(request.user)
    return render(
        request,
        "grants/aggregates.html",
        {"aggregates": grants_aggregates(county=access.county)},
    )
