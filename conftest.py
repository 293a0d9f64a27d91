"""Shared fixtures: the fixed cast from STYLE.md and logged-in clients; how the tests are shared
out among the test processes."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from people.models import Role, User
from tests.factories import UnitFactory, UserFactory, confirmed_device, member, municipality
from tests.scheduling import OneProcessModules
from units.models import Sector, Unit


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Share the tests out one by one, but a module of `tests.scheduling.ONE_PROCESS_MODULES`
    as a whole (tests/scheduling.py says why)."""
    return OneProcessModules(config, log)


@dataclass
class Cast:
    """Around one unit: its leader (owner), a colleague who can read, an outsider in the same
    municipality, and an outsider in another municipality."""

    unit: Unit
    owner: User
    colleague: User
    outsider: User
    foreigner: User


@pytest.fixture
def cast(db) -> Cast:
    porsgrunn, skien = municipality("4001"), municipality("4003")
    unit = UnitFactory(
        municipality=porsgrunn, name="Vestsiden ungdomsskole", sector=Sector.LOWER_SECONDARY
    )
    other_unit = UnitFactory(municipality=porsgrunn, name="Tveten skole")
    skien_unit = UnitFactory(
        municipality=skien, name="Helsestasjonen i Skien", sector=Sector.HEALTH_STATION
    )
    owner = UserFactory(username="owner", first_name="Olga", last_name="Eier")
    colleague = UserFactory(username="colleague", first_name="Kai", last_name="Kollega")
    outsider = UserFactory(username="outsider", first_name="Ulla", last_name="Utenfor")
    foreigner = UserFactory(username="foreigner", first_name="Frank", last_name="Fremmed")
    member(owner, unit, Role.UNIT_LEADER, "Rektor")
    member(colleague, unit, Role.PROFESSIONAL, "Kontaktlærer")
    member(outsider, other_unit, Role.PROFESSIONAL)
    member(foreigner, skien_unit, Role.PROFESSIONAL)
    return Cast(unit=unit, owner=owner, colleague=colleague, outsider=outsider, foreigner=foreigner)


def verified_client(user: User) -> Client:
    """A client logged in with password and second factor, as after a real log-in."""
    client = Client()
    client.force_login(user)
    device = confirmed_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def without_tokens(content: bytes) -> bytes:
    """A page without what differs between two renderings of it: the CSRF token (random per
    response) and the language form's return address (the page's own URL)."""
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
    return re.sub(rb'name="next" value="[^"]+"', b"", content)


@pytest.fixture
def client_for():
    return verified_client


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request through the test client leaves its
    language active in the thread, and with several test processes the order differs per run."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the directory caches its thesaurus)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db):
    """One child with a concern, a team, consents, a plan and a meeting, and the whole cast
    around it (see tests/world.py)."""
    from tests.world import build_world

    return build_world()
