from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.selectors import access_events_verify


class Command(BaseCommand):
    help = (
        "Verify the hash chains of the access log. Fails and names every row that was changed "
        "or removed. Prints each chain's head so it can be recorded outside the database."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = access_events_verify()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(f"BROKEN {problem}")
            raise CommandError(
                f"The access log has been tampered with: {len(result.problems)} problem(s), "
                f"first at {result.problems[0]}."
            )
        for chain, (sequence, digest) in sorted(result.heads.items()):
            self.stdout.write(f"chain {chain}: {sequence} events, head {digest}")
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {result.events_checked} access events in {len(result.heads)} chains verified."
            )
        )
