"""The data migration that encrypts identity numbers stored in plain text before."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from children.identity import identity_number_decrypt, identity_number_lookup_hash

try:
    from tenancy.scope import owner_session
except ImportError:  # without the row-level security layer there is no owner to switch to
    from contextlib import nullcontext as owner_session  # type: ignore[assignment]

BEFORE = [("children", "0002_jobs_and_retention")]
AFTER = [("children", "0005_identity_number_plain_removed")]
SARA = "01411250187"
MONA = "02448510185"


def _migrate(targets):
    # On PostgreSQL with row-level security the app role does not own the tables; migrations
    # run as the owner, as `manage.py migrate` does.
    with owner_session():
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        if targets is None:  # every app to its newest migration, as the tests after this expect
            targets = executor.loader.graph.leaf_nodes()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_plain_numbers_are_encrypted_and_the_plain_column_is_gone():
    from tests.factories import UserFactory, municipality

    place, user = municipality("4001"), UserFactory()
    old = _migrate(BEFORE)
    try:
        child = old.get_model("children", "Child").objects.create(
            municipality_id=place.pk,
            given_name="Sara",
            family_name="Gammel",
            birth_date=datetime.date(2012, 1, 1),
            identity_number=SARA,
            created_by_id=user.pk,
        )
        guardian = old.get_model("children", "Guardian").objects.create(
            municipality_id=place.pk,
            child=child,
            name="Mona",
            relation="mor",
            has_parental_responsibility=True,
            identity_number=MONA,
        )
        new = _migrate(AFTER)
        stored = new.get_model("children", "Child").objects.get(pk=child.pk)
        stored_guardian = new.get_model("children", "Guardian").objects.get(pk=guardian.pk)
    finally:
        _migrate(None)
    assert SARA not in stored.identity_number_encrypted
    assert stored.identity_number_hash == identity_number_lookup_hash(SARA)
    assert (
        identity_number_decrypt(
            stored.identity_number_encrypted,
            column="children.Child.identity_number",
            row_id=child.pk,
        )
        == SARA
    )
    assert (
        identity_number_decrypt(
            stored_guardian.identity_number_encrypted,
            column="children.Guardian.identity_number",
            row_id=guardian.pk,
        )
        == MONA
    )
    with connection.cursor() as cursor:
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, "children_child")
        ]
    assert "identity_number" not in columns
