"""Run the local OpenID Connect provider for the portal in development and the demo.

It is `oidc-provider-mock` (a development dependency) behind the same PKCE check the tests use,
with the demo's young people and guardians ready to pick. Point the portal at it with
PORTAL_OIDC_ISSUER=http://127.0.0.1:9400 and PORTAL_OIDC_CLIENT_ID=laget-demo."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

# Fictional H-numbers (month + 40): never in the population register. The children's numbers
# are the demo's own (teams/demo.py); the guardians' are given to them by docs/portal.md.
DEMO_USERS = [
    ("emma", "14431250064", "Emma Fjell (14)"),
    ("lina", "20491050188", "Lina Haugen (16)"),
    ("hanne", "11458215040", "Hanne Fjell, Emma's mother"),
    ("ingrid", "17428615069", "Ingrid Berg, Noah's mother"),
]


class Command(BaseCommand):
    help = "Run the local OpenID Connect provider (development and demo only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=9400)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            from oidc_provider_mock import User  # type: ignore[import-untyped]

            from portal.devprovider import provider_running
        except ImportError as error:
            raise CommandError(
                "oidc-provider-mock is a development dependency: "
                "pip install -r requirements-dev.txt"
            ) from error
        users = [User(sub=sub, claims={"pid": pid, "name": name}) for sub, pid, name in DEMO_USERS]
        with provider_running(port=options["port"], users=users) as running:
            self.stdout.write(f"OpenID Connect provider at {running.url} – Ctrl-C stops it.")
            for sub, _pid, name in DEMO_USERS:
                self.stdout.write(f"  {sub}: {name}")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                self.stdout.write("Stopped.")
