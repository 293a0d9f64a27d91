from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from municipalities.models import Municipality
from oversikt.access import access_statistics
from oversikt.exports import municipality_csv, municipality_pdf, statistics_csv
from oversikt.forms import MunicipalityChoiceForm
from oversikt.indicators.page import municipality_page
from oversikt.selectors import statistics_page
from people.http import AuthenticatedHttpRequest


def _chosen(request: AuthenticatedHttpRequest) -> tuple[MunicipalityChoiceForm, Municipality]:
    """The form and the municipality it chose: the person's default when nothing (or
    something not theirs to choose) was asked for."""
    access = access_statistics(request.user)
    form = MunicipalityChoiceForm(
        request.GET if "municipality" in request.GET else None,
        municipalities=access.municipalities,
        initial={"municipality": access.default.number},
    )
    if form.is_valid():
        return form, form.cleaned_data["municipality"]
    return form, access.default


@require_GET
def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Statistikk: public statistics for a municipality against its county and the country,
    as charts with their summaries, tables and sources. Aggregates only."""
    form, municipality = _chosen(request)
    return render(
        request,
        "oversikt/statistics.html",
        {"form": form, "page": statistics_page(municipality=municipality)},
        status=400 if form.errors else 200,
    )


@require_GET
def statistics_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same figures as the page, as CSV for Excel (semicolons, decimal comma, BOM)."""
    form, municipality = _chosen(request)
    page = statistics_page(municipality=municipality)
    if form.errors:
        return render(request, "oversikt/statistics.html", {"form": form, "page": page}, status=400)
    response = HttpResponse(statistics_csv(page), content_type="text/csv; charset=utf-8")
    name = slugify(page.municipality.name_norwegian) or page.municipality.number
    response["Content-Disposition"] = f'attachment; filename="statistikk-{name}.csv"'
    return response


@require_GET
def municipality(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Oversikt for kommunen: the effect goals and the indicators from the work, against the
    county and the country, by quarter. Aggregates only, computed by the daily job."""
    form, chosen = _chosen(request)
    return render(
        request,
        "oversikt/municipality.html",
        {"form": form, "page": municipality_page(municipality=chosen)},
        status=400 if form.errors else 200,
    )


@require_GET
def municipality_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The indicators of the page as CSV for Excel (semicolons, decimal comma, BOM)."""
    form, chosen = _chosen(request)
    page = municipality_page(municipality=chosen)
    if form.errors:
        return render(
            request, "oversikt/municipality.html", {"form": form, "page": page}, status=400
        )
    response = HttpResponse(municipality_csv(page), content_type="text/csv; charset=utf-8")
    name = slugify(page.municipality.name_norwegian) or page.municipality.number
    response["Content-Disposition"] = f'attachment; filename="oversikt-{name}.csv"'
    return response


@require_GET
def municipality_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The page as a PDF report: the same figures, charts, tables and sources, hidden where
    the page hides them."""
    form, chosen = _chosen(request)
    page = municipality_page(municipality=chosen)
    if form.errors:
        return render(
            request, "oversikt/municipality.html", {"form": form, "page": page}, status=400
        )
    pdf = municipality_pdf(page, language=get_language() or "nb")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(page.municipality.name_norwegian) or page.municipality.number
    response["Content-Disposition"] = f'attachment; filename="oversikt-{name}.pdf"'
    return response
