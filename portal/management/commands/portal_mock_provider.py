"""Run the local OpenID Connect provider that stands in for ID-porten in development and the
demo (`portal/devprovider.py`, on top of `oidc-provider-mock`, a development dependency), with
the demo's young people and guardians ready to pick.

It reads the portal's own settings, so the provider and the portal cannot disagree: it listens
on the port of PORTAL_OIDC_ISSUER (http://127.0.0.1:<port>) and accepts only the client
PORTAL_OIDC_CLIENT_ID with the secret PORTAL_OIDC_CLIENT_SECRET. `make demo-portal` sets all
three for both (docs/portal.md)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import warnings
from contextlib import ExitStack
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LOCAL_HOSTS = ("127.0.0.1", "localhost")


def _local_port(issuer: str) -> int:
    """The port of a provider on this machine over plain HTTP, the only kind this command runs."""
    try:
        parts = urlsplit(issuer)
        port = parts.port
    except ValueError:
        parts, port = urlsplit(""), None
    if parts.scheme != "http" or parts.hostname not in LOCAL_HOSTS or not port or parts.path:
        raise CommandError(
            f"PORTAL_OIDC_ISSUER is {issuer!r}; the local provider runs only at "
            "http://127.0.0.1:<port> (make demo-portal sets it)."
        )
    return port


def _answers(issuer: str) -> bool:
    """Whether a provider at `issuer` publishes its discovery document naming that issuer."""
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (http://127.0.0.1 only)
            document = json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError):
        return False
    return isinstance(document, dict) and document.get("issuer") == issuer


def _idle() -> None:
    """Until Ctrl+C (or the signal from `make demo-portal`'s end) stops the process."""
    while True:
        time.sleep(3600)


class Command(BaseCommand):
    help = (
        "Run the local OpenID Connect provider (development and demo only) at "
        "PORTAL_OIDC_ISSUER, for the client PORTAL_OIDC_CLIENT_ID with PORTAL_OIDC_CLIENT_SECRET."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--wait",
            type=float,
            metavar="SECONDS",
            help="Do not run a provider: wait until the one at PORTAL_OIDC_ISSUER answers, "
            "and fail if it does not within this many seconds.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        issuer = settings.PORTAL_OIDC_ISSUER
        port = _local_port(issuer)
        if options["wait"] is not None:
            deadline = time.monotonic() + options["wait"]
            while not _answers(issuer):
                if time.monotonic() > deadline:
                    raise CommandError(f"No OpenID Connect provider answers at {issuer}.")
                time.sleep(0.2)
            return
        client_id = settings.PORTAL_OIDC_CLIENT_ID
        secret = settings.PORTAL_OIDC_CLIENT_SECRET
        if not client_id or not secret:
            raise CommandError(
                "Set PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET: the provider accepts "
                "only that client, as ID-porten does (make demo-portal sets both)."
            )
        try:
            # The mock's own dependencies warn about their deprecations; not the demo's concern.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                from portal.devprovider import DEMO_USERS, DevClient, demo_users, provider_running
        except ImportError as error:
            raise CommandError(
                "oidc-provider-mock is a development dependency: "
                "pip install -r requirements-dev.txt"
            ) from error
        client = DevClient(client_id=client_id, secret=secret)
        with ExitStack() as stack:
            try:
                provider = stack.enter_context(
                    provider_running(port=port, users=demo_users(), client=client)
                )
            except OSError as error:
                raise CommandError(
                    f"The provider cannot listen on port {port} ({error.strerror}). Is another "
                    "one running? Choose another port, e.g. make demo-portal PROVIDER_PORT=9401."
                ) from None
            self.stdout.write(
                f"OpenID Connect provider at {provider.url} for the client {client_id} – "
                "Ctrl-C stops it."
            )
            for sub, _pid, name in DEMO_USERS:
                self.stdout.write(f"  {sub}: {name}")
            try:
                _idle()
            except KeyboardInterrupt:
                self.stdout.write("Stopped.")
