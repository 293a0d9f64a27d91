import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import Municipality
from oversikt.models import Figure
from oversikt.selectors import statistics_page
from people.models import AnalystAccess, Membership, Role
from tests.factories import UnitFactory, UserFactory, admin_of, member

PAGE = reverse("oversikt:statistics")
CSV = reverse("oversikt:statistics_csv")


@pytest.fixture
def analyst(statistics):
    user = UserFactory(username="analytiker")
    AnalystAccess.objects.create(user=user, county_id="40", organisation="Statsforvalteren")
    return user


@pytest.fixture
def national_analyst(statistics):
    user = UserFactory(username="direktorat")
    AnalystAccess.objects.create(user=user, county=None, organisation="Bufdir")
    return user


@pytest.fixture
def leader(statistics):
    user = UserFactory(username="kommunalsjef")
    Membership.objects.create(
        user=user, municipality_id="4001", role=Role.MUNICIPAL_LEADER, title="Kommunalsjef"
    )
    return user


def _get(client_for, user, url, language="en", **params):
    """A page as the user sees it, in English unless asked (texts compare the same whatever
    the bokmål catalogue says)."""
    return client_for(user).get(url, params, headers={"accept-language": language})


def test_an_analyst_sees_the_first_municipality_of_their_county_against_county_and_country(
    client_for, analyst
):
    response = _get(client_for, analyst, PAGE)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.municipality.number == "4001"
    content = response.content.decode()
    assert "14882" in content  # table ids with every chart
    assert "Porsgrunn" in content
    neet = next(c for s in page.sections for c in s.charts if c.key == "neet")
    assert neet.categories[0] == "Porsgrunn"
    assert [row[0].figure.value for row in neet.cells] == [
        Decimal("10.8"),
        Decimal("11.0"),
        Decimal("9.9"),
    ]


def test_an_analyst_chooses_among_the_municipalities_of_their_county_only(client_for, analyst):
    skien = _get(client_for, analyst, PAGE, municipality="4003")
    assert skien.status_code == 200
    assert skien.context["page"].municipality.number == "4003"
    bodo = _get(client_for, analyst, PAGE, municipality="1804")
    assert bodo.status_code == 400
    assert bodo.context["form"].errors.as_data()["municipality"][0].code == "invalid_choice"
    assert bodo.context["page"].municipality.number == "4001"


def test_a_national_analyst_may_choose_any_municipality(client_for, national_analyst):
    response = _get(client_for, national_analyst, PAGE, municipality="1804")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.municipality.number == "1804"
    trend = next(c for s in page.sections for c in s.charts if c.key == "completion-trend")
    assert trend.columns == ["Nordland (county before 2020)", "The whole country"]


def test_a_municipal_leader_sees_their_own_municipality_only(client_for, leader):
    response = _get(client_for, leader, PAGE)
    assert response.status_code == 200
    assert response.context["page"].municipality.number == "4001"
    assert _get(client_for, leader, PAGE, municipality="4003").status_code == 400
    assert _get(client_for, leader, CSV, municipality="4003").status_code == 400


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.UNIT_LEADER, "admin"])
def test_staff_without_an_overview_role_get_404(client_for, statistics, role):
    user = UserFactory(username=f"ansatt-{role}")
    unit = UnitFactory(municipality=Municipality.objects.get(number="4001"))
    if role == "admin":
        admin_of(user, unit.municipality)
    else:
        member(user, unit, role)
    assert _get(client_for, user, PAGE).status_code == 404
    assert _get(client_for, user, CSV).status_code == 404


def test_a_leader_whose_membership_ended_gets_404(client_for, leader):
    Membership.objects.filter(user=leader).update(ended_on="2020-01-01")
    assert _get(client_for, leader, PAGE).status_code == 404


def test_anonymous_is_sent_to_log_in(statistics):
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:login"))


def test_the_page_costs_the_same_queries_for_any_municipality(client_for, national_analyst):
    client = client_for(national_analyst)
    counts = []
    for number in ("4001", "1804", "0301"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE, {"municipality": number}).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    # The figures themselves are one query.
    municipality = Municipality.objects.select_related("county").get(number="4001")
    with CaptureQueriesContext(connection) as queries:
        statistics_page(municipality=municipality)
    assert len(queries) == 1


