"""The log-in: the full authorization code flow with PKCE against the running mock provider,
and everything that must make it fail."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from audit.models import AccessEvent, Action
from children.identity import IDENTITY_NUMBER_FIELDS
from portal import oidc
from portal.tests.conftest import CLIENT_ID
from tests.world import build_world

pytestmark = pytest.mark.django_db


def _authorize(authorize_url: str, sub: str) -> str:
    """What the browser does at the provider: choose the user and come back with a code."""
    answer = httpx.post(authorize_url, data={"sub": sub}, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _start(client, provider, *, sub: str, claims: dict) -> str:
    provider.user_set(sub, claims)
    started = client.get("/portal/login/")
    assert started.status_code == 302
    return _authorize(started["Location"], sub)


def test_the_full_code_flow_logs_the_young_person_in(client, portal_oidc):
    world = build_world()
    started = client.get("/portal/login/")
    query = parse_qs(urlsplit(started["Location"]).query)
    assert started["Location"].startswith(f"{portal_oidc.url}/oauth2/authorize?")
    assert query["code_challenge_method"] == ["S256"]
    assert query["response_type"] == ["code"]
    assert query["state"]
    assert query["nonce"]
    assert query["code_challenge"]
    portal_oidc.user_set("sara-sub", {"pid": world.child.identity_number})

    callback = _authorize(started["Location"], "sara-sub")
    answer = client.get(_path(callback))

    assert answer.status_code == 302
    assert client.session["portal"]["pid"] == world.child.identity_number
    assert portal_oidc.guard.refused == []
    assert client.get("/portal/")["Location"] == f"/portal/{world.child.pk}/"
    login = AccessEvent.objects.get(action=Action.LOGIN, child_id=world.child.pk)
    assert login.actor is None
    assert login.actor_label == "Sara Testesen (ungdommen selv, portal)"
    assert world.child.identity_number not in str(login.detail)


def test_a_guardian_logs_in_with_their_own_number(client, portal_oidc):
    world = build_world()
    mona = world.child.guardians.get()
    mona.identity_number = "02448510185"
    mona.save(update_fields=IDENTITY_NUMBER_FIELDS)
    callback = _start(client, portal_oidc, sub="mona", claims={"pid": mona.identity_number})
    client.get(_path(callback))
    answer = client.get(f"/portal/{world.child.pk}/")
    assert answer.status_code == 200
    assert "Om Sara Testesen" in answer.content.decode()


def test_a_tampered_state_is_refused(client, portal_oidc):
    world = build_world()
    callback = _start(client, portal_oidc, sub="s", claims={"pid": world.child.identity_number})
    parts = urlsplit(callback)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query["state"] = query["state"][:-2] + "xx"
    answer = client.get(f"{parts.path}?{urlencode(query)}")
    assert answer.status_code == 400
    assert "portal" not in client.session
    failed = AccessEvent.objects.get(action=Action.LOGIN_FAILED)
    assert failed.detail["reason"] == "the state does not match"


def test_a_callback_without_a_started_log_in_is_refused(client, portal_oidc):
    answer = client.get("/portal/callback/?code=abc&state=def")
    assert answer.status_code == 400
    assert "portal" not in client.session


def test_the_state_cannot_be_used_twice(client, portal_oidc):
    world = build_world()
    callback = _start(client, portal_oidc, sub="s", claims={"pid": world.child.identity_number})
    assert client.get(_path(callback)).status_code == 302
    client.session.pop("portal", None)
    assert client.get(_path(callback)).status_code == 400


def test_a_wrong_nonce_is_refused(client, portal_oidc):
    world = build_world()
    callback = _start(client, portal_oidc, sub="s", claims={"pid": world.child.identity_number})
    session = client.session
    session[oidc.FLOW_SESSION_KEY]["nonce"] = "another-nonce"
    session.save()
    answer = client.get(_path(callback))
    assert answer.status_code == 400
    assert "portal" not in client.session
    assert "nonce" in AccessEvent.objects.get(action=Action.LOGIN_FAILED).detail["reason"]


def test_a_wrong_pkce_verifier_is_refused_by_the_provider(client, portal_oidc):
    world = build_world()
    callback = _start(client, portal_oidc, sub="s", claims={"pid": world.child.identity_number})
    session = client.session
    session[oidc.FLOW_SESSION_KEY]["verifier"] = "x" * 64
    session.save()
    answer = client.get(_path(callback))
    assert answer.status_code == 400
    assert portal_oidc.guard.refused
    assert "portal" not in client.session


def test_a_token_from_another_issuer_is_refused(client, portal_oidc, monkeypatch):
    world = build_world()
    callback = _start(client, portal_oidc, sub="s", claims={"pid": world.child.identity_number})
    real = oidc.provider()
    monkeypatch.setattr(
        oidc,
        "provider",
        lambda: oidc.Provider(
            issuer="https://idporten.example",
            authorization_endpoint=real.authorization_endpoint,
            token_endpoint=real.token_endpoint,
            jwks_uri=real.jwks_uri,
            end_session_endpoint="",
        ),
    )
    answer = client.get(_path(callback))
    assert answer.status_code == 400
    assert "iss" in AccessEvent.objects.get(action=Action.LOGIN_FAILED).detail["reason"]


def test_a_discovery_document_for_another_issuer_is_refused(portal_oidc, monkeypatch):
    real = oidc._http_json

    def forged(url, **kwargs):
        document = real(url, **kwargs)
        return {**document, "issuer": "https://evil.example"}

    monkeypatch.setattr(oidc, "_http_json", forged)
    with pytest.raises(oidc.OidcError, match="another issuer"):
        oidc.provider()


def test_an_id_token_without_pid_is_refused(client, portal_oidc):
    callback = _start(client, portal_oidc, sub="nopid", claims={"name": "Ola"})
    assert client.get(_path(callback)).status_code == 400
    assert "portal" not in client.session


def test_an_unknown_pid_is_told_we_have_nothing_and_shown_nothing(client, portal_oidc):
    build_world()
    callback = _start(client, portal_oidc, sub="stranger", claims={"pid": "02448510185"})
    answer = client.get(_path(callback))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Vi har ingenting om deg" in page
    assert "Sara" not in page
    assert "Testesen" not in page
    login = AccessEvent.objects.get(action=Action.LOGIN)
    assert login.child_id is None
    assert login.chain == "national"
    assert client.get("/portal/").status_code == 200


def test_log_out_ends_the_portal_session_and_the_providers(client, portal_oidc):
    world = build_world()
    callback = _start(client, portal_oidc, sub="s", claims={"pid": world.child.identity_number})
    client.get(_path(callback))
    answer = client.post("/portal/logout/")
    assert answer.status_code == 302
    assert answer["Location"].startswith(f"{portal_oidc.url}/oauth2/end_session?")
    assert "portal" not in client.session
    assert AccessEvent.objects.filter(action=Action.LOGOUT, child_id=world.child.pk).exists()
    assert client.get(f"/portal/{world.child.pk}/")["Location"] == "/portal/"


def test_an_idle_portal_session_ends(client, settings):
    from portal.tests.helpers import portal_log_in

    world = build_world()
    portal_log_in(client, world.child.identity_number)
    session = client.session
    session["portal"]["seen_at"] = time.time() - settings.SESSION_COOKIE_AGE - 1
    session.save()
    assert client.get(f"/portal/{world.child.pk}/")["Location"] == "/portal/"


def test_log_in_is_not_offered_when_not_configured(client, settings):
    settings.PORTAL_OIDC_ISSUER = ""
    assert "ID-porten" not in client.get("/portal/").content.decode().split("<main")[1]
    assert client.get("/portal/login/").status_code == 404


# --- The ID token checks, one by one, with our own signing key --------------------------------


@pytest.fixture
def signer(settings, monkeypatch):
    settings.PORTAL_OIDC_CLIENT_ID = CLIENT_ID
    settings.PORTAL_OIDC_ACR_VALUES = ""
    key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    monkeypatch.setattr(
        oidc,
        "provider",
        lambda: oidc.Provider(
            issuer="https://idporten.example",
            authorization_endpoint="https://idporten.example/authorize",
            token_endpoint="https://idporten.example/token",
            jwks_uri="https://idporten.example/jwks",
            end_session_endpoint="",
        ),
    )
    monkeypatch.setattr(oidc, "_keys", lambda uri, refresh=False: KeySet([key]))

    def sign(signing_key=key, header=None, **changes):
        now = int(time.time())
        claims = {
            "iss": "https://idporten.example",
            "aud": CLIENT_ID,
            "sub": "abc",
            "iat": now,
            "exp": now + 120,
            "nonce": "n1",
            "pid": "01411250187",
        }
        claims.update(changes)
        claims = {key_: value for key_, value in claims.items() if value is not None}
        return jwt.encode(header or {"alg": "RS256", "kid": "k1"}, claims, signing_key)

    return sign


def test_a_good_id_token_passes(signer):
    assert oidc.id_token_verify(signer(), nonce="n1")["pid"] == "01411250187"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"iss": "https://evil.example"}, "iss"),
        ({"aud": "another-client"}, "aud"),
        ({"exp": int(time.time()) - 3600}, "exp"),
        ({"exp": None}, "exp"),
        ({"nonce": "n2"}, "nonce"),
        ({"iat": int(time.time()) + 3600}, "future"),
        ({"aud": [CLIENT_ID, "other"]}, "several clients"),
    ],
)
def test_a_bad_id_token_is_refused(signer, changes, reason):
    with pytest.raises(oidc.OidcError, match=reason):
        oidc.id_token_verify(signer(**changes), nonce="n1")


def test_a_token_signed_with_another_key_is_refused(signer):
    other = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    with pytest.raises(oidc.OidcError, match="signature"):
        oidc.id_token_verify(signer(signing_key=other), nonce="n1")


def test_an_acr_below_the_required_level_is_refused(signer, settings):
    settings.PORTAL_OIDC_ACR_VALUES = "idporten-loa-high"
    with pytest.raises(oidc.OidcError, match="assurance"):
        oidc.id_token_verify(signer(acr="idporten-loa-substantial"), nonce="n1")
    assert oidc.id_token_verify(signer(acr="idporten-loa-high"), nonce="n1")


def test_only_https_is_called_except_on_this_machine():
    assert oidc._check_url("http://127.0.0.1:9000/x")
    with pytest.raises(oidc.OidcError):
        oidc._check_url("http://idporten.example/x")
