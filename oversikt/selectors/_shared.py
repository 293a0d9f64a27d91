"""What the statistics page is made of: values as shown, sources, charts, and the figures of one
municipality, its county and the country read in one query."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from municipalities.models import Municipality
from oversikt import charts
from oversikt.models import Figure, MissingSymbol, RegionLevel, Series, ValueUnit
from oversikt.suppression import MIN_DENOMINATOR, rate_shown

NBSP = "\xa0"
# A place's style in every chart: the municipality, its county, the country.
STYLE = {RegionLevel.MUNICIPALITY: 1, RegionLevel.COUNTY: 2, RegionLevel.NATION: 3}


@dataclass(frozen=True)
class Value:
    """One figure as the page shows it: the number, or a dash and why there is none."""

    figure: Figure | None
    text: str
    note: str = ""
    # A value that is not a published figure (the indicators from the work).
    amount: Decimal | None = None

    @property
    def number(self) -> Decimal | None:
        """The value to draw and download; None when missing or not to be shown."""
        if self.note:
            return None
        return self.amount if self.figure is None else self.figure.value


@dataclass(frozen=True)
class SourceNote:
    """Where a chart's figures come from: publisher, table, title and periods."""

    regions: str
    publisher: str
    table: str
    title: str
    periods: str
    url: str
    loaded_on: datetime.date


@dataclass
class Chart:
    """A chart (or a table alone) with its rows, summary and sources.

    `cells[row][column]`: a row per category (period or place), a column per series."""

    key: str
    kind: str  # "line", "bar" or "table"
    title: str
    category_header: str
    categories: list[str]
    columns: list[str]
    styles: list[int]
    cells: list[list[Value]]
    unit: str
    summary: str = ""
    sources: list[SourceNote] = field(default_factory=list)
    line: charts.LineGeometry | None = None
    bar: charts.BarGeometry | None = None

    @property
    def rows(self) -> list[tuple[str, list[Value]]]:
        return list(zip(self.categories, self.cells, strict=True))

    @property
    def legend(self) -> list[tuple[str, int, str]]:
        """(name, style, marker path) per line, for the legend's swatches."""
        return [
            (name, style, charts.legend_marker(style))
            for name, style in zip(self.columns, self.styles, strict=True)
        ]


def unit_label(unit: str) -> str:
    return {
        ValueUnit.PERCENT: _("per cent"),
        ValueUnit.COUNT: pgettext("unit of a figure", "number"),
        ValueUnit.POINTS: _("percentage points"),
    }[ValueUnit(unit)]


def number_text(value: Decimal, series: Series) -> str:
    """A value as the page writes it: '81,8 %', '65 293', '+1,2' (in bokmål)."""
    text = formats.number_format(
        value, decimal_pos=series.decimals, force_grouping=series.unit == ValueUnit.COUNT
    )
    if series.unit == ValueUnit.PERCENT:
        return f"{text}{NBSP}%"
    if series.unit == ValueUnit.POINTS and value > 0:
        return f"+{text}"
    return text


def value_of(figure: Figure | None) -> Value:
    if figure is None:
        return Value(None, "–", _("no figure in the sources"))
    if figure.value is None:
        return Value(figure, "–", str(MissingSymbol(figure.missing_symbol).label))
    if figure.series.unit == ValueUnit.PERCENT and not rate_shown(figure.denominator):
        return Value(
            figure,
            "–",
            _("not shown: fewer than %(n)s in the group it is counted over")
            % {"n": MIN_DENOMINATOR},
        )
    return Value(figure, number_text(figure.value, figure.series))


def region_name(figure: Figure) -> str:
    if figure.region_level == RegionLevel.NATION:
        return _("The whole country")
    if figure.region_level == RegionLevel.MUNICIPALITY and figure.municipality is not None:
        return figure.municipality.name
    if figure.county is not None:
        if figure.older_division:
            return _("%(county)s (county before 2020)") % {"county": figure.county.name_norwegian}
        return figure.county.name_norwegian
    return figure.region_name


class Figures:
    """The page's figures by series, place and breakdown, then period."""

    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        figures = (
            Figure.objects.filter(
                Q(region_level=RegionLevel.NATION)
                | Q(region_level=RegionLevel.COUNTY, county_id=municipality.county_id)
                | Q(region_level=RegionLevel.MUNICIPALITY, municipality=municipality)
            )
            .select_related("series__source", "county", "municipality")
            .order_by("period_start", "period_end", "pk")
        )
        self.by_key: dict[tuple[str, str, str], dict[str, Figure]] = defaultdict(dict)
        self.series: dict[str, Series] = {}
        for figure in figures:
            key = (figure.series.key, figure.region_level, figure.breakdown)
            self.by_key[key][figure.period] = figure
            self.series[figure.series.key] = figure.series

    def periods(self, series: str, level: str, breakdown: str = "") -> dict[str, Figure]:
        return self.by_key.get((series, level, breakdown), {})

    def latest(self, keys: Iterable[str], level: str, breakdown: str) -> Figure | None:
        """The newest figure of the first series (in order) that has one for the place."""
        for key in keys:
            found = self.periods(key, level, breakdown)
            if found:
                return list(found.values())[-1]
        return None


def sources_of(figures: Iterable[Figure]) -> list[SourceNote]:
    """One note per source: the places it gives and the periods, in the order first met."""
    grouped: dict[int, list[Figure]] = {}
    for figure in figures:
        grouped.setdefault(figure.series.source_id, []).append(figure)
    notes = []
    for group in grouped.values():
        source = group[0].series.source
        places = list(dict.fromkeys(region_name(figure) for figure in group))
        periods = sorted({(f.period_start, f.period_end, f.period) for f in group})
        span = (
            periods[0][2]
            if len(periods) == 1
            else _("%(first)s to %(last)s") % {"first": periods[0][2], "last": periods[-1][2]}
        )
        urls = {figure.url for figure in group if figure.url}
        notes.append(
            SourceNote(
                regions=", ".join(places),
                publisher=source.publisher,
                table=source.table,
                title=source.title,
                periods=span,
                url=urls.pop() if len(urls) == 1 else source.url,
                loaded_on=timezone.localdate(max(figure.loaded_at for figure in group)),
            )
        )
    return notes
