"""Reading the grant catalogue, what fits a municipality, its programme, and the aggregates for
the Statsforvalter and the directorates. A fixed number of queries each."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.reference import reference_data
from directory.selectors import need_codes_local, services_local_count
from grants.matching import Match, Reading, Situation, scheme_matches
from grants.models import (
    DeadlineKind,
    Grant,
    GrantReport,
    GrantStatus,
    Indicator,
    Scheme,
    SchemeDeadline,
    SchemeStatus,
)
from municipalities.models import County, Municipality, PopulationByAge
from oversikt.models import Figure, RegionLevel
from oversikt.selectors import region_name
from units.models import Unit

CATALOGUE_PAGE_SIZE = 20
GRANTS_PAGE_SIZE = 20
# Deadlines this close are shown on the programme page (and the digest's window).
DUE_SOON_DAYS = 60
# A grant under this amount counts as small in the aggregates: the money is fragmented when
# many of a municipality's grants are small.
SMALL_GRANT = 500_000

# Per indicator, the statistics series that give it, in order of preference; the first that
# has a figure for the municipality (or else its county) is compared with the country's.
INDICATOR_SERIES: dict[str, tuple[str, ...]] = {
    Indicator.NEET: ("neet_municipality", "neet_county"),
    Indicator.LOW_INCOME: ("low_income_share",),
    Indicator.COMPLETION: ("completion_total",),
}


def schemes_catalogue(*, page: str | int | None, owner: str = "") -> Page[Scheme]:
    """The catalogue, by name, with each scheme's deadlines (none for an ended scheme: its
    old dates are no one's deadline); `owner` narrows to a directorate."""
    current = SchemeDeadline.objects.exclude(scheme__status=SchemeStatus.ENDED)
    schemes = Scheme.objects.prefetch_related(Prefetch("deadlines", queryset=current)).order_by(
        "name", "pk"
    )
    if owner:
        schemes = schemes.filter(owner=owner)
    return Paginator(schemes, CATALOGUE_PAGE_SIZE).get_page(page)


def scheme_public(*, key: str) -> Scheme | None:
    return Scheme.objects.prefetch_related("deadlines").filter(key=key).first()


def schemes_with_deadlines_within(
    *,
    days: int,
    today: datetime.date | None = None,
    kind: str = DeadlineKind.APPLICATION,
) -> list[SchemeDeadline]:
    """The deadlines of `kind` from today up to and including `days` days ahead, soonest
    first, each with its scheme: what the e-mail digest lists as "deadlines in the next N
    days". An ended scheme has none. One query."""
    if days < 0:
        raise ValueError("days must not be negative")
    today = today or timezone.localdate()
    return list(
        SchemeDeadline.objects.filter(
            kind=kind, due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days)
        )
        .exclude(scheme__status=SchemeStatus.ENDED)
        .select_related("scheme")
        .order_by("due_on", "scheme__name")
    )


def age_band_ranges() -> dict[str, tuple[int, int]]:
    return {band.code: (band.low, band.high) for band in reference_data().age_bands}


def _pick(figures: Iterable[Figure]) -> dict[tuple[str, str], Figure]:
    """The newest figure per (series, level), for the whole group where the source gives one,
    else for the youngest age group it gives (NEET: 15–29 before 30–61)."""
    best: dict[tuple[str, str], Figure] = {}
    for figure in figures:
        key = (figure.series.key, figure.region_level)
        found = best.get(key)
        if found is None or _rank(figure) > _rank(found):
            best[key] = figure
    return best


def _rank(figure: Figure) -> tuple[int, bool, bool, int]:
    return (
        figure.period_end,
        not figure.older_division,
        figure.breakdown == "",
        -_first_age(figure.breakdown),
    )


def _first_age(breakdown: str) -> int:
    digits = ""
    for char in breakdown:
        if char.isdigit():
            digits += char
        elif digits:
            break
    return int(digits) if digits else 0


def _readings(municipality: Municipality) -> dict[str, Reading]:
    keys = [key for series in INDICATOR_SERIES.values() for key in series]
    figures = (
        Figure.objects.filter(series__key__in=keys, value__isnull=False)
        .filter(
            Q(region_level=RegionLevel.NATION)
            | Q(region_level=RegionLevel.COUNTY, county_id=municipality.county_id)
            | Q(region_level=RegionLevel.MUNICIPALITY, municipality=municipality)
        )
        .select_related("series", "county")
        .order_by("period_start", "pk")
    )
    best = _pick(figures)
    readings: dict[str, Reading] = {}
    for indicator, series_keys in INDICATOR_SERIES.items():
        for key in series_keys:
            country = best.get((key, RegionLevel.NATION))
            place = best.get((key, RegionLevel.MUNICIPALITY))
            if place is None:
                place = best.get((key, RegionLevel.COUNTY))
            if place is None or country is None:
                continue
            readings[indicator] = Reading(
                value=Decimal(place.value or 0),
                country=Decimal(country.value or 0),
                place=municipality.name
                if place.region_level == RegionLevel.MUNICIPALITY
                else region_name(place),
                period=place.period,
            )
            break
    return readings


