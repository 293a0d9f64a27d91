"""A new colleague's log-in: the administrator issues an enrolment link in the admin, the
colleague opens it, chooses a password, sets up the authenticator and keeps the recovery codes."""

import base64

from django_otp.oath import totp
from playwright.sync_api import expect

from audit.models import AccessEvent, Action
from people.models import User
from tests.browser.conftest import check_page, visit_checked
from tests.factories import TEST_PASSWORD, UserFactory, admin_of, confirmed_device, municipality

NEW_PASSWORD = "mitt-eget-lange-passord-2026"


def _code(key_text: str) -> str:
    secret = key_text.replace(" ", "")
    return f"{totp(base64.b32decode(secret + '=' * (-len(secret) % 8))):06d}"


def test_administrator_issues_a_link_and_the_colleague_enrols_with_it(page, cast):
    User.objects.filter(pk=cast.colleague.pk).update(email="")
    admin = UserFactory(username="anne", first_name="Anne", last_name="Admin")
    admin_of(admin, municipality("4001"))
    device = confirmed_device(admin)

    page.goto("/")
    page.get_by_label("Brukernavn").fill("anne")
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/accounts/two-factor/**")
    check_page(page)  # the code page, with its recovery-code form
    page.get_by_label("Kode fra autentiseringsappen").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(lambda url: url.endswith("/"))

    visit_checked(page, "/admin/people/user/")
    # Resetting asks first; the confirmation page is left without confirming.
    page.locator(f"input[name='_selected_action'][value='{cast.outsider.pk}']").check()
    page.locator("select[name='action']").select_option("second_factor_reset")
    page.locator("button[name='index']").click()
    check_page(page)
    expect(page.get_by_text("outsider")).not_to_have_count(0)
    visit_checked(page, "/admin/people/user/")
    page.locator(f"input[name='_selected_action'][value='{cast.colleague.pk}']").check()
    page.locator("select[name='action']").select_option("enrolment_link_send")
    page.locator("button[name='index']").click()
    check_page(page)
    link = page.locator(".laget-enrolment-link").inner_text()
    assert "/accounts/enrol/" in link
    page.get_by_role("button", name="Logg ut").first.click()
    page.wait_for_url("**/accounts/login/")

    visit_checked(page, link[link.index("/accounts/") :])
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_label("Kode fra autentiseringsappen").fill(
        _code(page.locator(".laget-secret").inner_text())
    )
    page.get_by_role("button", name="Bekreft og fortsett").click()
    page.wait_for_url("**/accounts/two-factor/recovery-codes/")
    check_page(page)
    expect(page.locator("main .laget-secret")).to_have_count(10)
    page.locator("main a[href='/']").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    expect(page.get_by_role("heading", name="Velkommen, Kai Kollega")).to_be_visible()

    # The link is used up: opened again it says so.
    visit_checked(page, link[link.index("/accounts/") :])
    expect(page.locator(".laget-qr")).to_have_count(0)
    assert AccessEvent.objects.filter(
        action=Action.ENROLMENT_LINK_ISSUED, actor=admin, detail__delivery="shown once"
    ).exists()


def test_the_password_alone_reaches_only_the_page_that_says_to_ask_for_a_link(page, cast):
    page.goto("/")
    page.get_by_label("Brukernavn").fill(cast.colleague.username)
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/accounts/two-factor/setup/**")
    check_page(page)
    expect(page.locator(".laget-qr")).to_have_count(0)
    expect(page.locator(".laget-secret")).to_have_count(0)
