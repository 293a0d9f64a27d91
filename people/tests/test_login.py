import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp

from audit.models import AccessEvent, Action
from tests.factories import TEST_PASSWORD, UserFactory, confirmed_device


def _login(client, username="owner", password=TEST_PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_login_page_is_in_bokmal_by_default_and_english_on_request(client, db):
    assert "Logg inn i Laget" in client.get("/accounts/login/").content.decode()
    english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Log in to Laget" in english.content.decode()


def test_password_alone_leads_to_second_factor_set_up_not_to_the_app(cast):
    client = Client()
    response = _login(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    # Without the second factor, every page sends the user back to it.
    assert client.get("/")["Location"].startswith("/accounts/two-factor/")
    assert client.get(f"/units/{cast.unit.pk}/").status_code == 302


def test_wrong_code_is_refused_with_a_message_and_audited(cast):
    confirmed_device(cast.owner)
    client = Client()
    response = _login(client)
    assert response["Location"].startswith("/accounts/two-factor/?")
    response = client.post("/accounts/two-factor/", {"token": "000000"})
    assert response.status_code == 400
    assert "Koden er feil" in response.content.decode()
    assert client.get("/").status_code == 302
    assert AccessEvent.objects.filter(action=Action.SECOND_FACTOR_FAILED, actor=cast.owner).exists()


def test_right_code_opens_the_app_and_is_audited(cast):
    device = confirmed_device(cast.owner)
    client = Client()
    _login(client)
    response = client.post("/accounts/two-factor/", {"token": _code(device), "next": "/"})
    assert response["Location"] == "/teams/"  # the start page of staff: their work
    assert client.get("/").status_code == 200
    assert AccessEvent.objects.filter(
        action=Action.SECOND_FACTOR_VERIFIED, actor=cast.owner, municipality_id="4001"
    ).exists()


def test_demo_mode_lets_staff_in_without_second_factor(cast, settings):
    settings.LAGET_DEMO_MODE = True
    client = Client()
    assert _login(client, next="/")["Location"] == "/teams/"
    assert client.get("/").status_code == 200


def test_failed_login_is_audited_with_the_attempted_name(cast):
    response = _login(Client(), password="wrong-password")
    assert response.status_code == 400
    assert "Feil brukernavn eller passord" in response.content.decode()
    event = AccessEvent.objects.get(action=Action.LOGIN_FAILED)
    assert (event.actor, event.actor_label, event.chain) == (None, "owner", "4001")
    unknown = _login(Client(), username="nobody", password="x")
    assert unknown.status_code == 400
    assert AccessEvent.objects.get(actor_label="nobody").chain == "national"


def test_five_failures_lock_the_user_name_even_for_the_right_password(cast, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, password="wrong-password")
    response = _login(client)
    assert response.status_code == 429
    assert "låst" in response.content.decode()
    assert client.get("/").status_code == 302
    assert AccessEvent.objects.filter(action=Action.LOGIN_LOCKED_OUT).exists()


def test_logout_ends_the_session_and_is_audited(cast, client_for):
    client = client_for(cast.owner)
    assert client.get("/logout/").status_code == 404  # log-out is only by POST, at its own URL
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302
    assert AccessEvent.objects.filter(action=Action.LOGOUT, actor=cast.owner).exists()


def test_logout_everywhere_ends_sessions_on_other_devices(cast, client_for):
    phone, laptop = client_for(cast.owner), client_for(cast.owner)
    other_user = client_for(cast.colleague)
    assert laptop.get("/").status_code == 200
    phone.post("/accounts/logout/everywhere/")
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302
    assert other_user.get("/").status_code == 200
    assert AccessEvent.objects.filter(action=Action.LOGOUT_EVERYWHERE).count() == 1


def test_an_idle_session_is_gone(cast, client_for):
    client = client_for(cast.owner)
    assert client.get("/").status_code == 200
    # 30 idle minutes later the session has expired in the store.
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    assert client.get("/").status_code == 302


def test_open_redirects_after_login_are_refused(cast, settings):
    settings.LAGET_DEMO_MODE = True
    response = _login(Client(), next="https://evil.example/")
    assert response["Location"] == "/teams/"  # the unit leader's own work, not the other site


@pytest.mark.parametrize("user_kwargs", [{"is_active": False}])
def test_inactive_user_cannot_log_in(db, user_kwargs):
    UserFactory(username="gone", **user_kwargs)
    assert _login(Client(), username="gone").status_code == 400


def test_public_pages_stay_open_before_the_second_factor(cast):
    client = Client()
    _login(client)
    assert client.get("/directory/").status_code == 200
    assert client.get("/api/hsds/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/directory/overview/").status_code == 302


def test_field_errors_are_tied_to_their_input_for_screen_readers(cast):
    confirmed_device(cast.owner)
    client = Client()
    _login(client)
    body = client.post("/accounts/two-factor/", {"token": "12"}).content.decode()
    assert 'aria-describedby="id_token_error"' in body
    assert 'id="id_token_error"' in body
    assert 'aria-invalid="true"' in body
