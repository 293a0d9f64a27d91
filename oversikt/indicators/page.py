"""The municipal leader's page (Oversikt for kommunen): the effect goals from the public
statistics and the indicators from the work, for one municipality against its county and the
country, by quarter. Reads the stored figures only (one query for the indicators); what may
be shown was decided by the daily job."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from oversikt import charts
from oversikt.indicators.catalogue import COUNTS, INDICATORS, RATE, Indicator
from oversikt.models import RegionLevel, Topic, ValueUnit, WorkIndicator
from oversikt.selectors import Chart, Value, statistics_page
from oversikt.selectors._shared import NBSP, STYLE
from oversikt.selectors.figures import _line_summary
from oversikt.suppression import DISCLOSING, FEW, MIN_COUNT, MIN_DENOMINATOR, SECONDARY, SMALL

LEVELS = (RegionLevel.MUNICIPALITY, RegionLevel.COUNTY, RegionLevel.NATION)
# The effect-goal charts of the statistics page shown here too.
EFFECT_CHARTS = ("completion-trend", "neet")


@dataclass
class IndicatorSection:
    indicator: Indicator
    title: str
    charts: list[Chart]


@dataclass
class MunicipalityPage:
    municipality: Municipality
    effect_goals: list[Chart]
    sections: list[IndicatorSection]
    computed_on: datetime.date | None

    def values(self) -> Iterator[tuple[str, Chart, str, str, Value]]:
        """Every indicator value on the page: (indicator, chart, quarter, column, value)."""
        for section in self.sections:
            for chart in section.charts:
                for category, row in chart.rows:
                    for column, value in zip(chart.columns, row, strict=True):
                        yield section.title, chart, category, column, value


def quarter_label(year: int, quarter: int) -> str:
    """'1. kvartal 2026' in bokmål."""
    return _("%(quarter)s. quarter %(year)s") % {"quarter": quarter, "year": year}


def _hidden_note(reason: str) -> str:
    return {
        SMALL: _("hidden: fewer than %(n)s") % {"n": MIN_COUNT},
        SECONDARY: _("hidden, so that a small number cannot be worked out"),
        FEW: _("not shown: fewer than %(n)s cases") % {"n": MIN_DENOMINATOR},
        DISCLOSING: _("not shown: it would give a small number away"),
    }.get(reason, _("not shown"))


def count_value(figure: WorkIndicator | None) -> Value:
    """A count as a page shows it: the number, or a dash with why it is not shown."""
    if figure is None or figure.numerator is None:
        return Value(None, "–", _("no figure"))
    if figure.hidden:
        return Value(None, "–", _hidden_note(figure.hidden))
    return Value(
        None,
        formats.number_format(figure.numerator, force_grouping=True),
        amount=Decimal(figure.numerator),
    )


def headline_value(indicator: Indicator, figure: WorkIndicator | None) -> Value:
    """The indicator's headline figure (a rate, a median, or a count) as a page shows it."""
    if figure is None:
        return Value(None, "–", _("no figure"))
    if figure.value is None:
        return Value(None, "–", _hidden_note(figure.value_hidden))
    text = formats.number_format(figure.value, decimal_pos=1)
    text = f"{text}{NBSP}%" if indicator.kind == RATE else f"{text} {indicator.unit}"
    return Value(None, text, amount=figure.value)


class _Figures:
    def __init__(self, municipality: Municipality) -> None:
        rows = WorkIndicator.objects.filter(
            Q(region_level=RegionLevel.NATION)
            | Q(region_level=RegionLevel.COUNTY, county_id=municipality.county_id)
            | Q(region_level=RegionLevel.MUNICIPALITY, municipality=municipality)
        ).order_by("period_start", "quarter")
        self.by_key: dict[tuple[str, str, tuple[int, int], str], WorkIndicator] = {}
        self.periods: dict[str, list[tuple[int, int]]] = {}
        self.computed_at: datetime.datetime | None = None
        for row in rows:
            period = (row.period_start, row.quarter)
            self.by_key[row.key, row.region_level, period, row.part] = row
            if row.region_level == RegionLevel.MUNICIPALITY:
                found = self.periods.setdefault(row.key, [])
                if period not in found:
                    found.append(period)
            if self.computed_at is None or row.computed_at > self.computed_at:
                self.computed_at = row.computed_at

    def get(self, key: str, level: str, period: tuple[int, int], part: str) -> WorkIndicator | None:
        return self.by_key.get((key, level, period, part))


