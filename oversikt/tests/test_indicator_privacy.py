"""No combination of what the pages and downloads show – a municipality's figures, its county's,
the country's, for every municipality an analyst may choose – lets anyone work out a count
under 5. Utsira (1151) and Kvitsøy (1144) are among the smallest municipalities; Stavanger
(1103) beside them in Rogaland."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import pytest
from django.urls import reverse

from oversikt.indicators.catalogue import INDICATORS
from oversikt.indicators.compute import work_indicators_compute
from oversikt.models import RegionLevel, WorkIndicator
from oversikt.suppression import MIN_COUNT
from oversikt.tests.attacker import lp_extreme
from oversikt.tests.work import Work, at
from people.models import AnalystAccess
from tests.factories import UserFactory
from units.models import Sector

NOW = at(2026, 6, 15)
pytestmark = pytest.mark.django_db

# (municipality, level, sector, cases) in the first quarter of 2026.
CASES = [
    ("1151", 1, Sector.PRIMARY_SCHOOL, 2),
    ("1151", 2, Sector.HEALTH_STATION, 1),
    ("1144", 1, Sector.PRIMARY_SCHOOL, 3),
    ("1144", 0, Sector.KINDERGARTEN, 1),
    ("1103", 1, Sector.PRIMARY_SCHOOL, 12),
    ("1103", 2, Sector.HEALTH_STATION, 9),
    ("1103", 0, Sector.KINDERGARTEN, 7),
    ("1103", 3, Sector.CHILD_WELFARE, 6),
]


@pytest.fixture
def computed():
    places = {number: Work(number) for number in {case[0] for case in CASES}}
    for number, level, sector, cases in CASES:
        for _ in range(cases):
            places[number].concern(at(2026, 2, 10), level=level, sector=sector)
    work_indicators_compute(now=NOW)


def _name(figure: WorkIndicator) -> tuple:
    family = next(i.family_key for i in INDICATORS if i.key == figure.key)
    if not figure.part:
        return (family, figure.region_level, figure.region_code, figure.period, "")
    return (figure.key, figure.region_level, figure.region_code, figure.period, figure.part)


def _equations(figures: list[WorkIndicator]):
    """What a reader knows: parts add up to the whole; municipalities add up to their county,
    counties to the country – for every indicator, part and quarter."""
    sums: dict[tuple, list[tuple]] = defaultdict(list)
    county_of = {}
    for f in figures:
        if f.region_level == RegionLevel.MUNICIPALITY:
            county_of[f.region_code] = f.municipality.county_id
    for f in figures:
        name = _name(f)
        if f.part:
            whole = _name(
                next(
                    g
                    for g in figures
                    if g.key == f.key
                    and not g.part
                    and g.region_code == f.region_code
                    and g.region_level == f.region_level
                    and g.period == f.period
                )
            )
            sums[(*whole, "parts", f.key)].append(name)
        if f.region_level == RegionLevel.MUNICIPALITY:
            parent = (RegionLevel.COUNTY, county_of[f.region_code])
        elif f.region_level == RegionLevel.COUNTY:
            parent = (RegionLevel.NATION, "0")
        else:
            continue
        up = (*name[:1], *parent, *name[3:])
        sums[(*up, "places", f.key)].append(name)
    return sums


def test_no_hidden_count_can_be_worked_out_from_everything_shown(computed):
    figures = list(
        WorkIndicator.objects.filter(
            key__in=["concerns_level", "concerns_sector"], period="2026-1"
        ).select_related("municipality")
    )
    assert any(f.hidden for f in figures)
    true = {_name(f): f.numerator for f in figures}
    shown = {_name(f): f.numerator for f in figures if not f.hidden}
    hidden = sorted({_name(f) for f in figures if f.hidden} - set(shown))
    assert not {_name(f) for f in figures if f.hidden} & set(shown)  # consistent everywhere
    index = {name: k for k, name in enumerate(hidden)}
    equations = []
    for key, members in _equations(figures).items():
        total = key[:5]
        coefficients: dict[int, int] = {}
        rhs = 0
        for name, sign in [*((m, 1) for m in set(members)), (total, -1)]:
            if name in index:
                coefficients[index[name]] = coefficients.get(index[name], 0) + sign
            else:
                rhs -= sign * shown[name]
        if coefficients or rhs:
            equations.append((coefficients, rhs))
    small = [name for name in hidden if true[name] < MIN_COUNT]
    assert small
    for name in small:
        low = lp_extreme(equations, len(hidden), index[name], maximise=False)
        high = lp_extreme(equations, len(hidden), index[name], maximise=True)
        assert low <= true[name]
        assert high is None or high >= true[name]
        assert high is None or low != high, f"{name} = {true[name]} can be worked out"


def test_the_download_shows_what_the_page_shows_and_no_hidden_count(computed, client_for):
    analyst = UserFactory(username="rogaland")
    AnalystAccess.objects.create(user=analyst, county_id="11", organisation="Statsforvalteren")
    client = client_for(analyst)
    for number in ("1151", "1144", "1103"):
        page = client.get(reverse("oversikt:municipality"), {"municipality": number})
        assert page.status_code == 200
        download = client.get(reverse("oversikt:municipality_csv"), {"municipality": number})
        rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
        values = [(row[2], row[3], row[4]) for row in rows[1:] if len(row) == 6 and row[4]]
        on_page = [
            (quarter, column, value.number)
            for _title, _chart, quarter, column, value in page.context["page"].values()
            if value.number is not None
        ]
        assert len(values) == len(on_page)
        for figure in WorkIndicator.objects.filter(region_code=number, hidden__gt=""):
            assert figure.numerator is not None
        # Utsira's and Kvitsøy's own counts are all small: nothing of theirs is shown.
        if number in ("1151", "1144"):
            shown = WorkIndicator.objects.filter(region_code=number, hidden="")
            assert not shown.filter(numerator__gt=0).exists()
