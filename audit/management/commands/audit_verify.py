from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.anchors import key_id, verifying_key
from audit.selectors import access_events_verify, access_log_anchors_check


class Command(BaseCommand):
    help = (
        "Verify the hash chains of the access log. Fails and names every row that was changed "
        "or removed. Prints each chain's head so it can be recorded outside the database. With "
        "--anchors, also checks the signed anchors written by the daily anchor job: that they are "
        "signed by the configured key and that no chain was cut back behind one of them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchors",
            type=Path,
            metavar="PATH",
            help="an anchor file, or the directory of anchor files (*.jsonl), to check against",
        )
        parser.add_argument(
            "--since-last-anchor",
            action="store_true",
            help=(
                "walk each chain from its newest anchor signed by the configured key (recorded "
                "by the daily anchor job) instead of from its first event: the time depends on "
                "the events since, not on the size of the log. Run the full walk too, less often."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors_path: Path | None = options["anchors"]
        problems: list[str] = []
        anchor_summary = ""
        if anchors_path is not None:
            try:
                key = verifying_key()
                check = access_log_anchors_check(path=anchors_path, key=key)
            except (ImproperlyConfigured, OSError) as error:
                raise CommandError(f"Cannot check the anchors: {error}") from None
            if check.files == 0:
                raise CommandError(f"No anchor files (*.jsonl) in {anchors_path}.")
            problems += [f"ANCHOR {problem}" for problem in check.problems]
            anchor_summary = (
                f" {check.anchors} signed anchor(s) in {check.files} file(s) hold "
                f"(key {key_id(key)})."
            )
        since_key = None
        if options["since_last_anchor"]:
            try:
                since_key = verifying_key()
            except ImproperlyConfigured as error:
                raise CommandError(f"Cannot check the anchors: {error}") from None
        result = access_events_verify(since_key=since_key)
        problems += [f"BROKEN {problem}" for problem in result.problems]
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The access log has been tampered with: {len(problems)} problem(s), "
                f"first: {problems[0]}"
            )
        for chain, (sequence, digest) in sorted(result.heads.items()):
            self.stdout.write(f"chain {chain}: {sequence} events, head {digest}")
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {result.events_checked} access events in {len(result.heads)} chains "
                f"verified{' since the last anchor' if since_key else ''}.{anchor_summary}"
            )
        )
