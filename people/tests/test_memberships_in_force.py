"""A user's memberships in force, read once per request and never kept across requests."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import Role
from people.selectors import memberships_in_force, memberships_read_once, works_in
from people.services.accounts import user_deactivate
from tests.factories import UnitFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def test_outside_a_request_every_call_reads():
    user = UserFactory()
    unit = UnitFactory()
    member(user, unit, Role.PROFESSIONAL)
    with CaptureQueriesContext(connection) as captured:
        assert works_in(user=user, unit_id=unit.pk)
        assert works_in(user=user, unit_id=unit.pk)
    assert len(captured) == 2


def test_within_a_request_they_are_read_once_and_read_again_after_a_change():
    user = UserFactory()
    unit, other = UnitFactory(), UnitFactory()
    membership = member(user, unit, Role.PROFESSIONAL)
    with memberships_read_once():
        with CaptureQueriesContext(connection) as captured:
            assert works_in(user=user, unit_id=unit.pk)
            assert not works_in(user=user, unit_id=other.pk)
            assert [m.pk for m in memberships_in_force(user=user)] == [membership.pk]
        assert len(captured) == 1
        # Ending the membership in the same request takes effect at once.
        membership.ended_on = timezone.localdate() - datetime.timedelta(days=1)
        membership.save(update_fields=["ended_on"])
        assert not works_in(user=user, unit_id=unit.pk)
        member(user, other, Role.PROFESSIONAL)
        assert works_in(user=user, unit_id=other.pk)
    # The next request starts afresh.
    with memberships_read_once(), CaptureQueriesContext(connection) as next_request:
        assert works_in(user=user, unit_id=other.pk)
    assert len(next_request) == 1


def test_an_unknown_unit_is_no_unit_the_user_works_in():
    user = UserFactory()
    member(user, UnitFactory(), Role.PROFESSIONAL)
    assert not works_in(user=user, unit_id=None)  # type: ignore[arg-type]


def test_a_user_deactivated_in_the_request_works_nowhere_at_once():
    user, admin = UserFactory(), UserFactory()
    unit = UnitFactory()
    member(user, unit, Role.PROFESSIONAL)
    with memberships_read_once():
        assert works_in(user=user, unit_id=unit.pk)
        user_deactivate(user=user, deactivated_by=admin)
        assert not works_in(user=user, unit_id=unit.pk)
        user.refresh_from_db()
        assert memberships_in_force(user=user) == []
