from __future__ import annotations

from datetime import timedelta
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
        "signed by the configured key and that no chain was cut back behind one of them. Reads "
        "recorded but not yet sealed into their chain are counted; one older than "
        "AUDIT_UNSEALED_MAX_AGE seconds fails the check too (the sealer, audit_seal, stopped)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchors",
            type=Path,
            metavar="PATH",
            help="an anchor file, or the directory of anchor files (*.jsonl), to check against",
        )
        parser.add_argument(
            "--unsealed-max-age",
            type=int,
            metavar="SECONDS",
            help="how long a read may wait to be sealed (default: AUDIT_UNSEALED_MAX_AGE)",
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
        max_age: int | None = options["unsealed_max_age"]
        result = access_events_verify(
            unsealed_max_age=timedelta(seconds=max_age) if max_age is not None else None,
            since_key=since_key,
        )
        tampered = [problem for problem in result.problems if not problem.sealer_stopped]
        stopped = [problem for problem in result.problems if problem.sealer_stopped]
        problems += [f"BROKEN {problem}" for problem in tampered]
        problems += [f"UNSEALED {problem}" for problem in stopped]
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            what = (
                "The access log's sealer has stopped"
                if len(stopped) == len(problems)
                else "The access log has been tampered with"
            )
            raise CommandError(f"{what}: {len(problems)} problem(s), first: {problems[0]}")
        for chain, (sequence, digest) in sorted(result.heads.items()):
            waiting = result.unsealed.get(chain, 0)
            unsealed = f", {waiting} waiting to be sealed" if waiting else ""
            self.stdout.write(f"chain {chain}: {sequence} events, head {digest}{unsealed}")
        for chain in sorted(set(result.unsealed) - set(result.heads)):
            self.stdout.write(f"chain {chain}: {result.unsealed[chain]} waiting to be sealed")
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {result.events_checked} access events in {len(result.heads)} chains "
                f"verified{' since the last anchor' if since_key else ''}.{anchor_summary}"
            )
        )
