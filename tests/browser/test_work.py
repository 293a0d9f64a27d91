"""Mitt arbeid in the browser: a professional lands on it after log-in, sees what is overdue and
what comes this week, and the header counts it – at phone widths (375 and 320 px) and on a
desktop, with axe on every view and no sideways scrolling."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans.models import Measure
from teams.services import task_create
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device

WIDTHS = [375, 320, 1280]


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_coordinator_lands_on_mitt_arbeid_and_sees_what_is_overdue(page, world, width):
    today = timezone.localdate()
    task_create(
        actor=world.coordinator,
        team=world.team,
        title="Ringe foreldrene om møtet",
        owner=world.member,
        due_on=today - datetime.timedelta(days=2),
    )
    Measure.objects.filter(pk=world.measure.pk).update(evaluate_on=today)
    page.set_viewport_size({"width": width, "height": 800})
    _log_in(page, "coordinator", confirmed_device(world.coordinator))
    page.wait_for_url("**/teams/")
    check_page(page)
    _no_sideways_scroll(page)
    expect(page.get_by_role("heading", name="Mitt arbeid", level=1)).to_be_visible()
    # The overdue task and the evaluation due today are the two things to act on.
    expect(page.locator("#work-summary")).to_contain_text("2")
    header_link = page.get_by_role("link", name=re.compile("^Mitt arbeid"))
    expect(header_link).to_have_accessible_name(re.compile("2"))
    expect(page.get_by_role("link", name="Ringe foreldrene om møtet")).to_be_visible()
    evaluation = page.get_by_role("link", name=re.compile("Samtaler med helsesykepleier"))
    expect(evaluation).to_be_visible()
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", page.locator("main").inner_text())

    evaluation.click()
    check_page(page)
    page.go_back()
    page.locator("#meetings-heading + ul a").first.click()
    check_page(page)
    expect(page.get_by_role("heading", name=re.compile("Møte"), level=1)).to_be_visible()
