"""The consent form says who must consent while the units are ticked (htmx), on a phone of 375
and 320 px and on a desktop, with axe after every change; and without JavaScript the "check"
button gives the same answer. Then the team is opened with the givers the rule asks for.

Selectors use values and unit names, not labels, so the test does not depend on the language."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from children.services import GuardianData, child_register
from concerns.models import Level
from concerns.services import concern_raise
from consents.models import Consent, GivenBy
from teams.models import Team
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device

WIDTHS = [1280, 375, 320]
SUBMIT = 'form.laget-form button[type="submit"]:not([name])'


@pytest.fixture
def fifteen(world):
    today = timezone.localdate()
    child = child_register(
        actor=world.member,
        unit=world.health,
        given_name="Ida",
        family_name="Alder",
        birth_date=today.replace(year=today.year - 15) - datetime.timedelta(days=1),
        guardians=[
            GuardianData("Anne Alder", "mor", True),
            GuardianData("Bjørn Alder", "far", True),
        ],
        not_a_duplicate=True,
    )
    concern = concern_raise(
        actor=world.member,
        unit=world.health,
        child=child,
        observed="Har vært mye borte fra skolen.",
        level=Level.OWN_UNIT,
    )
    return child, concern


def _radio(page, value):
    return page.locator(f'input[name="given_by"][value="{value}"]')


def _no_sideways_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_ticking_units_changes_who_must_consent_at_once(page, world, fifteen, width):
    child, concern = fifteen
    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, "member", confirmed_device(world.member))
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto(reverse("concerns:team_open", args=[concern.pk]))
    # Starting from the health station at 15: the guardians, both of them.
    expect(_radio(page, GivenBy.GUARDIANS)).to_be_checked()
    expect(page.get_by_label("Anne Alder")).to_be_checked()
    expect(page.get_by_label("Bjørn Alder")).to_be_checked()
    check_page(page)
    _no_sideways_scroll(page, width)

    givers = reverse("concerns:team_open_givers", args=[concern.pk])
    with page.expect_response(lambda response: givers in response.url) as answered:
        page.get_by_label("Vestsiden ungdomsskole").check()
    assert answered.value.status == 200
    # School at 15: the young person and the guardians together, and nothing else is offered.
    expect(_radio(page, GivenBy.YOUNG_PERSON_AND_GUARDIANS)).to_be_checked()
    expect(_radio(page, GivenBy.GUARDIANS)).to_have_count(0)
    expect(page.locator("#consent-givers-status")).not_to_be_empty()
    check_page(page)
    _no_sideways_scroll(page, width)

    with page.expect_response(lambda response: givers in response.url):
        page.get_by_label("PPT Porsgrunn").check()
    expect(_radio(page, GivenBy.YOUNG_PERSON_AND_GUARDIANS)).to_be_checked()
    # Back to the health station alone: the person's choice still fits the rule and stays.
    with page.expect_response(lambda response: givers in response.url):
        page.get_by_label("Vestsiden ungdomsskole").uncheck()
    with page.expect_response(lambda response: givers in response.url):
        page.get_by_label("PPT Porsgrunn").uncheck()
    expect(_radio(page, GivenBy.YOUNG_PERSON_AND_GUARDIANS)).to_be_checked()
    expect(_radio(page, GivenBy.GUARDIANS)).to_have_count(1)
    with page.expect_response(lambda response: givers in response.url):
        page.get_by_label("Vestsiden ungdomsskole").check()
    check_page(page)

    page.locator('input[name="information_kinds"][value="plan"]').check()
    page.locator('select[name="method"]').select_option("paper")
    page.locator(SUBMIT).click()
    expect(page.locator("h1")).to_contain_text("Ida Alder")
    check_page(page)
    consent = Consent.objects.get(child=child)
    assert consent.given_by == GivenBy.YOUNG_PERSON_AND_GUARDIANS
    assert consent.guardians.count() == 2
    assert Team.objects.filter(concern=concern).exists()


@pytest.fixture
def no_script_page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="nb-NO", java_script_enabled=False
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", [375, 320])
def test_without_javascript_the_check_button_gives_the_same_answer(
    no_script_page, world, fifteen, width
):
    page = no_script_page
    child, concern = fifteen
    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, "member", confirmed_device(world.member))
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto(reverse("concerns:team_open", args=[concern.pk]))
    expect(_radio(page, GivenBy.GUARDIANS)).to_be_checked()
    page.get_by_label("Vestsiden ungdomsskole").check()
    page.locator('button[name="action"][value="check"]').click()
    expect(_radio(page, GivenBy.YOUNG_PERSON_AND_GUARDIANS)).to_be_checked()
    expect(_radio(page, GivenBy.GUARDIANS)).to_have_count(0)
    expect(page.get_by_label("Vestsiden ungdomsskole")).to_be_checked()
    assert not Consent.objects.filter(child=child).exists()

    # A submit with the givers from before the units changed is sent back corrected, with
    # everything typed kept, and is saved only when sent again.
    page.goto(reverse("concerns:team_open", args=[concern.pk]))
    expect(_radio(page, GivenBy.GUARDIANS)).to_be_checked()
    page.get_by_label("PPT Porsgrunn").check()
    page.locator('input[name="information_kinds"][value="plan"]').check()
    page.locator('select[name="method"]').select_option("paper")
    page.locator(SUBMIT).click()
    expect(_radio(page, GivenBy.YOUNG_PERSON_AND_GUARDIANS)).to_be_checked()
    expect(page.locator("#id_given_by_error")).to_contain_text("barneloven § 32")
    expect(page.locator('input[name="information_kinds"][value="plan"]')).to_be_checked()
    assert not Consent.objects.filter(child=child).exists()
    page.locator(SUBMIT).click()
    expect(page.locator("h1")).to_contain_text("Ida Alder")
    consent = Consent.objects.get(child=child)
    assert consent.given_by == GivenBy.YOUNG_PERSON_AND_GUARDIANS
