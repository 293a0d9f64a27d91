"""The state and regional analysts' page: a county's municipalities – or the country's
counties – side by side, with its CSV. Aggregates only."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from municipalities.models import County, Municipality
from oversikt.access import access_state
from oversikt.exports import BOM, excel_number, excel_text
from oversikt.forms import PlacesChoiceForm
from oversikt.indicators.page import quarter_label
from oversikt.indicators.places import (
    PLACES_PAGE_SIZE,
    PlacesPage,
    places_page,
    quarter_code,
    quarter_default,
    quarters_stored,
)
from oversikt.models import ValueUnit
from people.http import AuthenticatedHttpRequest


@dataclass
class _Chosen:
    form: PlacesChoiceForm
    page: PlacesPage
    county: County | None
    national: bool
    paged: Page[Municipality] | None


def _chosen(request: AuthenticatedHttpRequest, *, everything: bool) -> _Chosen:
    access = access_state(request.user)
    quarters = quarters_stored()
    national = access.county is None
    asked = "quarter" in request.GET or "county" in request.GET
    form = PlacesChoiceForm(
        request.GET if asked else None,
        counties=County.objects.order_by("number") if national else None,
        quarters=[(quarter_code(q), quarter_label(*q)) for q in quarters],
    )
    quarter = quarter_default(quarters, timezone.localdate())
    county = access.county
    if form.is_valid():
        if chosen := form.cleaned_data.get("quarter"):
            year, number = chosen.split("-")
            quarter = (int(year), int(number))
        if national:
            county = form.cleaned_data.get("county")
    if quarter is not None:
        form.initial["quarter"] = quarter_code(quarter)
    municipalities: list[Municipality] | None = None
    paged = None
    if county is not None:
        found = Municipality.objects.filter(county=county).order_by("name")
        if everything:
            municipalities = list(found)
        else:
            paged = Paginator(found, PLACES_PAGE_SIZE).get_page(request.GET.get("page"))
            municipalities = list(paged.object_list)
    page = places_page(
        county=county, municipalities=municipalities, quarter=quarter, quarters=quarters
    )
    return _Chosen(form=form, page=page, county=county, national=national, paged=paged)


def _render(request: AuthenticatedHttpRequest, chosen: _Chosen) -> HttpResponse:
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "oversikt/places.html",
        {
            "form": chosen.form,
            "page": chosen.page,
            "paged": chosen.paged,
            "county": chosen.county,
            "national": chosen.national,
            "query": query.urlencode(),
        },
        status=400 if chosen.form.errors else 200,
    )


@require_GET
def places(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Fylker og kommuner side om side: the effect goals and the indicators from the work for
    the analyst's county (or the country's counties, or one county's municipalities for a
    national analyst), with the county and the country, for one quarter."""
    return _render(request, _chosen(request, everything=False))


@require_GET
def places_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every place of the page (all of the county's municipalities, not one page of them) as
    CSV for Excel: semicolons, decimal comma, BOM; a hidden value is empty, with the reason."""
    chosen = _chosen(request, everything=True)
    if chosen.form.errors:
        return _render(request, chosen)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Figure"), _("Place"), _("Column"), _("Period"), _("Value"), _("Note")])
    for chart, place, column, value in chosen.page.values():
        period = value.figure.period if value.figure is not None else chosen.page.quarter_text
        decimals = 0 if chart.unit == ValueUnit.COUNT or column != chart.columns[0] else 1
        writer.writerow(
            [
                excel_text(chart.title),
                excel_text(place),
                excel_text(column),
                excel_text(period),
                excel_number(value.number, decimals),
                excel_text(value.note),
            ]
        )
    response = HttpResponse(
        (BOM + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    name = slugify(chosen.county.name_norwegian) if chosen.county is not None else "norge"
    response["Content-Disposition"] = f'attachment; filename="side-om-side-{name}.csv"'
    return response
