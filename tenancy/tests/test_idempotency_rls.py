"""The stored idempotent answers (`core.IdempotencyKey`) under row-level security: a connection
sees only the answers of the owner it names (core/api/idempotency.py), or all under `all`."""

from __future__ import annotations

import pytest
from django.db import connection

from core.api.idempotency import owner_scope
from core.models import IdempotencyKey
from tenancy import scope

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security: PostgreSQL"),
    pytest.mark.django_db,
]


def _store(owner: str) -> None:
    IdempotencyKey.objects.create(
        owner=owner, key="k", fingerprint="f", status=200, content="{}", content_type="x"
    )


def test_a_request_sees_only_its_own_owners_answers():
    _store("a" * 64)
    _store("b" * 64)
    scope.scope_set(municipalities=["4001"])
    try:
        assert IdempotencyKey.objects.count() == 0
        with owner_scope("a" * 64):
            assert list(IdempotencyKey.objects.values_list("owner", flat=True)) == ["a" * 64]
            assert IdempotencyKey.objects.filter(owner="b" * 64).delete()[0] == 0
        assert IdempotencyKey.objects.count() == 0
    finally:
        scope.scope_set(municipalities=None)
    assert IdempotencyKey.objects.count() == 2
