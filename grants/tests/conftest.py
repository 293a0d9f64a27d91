from __future__ import annotations

import pytest

from grants.catalogue import schemes_load
from grants.models import Scheme
from people.models import AnalystAccess, Membership, Role
from tests.factories import UnitFactory, UserFactory, municipality

PORSGRUNN, SKIEN = "4001", "4003"


@pytest.fixture
def schemes(db) -> dict[str, Scheme]:
    schemes_load()
    return {scheme.key: scheme for scheme in Scheme.objects.all()}


def leader_of(number: str, role: str = Role.MUNICIPAL_LEADER):
    user = UserFactory()
    Membership.objects.create(user=user, municipality=municipality(number), role=role)
    return user


def analyst_of(county_number: str | None):
    user = UserFactory()
    AnalystAccess.objects.create(user=user, county_id=county_number, organisation="SF")
    return user


@pytest.fixture
def leader(db):
    return leader_of(PORSGRUNN)


@pytest.fixture
def school(db):
    return UnitFactory(municipality=municipality(PORSGRUNN), name="Vestsiden ungdomsskole")
