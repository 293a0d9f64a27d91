"""Two pages of issue 10 in the browser, with axe on a phone and a desktop: the municipal
leader finds the overview of the effect goals and the work from the start page and downloads
its CSV; the unit leader finds a report to child welfare without a receipt on the unit's gap
list and records the receipt."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from concerns.models import ChildWelfareReport
from concerns.services import welfare_report_send
from oversikt.indicators.compute import work_indicators_compute
from oversikt.services import statistics_load
from oversikt.tests.places import places_create
from oversikt.tests.work import Work, at
from people.models import Membership, Role
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import UserFactory, confirmed_device
from units.models import Sector

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"the page is {width} px wide"


@pytest.fixture
def overview(db, settings):
    places_create(settings.LAGET_REFERENCE_DATA_DIR)
    statistics_load(directory=settings.LAGET_REFERENCE_DATA_DIR)
    work = Work("4001")
    for day in range(25):
        concern = work.concern(at(2026, 1, 5), level=2, sector=Sector.LOWER_SECONDARY)
        team = work.team(concern, at(2026, 1, 5 + day), sectors=(Sector.HEALTH_STATION,))
        work.plan(team, goals=(True,))
    work.concern(at(2026, 4, 2), level=1)
    work_indicators_compute(now=at(2026, 6, 15))
    leader = UserFactory(username="kommunalsjef", first_name="Kari", last_name="Leder")
    Membership.objects.create(user=leader, municipality_id="4001", role=Role.MUNICIPAL_LEADER)
    return leader


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_municipal_leader_opens_the_overview_and_its_csv(page, overview, size):
    page.set_viewport_size(size)
    _log_in(page, "kommunalsjef", confirmed_device(overview))
    page.wait_for_url(lambda url: url.endswith("/"))
    check_page(page)
    url = reverse("oversikt:municipality")
    page.locator(f'a[href="{url}"]').click()
    page.wait_for_url(f"**{url}")
    check_page(page)
    _no_sideways_scroll(page)
    expect(page.locator("h1")).to_contain_text("Porsgrunn")
    expect(page.locator("main")).to_contain_text("1. kvartal 2026")
    charts = page.locator("svg.laget-chart__svg[role=img]")
    assert charts.count() >= 3
    for index in range(charts.count()):
        described = charts.nth(index).get_attribute("aria-describedby")
        expect(page.locator(f"#{described}")).not_to_be_empty()
    with page.expect_download() as download:
        page.locator(f'a[href^="{reverse("oversikt:municipality_csv")}"]').click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert ";" in lines[0]
    assert "12,0" in raw.decode("utf-8-sig")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_unit_leader_records_a_receipt_found_on_the_gap_list(page, world, size):
    report = welfare_report_send(
        actor=world.colleague,
        unit=world.school,
        child=world.small_concern.child,
        concern=world.small_concern,
        grounds="Jonas forteller om vold hjemme.",
        urgent=False,
        guardians_informed=True,
    )
    sent = timezone.now() - datetime.timedelta(days=22)
    ChildWelfareReport.objects.filter(pk=report.pk).update(sent_at=sent)

    page.set_viewport_size(size)
    _log_in(page, "unit_leader", confirmed_device(world.unit_leader))
    page.wait_for_url("**/teams/")
    gaps_url = reverse("gaps:unit", args=[world.school.pk])
    page.locator(f'a[href="{gaps_url}"]').click()
    page.wait_for_url(f"**{gaps_url}")
    check_page(page)
    receipt_url = reverse("concerns:report_receipt", args=[report.pk])
    page.locator(f'a[href="{receipt_url}"]').click()
    page.wait_for_url(f"**{receipt_url}")
    check_page(page)
    _no_sideways_scroll(page)
    received = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Mottaksbekreftelse mottatt").fill(received.isoformat())
    page.locator('form.laget-form button[type="submit"]').click()
    expect(page.locator(".ds-alert[data-color=success]")).to_be_visible()
    check_page(page)
    report.refresh_from_db()
    assert report.receipt_received_on == received
    page.goto(gaps_url)
    expect(page.locator(f'a[href="{receipt_url}"]')).to_have_count(0)
