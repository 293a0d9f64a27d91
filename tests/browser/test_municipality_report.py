"""Oversikt for kommunen with the demo history: the municipal leader reads the page (axe-clean)
and downloads the numbers as CSV for Norwegian Excel and the report as a PDF, and both files
are opened and checked."""

import csv
import io
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from laget.demo_history import demo_history_seed
from oversikt.services import statistics_load
from oversikt.tests.places import places_create
from people.models import Membership, Role
from tests.browser.conftest import check_page, visit_checked
from tests.browser.test_statistics import _log_in
from tests.factories import UserFactory
from units.demo import demo_units_seed

PAGE = "/oversikt/kommune/"
# The report of six quarters of history takes seconds to lay out, longer on a busy machine.
SLOW = 120_000


@pytest.fixture
def history(db, settings):
    places_create(settings.LAGET_REFERENCE_DATA_DIR)
    statistics_load(directory=settings.LAGET_REFERENCE_DATA_DIR)
    demo_units_seed()
    demo_history_seed()


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_leader_reads_the_overview_and_downloads_the_csv_and_the_pdf(page: Page, history):
    leader = UserFactory(username="kommunalsjef", first_name="Mette", last_name="Leder")
    Membership.objects.create(user=leader, municipality_id="4001", role=Role.MUNICIPAL_LEADER)
    _log_in(page, leader)
    visit_checked(page, PAGE)
    expect(page.locator("h1")).to_contain_text("Porsgrunn")
    charts = page.locator("svg.laget-chart__svg[role=img]")
    assert charts.count() >= 10
    # Hidden cells say why, as they do in the files below.
    expect(page.get_by_text("skjult: færre enn 5").first).to_be_visible()

    csv_link = page.locator('a[href*="/kommune/csv/"]')
    head = page.request.get(csv_link.get_attribute("href"), timeout=SLOW)
    assert head.headers["content-type"] == "text/csv; charset=utf-8"
    with page.expect_download() as download_info:
        csv_link.click()
    download = download_info.value
    assert download.suggested_filename == "oversikt-porsgrunn.csv"
    content = download.path().read_bytes()
    # As Excel set up for Norway opens it: the BOM says UTF-8, ';' separates, ',' is decimal.
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(header) == 6
    assert all(len(row) == 6 for row in body)
    values = [row[4] for row in body if row[4]]
    assert any("," in value for value in values)  # a median or a share, with a decimal comma
    for value in values:
        assert "." not in value
        Decimal(value.replace(",", "."))
    assert any(row[5] == "skjult: færre enn 5" and row[4] == "" for row in body)
    check_page(page)

    pdf_link = page.locator('a[href*="/kommune/pdf/"]')
    head = page.request.get(pdf_link.get_attribute("href"), timeout=SLOW)
    assert head.headers["content-type"] == "application/pdf"
    with page.expect_download(timeout=SLOW) as download_info:
        pdf_link.click()
    download = download_info.value
    assert download.suggested_filename == "oversikt-porsgrunn.pdf"
    content = download.path().read_bytes()
    assert content.startswith(b"%PDF-")
    text = _pdf_text(content)
    assert "Oversikt for Porsgrunn" in text
    assert "Dager fra bekymring til lag (median)" in text
    assert "skjult: færre enn 5" in text
    assert "Telemark" in text
    check_page(page)
