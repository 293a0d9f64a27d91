"""A municipal leader in the browser, with axe: from the start page to the municipality's
grants, sees the schemes that fit and why, records a grant and finds its measures in the plan;
then the public catalogue. No child anywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from grants.catalogue import schemes_load
from municipalities.models import Municipality
from oversikt.services import statistics_load
from oversikt.tests.places import places_create
from people.models import Membership, Role
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import TEST_PASSWORD, UnitFactory, UserFactory, confirmed_device
from units.forms import UNIT_LIST_MAX

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


@pytest.fixture
def leader(db, settings):
    places_create(settings.LAGET_REFERENCE_DATA_DIR)
    statistics_load(directory=settings.LAGET_REFERENCE_DATA_DIR)
    schemes_load()
    porsgrunn = Municipality.objects.get(number="4001")
    UnitFactory(municipality=porsgrunn, name="Vestsiden ungdomsskole")
    user = UserFactory(username="mette", password=TEST_PASSWORD)
    Membership.objects.create(user=user, municipality=porsgrunn, role=Role.MUNICIPAL_LEADER)
    return user


def _fill_grant(form, *, applied: str, granted: str, measures: str) -> None:
    """A granted grant of the inclusion scheme for 2026–2027, its report due in January 2028."""
    form.locator("#id_scheme").select_option("bufdir-inkludering-barn-unge")
    form.locator("#id_status").select_option("granted")
    form.locator("#id_amount_applied").fill(applied)
    form.locator("#id_amount_granted").fill(granted)
    form.locator("#id_period_start").fill("2026-01-01")
    form.locator("#id_period_end").fill("2027-12-31")
    form.locator("#id_measures").fill(measures)
    form.locator("#id_report_due_on").fill("2028-01-31")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_municipal_leader_sees_matching_schemes_and_records_a_grant(page, leader, size):
    page.set_viewport_size(size)
    _log_in(page, leader.username, confirmed_device(leader))
    page.wait_for_url(lambda url: url.endswith("/"))
    page.locator(f'a[href="{reverse("grants:programme")}"]').first.click()
    page.wait_for_url(f"**{reverse('grants:programme')}")
    check_page(page)
    matches = page.locator("section:has(#matches)")
    expect(matches).to_contain_text("Tilskudd til inkludering av barn og unge")
    # The reason, with Porsgrunn's own published share of young people outside work.
    expect(matches).to_contain_text("Porsgrunn")
    expect(matches).to_contain_text("10,8")
    form = page.locator("section:has(#record) form")
    _fill_grant(
        form,
        applied="450000",
        granted="300000",
        measures="Åpen møteplass fredag kveld\nLos for elever med fravær",
    )
    form.get_by_label("Vestsiden ungdomsskole").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    check_page(page)
    plan = page.locator("section:has(#plan)")
    expect(plan).to_contain_text("Los for elever med fravær")
    expect(plan).to_contain_text("Vestsiden ungdomsskole")
    expect(page.locator("section:has(#grants)")).to_contain_text("300\xa0000")
    page.goto(page.url.split("/tilskudd/")[0] + reverse("grants:catalogue"))
    check_page(page)
    page.get_by_role("link", name="Tilskudd til inkludering av barn og unge").click()
    check_page(page)
    expect(page.locator("h1")).to_have_text("Tilskudd til inkludering av barn og unge")


@pytest.fixture
def analyst(db, settings):
    from people.models import AnalystAccess

    places_create(settings.LAGET_REFERENCE_DATA_DIR)
    schemes_load()
    user = UserFactory(username="sf-analytiker", password=TEST_PASSWORD)
    AnalystAccess.objects.create(user=user, county_id="40", organisation="Statsforvalteren")
    return user


def test_the_counties_and_a_scheme_page_pass_axe(page, analyst, live_server):
    """The Statsforvalter's aggregates per county and scheme, and one scheme's page (an ended
    one: its status has no year after it), each checked with axe."""
    page.set_viewport_size(DESKTOP)
    _log_in(page, analyst.username, confirmed_device(analyst))
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("grants:aggregates"))
    check_page(page)
    expect(page.locator("h1")).to_be_visible()
    page.goto(
        live_server.url + reverse("grants:scheme", args=["udir-ungdom-utenfor-opplaering-arbeid"])
    )
    check_page(page)
    expect(page.locator("main")).not_to_contain_text("(2026)")


def test_a_large_municipalitys_grant_form_finds_a_unit_by_name_and_keeps_what_was_filled(
    page, leader
):
    """More units than the form lists: the leader fills the form, finds a unit by name (the form
    comes back unsaved with what was filled in), ticks it and records the grant; axe on each
    state."""
    porsgrunn = Municipality.objects.get(number="4001")
    for number in range(UNIT_LIST_MAX):
        UnitFactory(municipality=porsgrunn, name=f"Barnehage nummer {number:02}")
    UnitFactory(municipality=porsgrunn, name="Solsikken barnehage")
    _log_in(page, leader.username, confirmed_device(leader))
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto(page.url.rstrip("/") + reverse("grants:programme"))
    check_page(page)
    form = page.locator("section:has(#record) form")
    expect(form.get_by_label("Solsikken barnehage")).to_have_count(0)
    _fill_grant(form, applied="150000", granted="120000", measures="Leseombud i barnehagen")
    form.get_by_label("Finn en enhet etter navn").fill("solsikken")
    form.get_by_role("button", name="Finn enheter").click()
    page.wait_for_load_state()
    check_page(page)
    form = page.locator("section:has(#record) form")
    expect(page.get_by_text("1 enhet funnet; den står i listen nedenfor.")).to_be_visible()
    # Sent back unsaved: what was filled in is still there, and nothing is recorded yet.
    expect(form.locator("#id_measures")).to_have_value("Leseombud i barnehagen")
    expect(form.locator("#id_amount_granted")).to_have_value("120000")
    expect(page.locator("section:has(#grants)")).not_to_contain_text("120\xa0000")
    form.get_by_label("Solsikken barnehage").check()
    form.get_by_role("button", name="Registrer").click()
    page.wait_for_load_state()
    check_page(page)
    expect(page.locator("[data-color=danger]")).to_have_count(0)  # no form error
    plan = page.locator("section:has(#plan)")
    expect(plan).to_contain_text("Leseombud i barnehagen")
    expect(plan).to_contain_text("Solsikken barnehage")
    expect(page.locator("section:has(#grants)")).to_contain_text("120\xa0000")
