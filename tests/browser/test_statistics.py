"""Statistikk: a municipal leader and an analyst read the public statistics on a phone and a
desktop, check that the charts read without colour, and open the CSV download as Excel would."""

import csv
import io
from decimal import Decimal

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from oversikt.services import statistics_load
from oversikt.tests.places import places_create
from people.models import AnalystAccess, Membership, Role
from tests.browser.conftest import check_page, visit_checked
from tests.factories import TEST_PASSWORD, UserFactory, confirmed_device

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
PAGE = "/oversikt/statistikk/"


@pytest.fixture
def statistics(db, settings):
    places_create(settings.LAGET_REFERENCE_DATA_DIR)
    statistics_load(directory=settings.LAGET_REFERENCE_DATA_DIR)


def _log_in(page: Page, user) -> None:
    device = confirmed_device(user)
    page.goto("/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.get_by_label("Kode fra autentiseringsappen").fill(
        f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
    )
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(lambda url: url.endswith("/"))


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width} px wide"


def test_a_municipal_leader_reads_the_statistics_on_a_phone_and_a_desktop(page, statistics):
    leader = UserFactory(username="kommunalsjef", first_name="Kari", last_name="Leder")
    Membership.objects.create(user=leader, municipality_id="4001", role=Role.MUNICIPAL_LEADER)
    page.set_viewport_size(PHONE)
    _log_in(page, leader)
    check_page(page)  # the start page with its link to the statistics
    page.locator(f'a[href="{PAGE}"]').click()
    page.wait_for_url(f"**{PAGE}")
    check_page(page)
    _no_sideways_scroll(page)
    expect(page.locator("h1")).to_contain_text("Porsgrunn")
    charts = page.locator("svg.laget-chart__svg[role=img]")
    expect(charts).to_have_count(5)
    for index in range(5):
        expect(charts.nth(index)).to_be_visible()
        box = charts.nth(index).bounding_box()
        assert box is not None
        assert box["width"] <= PHONE["width"]
    # Every chart's figures as a table with a caption, and the summary the chart points to.
    for index in range(5):
        described = charts.nth(index).get_attribute("aria-describedby")
        expect(page.locator(f"#{described}")).not_to_be_empty()
    expect(page.locator("figure table caption")).to_have_count(8)

    page.set_viewport_size(DESKTOP)
    check_page(page)
    page.locator("details.laget-chart__about summary").first.click()
    check_page(page)


def test_lines_and_bars_differ_by_more_than_colour(page, statistics):
    leader = UserFactory(username="kommunalsjef")
    Membership.objects.create(user=leader, municipality_id="4001", role=Role.MUNICIPAL_LEADER)
    _log_in(page, leader)
    visit_checked(page, PAGE)
    trend = page.locator("#child-welfare-trend svg.laget-chart__svg")
    dashes, shapes = [], []
    for style in (1, 2, 3):
        series = trend.locator(f".laget-chart__series--{style}")
        dashes.append(
            series.locator(".laget-chart__line").first.evaluate(
                "el => getComputedStyle(el).strokeDasharray"
            )
        )
        shapes.append(series.locator(".laget-chart__marker").first.get_attribute("d")[-12:])
    assert len(set(dashes)) == 3, dashes  # solid, dashed, dotted
    assert len(set(shapes)) == 3, shapes  # circle, square, triangle
    fills = page.locator("#neet rect.laget-chart__bar")
    assert [fills.nth(i).get_attribute("fill") for i in range(3)] == [
        "#0b5cad",
        "url(#laget-fill-2)",
        "url(#laget-fill-3)",
    ]


def test_an_analyst_chooses_a_municipality_and_downloads_the_figures_for_excel(page, statistics):
    analyst = UserFactory(username="analytiker")
    AnalystAccess.objects.create(user=analyst, county_id="40", organisation="Statsforvalteren")
    _log_in(page, analyst)
    visit_checked(page, PAGE)
    page.locator("#id_municipality").select_option("4003")
    page.locator(f'form[action="{PAGE}"] button[type=submit]').click()
    page.wait_for_url("**municipality=4003")
    check_page(page)
    expect(page.locator("h1")).to_contain_text("Skien")

    with page.expect_download() as download_info:
        page.locator('a[href*="/statistikk/csv/"]').click()
    download = download_info.value
    assert download.suggested_filename == "statistikk-skien.csv"
    content = download.path().read_bytes()
    # As Excel set up for Norway opens it: the BOM says UTF-8, ';' separates, ',' is decimal.
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(header) == 15
    assert all(len(row) == 15 for row in body)
    value = 6  # the seventh column: the value (headers are in the page's language)
    skien = [row for row in body if row[2] == "Skien"]
    assert skien, "no figures for Skien in the file"
    numbers = [row[value] for row in body if row[value]]
    assert numbers
    assert all("." not in number for number in numbers)
    for number in numbers:
        Decimal(number.replace(",", "."))
    neet = next(row for row in skien if row[4] == "2024")
    assert neet[value] == "11,5"
    assert "Skien" in page.locator("h1").inner_text()
