"""Level 1 in the browser, as Stafettloggen keeps it: a teacher adds a measure with an owner and
an evaluation date to a concern in her unit, finds it on Mitt arbeid when the evaluation is
due, and evaluates it – at phone widths (375 and 320 px) and on a desktop, with axe on every
page and no sideways scrolling."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from concerns.models import UnitMeasureStatus
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device

WIDTHS = [375, 320, 1280]


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_measure_in_the_unit_is_added_found_and_evaluated(page, live_server, world, width):
    concern = world.small_concern
    soon = timezone.localdate() + datetime.timedelta(days=3)
    page.set_viewport_size({"width": width, "height": 800})
    _log_in(page, "colleague", confirmed_device(world.colleague))
    page.wait_for_url("**/teams/")
    page.goto(f"{live_server.url}/concerns/{concern.pk}/")
    check_page(page)
    _no_sideways_scroll(page)
    page.get_by_role("link", name="Nytt tiltak").click()
    check_page(page)
    _no_sideways_scroll(page)
    page.get_by_label("Hva gjøres?").fill("Fast voksen i friminuttene")
    page.get_by_label("Evalueringsdato").fill(soon.isoformat())
    page.get_by_role("button", name="Legg til tiltaket").click()
    check_page(page)
    expect(page.get_by_role("heading", name="Fast voksen i friminuttene")).to_be_visible()

    page.get_by_role("link", name="Mitt arbeid").first.click()
    check_page(page)
    _no_sideways_scroll(page)
    page.get_by_role("link", name="Evaluer «Fast voksen i friminuttene»").first.click()
    check_page(page)
    _no_sideways_scroll(page)
    page.get_by_label("Hva kom det ut av tiltaket?").fill("Han er mer med i leken.")
    page.get_by_label("Nei, det avsluttes").check()
    page.get_by_role("button", name="Lagre evalueringen").click()
    check_page(page)
    expect(page.get_by_text("Han er mer med i leken.").first).to_be_visible()
    measure = concern.measures.get()
    assert measure.status == UnitMeasureStatus.ENDED
