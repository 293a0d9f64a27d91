"""Places side by side (the state and regional analysts' page, and a follow-up programme's
comparison): the effect-goal figures and the indicators from the work for a county's
municipalities – or the country's counties – with the county and the country beside them, for
one quarter. Reads stored figures only, in a fixed number of queries: the indicators were
suppressed by the daily job across the very tables these places form (a county's
municipalities, the country's counties), so showing some of them with their totals shows
nothing the job did not allow."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from municipalities.models import County, Municipality
from oversikt import charts
from oversikt.indicators.catalogue import COUNTS, INDICATORS, RATE, Indicator
from oversikt.indicators.page import count_value, headline_value, quarter_label
from oversikt.models import Figure, RegionLevel, ValueUnit, WorkIndicator
from oversikt.selectors import Chart, Value, number_text
from oversikt.selectors._shared import NBSP, STYLE, sources_of, value_of

# Effect goals side by side: for each place the newest figure of the first series that has
# one (the NEET file for Telemark's municipalities, the county file for the rest).
EFFECT_GOALS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("completion", ("completion_total",), ""),
    ("neet", ("neet_municipality", "neet_county"), "15–29 år"),
)
PLACES_PAGE_SIZE = 20

Period = tuple[int, int]


@dataclass(frozen=True)
class Place:
    level: str
    code: str
    name: str


@dataclass
class PlacesPage:
    """The places shown (a page of them, then the county and the country), the quarter and its
    neighbours, the effect-goal charts and one chart per indicator."""

    places: list[Place]
    quarter: Period | None
    quarters: list[Period]
    effect_goals: list[Chart] = field(default_factory=list)
    indicators: list[Chart] = field(default_factory=list)
    computed_on: datetime.date | None = None

    @property
    def quarter_text(self) -> str:
        return quarter_label(*self.quarter) if self.quarter else ""

    def values(self) -> Iterator[tuple[Chart, str, str, Value]]:
        """Every value shown: (chart, place, column, value)."""
        for chart in (*self.effect_goals, *self.indicators):
            for place, row in chart.rows:
                for column, value in zip(chart.columns, row, strict=True):
                    yield chart, place, column, value


def quarter_code(period: Period) -> str:
    return f"{period[0]}-{period[1]}"


def quarters_stored() -> list[Period]:
    """The quarters the daily job stored, newest first (one query)."""
    rows = (
        WorkIndicator.objects.filter(region_level=RegionLevel.NATION, part="")
        .values_list("period_start", "quarter")
        .distinct()
        .order_by("-period_start", "-quarter")
    )
    return [(year, quarter) for year, quarter in rows]


def quarter_default(quarters: Sequence[Period], today: datetime.date) -> Period | None:
    """The newest quarter that has ended; the running one only when there is no other."""
    running = (today.year, (today.month - 1) // 3 + 1)
    ended = [period for period in quarters if period < running]
    if ended:
        return ended[0]
    return quarters[0] if quarters else None


def _bar_chart(
    *,
    key: str,
    title: str,
    header: str,
    unit: str,
    places: list[Place],
    cells: list[Value],
    value_label: Callable[[Decimal], str],
    summary_extra: str = "",
) -> Chart:
    chart = Chart(
        key=key,
        kind="bar",
        title=title,
        category_header=_("Place"),
        categories=[place.name for place in places],
        columns=[header],
        styles=[1],
        cells=[[value] for value in cells],
        unit=unit,
    )
    chart.bar = charts.bar_chart(
        chart.categories,
        [charts.ChartSeries(header, 1, tuple(value.number for value in cells))],
        value_label=value_label,
        missing_label=_("no figure"),
        category_styles=[STYLE[RegionLevel(place.level)] for place in places],
    )
    sentences = [
        _("%(name)s: %(value)s.") % {"name": place.name, "value": value.text}
        for place, value in zip(places, cells, strict=True)
    ]
    chart.summary = " ".join([*sentences, summary_extra]).strip()
    return chart


def _label(value: Decimal, unit: str) -> str:
    if unit == "%":
        return f"{formats.number_format(value, decimal_pos=1)}{NBSP}%"
    if unit == "#":
        return formats.number_format(value, force_grouping=True)
    return f"{formats.number_format(value, decimal_pos=1)} {unit}"


def _spread(places: list[Place], cells: list[Value]) -> str:
    """Which of the compared places (not the county or the country) is highest and lowest."""
    known = [
        (value.number, place.name)
        for place, value in zip(places, cells, strict=True)
        if value.number is not None and place.level != RegionLevel.NATION
    ]
    if len(known) < 3:
        return ""
    high, low = max(known), min(known)
    return _("Highest: %(high)s. Lowest: %(low)s.") % {"high": high[1], "low": low[1]}


def _effect_goals(places: list[Place], figures: list[Figure]) -> list[Chart]:
    latest: dict[tuple[str, str, str], Figure] = {}
    for figure in figures:  # oldest first: the last one kept is the newest
        code = (
            figure.municipality_id
            if figure.region_level == RegionLevel.MUNICIPALITY
            else figure.county_id
            if figure.region_level == RegionLevel.COUNTY
            else "0"
        )
        latest[figure.series.key, figure.region_level, code or ""] = figure
    result = []
    for key, series_keys, _breakdown in EFFECT_GOALS:
        found: list[Figure | None] = []
        for place in places:
            found.append(
                next(
                    (
                        latest[s, place.level, place.code]
                        for s in series_keys
                        if (s, place.level, place.code) in latest
                    ),
                    None,
                )
            )
        shown = [figure for figure in found if figure is not None]
        if not shown:
            continue
        series = shown[0].series
        cells = [value_of(figure) for figure in found]
        periods = sorted({figure.period for figure in shown})
        header = _("%(unit)s, %(periods)s") % {
            "unit": _("Per cent") if series.unit == ValueUnit.PERCENT else _("Number"),
            "periods": ", ".join(periods),
        }
        chart = _bar_chart(
            key=f"effect-{key}",
            title=series.name,
            header=header,
            unit=series.unit,
            places=places,
            cells=cells,
            value_label=partial(number_text, series=series),
            summary_extra=_spread(places, cells),
        )
        chart.sources = sources_of(shown)
        result.append(chart)
    return result


def _indicator_chart(
    indicator: Indicator, places: list[Place], rows: dict[tuple[str, str, str], WorkIndicator]
) -> Chart | None:
    figures = [rows.get((indicator.key, place.level, place.code)) for place in places]
    if all(figure is None for figure in figures):
        return None
    counts = [count_value(figure) for figure in figures]
    unit: str
    if indicator.kind == COUNTS:
        headline, header, label, unit = counts, str(indicator.counted), "#", ValueUnit.COUNT
    else:
        headline = [headline_value(indicator, figure) for figure in figures]
        header = str(indicator.title)
        label = "%" if indicator.kind == RATE else str(indicator.unit)
        unit = ValueUnit.PERCENT if indicator.kind == RATE else ""
    chart = _bar_chart(
        key=f"indicator-{indicator.key}",
        title=str(indicator.title),
        header=header,
        unit=unit,
        places=places,
        cells=headline,
        value_label=lambda value: _label(value, label),
        summary_extra=_spread(places, headline),
    )
    if indicator.kind != COUNTS:
        # The table also gives the cases the headline is counted over.
        chart.columns.append(str(indicator.counted))
        for row, count in zip(chart.cells, counts, strict=True):
            row.append(count)
    return chart


def places_page(
    *,
    county: County | None,
    municipalities: Sequence[Municipality] | None = None,
    quarter: Period | None,
    quarters: list[Period],
) -> PlacesPage:
    """`municipalities` (of `county`) side by side with the county and the country; with no
    county, every county beside the country. Two queries, whatever the number of places."""
    places: list[Place] = []
    if county is None:
        counties = list(County.objects.order_by("number"))
        places = [Place(RegionLevel.COUNTY, c.number, c.name_norwegian) for c in counties]
    else:
        places = [Place(RegionLevel.MUNICIPALITY, m.number, m.name) for m in municipalities or ()]
        places.append(Place(RegionLevel.COUNTY, county.number, county.name_norwegian))
    places.append(Place(RegionLevel.NATION, "0", _("The whole country")))
    numbers = [p.code for p in places if p.level == RegionLevel.MUNICIPALITY]
    county_numbers = [p.code for p in places if p.level == RegionLevel.COUNTY]
    where = (
        Q(region_level=RegionLevel.NATION)
        | Q(region_level=RegionLevel.COUNTY, county_id__in=county_numbers)
        | Q(region_level=RegionLevel.MUNICIPALITY, municipality_id__in=numbers)
    )
    keys = [key for _k, series_keys, _b in EFFECT_GOALS for key in series_keys]
    breakdowns = [breakdown for _k, _s, breakdown in EFFECT_GOALS]
    figures = list(
        Figure.objects.filter(
            where, series__key__in=keys, breakdown__in=breakdowns, older_division=False
        )
        .select_related("series__source", "county", "municipality")
        .order_by("period_start", "period_end", "pk")
    )
    page = PlacesPage(places=places, quarter=quarter, quarters=quarters)
    page.effect_goals = _effect_goals(places, figures)
    if quarter is None:
        return page
    rows: dict[tuple[str, str, str], WorkIndicator] = {}
    computed_at = None
    for row in WorkIndicator.objects.filter(
        where, part="", period_start=quarter[0], quarter=quarter[1]
    ):
        rows[row.key, row.region_level, row.region_code] = row
        if computed_at is None or row.computed_at > computed_at:
            computed_at = row.computed_at
    page.indicators = [
        chart
        for indicator in INDICATORS
        if (chart := _indicator_chart(indicator, places, rows)) is not None
    ]
    if computed_at is not None:
        page.computed_on = timezone.localdate(computed_at)
    return page
