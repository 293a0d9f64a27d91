from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from children.identity import IdentityNumberDecryptionError, keyring
from children.services import identity_numbers_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored identity number under the current key (the first of "
        "IDENTITY_NUMBER_KEYS) and recompute its lookup hash under IDENTITY_NUMBER_HMAC_KEY, in "
        "batches of one transaction each. Idempotent: rows already under the current keys are "
        "left alone. See docs/security.md, 'Identity numbers at rest'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, metavar="N")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            ring = keyring()
            results = identity_numbers_rotate(batch_size=options["batch_size"])
        except (ImproperlyConfigured, IdentityNumberDecryptionError) as error:
            raise CommandError(f"Rotation stopped: {error}") from None
        for label, result in results.items():
            self.stdout.write(
                f"{label}: {result.checked} checked, {result.rewritten} re-encrypted, "
                f"{result.checked - result.rewritten} already current"
            )
        self.stdout.write(f"Every identity number is now under key {ring.current_id!r}.")
        if ring.hmac_previous_key is not None:
            self.stdout.write(
                "Every lookup hash is under the current HMAC key: remove "
                "IDENTITY_NUMBER_HMAC_PREVIOUS_KEY from the configuration now."
            )
