"""Log-in with OpenID Connect as ID-porten offers it: the authorization code flow with PKCE
(S256), `state` and `nonce`, and an ID token whose signature is checked against the provider's
published keys (JWKS) and whose `iss`, `aud`, `exp`, `iat` and `nonce` are checked before its
`pid` claim (the national identity number) is read.

Everything comes from settings (PORTAL_OIDC_*): the issuer's discovery document names the
endpoints. Plain HTTP is accepted only for a provider on this machine (the mock provider in
development and tests)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.no import fodselsnummer

FLOW_SESSION_KEY = "portal_oidc_flow"
# A started log-in must come back within this many seconds.
FLOW_MAX_AGE = 10 * 60
HTTP_TIMEOUT = 10
MAX_RESPONSE_BYTES = 1_000_000
# Clock difference tolerated between us and the provider, in seconds.
LEEWAY = 60
METADATA_TTL = 3600
ALGORITHMS = ["RS256", "ES256"]
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class OidcError(Exception):
    """The log-in cannot be trusted or did not complete; `reason` is for the audit log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str


@dataclass(frozen=True)
class Identity:
    pid: str
    sub: str
    id_token: str
    claims: dict[str, Any]


def is_configured() -> bool:
    return bool(settings.PORTAL_OIDC_ISSUER and settings.PORTAL_OIDC_CLIENT_ID)


def _check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS):
        return url
    raise OidcError(f"refusing to call {parts.scheme}://{parts.hostname}: only https is allowed")


def _http_json(url: str, *, data: dict[str, str] | None = None, auth: str = "") -> Any:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(_check_url(url), data=body)  # noqa: S310 (checked above)
    request.add_header("Accept", "application/json")
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:  # noqa: S310
            raw = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise OidcError(f"{url} answered {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise OidcError(f"{url} could not be reached: {error}") from None
    if len(raw) > MAX_RESPONSE_BYTES:
        raise OidcError(f"{url} answered with too much data")
    try:
        return json.loads(raw)
    except ValueError:
        raise OidcError(f"{url} did not answer with JSON") from None


_metadata_cache: dict[str, tuple[float, Provider]] = {}
_jwks_cache: dict[str, KeySet] = {}


def provider() -> Provider:
    """The configured issuer's endpoints from its discovery document, cached for an hour. The
    document must name the configured issuer exactly (OpenID Connect Discovery § 4.3)."""
    issuer = settings.PORTAL_OIDC_ISSUER
    cached = _metadata_cache.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    document = _http_json(f"{issuer}/.well-known/openid-configuration")
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise OidcError("the discovery document names another issuer")
    try:
        found = Provider(
            issuer=issuer,
            authorization_endpoint=_check_url(document["authorization_endpoint"]),
            token_endpoint=_check_url(document["token_endpoint"]),
            jwks_uri=_check_url(document["jwks_uri"]),
            end_session_endpoint=document.get("end_session_endpoint", ""),
        )
    except (KeyError, TypeError):
        raise OidcError("the discovery document lacks an endpoint") from None
    _metadata_cache[issuer] = (time.monotonic() + METADATA_TTL, found)
    return found


def _keys(jwks_uri: str, *, refresh: bool = False) -> KeySet:
    if refresh or jwks_uri not in _jwks_cache:
        try:
            _jwks_cache[jwks_uri] = KeySet.import_key_set(_http_json(jwks_uri))
        except (JoseError, ValueError, TypeError, KeyError):
            raise OidcError("the provider's keys (JWKS) could not be read") from None
    return _jwks_cache[jwks_uri]


def clear_caches() -> None:
    _metadata_cache.clear()
    _jwks_cache.clear()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def authorization_url(request: HttpRequest, *, redirect_uri: str, ui_locale: str) -> str:
    """Start a log-in: remember state, nonce and the PKCE verifier in the session (one flow at a
    time) and return the provider's authorization address."""
    found = provider()
    verifier = secrets.token_urlsafe(64)
    flow: dict[str, Any] = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": verifier,
        "redirect_uri": redirect_uri,
        "started": time.time(),
    }
    request.session[FLOW_SESSION_KEY] = flow
    challenge = _b64(hashlib.sha256(verifier.encode()).digest())
    params = {
        "response_type": "code",
        "client_id": settings.PORTAL_OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": settings.PORTAL_OIDC_SCOPES,
        "state": flow["state"],
        "nonce": flow["nonce"],
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "ui_locales": ui_locale,
    }
    if settings.PORTAL_OIDC_ACR_VALUES:
        params["acr_values"] = settings.PORTAL_OIDC_ACR_VALUES
    separator = "&" if "?" in found.authorization_endpoint else "?"
    return f"{found.authorization_endpoint}{separator}{urllib.parse.urlencode(params)}"


