"""A PostgreSQL backend for the test suite only (config/settings_test.py).

Django empties the database between transactional tests with TRUNCATE, which the application
role may not do and the audit tables refuse by trigger (audit migration 0005). The test run
logs in as a superuser, so its flush steps out of the application role and turns triggers off
for that one transaction: exactly what nobody else can do."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list: Iterable[str]) -> None:
        with (
            transaction.atomic(
                using=self.connection.alias,
                savepoint=self.connection.features.can_rollback_ddl,
            ),
            self.connection.cursor() as cursor,
        ):
            # SET LOCAL: the role and the triggers come back when the transaction ends.
            cursor.execute("SET LOCAL ROLE NONE")
            cursor.execute("SET LOCAL session_replication_role = replica")
            for sql in sql_list:
                cursor.execute(sql)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