def _place(level: str, municipality: Municipality) -> str:
    if level == RegionLevel.NATION:
        return _("The whole country")
    if level == RegionLevel.COUNTY:
        return municipality.county.name_norwegian
    return municipality.name


def _section(
    indicator: Indicator, figures: _Figures, municipality: Municipality
) -> IndicatorSection | None:
    periods = figures.periods.get(indicator.key)
    if not periods:
        return None
    categories = [quarter_label(*period) for period in periods]
    places = [_place(level, municipality) for level in LEVELS]
    charts_: list[Chart] = []
    if indicator.kind != COUNTS:
        cells = [
            [
                headline_value(indicator, figures.get(indicator.key, level, period, ""))
                for level in LEVELS
            ]
            for period in periods
        ]
        chart = Chart(
            key=f"{indicator.key}-trend",
            kind="line",
            title=str(indicator.title),
            category_header=_("Quarter"),
            categories=categories,
            columns=places,
            styles=[STYLE[level] for level in LEVELS],
            cells=cells,
            unit=ValueUnit.PERCENT if indicator.kind == RATE else "",
        )
        if any(value.number is not None for row in cells for value in row):
            chart.line = charts.line_chart(
                categories,
                [
                    charts.ChartSeries(name, style, tuple(row[column].number for row in cells))
                    for column, (name, style) in enumerate(zip(places, chart.styles, strict=True))
                ],
                tick_label=_tick_label(indicator),
            )
        chart.summary = _line_summary(chart, 1)
        charts_.append(chart)
    # The counts: the parts in the municipality, then the whole there, in the county and the
    # country.
    columns = [str(label) for _part, label in indicator.parts]
    columns += [
        _("%(what)s, %(place)s") % {"what": indicator.counted, "place": place} for place in places
    ]
    cells = [
        [
            *(
                count_value(figures.get(indicator.key, RegionLevel.MUNICIPALITY, period, part))
                for part, _label in indicator.parts
            ),
            *(count_value(figures.get(indicator.key, level, period, "")) for level in LEVELS),
        ]
        for period in periods
    ]
    charts_.append(
        Chart(
            key=f"{indicator.key}-counts",
            kind="table",
            title=_("%(title)s: the counts") % {"title": indicator.title},
            category_header=_("Quarter"),
            categories=categories,
            columns=columns,
            styles=[1] * len(columns),
            cells=cells,
            unit=ValueUnit.COUNT,
        )
    )
    return IndicatorSection(indicator=indicator, title=str(indicator.title), charts=charts_)


def _tick_label(indicator: Indicator) -> Callable[[Decimal], str]:
    def label(value: Decimal) -> str:
        text = formats.number_format(value)
        return f"{text}{NBSP}%" if indicator.kind == RATE else text

    return label


def municipality_page(*, municipality: Municipality) -> MunicipalityPage:
    """The page for one municipality: two queries for the effect goals and the indicators,
    whatever the municipality."""
    statistics = statistics_page(municipality=municipality)
    effect_goals = [
        chart
        for section in statistics.sections
        if section.topic in (Topic.COMPLETION, Topic.NEET)
        for chart in section.charts
        if chart.key in EFFECT_CHARTS
    ]
    figures = _Figures(municipality)
    sections = [
        section
        for indicator in INDICATORS
        if (section := _section(indicator, figures, municipality)) is not None
    ]
    computed_on = None
    if figures.computed_at is not None:
        computed_on = timezone.localdate(figures.computed_at)
    return MunicipalityPage(
        municipality=municipality,
        effect_goals=effect_goals,
        sections=sections,
        computed_on=computed_on,
    )
