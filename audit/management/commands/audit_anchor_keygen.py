from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.anchors import key_id, public_key_base64, verifying_key


class Command(BaseCommand):
    help = (
        "Create an Ed25519 key pair for signing the access log anchors and print its public key. "
        "Without --out the private key is printed once, as AUDIT_ANCHOR_SIGNING_KEY; with --out "
        "it is written to a new PEM file readable only by its owner "
        "(AUDIT_ANCHOR_SIGNING_KEY_FILE). --show-public prints the public key of the configured "
        "key instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            metavar="FILE",
            help="write the private key to this new PEM file (never overwrites)",
        )
        parser.add_argument(
            "--show-public",
            action="store_true",
            help="print the public key of the configured signing or public key, create nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["show_public"]:
            if options["out"] is not None:
                raise CommandError("--show-public creates nothing; leave out --out.")
            try:
                public = verifying_key()
            except ImproperlyConfigured as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"AUDIT_ANCHOR_PUBLIC_KEY={public_key_base64(public)}")
            self.stdout.write(f"key id: {key_id(public)}")
            return

        key = Ed25519PrivateKey.generate()
        public = key.public_key()
        out: Path | None = options["out"]
        if out is None:
            raw = key.private_bytes(
                serialization.Encoding.Raw,
                serialization.PrivateFormat.Raw,
                serialization.NoEncryption(),
            )
            self.stdout.write(f"AUDIT_ANCHOR_SIGNING_KEY={base64.b64encode(raw).decode('ascii')}")
        else:
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            try:
                descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except OSError as error:
                raise CommandError(f"Cannot create {out}: {error}") from None
            with os.fdopen(descriptor, "wb") as key_file:
                key_file.write(pem)
            self.stdout.write(f"AUDIT_ANCHOR_SIGNING_KEY_FILE={out}")
        self.stdout.write(f"AUDIT_ANCHOR_PUBLIC_KEY={public_key_base64(public)}")
        self.stdout.write(f"key id: {key_id(public)}")
        self.stderr.write(
            "Keep the private key secret and out of the database's backups; give the public key "
            "to whoever verifies the anchors (docs/security.md)."
        )
