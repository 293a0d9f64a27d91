"""Reading the public statistics for one municipality against its county and the country.

`statistics_page` reads every figure the page needs in one query and arranges them into
sections, charts and tables; the page and its CSV download are both made from the result, so
they always hold the same numbers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from oversikt import charts
from oversikt.models import (
    Figure,
    MissingSymbol,
    RegionLevel,
    Series,
    Source,
    Topic,
    ValueUnit,
)
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

    @property
    def number(self) -> Decimal | None:
        """The value to draw and download; None when missing or not to be shown."""
        return None if self.note or self.figure is None else self.figure.value


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


@dataclass
class Section:
    topic: str
    title: str
    intro: str
    charts: list[Chart]
    series: list[Series]
    note: str = ""

    @property
    def about(self) -> list[tuple[Source, list[Series]]]:
        """The series shown, by source: for the definitions under each section."""
        grouped: dict[int, tuple[Source, list[Series]]] = {}
        for series in self.series:
            grouped.setdefault(series.source_id, (series.source, []))[1].append(series)
        return list(grouped.values())


@dataclass
class StatisticsPage:
    municipality: Municipality
    sections: list[Section]

    def values(self) -> Iterable[tuple[Section, Chart, str, str, Value]]:
        """Every figure on the page once: (section, chart, category, column, value)."""
        seen: set[int] = set()
        for section in self.sections:
            for chart in section.charts:
                for category, row in zip(chart.categories, chart.cells, strict=True):
                    for column, value in zip(chart.columns, row, strict=True):
                        if value.figure is not None and value.figure.pk not in seen:
                            seen.add(value.figure.pk)
                            yield section, chart, category, column, value


def unit_label(unit: str) -> str:
    return {
        ValueUnit.PERCENT: _("per cent"),
        ValueUnit.COUNT: _("number"),
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


def _value(figure: Figure | None) -> Value:
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


class _Figures:
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


def _sources(figures: Iterable[Figure]) -> list[SourceNote]:
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
                loaded_on=max(figure.loaded_at for figure in group).date(),
            )
        )
    return notes


def _against_country(
    name: str, value: Decimal, country: Decimal, period: str, decimals: int
) -> str:
    """'In 2024 Porsgrunn was 0,9 percentage points above the whole country.'"""
    difference = value - country
    values = {"period": period, "name": name}
    if difference == 0:
        return _("In %(period)s %(name)s was the same as the whole country.") % values
    values["amount"] = formats.number_format(abs(difference), decimal_pos=decimals)
    if difference > 0:
        return (
            _("In %(period)s %(name)s was %(amount)s percentage points above the whole country.")
            % values
        )
    return (
        _("In %(period)s %(name)s was %(amount)s percentage points below the whole country.")
        % values
    )


def _column_summary(name: str, known: list[tuple[str, Value]]) -> str:
    if not known:
        return _("%(name)s: no figures.") % {"name": name}
    (first_period, first), (last_period, last) = known[0], known[-1]
    if len(known) == 1:
        return _("%(name)s: %(value)s in %(period)s.") % {
            "name": name,
            "value": first.text,
            "period": first_period,
        }
    return _("%(name)s: %(first)s in %(first_period)s and %(last)s in %(last_period)s.") % {
        "name": name,
        "first": first.text,
        "first_period": first_period,
        "last": last.text,
        "last_period": last_period,
    }


def _line_summary(chart: Chart, decimals: int) -> str:
    """Each line from its first to its last figure, then each place against the country in
    the last period both have a figure for."""
    columns = range(len(chart.columns))
    known = [
        [
            (chart.categories[row], cells[column])
            for row, cells in enumerate(chart.cells)
            if cells[column].number is not None
        ]
        for column in columns
    ]
    sentences = [_column_summary(chart.columns[c], known[c]) for c in columns]
    country = STYLE[RegionLevel.NATION]
    if chart.unit == ValueUnit.PERCENT and country in chart.styles:
        nation = chart.styles.index(country)
        for column in columns:
            if column == nation:
                continue
            for row in reversed(range(len(chart.categories))):
                mine, theirs = chart.cells[row][column].number, chart.cells[row][nation].number
                if mine is not None and theirs is not None:
                    sentences.append(
                        _against_country(
                            chart.columns[column], mine, theirs, chart.categories[row], decimals
                        )
                    )
                    break
    return " ".join(sentences)


def _tick_label(series: Series) -> Callable[[Decimal], str]:
    def label(value: Decimal) -> str:
        text = formats.number_format(value)
        return f"{text}{NBSP}%" if series.unit == ValueUnit.PERCENT else text

    return label


def _periods(figures: Iterable[Figure]) -> list[str]:
    return [
        period
        for _start, _end, period in sorted(
            {(f.period_start, f.period_end, f.period) for f in figures}
        )
    ]


def _trend(
    figures: _Figures, *, key: str, title: str, series_key: str, breakdown: str, header: str
) -> Chart | None:
    """A line chart over periods: the municipality, its county and the country."""
    lines = [
        (region_name(next(iter(found.values()))), STYLE[level], found)
        for level in (RegionLevel.MUNICIPALITY, RegionLevel.COUNTY, RegionLevel.NATION)
        if (found := figures.periods(series_key, level, breakdown))
    ]
    if not lines:
        return None
    everything = [figure for _name, _style, found in lines for figure in found.values()]
    categories = _periods(everything)
    cells = [[_value(found.get(period)) for _name, _style, found in lines] for period in categories]
    series = figures.series[series_key]
    chart = Chart(
        key=key,
        kind="line",
        title=title,
        category_header=header,
        categories=categories,
        columns=[name for name, _style, _found in lines],
        styles=[style for _name, style, _found in lines],
        cells=cells,
        unit=series.unit,
        sources=_sources(everything),
    )
    chart.line = charts.line_chart(
        categories,
        [
            charts.ChartSeries(name, style, tuple(row[column].number for row in cells))
            for column, (name, style, _found) in enumerate(lines)
        ],
        tick_label=_tick_label(series),
    )
    chart.summary = _line_summary(chart, series.decimals)
    return chart


def _places_bar(
    figures: _Figures, *, key: str, title: str, series_keys: list[str], breakdown: str
) -> Chart | None:
    """Bars for the newest figure of the municipality, its county and the country; each place
    takes the first of `series_keys` that has a figure for it."""
    found = [
        figure
        for level in (RegionLevel.MUNICIPALITY, RegionLevel.COUNTY, RegionLevel.NATION)
        if (figure := figures.latest(series_keys, level, breakdown)) is not None
    ]
    if not found:
        return None
    series = found[0].series
    periods = {figure.period for figure in found}
    header = unit_label(series.unit).capitalize()
    categories = [region_name(figure) for figure in found]
    if len(periods) == 1:
        header = f"{header}, {found[0].period}"
    else:
        categories = [
            f"{name} ({figure.period})" for name, figure in zip(categories, found, strict=True)
        ]
    cells = [[_value(figure)] for figure in found]
    styles = [STYLE[RegionLevel(figure.region_level)] for figure in found]
    chart = Chart(
        key=key,
        kind="bar",
        title=title,
        category_header=_("Place"),
        categories=categories,
        columns=[header],
        styles=[1],
        cells=cells,
        unit=series.unit,
        sources=_sources(found),
    )
    chart.bar = charts.bar_chart(
        chart.categories,
        [charts.ChartSeries(header, 1, tuple(row[0].number for row in cells))],
        value_label=lambda value: number_text(value, series),
        missing_label=_("no figure"),
        category_styles=styles,
    )
    sentences = [
        _("%(name)s: %(value)s.") % {"name": name, "value": row[0].text}
        for name, row in zip(chart.categories, cells, strict=True)
    ]
    country = next(
        (row[0].number for f, row in zip(found, cells, strict=True) if f.region_level == "nation"),
        None,
    )
    if series.unit == ValueUnit.PERCENT and country is not None:
        sentences += [
            _against_country(
                region_name(figure), row[0].number, country, figure.period, series.decimals
            )
            for row, figure in zip(cells, found, strict=True)
            if figure.region_level != RegionLevel.NATION and row[0].number is not None
        ]
    chart.summary = " ".join(sentences)
    return chart


def _breakdown_bar(figures: _Figures, *, key: str, title: str, series_key: str) -> Chart | None:
    """Grouped bars for the country by a two-part breakdown ('Yrkesfag, gutter'): a group per
    first part, a bar per second part."""
    found = [
        figure
        for (series, level, _breakdown), periods in figures.by_key.items()
        if series == series_key and level == RegionLevel.NATION
        for figure in periods.values()
    ]
    if not found:
        return None
    groups = list(dict.fromkeys(figure.breakdown.split(", ")[0] for figure in found))
    parts = list(dict.fromkeys(figure.breakdown.split(", ")[-1] for figure in found))
    by_breakdown = {figure.breakdown: figure for figure in found}
    cells = [[_value(by_breakdown.get(f"{group}, {part}")) for part in parts] for group in groups]
    series = found[0].series
    chart = Chart(
        key=key,
        kind="bar",
        title=title,
        category_header=_("Programme"),
        categories=groups,
        columns=parts,
        styles=[1 + index % charts.STYLES for index in range(len(parts))],
        cells=cells,
        unit=series.unit,
        sources=_sources(found),
    )
    chart.bar = charts.bar_chart(
        groups,
        [
            charts.ChartSeries(part, style, tuple(row[column].number for row in cells))
            for column, (part, style) in enumerate(zip(parts, chart.styles, strict=True))
        ],
        value_label=lambda value: number_text(value, series),
        missing_label=_("no figure"),
    )
    chart.summary = " ".join(
        f"{group}: "
        + ", ".join(f"{part} {row[column].text}" for column, part in enumerate(parts))
        + "."
        for group, row in zip(groups, cells, strict=True)
    )
    return chart


def _breakdown_table(
    figures: _Figures, *, key: str, title: str, series_keys: list[str], header: str
) -> Chart | None:
    """A table alone for the country: a row per breakdown, a column per series."""
    columns = [
        (figures.series[series_key].name, found)
        for series_key in series_keys
        if series_key in figures.series
        and (
            found := {
                figure.breakdown: figure
                for (series, level, _breakdown), periods in figures.by_key.items()
                if series == series_key and level == RegionLevel.NATION
                for figure in periods.values()
            }
        )
    ]
    if not columns:
        return None
    everything = [figure for _name, found in columns for figure in found.values()]
    rows = list(dict.fromkeys(figure.breakdown for figure in everything))
    return Chart(
        key=key,
        kind="table",
        title=title,
        category_header=header,
        categories=rows,
        columns=[name for name, _found in columns],
        styles=[1] * len(columns),
        cells=[[_value(found.get(row)) for _name, found in columns] for row in rows],
        unit="",
        sources=_sources(everything),
    )


def _table(
    figures: _Figures,
    *,
    key: str,
    title: str,
    series_keys: list[str],
    levels: tuple[str, ...],
    header: str,
) -> Chart | None:
    """A table alone: a row per period, a column per series and place."""
    columns: list[tuple[str, dict[str, Figure]]] = []
    for series_key in series_keys:
        for level in levels:
            found = figures.periods(series_key, level)
            if found:
                # A column per place when the table has one series, per series when one place.
                place = region_name(next(iter(found.values())))
                name = figures.series[series_key].name
                if len(levels) > 1:
                    name = f"{name}: {place}" if len(series_keys) > 1 else place
                columns.append((name, found))
    if not columns:
        return None
    everything = [figure for _name, found in columns for figure in found.values()]
    categories = _periods(everything)
    return Chart(
        key=key,
        kind="table",
        title=title,
        category_header=header,
        categories=categories,
        columns=[name for name, _found in columns],
        styles=[1] * len(columns),
        cells=[[_value(found.get(period)) for _name, found in columns] for period in categories],
        unit="",
        sources=_sources(everything),
    )


def _section(topic: Topic, intro: str, figures: _Figures, charts_: list[Chart | None]) -> Section:
    shown = [chart for chart in charts_ if chart is not None]
    used = {
        value.figure.series.key: value.figure.series
        for chart in shown
        for row in chart.cells
        for value in row
        if value.figure is not None
    }
    has_municipality = any(
        value.figure is not None and value.figure.region_level == RegionLevel.MUNICIPALITY
        for chart in shown
        for row in chart.cells
        for value in row
    )
    note = (
        ""
        if has_municipality
        else _("The sources have no figures for %(municipality)s on this.")
        % {"municipality": figures.municipality.name}
    )
    return Section(
        topic=topic.value,
        title=str(topic.label),
        intro=intro,
        charts=shown,
        series=sorted(used.values(), key=lambda series: series.key),
        note=note,
    )


def statistics_page(*, municipality: Municipality) -> StatisticsPage:
    """The public statistics for a municipality, its county and the country, by topic. One
    query for the figures, whatever the municipality."""
    figures = _Figures(municipality)
    cohort, year = _("Cohort (start–status)"), _("Year")
    sections = [
        _section(
            Topic.COMPLETION,
            _(
                "An effect goal of the 0–24 collaboration: more young people complete upper "
                "secondary school."
            ),
            figures,
            [
                _trend(
                    figures,
                    key="completion-trend",
                    title=_("Completed upper secondary school, by cohort"),
                    series_key="completion_total",
                    breakdown="",
                    header=cohort,
                ),
                _breakdown_bar(
                    figures,
                    key="completion-programmes",
                    title=_("Completed within 5/6 years by programme and sex, the whole country"),
                    series_key="completion_national",
                ),
                _breakdown_table(
                    figures,
                    key="completion-changes",
                    title=_("Completed and the change from earlier cohorts, the whole country"),
                    series_keys=[
                        "completion_national",
                        "completion_national_change_2018",
                        "completion_national_change_2006",
                    ],
                    header=_("Programme and sex"),
                ),
                _table(
                    figures,
                    key="completion-school-county",
                    title=_("Completed within 5/6 years, by the county of the school"),
                    series_keys=["completion_school_county"],
                    levels=(RegionLevel.COUNTY, RegionLevel.NATION),
                    header=cohort,
                ),
            ],
        ),
        _section(
            Topic.NEET,
            _("Young people aged 15–29 in neither work, education nor labour market measures."),
            figures,
            [
                _places_bar(
                    figures,
                    key="neet",
                    title=_("Young people aged 15–29 outside work, education and measures"),
                    series_keys=["neet_municipality", "neet_county"],
                    breakdown="15–29 år",
                ),
            ],
        ),
        _section(
            Topic.CHILD_WELFARE,
            _("Children aged 0–17 who had a child welfare measure during the year."),
            figures,
            [
                _trend(
                    figures,
                    key="child-welfare-trend",
                    title=_("Children aged 0–17 with child welfare measures, by year"),
                    series_key="child_welfare_share",
                    breakdown="0–17 år",
                    header=year,
                ),
            ],
        ),
        _section(
            Topic.LOW_INCOME,
            _("Children aged 0–17 in households with persistent low income."),
            figures,
            [
                _places_bar(
                    figures,
                    key="low-income",
                    title=_("Children in households with persistent low income"),
                    series_keys=["low_income_share"],
                    breakdown="0–17 år",
                ),
                _table(
                    figures,
                    key="low-income-national",
                    title=_("Children in families with persistent low income, the whole country"),
                    series_keys=["low_income_children_national", "low_income_share_national"],
                    levels=(RegionLevel.NATION,),
                    header=_("Three-year period"),
                ),
            ],
        ),
    ]
    return StatisticsPage(municipality=municipality, sections=sections)
