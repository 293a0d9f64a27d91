"""The daily computation of the indicators from the work (`work_indicators_compute`): count in
the database, add up to counties and the country, suppress, and replace the stored figures.

Only counts leave the database's personal-data tables; the figures are stored with what may be
shown already decided (`WorkIndicator.hidden`, `value_hidden`), so every page and download
shows the same suppressed result and nothing is computed on request."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from django.db import transaction
from django.utils import timezone

from municipalities.models import County, Municipality
from oversikt.indicators.catalogue import (
    INDICATORS,
    MEAN,
    MEDIAN,
    QUARTERS_KEPT,
    RATE,
    Indicator,
)
from oversikt.indicators.queries import work_counted
from oversikt.models import RegionLevel, WorkIndicator
from oversikt.suppression import (
    DISCLOSING,
    FEW,
    MIN_DENOMINATOR,
    SHOWN,
    Cell,
    linked_suppress,
    rate_cell,
)
from tenancy import scope

Period = tuple[int, int]  # (year, quarter)
Region = tuple[str, str]  # (level, code)
NATION: Region = (RegionLevel.NATION, "0")


@dataclass(frozen=True)
class IndicatorRun:
    """What a run stored: figures, municipalities with work, quarters."""

    figures: int
    municipalities: int
    quarters: int


def quarters_kept(today: datetime.date) -> list[Period]:
    """The quarters shown, oldest first, ending with today's."""
    index = today.year * 4 + (today.month - 1) // 3
    return [(i // 4, i % 4 + 1) for i in range(index - QUARTERS_KEPT + 1, index + 1)]


def period_code(period: Period) -> str:
    return f"{period[0]}-{period[1]}"


def _median(histogram: Counter[int]) -> Decimal:
    """The median of the cases' numbers (the mean of the two middle ones for an even count)."""
    total = sum(histogram.values())
    seen, low, high = 0, None, None
    for number in sorted(histogram):
        seen += histogram[number]
        if low is None and seen > (total - 1) // 2:
            low = number
        if seen > total // 2:
            high = number
            break
    assert low is not None  # noqa: S101 - the histogram is not empty
    assert high is not None  # noqa: S101
    return _one_decimal(Decimal(low + high) / 2)


def _mean(histogram: Counter[int]) -> Decimal:
    total = sum(histogram.values())
    return _one_decimal(Decimal(sum(n * c for n, c in histogram.items())) / total)


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


@contextmanager
def _across_municipalities() -> Iterator[None]:
    """Read every municipality's rows (PostgreSQL's row-level security), then go back to what
    this process sees outside requests – the job worker's own scope."""
    scope.scope_set(municipalities=None)
    try:
        yield
    finally:
        scope.scope_reset()


class _Tally:
    """Counts and histograms by indicator, region, quarter and part (the empty part is the
    whole); a municipality's cases add up to its county and the country."""

    def __init__(self, county_of: dict[str, str]) -> None:
        self.county_of = county_of
        self.counts: Counter[tuple[str, Region, Period, str]] = Counter()
        self.histograms: dict[tuple[str, Region, Period], Counter[int]] = defaultdict(Counter)
        self.used: dict[str, set[str]] = defaultdict(set)  # family -> municipalities
        self.hidden: dict[Hashable, str] = {}  # count name -> why hidden (after suppression)

    def add(
        self,
        indicator: Indicator,
        municipality: str,
        period: Period,
        part: str,
        number: int | None,
        count: int,
    ) -> None:
        self.used[indicator.family_key].add(municipality)
        for region in (
            (RegionLevel.MUNICIPALITY, municipality),
            (RegionLevel.COUNTY, self.county_of[municipality]),
            NATION,
        ):
            self.counts[indicator.key, region, period, ""] += count
            if part:
                self.counts[indicator.key, region, period, part] += count
            if number is not None:
                self.histograms[indicator.key, region, period][max(number, 0)] += count

    def count(self, indicator: Indicator, region: Region, period: Period, part: str) -> int:
        return self.counts[indicator.key, region, period, part]


def _name(indicator: Indicator, region: Region, period: Period, part: str) -> Hashable:
    """A count's name in the suppression: the whole of a family's cases is one figure
    (concerns by level and by sector have the same whole)."""
    if not part:
        return (indicator.family_key, region, period, "")
    return (indicator.key, region, period, part)


def _columns(indicator: Indicator) -> list[str]:
    """The parts as the columns of a table; one column, the whole, without parts."""
    return [part for part, _label in indicator.parts] or [""]


def _tables(
    tally: _Tally, family: list[Indicator], period: Period, counties: dict[str, list[str]]
) -> list[list[list[Hashable]]]:
    """For each indicator of the family: a table per county (its municipalities by parts, the
    county as the totals) and one for the country (its counties by parts)."""
    tables = []
    for indicator in family:
        columns = _columns(indicator)

        def row(
            region: Region, indicator: Indicator = indicator, columns: list[str] = columns
        ) -> list[Hashable]:
            cells = [_name(indicator, region, period, part) for part in columns]
            return [*cells, _name(indicator, region, period, "")]

        for county, municipalities in counties.items():
            tables.append(
                [
                    *(row((RegionLevel.MUNICIPALITY, m)) for m in municipalities),
                    row((RegionLevel.COUNTY, county)),
                ]
            )
        tables.append([*(row((RegionLevel.COUNTY, c)) for c in counties), row(NATION)])
    return tables


def _suppressed(tally: _Tally, periods: list[Period]) -> dict[Hashable, str]:
    """Why each hidden count is hidden, over every family and quarter. The tables of a family
    and quarter are suppressed together, so a county's figures and a family's whole are
    hidden alike wherever they appear."""
    hidden: dict[Hashable, str] = {}
    for family in _families():
        counties = _counties(tally, family[0].family_key)
        if not counties:
            continue
        for period in periods:
            tables = _tables(tally, family, period, counties)
            counts: dict[Hashable, int] = {}
            for table in tables:
                for names in table:
                    for name in names:
                        key, region, _period, part = cast(tuple[str, Region, Period, str], name)
                        # A family's whole is the same for each of its indicators.
                        counts[name] = tally.counts[
                            key if part else family[0].key, region, period, part
                        ]
            hidden.update(linked_suppress(counts, tables))
    return hidden


def _families() -> list[list[Indicator]]:
    families: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in INDICATORS:
        families[indicator.family_key].append(indicator)
    return list(families.values())


def _counties(tally: _Tally, family_key: str) -> dict[str, list[str]]:
    """The municipalities with work of a family, by county (both in number order)."""
    counties: dict[str, list[str]] = defaultdict(list)
    for municipality in sorted(tally.used[family_key]):
        counties[tally.county_of[municipality]].append(municipality)
    return dict(sorted(counties.items()))


def _headline(
    tally: _Tally, indicator: Indicator, region: Region, period: Period, whole: Cell
) -> tuple[Decimal | None, str]:
    """The rate, median or mean as it may be shown, or why it may not."""
    total = tally.count(indicator, region, period, "")
    if indicator.kind == RATE:
        if not whole.shown:
            return None, FEW if total < MIN_DENOMINATOR else DISCLOSING
        first = indicator.parts[0][0]
        rate = rate_cell(_cell(tally, indicator, region, period, first), total)
        return rate.value, rate.reason
    if indicator.kind in (MEDIAN, MEAN):
        if total < MIN_DENOMINATOR:
            return None, FEW
        if not whole.shown:
            return None, DISCLOSING
        histogram = tally.histograms[indicator.key, region, period]
        return (_median if indicator.kind == MEDIAN else _mean)(histogram), SHOWN
    return None, SHOWN


def _cell(tally: _Tally, indicator: Indicator, region: Region, period: Period, part: str) -> Cell:
    reason = tally.hidden.get(_name(indicator, region, period, part), SHOWN)
    count = tally.count(indicator, region, period, part)
    return Cell(None, reason) if reason else Cell(count)


def _figures(
    tally: _Tally, periods: list[Period], names: dict[Region, str], computed_at: datetime.datetime
) -> Iterable[WorkIndicator]:
    for indicator in INDICATORS:
        counties = _counties(tally, indicator.family_key)
        regions: list[Region] = [
            (RegionLevel.MUNICIPALITY, m) for ms in counties.values() for m in ms
        ]
        regions += [(RegionLevel.COUNTY, c) for c in counties]
        regions += [NATION] if counties else []
        for region in regions:
            level, code = region
            place = {
                "region_level": level,
                "region_code": code,
                "region_name": names[region],
                "municipality_id": code if level == RegionLevel.MUNICIPALITY else None,
                "county_id": code if level == RegionLevel.COUNTY else None,
            }
            for period in periods:
                common = {
                    **place,
                    "key": indicator.key,
                    "period": period_code(period),
                    "period_start": period[0],
                    "period_end": period[0],
                    "quarter": period[1],
                    "computed_at": computed_at,
                }
                whole = _cell(tally, indicator, region, period, "")
                value, value_hidden = _headline(tally, indicator, region, period, whole)
                yield WorkIndicator(
                    **common,
                    part="",
                    numerator=tally.count(indicator, region, period, ""),
                    hidden=whole.reason,
                    value=value,
                    value_hidden=value_hidden,
                )
                for part, _label in indicator.parts:
                    yield WorkIndicator(
                        **common,
                        part=part,
                        numerator=tally.count(indicator, region, period, part),
                        hidden=_cell(tally, indicator, region, period, part).reason,
                    )


def work_indicators_compute(*, now: datetime.datetime | None = None) -> IndicatorRun:
    """Count the work of the last `QUARTERS_KEPT` quarters in every municipality, suppress,
    and replace every stored `WorkIndicator` in one transaction (a second run the same day
    stores the same figures). Reads the personal-data tables only through grouped counts,
    across municipalities (row-level scope lifted for the job); stores no person."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    periods = quarters_kept(today)
    first_year, first_quarter = periods[0]
    since = datetime.datetime.combine(
        datetime.date(first_year, 3 * first_quarter - 2, 1),
        datetime.time(),
        tzinfo=timezone.get_current_timezone(),
    )
    by_key = {indicator.key: indicator for indicator in INDICATORS}
    with _across_municipalities():
        counted = list(work_counted(since=since, today=today, now=now))
    numbers = {row.municipality for row in counted}
    names: dict[Region, str] = {NATION: "Norge"}
    county_of: dict[str, str] = {}
    for number, name, county in Municipality.objects.filter(number__in=numbers).values_list(
        "number", "name", "county_id"
    ):
        names[RegionLevel.MUNICIPALITY, number] = name
        county_of[number] = county
    for number, name in County.objects.filter(number__in=set(county_of.values())).values_list(
        "number", "name_norwegian"
    ):
        names[RegionLevel.COUNTY, number] = name
    tally = _Tally(county_of)
    kept = set(periods)
    for row in counted:
        period = (row.year, row.quarter)
        if period in kept:
            tally.add(by_key[row.key], row.municipality, period, row.part, row.number, row.count)
    tally.hidden = _suppressed(tally, periods)
    figures = list(_figures(tally, periods, names, now))
    with transaction.atomic():
        WorkIndicator.objects.all().delete()
        WorkIndicator.objects.bulk_create(figures, batch_size=2000)
    return IndicatorRun(figures=len(figures), municipalities=len(county_of), quarters=len(periods))
