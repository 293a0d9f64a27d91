"""A municipal administrator in the browser, with axe: from the start page to the system clients,
registers one for a unit, sees its secret once, gives it a new secret and revokes it."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

from people.models import SystemClient
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import (
    TEST_PASSWORD,
    UnitFactory,
    UserFactory,
    admin_of,
    confirmed_device,
    municipality,
)


def test_an_administrator_registers_rotates_and_revokes_a_system_client(page, db):
    porsgrunn = municipality("4001")
    UnitFactory(municipality=porsgrunn, name="Vestsiden ungdomsskole")
    admin = UserFactory(username="anne", password=TEST_PASSWORD)
    admin_of(admin, porsgrunn)
    _log_in(page, admin.username, confirmed_device(admin))
    page.wait_for_url(lambda url: url.endswith("/"))
    page.locator(f'a[href="{reverse("people:system_clients")}"]').first.click()
    page.wait_for_url(f"**{reverse('people:system_clients')}")
    expect(page.get_by_text("Ingen systemklienter er registrert.")).to_be_visible()
    check_page(page)

    form = page.locator("section[aria-labelledby=register-heading] form")
    # A form error first: nothing is registered.
    form.get_by_role("button", name="Registrer klienten").click()
    page.wait_for_load_state()
    check_page(page)
    assert not SystemClient.objects.exists()
    form = page.locator("section[aria-labelledby=register-heading] form")
    form.get_by_label("Navnet på integrasjonen").fill("Fagsystem skole")
    form.get_by_label("Handler for enheten").select_option(label="Vestsiden ungdomsskole")
    form.get_by_label("Lese: barn").check()
    form.get_by_label("Lese: bekymringer").check()
    form.get_by_role("button", name="Registrer klienten").click()
    page.wait_for_load_state()
    secret = page.locator("[role=status] code.laget-secret").nth(1)
    expect(secret).not_to_be_empty()
    shown = secret.inner_text()
    expect(page.locator("td", has_text="Lese: barn; Lese: bekymringer")).to_be_visible()
    check_page(page)

    # The secret is shown once: not on the next visit.
    page.goto(reverse("people:system_clients"))
    expect(page.get_by_text(shown)).to_have_count(0)
    page.get_by_role("button", name="Ny hemmelighet for Fagsystem skole").click()
    page.wait_for_load_state()
    renewed = page.locator("[role=status] code.laget-secret").nth(1).inner_text()
    assert renewed
    assert renewed != shown
    check_page(page)
    page.get_by_role("button", name="Trekk tilbake Fagsystem skole").click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name="Ny hemmelighet for Fagsystem skole")).to_have_count(0)
    assert SystemClient.objects.get().revoked_at is not None
    check_page(page)
