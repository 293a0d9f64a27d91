"""Who may change a concern and act as its responsible person (`concerns.access`), with a concern
raised by one person in the school and handed to another as responsible."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from concerns.access import access_concern
from concerns.models import Concern, Level
from concerns.services import concern_raise

pytestmark = pytest.mark.django_db


def _raised_by_colleague(world, *, level: int) -> Concern:
    """Raised by the colleague, with the coordinator (same school) as the responsible person.
    A concern reaches level 2 through a team; here the level is set directly, as only the
    access rule is under test."""
    concern = concern_raise(
        actor=world.colleague,
        unit=world.school,
        child=world.child,
        observed="Kommer sent hver dag.",
        level=Level.OWN_UNIT,
        responsible=world.coordinator,
    )
    Concern.objects.filter(pk=concern.pk).update(level=level)
    return concern


def test_at_level_1_anyone_in_the_unit_may_change_the_concern(world):
    concern = _raised_by_colleague(world, level=Level.OWN_UNIT)
    assert access_concern(world.colleague, concern.pk, for_write=True) == concern


def test_from_level_2_only_the_responsible_person_may_change_the_concern(world):
    concern = _raised_by_colleague(world, level=Level.COLLABORATION)
    assert access_concern(world.colleague, concern.pk) == concern  # who raised it still reads
    with pytest.raises(PermissionDenied):
        access_concern(world.colleague, concern.pk, for_write=True)
    assert access_concern(world.coordinator, concern.pk, for_write=True) == concern


def test_who_raised_a_concern_does_not_act_as_its_responsible_person(world):
    concern = _raised_by_colleague(world, level=Level.OWN_UNIT)
    with pytest.raises(PermissionDenied):
        access_concern(world.colleague, concern.pk, as_responsible=True)
    assert access_concern(world.coordinator, concern.pk, as_responsible=True) == concern
