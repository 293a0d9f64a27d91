from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from people.models import User
from people.services import enrolment_link_issue


class Command(BaseCommand):
    help = (
        "Issue a one-time enrolment link for USERNAME, with which they choose their own "
        "password and set up their second factor: for the first administrator of a new "
        "installation, or an operator. The link is e-mailed when the user has an address and "
        "printed here otherwise. Earlier open links of the user stop working. Audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user is called {options['username']!r}.")
        try:
            link = enrolment_link_issue(
                user=user, issued_by=None, actor_label="manage.py enrolment_link"
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        expires = link.invitation.expires_at.isoformat(timespec="minutes")
        if link.emailed_to:
            self.stdout.write(f"Enrolment link sent to {link.emailed_to}, valid until {expires}.")
        else:
            self.stdout.write(f"Enrolment link, valid until {expires} (shown only now):")
        # Printed in both cases: the operator running this already controls the server.
        self.stdout.write(link.url)
