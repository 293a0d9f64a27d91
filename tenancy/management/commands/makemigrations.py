"""`makemigrations` as the tables' owner, like `migrate`: its consistency check reads the migration
history, and on a new database server the application role (DATABASE_APP_ROLE) does not exist
until the first migration has created it (tenancy/scope.py)."""

from typing import Any

from django.core.management.commands.makemigrations import Command as DjangoMakemigrationsCommand
from django.db import connections

from tenancy.scope import owner_session


class Command(DjangoMakemigrationsCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        with owner_session():
            try:
                super().handle(*args, **options)
            finally:
                # Closed as the owner, so that nothing switches to a role that may not exist yet.
                connections.close_all()