def municipality_situation(*, municipality: Municipality) -> Situation:
    """What matching weighs for the municipality: its figures against the country, its
    residents 0–24 in the newest year, and the needs its directory has no local service for."""
    year = (
        PopulationByAge.objects.filter(municipality=municipality)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    population = (
        dict(
            PopulationByAge.objects.filter(municipality=municipality, year=year).values_list(
                "age", "count"
            )
        )
        if year is not None
        else {}
    )
    covered = need_codes_local(municipality=municipality)
    english = (get_language() or "nb").startswith("en")
    names = {
        term.code: (term.name_en if english and term.name_en else term.name)
        for term in reference_data().terms
        if term.taxonomy == "need"
    }
    return Situation(
        municipality=municipality.name,
        population=population,
        population_year=year,
        readings=_readings(municipality),
        needs_lacking={code: name for code, name in names.items() if code not in covered},
        local_services=services_local_count(municipality=municipality),
    )


def municipality_matches(*, municipality: Municipality) -> list[Match]:
    situation = municipality_situation(municipality=municipality)
    schemes = Scheme.objects.prefetch_related("deadlines").order_by("name")
    return scheme_matches(situation=situation, schemes=schemes, age_bands=age_band_ranges())


@dataclass(frozen=True)
class DueItem:
    """A date the municipality must act by: an application deadline of a scheme that fits, or
    a report it owes on a grant."""

    due_on: datetime.date
    text: str
    overdue: bool
    report: GrantReport | None = None


@dataclass(frozen=True)
class PlanRow:
    """One measure of the programme's plan: what, financed by which grant, when, by whom."""

    measure: str
    grant: Grant


@dataclass
class ProgrammeView:
    municipality: Municipality
    matches: list[Match]
    grants: Page[Grant]
    plan: list[PlanRow]
    due: list[DueItem]
    total_granted: int
    total_applied: int
    schemes_used: int
    today: datetime.date = field(default_factory=timezone.localdate)


def _grants_of(municipality: Municipality) -> QuerySet[Grant]:
    return (
        Grant.objects.filter(municipality=municipality)
        .select_related("scheme")
        .prefetch_related(
            Prefetch("units", queryset=Unit.objects.order_by("name")),
            Prefetch("reports", queryset=GrantReport.objects.order_by("due_on")),
        )
        .order_by("-period_start", "-pk")
    )


def programme_view(*, municipality: Municipality, page: str | int | None = None) -> ProgrammeView:
    """The municipality's grants as one programme: what fits, its grants (a page), one plan of
    the measures they finance, what is due in the next `DUE_SOON_DAYS` days or overdue, and the
    totals. A fixed number of queries, whatever the number of grants."""
    today = timezone.localdate()
    matches = municipality_matches(municipality=municipality)
    grants_page = Paginator(_grants_of(municipality), GRANTS_PAGE_SIZE).get_page(page)
    active = list(
        _grants_of(municipality).filter(
            status__in=[GrantStatus.GRANTED, GrantStatus.APPLIED], period_end__gte=today
        )
    )
    plan = [
        PlanRow(measure=line.strip(), grant=grant)
        for grant in sorted(active, key=lambda g: (g.period_start, g.scheme.name))
        for line in grant.measures.splitlines()
        if line.strip()
    ]
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    due: list[DueItem] = []
    for match in matches:
        for deadline in match.scheme.deadlines.all():
            if deadline.kind == DeadlineKind.APPLICATION and today <= deadline.due_on <= horizon:
                due.append(
                    DueItem(
                        due_on=deadline.due_on,
                        text=_("Apply to %(scheme)s") % {"scheme": match.scheme.name},
                        overdue=False,
                    )
                )
    reports = GrantReport.objects.filter(
        grant__municipality=municipality, done_on__isnull=True, due_on__lte=horizon
    ).select_related("grant__scheme")
    for report in reports.order_by("due_on", "pk"):
        due.append(
            DueItem(
                due_on=report.due_on,
                text=_("Report on the grant from %(scheme)s")
                % {"scheme": report.grant.scheme.name},
                overdue=report.due_on < today,
                report=report,
            )
        )
    due.sort(key=lambda item: (item.due_on, item.text))
    totals = Grant.objects.filter(municipality=municipality).aggregate(
        granted=Sum("amount_granted", filter=Q(status=GrantStatus.GRANTED)),
        applied=Sum("amount_applied", filter=Q(status=GrantStatus.APPLIED)),
        schemes=Count("scheme", distinct=True, filter=Q(status=GrantStatus.GRANTED)),
    )
    return ProgrammeView(
        municipality=municipality,
        matches=matches,
        grants=grants_page,
        plan=plan,
        due=due,
        total_granted=totals["granted"] or 0,
        total_applied=totals["applied"] or 0,
        schemes_used=totals["schemes"] or 0,
        today=today,
    )


@dataclass
class AggregateRow:
    """Granted money for a place (a municipality, or a county) or a scheme: how fragmented."""

    name: str
    grants: int = 0
    small: int = 0
    total: int = 0
    reports: int = 0
    municipalities: set[str] = field(default_factory=set)
    schemes: set[int] = field(default_factory=set)
    pairs: set[tuple[str, int]] = field(default_factory=set)

    @property
    def schemes_per_municipality(self) -> Decimal | None:
        if not self.municipalities:
            return None
        return Decimal(len(self.pairs)) / len(self.municipalities)

    @property
    def reports_per_million(self) -> Decimal | None:
        """Reports owed per million kroner granted."""
        if not self.total:
            return None
        return Decimal(self.reports) * 1_000_000 / self.total


@dataclass
class Aggregates:
    county: County | None
    places: list[AggregateRow]
    schemes: list[AggregateRow]
    whole: AggregateRow


def grants_aggregates(*, county: County | None) -> Aggregates:
    """Granted money per municipality of `county` (or per county, for the whole country) and
    per scheme: grants, small grants (under `SMALL_GRANT`), schemes per municipality and
    reports per million kroner. No person in it. Two queries."""
    grants = Grant.objects.filter(status=GrantStatus.GRANTED)
    if county is not None:
        grants = grants.filter(municipality__county=county)
    rows = list(
        grants.values_list(
            "pk",
            "amount_granted",
            "municipality__number",
            "municipality__name",
            "municipality__county__number",
            "municipality__county__name_norwegian",
            "scheme_id",
            "scheme__name",
        )
    )
    report_counts = dict(
        GrantReport.objects.filter(grant__in=grants)
        .values("grant")
        .annotate(n=Count("pk"))
        .values_list("grant", "n")
    )
    places: dict[str, AggregateRow] = {}
    schemes: dict[int, AggregateRow] = {}
    whole = AggregateRow(name=_("All"))
    for pk, amount, number, name, county_number, county_name, scheme_id, scheme_name in rows:
        place_key, place_name = (
            (number, name) if county is not None else (county_number, county_name)
        )
        for row in (
            places.setdefault(place_key, AggregateRow(name=place_name)),
            schemes.setdefault(scheme_id, AggregateRow(name=scheme_name)),
            whole,
        ):
            row.grants += 1
            row.small += int((amount or 0) < SMALL_GRANT)
            row.total += amount or 0
            row.reports += report_counts.get(pk, 0)
            row.municipalities.add(number)
            row.schemes.add(scheme_id)
            row.pairs.add((number, scheme_id))
    return Aggregates(
        county=county,
        places=[places[key] for key in sorted(places)],
        schemes=sorted(schemes.values(), key=lambda row: row.name),
        whole=whole,
    )


def grants_due_soon(
    *, municipalities: QuerySet[Municipality], today: datetime.date | None = None
) -> list[DueItem]:
    """The start page's reminders for the people who keep the programmes: reports owed on the
    municipalities' grants within `DUE_SOON_DAYS` days or overdue, and the application
    deadlines of any scheme within the same window. Two queries."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    due = [
        DueItem(
            due_on=report.due_on,
            text=_("%(municipality)s: report on the grant from %(scheme)s")
            % {"municipality": report.grant.municipality.name, "scheme": report.grant.scheme.name},
            overdue=report.due_on < today,
        )
        for report in GrantReport.objects.filter(
            grant__municipality__in=municipalities, done_on__isnull=True, due_on__lte=horizon
        )
        .select_related("grant__scheme", "grant__municipality")
        .order_by("due_on", "pk")
    ]
    due += [
        DueItem(
            due_on=deadline.due_on,
            text=_("Application deadline: %(scheme)s") % {"scheme": deadline.scheme.name},
            overdue=False,
        )
        for deadline in schemes_with_deadlines_within(days=DUE_SOON_DAYS, today=today)
    ]
    due.sort(key=lambda item: (item.due_on, item.text))
    return due
