"""Forming a team in the browser: the coordinator invites a unit, someone on its staff accepts it
from Mitt arbeid, and a meeting is planned with participants and its own rule on hearing the
child – at phone widths (375 and 320 px) and on a desktop, with axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from people.models import Role
from teams.models import MemberStatus, TeamMember
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import UserFactory, confirmed_device, member

WIDTHS = [375, 320, 1280]


def _english(page) -> None:
    page.get_by_role("button", name="English").click()


def _fits(page) -> None:
    check_page(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


@pytest.mark.parametrize("width", WIDTHS)
def test_a_unit_is_invited_and_accepted_and_a_meeting_planned(page, world, width):
    nav_worker = UserFactory(username="navansatt", first_name="Nina", last_name="Nav")
    member(nav_worker, world.nav, Role.PROFESSIONAL, "Veileder")
    page.set_viewport_size({"width": width, "height": 800})

    _log_in(page, "coordinator", confirmed_device(world.coordinator))
    page.wait_for_url("**/teams/")
    _english(page)  # the new strings are translated in the lead's translation pass
    page.get_by_role("link", name="Sara Testesen").click()
    _fits(page)
    page.get_by_role("link", name="Invite a unit").click()
    _fits(page)
    options = page.get_by_label("Unit", exact=True).locator("option").all_inner_texts()
    assert not any("Tveten" in option or "PPT" in option for option in options)  # no consent
    page.get_by_label("Unit", exact=True).select_option(label="NAV Porsgrunn – NAV")
    page.get_by_role("button", name="Invite the unit").click()
    expect(page.get_by_text(re.compile("NAV Porsgrunn, invited"))).to_be_visible()
    _fits(page)
    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_role("button", name="Norsk (bokmål)").click()

    _log_in(page, "navansatt", confirmed_device(nav_worker))
    page.wait_for_url("**/teams/")
    _english(page)
    _fits(page)
    page.get_by_role("link", name=re.compile("NAV Porsgrunn")).click()
    _fits(page)
    page.get_by_role("button", name="Accept for the unit").click()
    page.wait_for_url(f"**/teams/{world.team.pk}/")
    _fits(page)
    assert TeamMember.objects.get(team=world.team, user=nav_worker).status == MemberStatus.ACTIVE

    # A meeting about child welfare, with the NAV worker, the child and the mother invited.
    page.get_by_role("link", name="Plan a meeting").click()
    _fits(page)
    page.get_by_label("Time").fill("2031-05-06T10:00")
    page.get_by_label("Place").fill("NAV Porsgrunn, møterom 1")
    page.get_by_label("Agenda").fill("Arbeidstrening")
    page.get_by_label(re.compile("What is the meeting mainly about")).select_option("child_welfare")
    page.get_by_label(re.compile(r"Sara \(")).check()
    page.get_by_label(re.compile("Mona Testesen")).check()
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_role("heading", name=re.compile("Meeting"), level=1)).to_be_visible()
    _fits(page)
    voice = page.locator("section[aria-labelledby='voice-heading']")
    expect(voice).to_contain_text("barnevernsloven § 1-4")
    expect(voice).not_to_contain_text("pasient- og brukerrettighetsloven")
    participants = page.locator("section[aria-labelledby='participants-heading']")
    expect(participants).to_contain_text("Nina Nav")
    expect(participants).to_contain_text("Mona Testesen")
