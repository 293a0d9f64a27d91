from __future__ import annotations

import signal
import time
from signal import SIGINT, SIGTERM
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import Error, connection

from audit.services import access_events_seal


class Command(BaseCommand):
    help = (
        "Seal the access events recorded unsealed (reads) into their chains: number, link and "
        "hash them in id order and move each chain head. Once, or with --every SECONDS as the "
        "long-running sealer (a systemd service next to db_worker). Any number may run at once: "
        "each chain is sealed by one at a time, and an event is sealed exactly once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="keep running, sealing every SECONDS (1 in production) until stopped",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every: float | None = options["every"]
        if every is None:
            sealed = access_events_seal()
            self.stdout.write(f"sealed {sealed} access event(s)")
            return
        if every <= 0:
            raise CommandError("--every needs a number of seconds above 0.")
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        previous = {number: signal.signal(number, stop) for number in (SIGTERM, SIGINT)}
        try:
            self.stdout.write(f"sealing the access log every {every:g} s")
            while not stopping:
                started = time.monotonic()
                try:
                    sealed = access_events_seal()
                except Error as error:
                    # A lost connection or a restarting database: try again next round with a
                    # new connection; nothing was half done (each batch is one transaction).
                    self.stderr.write(f"sealing failed, trying again: {error}")
                    connection.close()
                    sealed = 0
                if sealed:
                    self.stdout.write(f"sealed {sealed} access event(s)")
                time.sleep(max(0.0, every - (time.monotonic() - started)))
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