def test_every_chart_has_a_summary_a_table_with_caption_and_its_sources(client_for, analyst):
    response = _get(client_for, analyst, PAGE)
    content = response.content.decode()
    charts = [c for s in response.context["page"].sections for c in s.charts]
    assert {c.kind for c in charts} == {"line", "bar", "table"}
    drawn = [c for c in charts if c.kind != "table"]
    assert content.count('role="img"') == len(drawn) == 5
    assert content.count("<caption ") == len(charts) == 8
    for chart in drawn:
        assert chart.summary
        assert f'aria-describedby="{chart.key}-summary"' in content
    for chart in charts:
        assert chart.sources
        assert all(note.loaded_on for note in chart.sources)
    # Patterns and markers tell places apart, not colour alone.
    assert 'fill="url(#laget-fill-2)"' in content
    assert "laget-chart__series--2" in content


def test_the_page_has_no_inline_style_no_iso_dates_and_no_english_codes(client_for, analyst):
    content = _get(client_for, analyst, PAGE, language="nb").content.decode()
    assert " style=" not in content
    assert "<script" not in content
    text = re.sub(r"<[^>]+>", " ", content)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    assert "01-99" not in text
    assert "(-2019)" not in text


def test_svg_coordinates_are_written_with_points_in_norwegian_too(client_for, analyst):
    content = _get(client_for, analyst, PAGE, language="nb").content.decode()
    for svg in re.findall(r"<svg class=\"laget-chart__svg\".*?</svg>", content, re.S):
        for attribute in re.findall(r' (?:x|y|x1|x2|y1|y2|width|height|d)="([^"]*)"', svg):
            assert "," not in attribute or attribute.startswith("M"), attribute


def test_a_rate_over_fewer_than_twenty_is_not_shown_on_the_page_or_in_the_file(client_for, analyst):
    Figure.objects.filter(
        series__key="completion_total", region_code="08", period="2019–2025"
    ).update(denominator=19, numerator=15)
    response = _get(client_for, analyst, PAGE)
    trend = next(
        c
        for s in response.context["page"].sections
        for c in s.charts
        if c.key == "completion-trend"
    )
    last = trend.cells[-1][0]
    assert last.text == "–"
    assert last.number is None
    rows = _csv_rows(_get(client_for, analyst, CSV).content)
    telemark = next(
        r
        for r in rows
        if r["Period"] == "2019–2025" and "Telemark" in r["Place"] and r["Table"] == "14882"
    )
    assert telemark["Value"] == telemark["Counted"] == telemark["Counted over"] == ""
    assert "20" in telemark["Note"]


def test_a_value_the_source_left_out_is_a_dash_with_its_reason_never_zero(client_for, analyst):
    Figure.objects.filter(
        series__key="child_welfare_share", region_code="4001", period="2018"
    ).update(value=None, missing_symbol=":")
    response = _get(client_for, analyst, PAGE)
    trend = next(
        c
        for s in response.context["page"].sections
        for c in s.charts
        if c.key == "child-welfare-trend"
    )
    cell = trend.cells[trend.categories.index("2018")][0]
    assert (cell.text, cell.note) == ("–", "hidden by the source to protect privacy")
    rows = _csv_rows(_get(client_for, analyst, CSV).content)
    porsgrunn = next(r for r in rows if r["Place"] == "Porsgrunn" and r["Period"] == "2018")
    assert porsgrunn["Value"] == ""
    assert porsgrunn["Note"] == "hidden by the source to protect privacy"


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    """Read the file as Excel set up for Norway does: UTF-8 by its BOM, ';' between fields."""
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_csv_opens_in_norwegian_excel_with_the_same_figures_as_the_page(client_for, analyst):
    response = _get(client_for, analyst, CSV, municipality="4001")
    rows = _csv_rows(response.content)
    page = statistics_page(
        municipality=Municipality.objects.select_related("county").get(number="4001")
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="statistikk-porsgrunn.csv"'
    assert len(rows) == len(list(page.values())) == 85
    for row in rows:
        for column in ("Value", "Counted", "Counted over"):
            assert "." not in row[column], row
            if row[column]:
                Decimal(row[column].replace(",", "."))  # a number to Excel
    nation = next(
        r
        for r in rows
        if r["Table"] == "14882"
        and r["Place"] == "The whole country"
        and r["Period"] == "2019–2025"
    )
    assert nation["Value"] == "81,8"
    assert nation["Counted"] == "53427"
    assert nation["Counted over"] == "65293"
    assert re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", nation["Loaded"])
    change = next(
        r
        for r in rows
        if r["Measure"] == "Change from the 2018–2024 cohort"
        and r["Group"] == "Alle utdanningsprogram, begge kjønn"
    )
    assert change["Value"] == "-0,8"
    assert change["Unit"] == "percentage points"
    assert {r["Address"][:8] for r in rows} == {"https://"}


def test_the_start_page_links_leaders_and_analysts_to_the_statistics(client_for, leader, analyst):
    for user in (leader, analyst):
        assert PAGE in client_for(user).get("/").content.decode()
