"""The Statsforvalter in the browser, with axe: from the start page to the follow-up
programme, records a follow-up meeting and sees it on the page; then the places side by
side. Aggregates and the programme's own texts only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from oversikt.demo import followup_demo_seed
from oversikt.indicators.compute import work_indicators_compute
from oversikt.services import statistics_load
from oversikt.tests.places import places_create
from oversikt.tests.work import Work, at
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import TEST_PASSWORD, confirmed_device

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


@pytest.fixture
def statsforvalter(db, settings):
    places_create(settings.LAGET_REFERENCE_DATA_DIR)
    statistics_load(directory=settings.LAGET_REFERENCE_DATA_DIR)
    work = Work("5603")
    for _ in range(6):
        work.concern(at(2026, 1, 5), level=1)
    work_indicators_compute(now=at(2026, 6, 15))
    demo = followup_demo_seed()
    demo.analyst.set_password(TEST_PASSWORD)
    demo.analyst.save(update_fields=["password"])
    return demo


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_statsforvalter_records_a_follow_up_meeting(page, statsforvalter, size):
    page.set_viewport_size(size)
    _log_in(page, statsforvalter.analyst.username, confirmed_device(statsforvalter.analyst))
    page.wait_for_url(lambda url: url.endswith("/"))
    page.locator(f'a[href="{reverse("oversikt:programmes")}"]').first.click()
    page.wait_for_url(f"**{reverse('oversikt:programmes')}")
    check_page(page)
    page.get_by_role("link", name=statsforvalter.programme.title).click()
    page.wait_for_url(f"**{reverse('oversikt:programme', args=[statsforvalter.programme.pk])}")
    check_page(page)
    expect(page.locator("h1")).to_have_text(statsforvalter.programme.title)
    expect(page.locator("#meetings").locator("xpath=..")).to_contain_text("Oppstartsmøte")
    page.locator(
        "#meetings ~ details summary, section:has(#meetings) details summary"
    ).first.click()
    today = timezone.localdate()
    page.locator("#id_meeting-held_on").fill(today.isoformat())
    page.locator("#id_meeting-participants").fill("Siri Statsforvalter\nNils Nesseby")
    page.locator("#id_meeting-notes").fill("Oppfølgingsmøte: overgangsrutinen er på plass.")
    page.locator("section:has(#meetings) form button[type=submit]").click()
    page.wait_for_load_state()
    check_page(page)
    expect(page.locator("section:has(#meetings)")).to_contain_text(
        "Oppfølgingsmøte: overgangsrutinen er på plass."
    )
    expect(page.locator("section:has(#meetings)")).to_contain_text(f"{today.day}. ")
    page.goto(page.url.split("/oversikt/")[0] + reverse("oversikt:places"))
    check_page(page)
    expect(page.locator("h1")).to_contain_text("Finnmark")
    assert page.locator("svg.laget-chart__svg[role=img]").count() >= 1
