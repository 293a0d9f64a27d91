"""The overview's downloads. CSV that opens correctly in Excel set up for Norway: UTF-8 with a
byte order mark (so Excel reads æ, ø and å), semicolons between fields and a decimal comma.
Numbers carry no thousands separator, so Excel reads them as numbers. And the municipality's
report as a PDF: the page's charts, summaries, tables and sources, from the same page object,
so what is hidden on the page is hidden in the PDF too."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from oversikt.indicators.page import MunicipalityPage
from oversikt.models import RegionLevel, ValueUnit
from oversikt.selectors import StatisticsPage, region_name, unit_label

BOM = "\ufeff"
# A text starting with one of these is a formula to a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_number(value: Decimal | int | None, decimals: int) -> str:
    """'81,8', '-0,8', '65293': what Norwegian Excel reads as a number."""
    if value is None:
        return ""
    return f"{Decimal(value):.{decimals}f}".replace(".", ",")


def excel_text(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def statistics_csv(page: StatisticsPage) -> bytes:
    """Every figure on the page, once, with its source; a hidden or missing value is an empty
    field with a note, never a zero."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Topic"),
            pgettext("statistics table", "Measure"),
            _("Place"),
            _("Level"),
            _("Period"),
            _("Group"),
            pgettext("statistics table", "Value"),
            pgettext("statistics table", "Unit"),
            pgettext("statistics table", "Counted"),
            pgettext("statistics table", "Counted over"),
            pgettext("statistics table", "Note"),
            _("Source"),
            _("Table"),
            _("Address"),
            _("Loaded"),
        ]
    )
    for section, _chart, _category, _column, value in page.values():
        figure = value.figure
        assert figure is not None  # noqa: S101 - values() yields figures only
        series, source = figure.series, figure.series.source
        shown = value.number is not None
        writer.writerow(
            [
                excel_text(section.title),
                excel_text(series.name),
                excel_text(region_name(figure)),
                RegionLevel(figure.region_level).label,
                excel_text(figure.period),
                excel_text(figure.breakdown),
                excel_number(value.number, series.decimals),
                unit_label(series.unit),
                excel_number(figure.numerator if shown else None, 0),
                excel_number(figure.denominator if shown else None, 0),
                excel_text(value.note),
                excel_text(source.publisher),
                excel_text(source.table),
                figure.url or source.url,
                date_format(timezone.localtime(figure.loaded_at), "j.n.Y"),
            ]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")


def municipality_csv(page: MunicipalityPage) -> bytes:
    """Every indicator value on the municipality's page, once, as the page shows it: a hidden
    count or value is an empty field with the reason, never a number."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Indicator"),
            pgettext("statistics table", "Table"),
            _("Quarter"),
            pgettext("statistics table", "Column"),
            pgettext("statistics table", "Value"),
            pgettext("statistics table", "Note"),
        ]
    )
    for title, chart, quarter, column, value in page.values():
        decimals = 0 if chart.unit == ValueUnit.COUNT else 1
        writer.writerow(
            [
                excel_text(title),
                excel_text(chart.title),
                excel_text(quarter),
                excel_text(column),
                excel_number(value.number, decimals),
                excel_text(value.note),
            ]
        )
    computed = page.computed_on
    if computed is not None:
        writer.writerow([_("Computed"), date_format(computed, "j.n.Y"), "", "", "", ""])
    return (BOM + buffer.getvalue()).encode("utf-8")


def municipality_pdf(page: MunicipalityPage, *, language: str) -> bytes:
    """The municipality's page as a tagged PDF (PDF/UA-1) with the document language set: the
    effect goals and every indicator, each chart with its summary, its table and its sources."""
    html = render_to_string(
        "oversikt/municipality_pdf.html",
        {"page": page, "printed_on": timezone.localdate(), "LANGUAGE_CODE": language},
    )
    # Imported when a PDF is made: WeasyPrint is large and most processes never need it.
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=finders.find("laget/pdf.css"))
    return HTML(string=html).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True
    )
