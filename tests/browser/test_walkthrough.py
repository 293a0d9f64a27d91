"""A professional's first day: log in, set up the second factor, look around, log out."""

import base64

from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from audit.models import AccessEvent, Action
from people.services import enrolment_link_issue
from tests.browser.conftest import check_page, visit_checked
from tests.factories import TEST_PASSWORD, UserFactory, admin_of, municipality

NEW_PASSWORD = "mitt-eget-lange-passord-2026"


def _code_from_key(key_text: str) -> str:
    secret = key_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def _log_in(page, username, device=None):
    page.goto("/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    if device is not None:
        page.get_by_label("Kode fra autentiseringsappen").fill(
            f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
        )
        page.get_by_role("button", name="Bekreft").click()


def test_first_log_in_with_second_factor_set_up_then_walk_the_pages(page, cast):
    visit_checked(page, "/")
    assert "/accounts/login/" in page.url

    page.get_by_label("Brukernavn").fill("colleague")
    page.get_by_label("Passord").fill("not-the-password")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_text("Feil brukernavn eller passord.")).to_be_visible()
    check_page(page)

    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    # The password alone leads to a page that sends the user to the administrator, no secret.
    page.wait_for_url("**/accounts/two-factor/setup/**")
    check_page(page)
    expect(page.locator(".laget-qr")).to_have_count(0)

    link = enrolment_link_issue(user=cast.colleague, issued_by=None, actor_label="test")
    visit_checked(page, link.url.removeprefix(settings.LAGET_BASE_URL))
    expect(page.get_by_role("img", name="QR-kode for autentiseringsappen")).to_be_visible()
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_label("Kode fra autentiseringsappen").fill("12345")
    page.get_by_role("button", name="Bekreft og fortsett").click()
    expect(page.get_by_text("Koden har seks sifre.")).to_be_visible()
    check_page(page)

    code = _code_from_key(page.locator(".laget-secret").inner_text())
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_label("Kode fra autentiseringsappen").fill(code)
    page.get_by_role("button", name="Bekreft og fortsett").click()
    page.wait_for_url("**/accounts/two-factor/recovery-codes/")
    check_page(page)
    expect(page.locator(".laget-secret")).to_have_count(10)
    page.locator("main a[href='/']").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    check_page(page)
    expect(page.get_by_role("heading", name="Velkommen, Kai Kollega")).to_be_visible()
    assert page.locator(".laget-header__place").inner_text() == "Porsgrunn"

    page.get_by_role("link", name="Vestsiden ungdomsskole").click()
    check_page(page)
    expect(page.get_by_role("cell", name="Olga Eier")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Staff")).to_be_visible()
    check_page(page)

    visit_checked(page, "/units/00000000-0000-0000-0000-000000000000/")
    expect(page.get_by_role("heading", name="We could not find that page")).to_be_visible()

    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_url("**/accounts/login/")
    check_page(page)
    assert TOTPDevice.objects.get(user=cast.colleague).confirmed
    assert list(
        AccessEvent.objects.filter(actor_label="colleague").values_list("action", flat=True)
    ) == [
        Action.LOGIN_FAILED,
        Action.LOGIN,
        Action.SECOND_FACTOR_ENROLLED,
        Action.LOGOUT,
    ]


def test_someone_from_another_municipality_sees_nothing_of_this_one(page, cast):
    from tests.factories import confirmed_device

    _log_in(page, "foreigner", confirmed_device(cast.foreigner))
    page.wait_for_url(lambda url: url.endswith("/"))
    check_page(page)
    assert "Porsgrunn" not in page.content()
    visit_checked(page, f"/units/{cast.unit.pk}/")
    expect(page.get_by_role("heading", name="Vi fant ikke siden")).to_be_visible()
    assert "Vestsiden" not in page.content()


def test_municipal_administrator_manages_units_in_the_admin(page, cast):
    from tests.factories import confirmed_device

    admin = UserFactory(username="anne", first_name="Anne", last_name="Admin")
    admin_of(admin, municipality("4001"))
    _log_in(page, "anne", confirmed_device(admin))
    page.wait_for_url(lambda url: url.endswith("/"))
    check_page(page)
    page.get_by_role("link", name="Administrer enheter, ansatte og roller").click()
    check_page(page)
    visit_checked(page, "/admin/units/unit/")
    expect(page.get_by_role("link", name="Tveten skole")).to_be_visible()
    assert "Helsestasjonen i Skien" not in page.content()
    page.get_by_role("link", name="Tveten skole").click()
    check_page(page)
    page.get_by_label("Organisasjonsnummer").fill("123456789")
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("123456789 er ikke et gyldig organisasjonsnummer")).to_be_visible()


def test_analyst_sees_aggregates_for_the_county(page, db, settings):
    from municipalities.services import reference_data_load
    from people.models import AnalystAccess
    from tests.factories import confirmed_device

    reference_data_load(directory=settings.LAGET_REFERENCE_DATA_DIR)
    analyst = UserFactory(username="sven", first_name="Sven", last_name="Statistikk")
    AnalystAccess.objects.create(user=analyst, county_id="40", organisation="Statsforvalteren")
    _log_in(page, "sven", confirmed_device(analyst))
    page.wait_for_url(lambda url: url.endswith("/"))
    check_page(page)
    expect(page.get_by_role("heading", name="Barn og unge i Telemark")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Porsgrunn")).to_be_visible()


def test_too_many_wrong_passwords_show_the_lock_out_page(page, cast, settings):
    visit_checked(page, "/accounts/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Brukernavn").fill("outsider")
        page.get_by_label("Passord").fill("wrong-password")
        page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Innloggingen er låst en stund")).to_be_visible()
    check_page(page)
