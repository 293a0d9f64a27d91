"""`migrate` as the tables' owner: connections otherwise switch to DATABASE_APP_ROLE, which may
not create or alter tables (tenancy/scope.py)."""

from typing import Any

from django.core.management.commands.migrate import Command as DjangoMigrateCommand

from tenancy.scope import owner_session


class Command(DjangoMigrateCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        with owner_session(using=options["database"]):
            super().handle(*args, **options)
