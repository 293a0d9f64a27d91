"""The local OpenID Connect provider that stands in for ID-porten in development, the demo
(`make demo-portal`, `manage.py portal_mock_provider`) and the tests: `oidc-provider-mock` (a
Flask app, a development dependency) on a port of this machine, behind a small WSGI layer that
does what the mock itself does not:

- it enforces PKCE (S256), so the real flow – verifier and all – is exercised;
- given a client, it accepts only that client id and secret, as ID-porten does, and answers
  `invalid_client` otherwise (the mock alone accepts any client that sends a secret).

Never imported by the running application: only by the command and the tests."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import socket
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlsplit

import oidc_provider_mock  # type: ignore[import-untyped]
import werkzeug.serving

# WSGI without the typing extras: an environ, start_response and the response's body.
Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]

TOKEN_PATH = "/oauth2/token"  # noqa: S105 (a path, not a password)
AUTHORIZE_PATH = "/oauth2/authorize"

# The demo's young people and guardians, ready to pick on the provider's page: (sub, pid, who).
# Fictional H-numbers (month + 40), never in the population register. The children's numbers
# are the demo's own (laget/demo_cases.py); the guardians' are given to them by docs/portal.md.
DEMO_USERS = [
    ("emma", "14431250064", "Emma Fjell (14)"),
    ("lina", "20491050188", "Lina Haugen (16)"),
    ("hanne", "11458215040", "Hanne Fjell, Emma's mother"),
    ("ingrid", "17428615069", "Ingrid Berg, Noah's mother"),
]


def _json_answer(start_response: StartResponse, status: str, body: dict[str, str]) -> list[bytes]:
    payload = json.dumps(body).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    start_response(status, headers)
    return [payload]


def _read_body(environ: Environ) -> bytes:
    """The request body, put back so that the app behind can read it too."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body: bytes = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    return body


@dataclass
class PkceGuard:
    """Remembers each authorization code's challenge and refuses a token request whose
    `code_verifier` does not match it (RFC 7636 § 4.6)."""

    app: WsgiApp
    challenges: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == TOKEN_PATH and environ.get("REQUEST_METHOD") == "POST":
            form = parse_qs(_read_body(environ).decode())
            code = form.get("code", [""])[0]
            verifier = form.get("code_verifier", [""])[0]
            challenge = self.challenges.pop(code, None)
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            if challenge is None or digest.rstrip(b"=").decode() != challenge:
                self.refused.append(code)
                return _json_answer(start_response, "400 Bad Request", {"error": "invalid_grant"})
        if path == AUTHORIZE_PATH:
            query = parse_qs(environ.get("QUERY_STRING", ""))
            challenge = query.get("code_challenge", [""])[0]
            method = query.get("code_challenge_method", [""])[0]

            def remember(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
                location = dict(headers).get("Location", "")
                code = parse_qs(urlsplit(location).query).get("code", [""])[0]
                if code and challenge and method == "S256":
                    self.challenges[code] = challenge
                return start_response(status, headers, exc_info)

            return self.app(environ, remember)
        return self.app(environ, start_response)


@dataclass(frozen=True)
class DevClient:
    """The one client the provider accepts, registered with it as with ID-porten."""

    client_id: str
    secret: str


@dataclass
class ClientGuard:
    """Lets only the registered client through: an authorization request must name its client
    id, a token request must authenticate with its id and secret (`client_secret_basic` or
    `client_secret_post`, RFC 6749 § 2.3.1); anything else is answered `invalid_client`."""

    app: WsgiApp
    client: DevClient
    refused: list[str] = field(default_factory=list)

    def _credentials(self, environ: Environ, form: dict[str, list[str]]) -> tuple[str, str]:
        scheme, _space, encoded = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                pair = base64.b64decode(encoded, validate=True).decode()
            except (ValueError, UnicodeDecodeError):
                return "", ""
            client_id, _colon, secret = pair.partition(":")
            return unquote_plus(client_id), unquote_plus(secret)
        return form.get("client_id", [""])[0], form.get("client_secret", [""])[0]

    def _matches(self, client_id: str, secret: str | None) -> bool:
        same_id = hmac.compare_digest(client_id.encode(), self.client.client_id.encode())
        if secret is None:
            return same_id
        return same_id and hmac.compare_digest(secret.encode(), self.client.secret.encode())

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == AUTHORIZE_PATH:
            client_id = parse_qs(environ.get("QUERY_STRING", "")).get("client_id", [""])[0]
            if not self._matches(client_id, None):
                self.refused.append(f"authorize: unknown client {client_id!r}")
                return _json_answer(
                    start_response,
                    "400 Bad Request",
                    {"error": "invalid_client", "error_description": "Unknown client_id."},
                )
        if path == TOKEN_PATH and environ.get("REQUEST_METHOD") == "POST":
            form = parse_qs(_read_body(environ).decode())
            client_id, secret = self._credentials(environ, form)
            if not self._matches(client_id, secret):
                self.refused.append(f"token: client {client_id!r} did not authenticate")
                return _json_answer(
                    start_response,
                    "401 Unauthorized",
                    {
                        "error": "invalid_client",
                        "error_description": "Client authentication failed.",
                    },
                )
        return self.app(environ, start_response)


@dataclass
class RunningProvider:
    url: str
    guard: PkceGuard
    client_guard: ClientGuard | None = None

    def user_set(self, sub: str, claims: dict[str, object]) -> None:
        """Give a user (`sub`) the claims their ID token will carry, e.g. `pid`."""
        import httpx

        httpx.put(f"{self.url}/users/{sub}", json=claims).raise_for_status()


def demo_users() -> list[Any]:
    """The demo's young people and guardians as the mock's users, each with their `pid`."""
    return [
        oidc_provider_mock.User(sub=sub, claims={"pid": pid, "name": name})
        for sub, pid, name in DEMO_USERS
    ]


@contextmanager
def provider_running(
    *,
    port: int = 0,
    users: Sequence[Any] = (),
    require_nonce: bool = True,
    client: DevClient | None = None,
) -> Iterator[RunningProvider]:
    """The provider on 127.0.0.1 (a free port unless one is given), stopped at the end. With a
    `client`, only that client id and secret are accepted; without, any client with a secret."""
    if port:
        # Werkzeug ends the whole process when the port is taken; raise OSError instead.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))
    app = oidc_provider_mock.app(require_nonce=require_nonce, user_claims=users)
    guard = PkceGuard(app)
    client_guard = ClientGuard(guard, client) if client is not None else None
    server = werkzeug.serving.make_server("127.0.0.1", port, client_guard or guard, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield RunningProvider(
            url=f"http://127.0.0.1:{server.server_port}", guard=guard, client_guard=client_guard
        )
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
