"""The transparency pages on phones (320 and 375 px) and a desktop, with axe: the young person's
own access log, a page at a time, the download page, and the sharing assistant's answer."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from portal.tests.helpers import portal_log_in
from teams.access import access_team
from tests.browser.conftest import check_page, visit_checked
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device

WIDTHS = [1280, 375, 320]


def _fits(page: Page) -> None:
    """Nothing is cut off: the page is no wider than the screen."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def _portal_session(page: Page, live_server, pid: str) -> None:
    """The portal log-in as the OpenID Connect callback leaves it (the full log-in through the
    provider is walked in test_portal.py)."""
    client = Client()
    portal_log_in(client, pid)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_young_persons_access_log_a_page_at_a_time(page, live_server, world, width):
    for _ in range(30):
        access_team(world.member, world.team.pk)
    _portal_session(page, live_server, world.child.identity_number)
    page.set_viewport_size({"width": width, "height": 800})

    visit_checked(page, reverse("portal:access_log", args=[world.child.pk]))
    _fits(page)
    rows = page.locator(".laget-access-event")
    expect(rows).to_have_count(25)
    expect(rows.first.locator("time")).to_be_visible()
    pages = page.get_by_role("navigation", name="Sider")
    pages.get_by_role("link", name="Eldre").click()
    expect(pages.get_by_text("Side 2 av")).to_be_visible()
    check_page(page)
    _fits(page)
    expect(rows.filter(has_text=world.member.display_name()).first).to_be_visible()

    visit_checked(page, reverse("portal:export", args=[world.child.pk]))
    _fits(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_sharing_assistant_names_the_consent(page, world, width):
    _log_in(page, "member", confirmed_device(world.member))
    page.wait_for_url(lambda url: url.endswith("/"))
    page.set_viewport_size({"width": width, "height": 800})
    visit_checked(page, reverse("teams:share", args=[world.team.pk]))
    page.locator("select[name=recipient_unit]").select_option(str(world.school.pk))
    page.locator("input[name=situation][value=collaboration]").check()
    page.locator("input[name=information_kinds][value=plan]").check()
    page.get_by_role("button", name="Sjekk").click()
    answer = page.get_by_role("status")
    expect(answer).to_contain_text("Mona Testesen")
    expect(answer).not_to_contain_text(str(world.consent.pk))
    check_page(page)
    _fits(page)
