"""The analysts' page of places side by side: who finds it, that what it shows keeps small
counts hidden (the job's suppression, shown as stored), its CSV and its query count."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from oversikt.indicators.compute import work_indicators_compute
from oversikt.tests.work import Work, at
from people.models import AnalystAccess, Membership, Role
from tests.factories import UserFactory
from units.models import Sector

PAGE = reverse("oversikt:places")
CSV = reverse("oversikt:places_csv")
Q1 = {"quarter": "2026-1"}


@pytest.fixture
def telemark(statistics):
    porsgrunn = Work("4001")
    for day in range(25):
        concern = porsgrunn.concern(at(2026, 1, 5), level=2, sector=Sector.LOWER_SECONDARY)
        team = porsgrunn.team(concern, at(2026, 1, 5 + day), sectors=(Sector.HEALTH_STATION,))
        porsgrunn.plan(team, goals=(True,))
    skien = Work("4003")
    for _ in range(2):
        skien.concern(at(2026, 2, 1), level=1)
    work_indicators_compute(now=at(2026, 6, 15))


def analyst(county: str | None):
    user = UserFactory()
    AnalystAccess.objects.create(user=user, county_id=county, organisation="SF")
    return user


def _chart(response, key):
    page = response.context["page"]
    return next(chart for chart in page.indicators if chart.key == key)


def test_the_county_analyst_sees_the_municipalities_with_county_and_country(client_for, telemark):
    response = client_for(analyst("40")).get(PAGE, {**Q1}, headers={"accept-language": "en"})
    assert response.status_code == 200
    chart = _chart(response, "indicator-concerns_level")
    assert chart.categories[-2:] == ["Telemark", "The whole country"]
    rows = dict(chart.rows)
    assert "Skien" in rows
    assert "Porsgrunn" in rows
    # Skien's 2 concerns are hidden; with the county's total shown, Porsgrunn's must be too.
    assert rows["Skien"][0].number is None
    assert "fewer than 5" in rows["Skien"][0].note
    municipalities = [name for name in rows if name not in ("Telemark", "The whole country")]
    hidden = [name for name in municipalities if rows[name][0].number is None]
    if rows["Telemark"][0].number is not None:
        assert len(hidden) != 1
    assert chart.bar is not None
    assert chart.summary
    content = response.content.decode()
    assert "<svg" in content
    assert not re.search(r"\d{4}-\d{2}-\d{2}", content)
    # A rate shows where it may: 25 teams, all with a plan, would give away 0 without one.
    plans = dict(_chart(response, "indicator-teams_with_plan").rows)
    assert plans["Porsgrunn"][0].number is None
    # The effect goals from the public statistics, with their sources.
    effect = response.context["page"].effect_goals
    assert [chart.key for chart in effect] == ["effect-completion", "effect-neet"]
    assert all(chart.sources for chart in effect)


def test_no_small_count_can_be_worked_out_from_the_page(client_for, telemark):
    response = client_for(analyst("40")).get(PAGE, Q1)
    for chart in response.context["page"].indicators:
        column = chart.columns.index(chart.columns[-1])
        values = [row[column] for _name, row in chart.rows]
        municipal, county = values[:-2], values[-2]
        for value in values:
            if value.number is not None and value.number < 5 and chart.unit == "count":
                pytest.fail(f"{chart.key}: a count under 5 is shown")
        if county.number is not None and chart.columns[-1] != chart.columns[0]:
            assert sum(1 for value in municipal if value.number is None) != 1, chart.key


def test_a_national_analyst_sees_the_counties_and_may_choose_one(client_for, telemark):
    client = client_for(analyst(None))
    response = client.get(PAGE, {**Q1})
    chart = _chart(response, "indicator-concerns_level")
    assert "Telemark" in chart.categories
    assert "Porsgrunn" not in chart.categories
    response = client.get(PAGE, {**Q1, "county": "40"})
    assert "Porsgrunn" in _chart(response, "indicator-concerns_level").categories
    assert client.get(PAGE, {"county": "99"}).status_code == 400


def test_a_county_analyst_cannot_choose_another_county(client_for, telemark):
    response = client_for(analyst("40")).get(PAGE, {**Q1, "county": "03"})
    categories = _chart(response, "indicator-concerns_level").categories
    assert "Oslo" not in categories
    assert "Porsgrunn" in categories


def test_the_csv_opens_in_norwegian_excel_with_every_municipality(client_for, telemark):
    response = client_for(analyst("40")).get(CSV, Q1, headers={"accept-language": "nb"})
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert ";" in text.splitlines()[0]
    assert "Porsgrunn" in text
    assert "Skien" in text
    # Telemark's 17 municipalities are all in the file, also those not on the first page.
    assert "Vinje" in text
    assert re.search(r";\d+,\d;", text)  # a decimal comma
    assert "side-om-side-telemark.csv" in response["Content-Disposition"]


def test_a_county_page_is_paginated_and_keeps_the_quarter(client_for, telemark):
    client = client_for(analyst("40"))
    first = client.get(PAGE, Q1)
    assert first.context["paged"].paginator.num_pages == 1  # Telemark: 17 municipalities
    finnmark = client_for(analyst("56"))
    assert finnmark.get(PAGE).status_code == 200


def test_the_page_costs_the_same_for_a_county_and_the_country(
    client_for, telemark, django_assert_max_num_queries
):
    county, nation = client_for(analyst("40")), client_for(analyst(None))
    county.get(PAGE, Q1)
    # 16 on SQLite; PostgreSQL sets and resets the request's database scope too.
    with django_assert_max_num_queries(20):
        county.get(PAGE, Q1)
    # The country's 15 counties cost what a county's municipalities do.
    nation.get(PAGE, Q1)
    with django_assert_max_num_queries(20):
        nation.get(PAGE, Q1)


@pytest.mark.parametrize("who", ["leader", "professional", "superuser"])
def test_only_analysts_find_the_page(client_for, telemark, who):
    user = UserFactory(is_superuser=who == "superuser", is_staff=who == "superuser")
    if who == "leader":
        Membership.objects.create(user=user, municipality_id="4001", role=Role.MUNICIPAL_LEADER)
    client = client_for(user)
    assert client.get(PAGE).status_code == 404
    assert client.get(CSV).status_code == 404
