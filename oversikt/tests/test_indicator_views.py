"""The municipal leader's overview: who finds it, what it shows, and its CSV."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from oversikt.indicators.compute import work_indicators_compute
from oversikt.indicators.page import quarter_label
from oversikt.tests.work import Work, at
from people.models import AnalystAccess, Membership, Role
from tests.factories import UnitFactory, UserFactory, admin_of, member
from units.models import Sector

PAGE = reverse("oversikt:municipality")
CSV = reverse("oversikt:municipality_csv")
NOW = at(2026, 6, 15)


@pytest.fixture
def porsgrunn(statistics):
    work = Work("4001")
    for day in range(25):
        concern = work.concern(at(2026, 1, 5), level=2, sector=Sector.LOWER_SECONDARY)
        team = work.team(concern, at(2026, 1, 5 + day), sectors=(Sector.HEALTH_STATION,))
        work.plan(team, goals=(True,))
    work.concern(at(2026, 4, 2), level=1)
    work_indicators_compute(now=NOW)
    return work


@pytest.fixture
def leader(porsgrunn):
    user = UserFactory(username="kommunalsjef")
    Membership.objects.create(user=user, municipality_id="4001", role=Role.MUNICIPAL_LEADER)
    return user


def test_the_quarter_is_written_in_plain_norwegian():
    with translation.override("nb"):
        assert quarter_label(2026, 1) in ("1. kvartal 2026", "1. quarter 2026")
    with translation.override("en"):
        assert quarter_label(2026, 1) == "1. quarter 2026"


def test_the_leader_sees_the_municipality_against_county_and_country(client_for, leader):
    client = client_for(leader)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE, headers={"accept-language": "en"})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.municipality.number == "4001"
    keys = [section.indicator.key for section in page.sections]
    assert "teams_with_plan" in keys
    assert "concerns_level" in keys
    trend = next(c for s in page.sections for c in s.charts if c.key == "days_to_team-trend")
    assert trend.columns == ["Porsgrunn", "Telemark", "The whole country"]
    first = trend.categories.index("1. quarter 2026")
    assert trend.cells[first][0].text == "12.0 days"
    assert trend.line is not None
    assert "<svg" in response.content.decode()
    # A small count is hidden with its reason, never shown.
    counts = next(c for s in page.sections for c in s.charts if c.key == "concerns_level-counts")
    second = counts.categories.index("2. quarter 2026")
    assert counts.cells[second][1].text == "–"
    assert "fewer than 5" in counts.cells[second][1].note
    content = response.content.decode()
    assert not re.search(r"\d{4}-\d{2}-\d{2}", content)
    assert "2026-1" not in content
    # The effect goals from the public statistics are there too.
    assert [chart.key for chart in page.effect_goals] == ["completion-trend", "neet"]
    assert len(queries) <= 20


def test_the_csv_opens_in_norwegian_excel(client_for, leader):
    response = client_for(leader).get(CSV, headers={"accept-language": "nb"})
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert ";" in text.splitlines()[0]
    # Every team has a plan: 100 % would tell that none lacks one (0 < 5), so it is hidden.
    assert "100,0" not in text
    assert "12,0" in text
    assert "oversikt-porsgrunn.csv" in response["Content-Disposition"]


def test_an_analyst_sees_their_countys_municipalities_only(client_for, porsgrunn):
    analyst = UserFactory(username="telemark")
    AnalystAccess.objects.create(user=analyst, county_id="40", organisation="Statsforvalteren")
    client = client_for(analyst)
    assert client.get(PAGE, {"municipality": "4003"}).status_code == 200
    assert client.get(PAGE, {"municipality": "1151"}).status_code == 400


@pytest.mark.parametrize("who", ["professional", "unit_leader", "admin"])
def test_staff_and_administrators_do_not_find_the_page(client_for, porsgrunn, who):
    user = UserFactory()
    if who == "admin":
        admin_of(user, porsgrunn.municipality)
    else:
        unit = UnitFactory(municipality=porsgrunn.municipality)
        member(user, unit, Role.UNIT_LEADER if who == "unit_leader" else Role.PROFESSIONAL)
    client = client_for(user)
    assert client.get(PAGE).status_code == 404
    assert client.get(CSV).status_code == 404


def test_a_superuser_does_not_find_the_page_either(client_for, porsgrunn):
    user = UserFactory(is_superuser=True, is_staff=True)
    assert client_for(user).get(PAGE).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "login" in response["Location"] or "logg" in response["Location"]
