from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from people.models import User
from people.tokens import (
    ALL_SCOPES,
    DAYS_DEFAULT,
    DAYS_MAX,
    api_token_issue,
    api_token_revoke,
    api_tokens_live,
)


class Command(BaseCommand):
    help = (
        "Print a new bearer token for the JSON API (/api/v1/) that acts with USERNAME's rights, "
        "as they are on each request, within its scopes and until it expires. The token is "
        "shown only this once. With --revoke, revoke the user's live tokens called NAME instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument(
            "--scopes",
            default="read",
            help=(
                "Comma- or space-separated scopes: "
                + ", ".join(ALL_SCOPES)
                + "; 'read' is every read scope, 'all' every scope. Default: read."
            ),
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DAYS_DEFAULT,
            help=f"Days until the token expires, 1 to {DAYS_MAX}. Default: {DAYS_DEFAULT}.",
        )
        parser.add_argument(
            "--revoke", action="store_true", help="Revoke the user's live tokens called --name."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no user called {options['username']}.")
        name = options["name"].strip()
        if options["revoke"]:
            if not name:
                raise CommandError("Say which tokens to revoke with --name.")
            tokens = api_tokens_live(user=user, name=name)
            for token in tokens:
                api_token_revoke(token=token)
            self.stdout.write(f"Revoked {len(tokens)} token(s) called {name!r}.")
            return
        if not user.is_active:
            raise CommandError(f"{user.username} is not an active user.")
        if len(name) > 100:
            raise CommandError("The name can be at most 100 characters.")
        try:
            token, raw = api_token_issue(
                user=user,
                name=name or "API token",
                scopes=options["scopes"].replace(",", " ").split(),
                days=options["days"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(f"Scopes: {token.scopes}. Expires: {token.expires_at:%Y-%m-%d %H:%M %Z}.")
        self.stdout.write(raw)
