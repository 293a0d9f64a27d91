"""The municipality's PDF report and the CSV of the municipal leader's page: the same figures
as the page, hidden where the page hides them, in files Norwegian Excel and PDF readers open."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from oversikt.exports import municipality_pdf
from oversikt.indicators.compute import work_indicators_compute
from oversikt.indicators.page import municipality_page
from oversikt.tests.work import Work, at
from people.models import AnalystAccess, Membership, Role
from tests.factories import UnitFactory, UserFactory, member
from units.models import Sector

PAGE = reverse("oversikt:municipality")
PDF = reverse("oversikt:municipality_pdf")
CSV = reverse("oversikt:municipality_csv")
NOW = at(2026, 6, 15)


@pytest.fixture
def porsgrunn(statistics):
    """25 teams in the first quarter (a median and a share to show) and one level-1 concern
    in the second (a count under 5, hidden)."""
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


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    """Read the file as Excel set up for Norway does: UTF-8 by its BOM, ';' between fields."""
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_leader_downloads_the_report_as_a_tagged_pdf(
    client_for, leader, django_assert_max_num_queries
):
    client = client_for(leader)
    # The same few queries as the page, whatever the municipality (the figures are stored).
    with django_assert_max_num_queries(20):
        response = client.get(PDF, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="oversikt-porsgrunn.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert str(catalog["/Lang"]).startswith("en")
    text = _pdf_text(response.content)
    assert "Overview for Porsgrunn" in text
    # A figure, a chart's text summary, its table and the public statistics' sources.
    assert "Days from concern to team (median)" in text
    assert "12.0 days" in text
    assert "The figures in the chart: Days from concern to team (median)" in text
    assert "Source:" in text
    assert "Statistics Norway" in text or "SSB" in text
    # The level-1 concern of the second quarter is hidden, with its reason, as on the page.
    assert "hidden: fewer than 5" in text
    assert "Telemark" in text
    assert "The whole country" in text
    # The lines are told apart without colour: the county's dashed, the country's dotted.
    drawn = "".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)
    assert "[9 5] 0 d" in drawn
    assert "[2 4] 0 d" in drawn


def test_the_pdf_hides_exactly_what_the_page_hides(leader):
    with translation.override("en"):
        page = municipality_page(municipality=leader.memberships.get().municipality)
        text = _pdf_text(municipality_pdf(page, language="en"))
    notes = [value.note for *_rest, value in page.values() if value.note]
    notes += [value.note for chart in page.effect_goals for row in chart.cells for value in row]
    assert notes, "the page has hidden cells"
    for note in {note for note in notes if note}:
        expected = sum(1 for shown in notes if shown == note)
        assert text.count(note) == expected, note
    # The hidden count is not in the level table of the second quarter.
    counts = next(c for s in page.sections for c in s.charts if c.key == "concerns_level-counts")
    row = counts.cells[counts.categories.index("2. quarter 2026")]
    assert row[1].number is None
    assert row[1].text == "–"


def test_the_report_is_in_norwegian_by_default(client_for, leader):
    text = _pdf_text(client_for(leader).get(PDF).content)
    assert "Porsgrunn" in text
    assert "kvartal 2026" in text
    assert "Overview for" not in text


def test_an_analyst_gets_the_report_of_a_municipality_in_their_county_only(client_for, porsgrunn):
    analyst = UserFactory(username="telemark")
    AnalystAccess.objects.create(user=analyst, county_id="40", organisation="Statsforvalteren")
    client = client_for(analyst)
    response = client.get(PDF, {"municipality": "4001"}, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "Overview for Porsgrunn" in _pdf_text(response.content)
    assert client.get(PDF, {"municipality": "1151"}).status_code == 400


@pytest.mark.parametrize("who", ["professional", "unit_leader"])
def test_staff_do_not_find_the_report(client_for, porsgrunn, who):
    user = UserFactory()
    unit = UnitFactory(municipality=porsgrunn.municipality)
    member(user, unit, Role.UNIT_LEADER if who == "unit_leader" else Role.PROFESSIONAL)
    assert client_for(user).get(PDF).status_code == 404


def test_the_page_links_to_the_pdf_and_the_csv(client_for, leader):
    content = client_for(leader).get(PAGE).content.decode()
    assert f'{PDF}?municipality=4001"' in content
    assert f'{CSV}?municipality=4001"' in content


def test_the_csv_reads_back_with_semicolons_decimal_commas_and_hidden_cells(client_for, leader):
    response = client_for(leader).get(CSV, headers={"accept-language": "en"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv_rows(response.content)
    assert set(rows[0]) == {"Indicator", "Table", "Quarter", "Column", "Value", "Note"}
    page = municipality_page(municipality=leader.memberships.get().municipality)
    body = [row for row in rows if row["Indicator"] != "Computed"]
    assert len(body) == len(list(page.values()))
    for row in body:
        assert "." not in row["Value"], row
        if row["Value"]:
            Decimal(row["Value"].replace(",", "."))  # a number to Excel
            assert row["Note"] == ""
        else:
            assert row["Note"], row  # never an empty cell without its reason
    median = next(
        row
        for row in body
        if row["Table"] == "Days from concern to team (median)"
        and row["Quarter"] == "1. quarter 2026"
        and row["Column"] == "Porsgrunn"
    )
    assert median["Value"] == "12,0"
    hidden = next(
        row
        for row in body
        if row["Table"] == "Concerns raised, by level: the counts"
        and row["Quarter"] == "2. quarter 2026"
        and row["Column"] == "Level 1"
    )
    assert (hidden["Value"], hidden["Note"]) == ("", "hidden: fewer than 5")
    computed = next(row for row in rows if row["Indicator"] == "Computed")
    assert computed["Table"] == "15.6.2026"


def test_the_statistics_page_links_analysts_to_the_report(client_for, porsgrunn):
    analyst = UserFactory(username="telemark")
    AnalystAccess.objects.create(user=analyst, county_id="40", organisation="Statsforvalteren")
    content = client_for(analyst).get(reverse("oversikt:statistics"), {"municipality": "4003"})
    assert f'{PDF}?municipality=4003"' in content.content.decode()
