"""Charts and tables built from the figures: trends by period, places side by side, breakdowns
for the country; each with its summary and sources."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from oversikt import charts
from oversikt.models import Figure, RegionLevel, Series, ValueUnit
from oversikt.selectors._shared import (
    NBSP,
    STYLE,
    Chart,
    Figures,
    Value,
    number_text,
    region_name,
    sources_of,
    unit_label,
    value_of,
)


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


def trend_chart(
    figures: Figures, *, key: str, title: str, series_key: str, breakdown: str, header: str
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
    cells = [
        [value_of(found.get(period)) for _name, _style, found in lines] for period in categories
    ]
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
        sources=sources_of(everything),
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


def places_bar_chart(
    figures: Figures, *, key: str, title: str, series_keys: list[str], breakdown: str
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
    cells = [[value_of(figure)] for figure in found]
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
        sources=sources_of(found),
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


def breakdown_bar_chart(figures: Figures, *, key: str, title: str, series_key: str) -> Chart | None:
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
    cells = [[value_of(by_breakdown.get(f"{group}, {part}")) for part in parts] for group in groups]
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
        sources=sources_of(found),
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


def breakdown_table(
    figures: Figures, *, key: str, title: str, series_keys: list[str], header: str
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
        cells=[[value_of(found.get(row)) for _name, found in columns] for row in rows],
        unit="",
        sources=sources_of(everything),
    )


def periods_table(
    figures: Figures,
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
        cells=[[value_of(found.get(period)) for _name, found in columns] for period in categories],
        unit="",
        sources=sources_of(everything),
    )
