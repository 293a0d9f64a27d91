"""A user makes an API key on "My API keys", sees it once and revokes it; an administrator sees
the pending membership requests and the municipality's tokens in the admin."""

from django_otp.oath import totp
from playwright.sync_api import expect

from people.models import ApiToken, Role
from people.services import membership_request_create
from tests.browser.conftest import check_page, visit_checked
from tests.factories import TEST_PASSWORD, UserFactory, admin_of, confirmed_device, municipality


def _log_in(page, username: str, device) -> None:
    page.goto("/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_label("Kode fra autentiseringsappen").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(lambda url: url.endswith("/"))


def test_a_user_makes_and_revokes_an_api_key(page, cast):
    _log_in(page, "colleague", confirmed_device(cast.colleague))
    # Staff land on their work; the start page (the brand link) keeps the log-in settings.
    page.wait_for_url("**/teams/")
    page.get_by_role("link", name="Laget", exact=True).click()
    page.locator("main a[href='/accounts/api-keys/']").click()
    page.wait_for_url("**/accounts/api-keys/")
    check_page(page)
    page.locator("#id_name").fill("Skript")
    page.locator("input[name='scopes'][value='teams:read']").check()
    page.locator("#id_days").fill("30")
    page.locator("form[action='/accounts/api-keys/'] button[type='submit']").click()
    check_page(page)
    expect(page.locator("main code.laget-secret")).to_contain_text("laget_")
    token = ApiToken.objects.get(user=cast.colleague)
    page.locator(f"form[action='/accounts/api-keys/{token.pk}/revoke/'] button").click()
    page.wait_for_url("**/accounts/api-keys/")
    check_page(page)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_administrator_sees_pending_requests_and_tokens(page, cast):
    admin = UserFactory(username="anne", first_name="Anne", last_name="Admin")
    admin_of(admin, municipality("4001"))
    other = UserFactory(username="bjorn", first_name="Bjørn", last_name="Admin")
    admin_of(other, municipality("4001"))
    membership_request_create(
        requested_by=other,
        user=cast.outsider,
        municipality=municipality("4001"),
        unit=cast.unit,
        role=Role.PROFESSIONAL,
    )
    _log_in(page, "anne", confirmed_device(admin))
    visit_checked(page, "/admin/people/membershiprequest/")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    visit_checked(page, "/admin/people/apitoken/")
    visit_checked(page, f"/admin/people/user/{cast.outsider.pk}/change/")
