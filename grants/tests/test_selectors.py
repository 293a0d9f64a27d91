"""What matching reads for a municipality: the real public figures, its population and the
needs its directory lacks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from directory.tests.factories import service, term
from grants.selectors import municipality_matches, municipality_situation
from municipalities.models import Municipality, PopulationByAge
from oversikt.models import Figure, RegionLevel
from oversikt.services import statistics_load
from oversikt.tests.places import places_create
from tests.factories import municipality


@pytest.fixture
def statistics(db, settings):
    places_create(settings.LAGET_REFERENCE_DATA_DIR)
    statistics_load(directory=settings.LAGET_REFERENCE_DATA_DIR)


def test_the_situation_compares_the_published_figures_with_the_country(statistics):
    porsgrunn = Municipality.objects.get(number="4001")
    situation = municipality_situation(municipality=porsgrunn)
    neet = situation.readings["neet"]
    published = Figure.objects.get(
        series__key="neet_municipality", municipality=porsgrunn, period=neet.period
    )
    country = Figure.objects.filter(
        series__key="neet_municipality", region_level=RegionLevel.NATION, period=neet.period
    ).get(breakdown=published.breakdown)
    assert (neet.value, neet.country, neet.place) == (
        Decimal(published.value),
        Decimal(country.value),
        "Porsgrunn",
    )
    # Completion is published per county: the reading names the county.
    assert porsgrunn.county.name_norwegian in situation.readings["completion"].place
    assert "low_income" in situation.readings


def test_population_and_the_directorys_gaps_are_read(statistics, schemes):
    porsgrunn = Municipality.objects.get(number="4001")
    PopulationByAge.objects.bulk_create(
        PopulationByAge(municipality=porsgrunn, year=2026, age=age, count=10) for age in range(25)
    )
    with translation.override("en"):
        situation = municipality_situation(municipality=porsgrunn)
    assert situation.population_year == 2026
    assert sum(situation.population.values()) == 250
    # No local services in this directory: every need is lacking, and no need is a reason.
    assert situation.local_services == 0
    assert "need:substance-use" in situation.needs_lacking
    with translation.override("en"):
        matches = municipality_matches(municipality=porsgrunn)
    assert all("directory" not in reason for m in matches for reason in m.reasons)
    assert all(m.scheme.status != "ended" for m in matches)


def test_a_need_no_local_service_meets_becomes_a_reason(schemes):
    skien = municipality("4003")
    service(
        "Ungdomsklubben",
        municipality=skien,
        terms=(term("need:leisure", "Fritid og fellesskap"),),
    )
    service(
        "Nedlagt rustiltak",
        municipality=skien,
        terms=(term("need:substance-use", "Rus"),),
        status="defunct",
    )
    service("Nasjonal rustelefon", municipality=None, terms=(term("need:substance-use", "Rus"),))
    with translation.override("en"):
        situation = municipality_situation(municipality=skien)
        matches = {m.scheme.key: m.reasons for m in municipality_matches(municipality=skien)}
    assert situation.local_services == 1
    assert "need:leisure" not in situation.needs_lacking
    # A defunct local service and a national one do not cover the need.
    assert "need:substance-use" in situation.needs_lacking
    rus = matches["helsedir-kommunalt-rusarbeid"]
    assert rus[0].startswith("The directory lists no local service in Skien for: ")
    assert "Alcohol and drugs" in rus[0]
    # Fritid is covered locally, so it is not named for Bufdir's scheme.
    assert all(
        "Leisure" not in r and "Fritid" not in r for r in matches["bufdir-inkludering-barn-unge"]
    )
