"""The local OpenID Connect provider for tests and development: `oidc-provider-mock` (a Flask
app) on a free port of this machine, behind a small WSGI layer that enforces PKCE (S256), which
the mock itself does not check, so the real flow – verifier and all – is exercised."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import oidc_provider_mock  # type: ignore[import-untyped]
import werkzeug.serving


@dataclass
class PkceGuard:
    """Remembers each authorization code's challenge and refuses a token request whose
    `code_verifier` does not match it (RFC 7636 § 4.6)."""

    app: object
    challenges: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/oauth2/token" and environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
            form = parse_qs(body.decode())
            code = form.get("code", [""])[0]
            verifier = form.get("code_verifier", [""])[0]
            challenge = self.challenges.pop(code, None)
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            if challenge is None or digest.rstrip(b"=").decode() != challenge:
                self.refused.append(code)
                payload = json.dumps({"error": "invalid_grant"}).encode()
                start_response(
                    "400 Bad Request",
                    [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
                )
                return [payload]
            environ["wsgi.input"] = io.BytesIO(body)
        if path == "/oauth2/authorize":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            challenge = query.get("code_challenge", [""])[0]
            method = query.get("code_challenge_method", [""])[0]

            def remember(status, headers, exc_info=None):
                location = dict(headers).get("Location", "")
                code = parse_qs(urlsplit(location).query).get("code", [""])[0]
                if code and challenge and method == "S256":
                    self.challenges[code] = challenge
                return start_response(status, headers, exc_info)

            return self.app(environ, remember)  # type: ignore[operator]
        return self.app(environ, start_response)  # type: ignore[operator]


@dataclass
class RunningProvider:
    url: str
    guard: PkceGuard

    def user_set(self, sub: str, claims: dict[str, object]) -> None:
        """Give a user (`sub`) the claims their ID token will carry, e.g. `pid`."""
        import httpx

        httpx.put(f"{self.url}/users/{sub}", json=claims).raise_for_status()


@contextmanager
def provider_running(
    *, port: int = 0, users: Sequence[oidc_provider_mock.User] = (), require_nonce: bool = True
) -> Iterator[RunningProvider]:
    """The provider on 127.0.0.1 (a free port unless one is given), stopped at the end."""
    app = oidc_provider_mock.app(require_nonce=require_nonce, user_claims=users)
    guard = PkceGuard(app)
    server = werkzeug.serving.make_server("127.0.0.1", port, guard, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield RunningProvider(url=f"http://127.0.0.1:{server.server_port}", guard=guard)
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