def _token_request(found: Provider, *, code: str, flow: dict[str, Any]) -> dict[str, Any]:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow["redirect_uri"],
        "code_verifier": flow["verifier"],
        "client_id": settings.PORTAL_OIDC_CLIENT_ID,
    }
    auth = ""
    secret = settings.PORTAL_OIDC_CLIENT_SECRET
    if secret:
        # client_secret_basic (RFC 6749 § 2.3.1): both parts form-encoded before base64.
        pair = f"{urllib.parse.quote(settings.PORTAL_OIDC_CLIENT_ID, safe='')}:"
        pair += urllib.parse.quote(secret, safe="")
        auth = "Basic " + base64.b64encode(pair.encode()).decode()
    answer = _http_json(found.token_endpoint, data=data, auth=auth)
    if not isinstance(answer, dict) or not isinstance(answer.get("id_token"), str):
        raise OidcError("the token endpoint gave no ID token")
    return answer


def id_token_verify(id_token: str, *, nonce: str) -> dict[str, Any]:
    """The ID token's claims, once its signature and claims hold; else OidcError."""
    found = provider()
    try:
        try:
            token = jwt.decode(id_token, _keys(found.jwks_uri), algorithms=ALGORITHMS)
        except JoseError:
            # The provider may have rotated its keys since we fetched them: fetch once more.
            token = jwt.decode(id_token, _keys(found.jwks_uri, refresh=True), algorithms=ALGORITHMS)
    except (JoseError, ValueError) as error:
        raise OidcError(f"the ID token's signature does not hold: {error}") from None
    claims = dict(token.claims)
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY,
        iss={"essential": True, "value": found.issuer},
        aud={"essential": True, "value": settings.PORTAL_OIDC_CLIENT_ID},
        exp={"essential": True},
        iat={"essential": True},
        sub={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except JoseError as error:
        raise OidcError(f"the ID token's claims do not hold: {error}") from None
    audience = claims["aud"]
    several = isinstance(audience, list) and len(audience) > 1
    if several and claims.get("azp") != settings.PORTAL_OIDC_CLIENT_ID:
        raise OidcError("the ID token is for several clients and not authorised for us")
    if claims["iat"] > time.time() + LEEWAY:
        raise OidcError("the ID token was issued in the future")
    wanted_acr = settings.PORTAL_OIDC_ACR_VALUES.split()
    if wanted_acr and claims.get("acr") not in wanted_acr:
        raise OidcError("the ID token has too low a level of assurance")
    return claims


def log_in_finish(request: HttpRequest) -> Identity:
    """Finish a log-in from the provider's redirect: the flow is used once, whatever happens."""
    flow = request.session.pop(FLOW_SESSION_KEY, None)
    if not isinstance(flow, dict):
        raise OidcError("no log-in was started in this browser")
    if request.GET.get("error"):
        raise OidcError(f"the provider answered {request.GET['error'][:100]}")
    if not constant_time_compare(request.GET.get("state", ""), flow["state"]):
        raise OidcError("the state does not match")
    if time.time() - flow["started"] > FLOW_MAX_AGE:
        raise OidcError("the log-in took too long")
    code = request.GET.get("code", "")
    if not code:
        raise OidcError("the provider sent no code")
    found = provider()
    answer = _token_request(found, code=code, flow=flow)
    claims = id_token_verify(answer["id_token"], nonce=flow["nonce"])
    pid = claims.get("pid")
    if not isinstance(pid, str):
        raise OidcError("the ID token has no pid claim")
    try:
        pid = fodselsnummer.validate(pid)
    except StdnumValidationError:
        raise OidcError("the pid claim is not a valid national identity number") from None
    return Identity(pid=pid, sub=str(claims["sub"]), id_token=answer["id_token"], claims=claims)


def end_session_url(*, id_token: str, post_logout_redirect_uri: str) -> str:
    """Where to send the browser so that the provider's session ends too, or '' if it has no
    end-session endpoint (or cannot be reached now)."""
    try:
        endpoint = provider().end_session_endpoint
    except OidcError:
        return ""
    if not endpoint:
        return ""
    params = {"post_logout_redirect_uri": post_logout_redirect_uri, "id_token_hint": id_token}
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urllib.parse.urlencode(params)}"
