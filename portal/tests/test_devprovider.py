"""The local provider of `make demo-portal` accepts only its registered client, as ID-porten
does, and its command takes issuer, client id and secret from the portal's own settings."""

from __future__ import annotations

import io
import re
import socket
import threading
from urllib.parse import urlsplit

import httpx
import pytest
from django.core.management import CommandError, call_command

from portal import oidc
from portal.devprovider import DevClient, provider_running
from portal.management.commands import portal_mock_provider
from tests.world import build_world

pytestmark = pytest.mark.django_db

CLIENT = DevClient(client_id="laget-demo", secret="demo-secret")


@pytest.fixture
def registered(settings):
    """A provider that knows only CLIENT, and the portal pointed at it."""
    with provider_running(client=CLIENT) as running:
        settings.PORTAL_OIDC_ISSUER = running.url
        settings.PORTAL_OIDC_ACR_VALUES = ""
        oidc.clear_caches()
        yield running
        oidc.clear_caches()


def _log_in(client, provider, settings, *, client_id: str, secret: str | None):
    settings.PORTAL_OIDC_CLIENT_ID = client_id
    settings.PORTAL_OIDC_CLIENT_SECRET = secret
    world = build_world()
    provider.user_set("sara", {"pid": world.child.identity_number})
    started = client.get("/portal/login/")
    authorized = httpx.post(started["Location"], data={"sub": "sara"}, follow_redirects=False)
    if authorized.status_code != 302:
        return authorized.status_code, authorized.json()["error"]
    callback = urlsplit(authorized.headers["location"])
    answer = client.get(f"{callback.path}?{callback.query}")
    return answer.status_code, client.session.get("portal")


def test_the_registered_client_logs_in(client, registered, settings):
    status, portal = _log_in(
        client, registered, settings, client_id="laget-demo", secret="demo-secret"
    )
    assert status == 302
    assert portal is not None
    assert registered.client_guard.refused == []


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [("laget-demo", "another-secret"), ("laget-demo", None), ("laget-other", "demo-secret")],
    ids=["wrong secret", "no secret", "unknown client"],
)
def test_any_other_client_is_refused(client, registered, settings, client_id, secret):
    status, portal = _log_in(client, registered, settings, client_id=client_id, secret=secret)
    if client_id == CLIENT.client_id:
        # The token request is refused: the portal says the log-in did not work.
        assert status >= 400
        assert portal is None
        assert registered.client_guard.refused[0].startswith("token:")
    else:
        assert (status, portal) == (400, "invalid_client")
        assert registered.client_guard.refused[0].startswith("authorize:")


def test_the_secret_may_come_in_the_form(registered):
    answer = httpx.post(
        f"{registered.url}/oauth2/token",
        data={"grant_type": "authorization_code", "code": "x", "client_id": "laget-demo"},
    )
    assert answer.json()["error"] == "invalid_client"
    answer = httpx.post(
        f"{registered.url}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": "x",
            "client_id": "laget-demo",
            "client_secret": "demo-secret",
        },
    )
    # Past the client check; the made-up code is refused by the PKCE guard behind it.
    assert answer.json()["error"] == "invalid_grant"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    "issuer",
    ["", "https://idporten.no", "http://example.org:9400", "http://127.0.0.1", "http://[::1"],
)
def test_the_command_runs_only_on_this_machine(settings, issuer):
    settings.PORTAL_OIDC_ISSUER = issuer
    with pytest.raises(CommandError, match=re.escape("http://127.0.0.1:<port>")):
        call_command("portal_mock_provider")


@pytest.mark.parametrize(("client_id", "secret"), [("", "s"), ("laget-demo", None)])
def test_the_command_needs_the_client_and_its_secret(settings, client_id, secret):
    settings.PORTAL_OIDC_ISSUER = f"http://127.0.0.1:{_free_port()}"
    settings.PORTAL_OIDC_CLIENT_ID = client_id
    settings.PORTAL_OIDC_CLIENT_SECRET = secret
    with pytest.raises(CommandError, match="PORTAL_OIDC_CLIENT_SECRET"):
        call_command("portal_mock_provider")


def test_the_command_says_when_the_port_is_taken(settings):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        settings.PORTAL_OIDC_ISSUER = f"http://127.0.0.1:{taken.getsockname()[1]}"
        settings.PORTAL_OIDC_CLIENT_ID = "laget-demo"
        settings.PORTAL_OIDC_CLIENT_SECRET = "demo-secret"
        with pytest.raises(CommandError, match="PROVIDER_PORT"):
            call_command("portal_mock_provider")


def test_the_command_waits_for_a_provider(settings):
    settings.PORTAL_OIDC_ISSUER = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(CommandError, match="No OpenID Connect provider answers"):
        call_command("portal_mock_provider", wait=0.3)
    with provider_running(client=CLIENT) as running:
        settings.PORTAL_OIDC_ISSUER = running.url
        call_command("portal_mock_provider", wait=5)


def test_the_command_serves_the_configured_client(settings, monkeypatch):
    """The command's provider accepts the portal's configured client and nobody else."""
    port = _free_port()
    settings.PORTAL_OIDC_ISSUER = f"http://127.0.0.1:{port}"
    settings.PORTAL_OIDC_CLIENT_ID = "laget-demo"
    settings.PORTAL_OIDC_CLIENT_SECRET = "demo-secret"
    stop = threading.Event()

    def idle() -> None:
        stop.wait()
        raise KeyboardInterrupt

    monkeypatch.setattr(portal_mock_provider, "_idle", idle)
    output = io.StringIO()
    thread = threading.Thread(
        target=call_command, args=["portal_mock_provider"], kwargs={"stdout": output}
    )
    thread.start()
    try:
        call_command("portal_mock_provider", wait=10)
        base = settings.PORTAL_OIDC_ISSUER
        unknown = httpx.get(f"{base}/oauth2/authorize", params={"client_id": "someone-else"})
        assert unknown.json()["error"] == "invalid_client"
        known = httpx.get(
            f"{base}/oauth2/authorize",
            params={
                "client_id": "laget-demo",
                "response_type": "code",
                "nonce": "n",
                "redirect_uri": "http://127.0.0.1/portal/callback/",
                "scope": "openid",
            },
        )
        assert known.status_code == 200
        assert "emma" in known.text
    finally:
        stop.set()
        thread.join(10)
    assert "for the client laget-demo" in output.getvalue()
