from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from directory.services import review_reminders_send


class Command(BaseCommand):
    help = "E-mail the owners of directory entries not reviewed for 12 months. Run daily."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = review_reminders_send()
        self.stdout.write(f"Sent {sent} review reminder(s).")
