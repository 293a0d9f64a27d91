import pytest
from django.test import Client

from tests.factories import TEST_PASSWORD, UserFactory, admin_of, municipality


def _assert_security_headers(response):
    assert response["Content-Type"].startswith("text/html")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/accounts/login/", "/does-not-exist/"])
def test_anonymous_html_pages_carry_security_headers(client, db, path):
    _assert_security_headers(client.get(path, secure=True))


def test_every_staff_page_carries_security_headers(cast, client_for):
    admin = UserFactory(username="admin")
    admin_of(admin, municipality("4001"))
    client = client_for(admin)
    for path in [
        "/",
        f"/units/{cast.unit.pk}/",
        "/admin/",
        "/admin/units/unit/",
        "/admin/people/user/",
        "/admin/audit/accessevent/",
    ]:
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        _assert_security_headers(response)


def test_two_factor_page_carries_security_headers(cast):
    client = Client()
    client.force_login(cast.owner)
    response = client.get("/accounts/two-factor/setup/", secure=True)
    assert response.status_code == 200
    _assert_security_headers(response)


def test_session_cookie_is_secure_http_only_and_expires_after_30_idle_minutes(cast):
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": "owner", "password": TEST_PASSWORD},
        secure=True,
    )
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert client.session.get_expiry_age() == 30 * 60
