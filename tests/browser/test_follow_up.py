"""The follow-up service's work list in the browser: an OT adviser finds, from Mitt arbeid, the
young person whose upper secondary school left the team, and sees only a count of the one
whose consent does not cover OT – with axe on each page, on a phone and a desktop."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from teams.tests.test_follow_up import _ot, _school_left, _team, _year
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device


@pytest.mark.parametrize("width", [375, 1280])
def test_the_ot_adviser_finds_the_young_person_the_school_left(page, world, width):
    ot = _ot(world)
    named = _team(world, "Nora", _year(17), [world.upper_secondary, ot])
    _school_left(world, named)
    counted = _team(world, "Olav", _year(17), [world.upper_secondary])
    _school_left(world, counted)
    staff = ot.memberships.get(user__username="ot_staff").user

    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, "ot_staff", confirmed_device(staff))
    page.wait_for_url("**/teams/")
    check_page(page)
    url = reverse("gaps:follow_up", args=[ot.pk])
    page.locator(f'a[href="{url}"]').click()
    page.wait_for_url(f"**{url}")
    check_page(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    expect(page.locator("#follow-up-list")).to_contain_text("Nora Følgesen")
    expect(page.locator("main")).not_to_contain_text("Olav")
    expect(page.locator("#follow-up-unnamed li")).to_have_count(1)
