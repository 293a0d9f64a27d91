"""The rights engine decides who must consent: the consent ledger refuses the wrong people."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from children.models import Guardian
from children.services import GuardianData, child_register
from consents.models import GivenBy, Method
from consents.selectors import consent_authority
from consents.services import consent_record

pytestmark = pytest.mark.django_db


def _child(world, years: int, guardians: int = 2):
    today = timezone.localdate()
    born = today.replace(year=today.year - years) - datetime.timedelta(days=1)
    return child_register(
        actor=world.coordinator,
        unit=world.school,
        given_name=f"Barn{years}",
        family_name="Alder",
        birth_date=born,
        guardians=[GuardianData(f"Forelder {n}", "forelder", True) for n in range(guardians)],
        not_a_duplicate=True,
    )


@pytest.mark.parametrize(
    ("years", "unit", "given_by"),
    [
        (14, "health", GivenBy.GUARDIANS),
        (15, "health", GivenBy.GUARDIANS),
        (16, "health", GivenBy.YOUNG_PERSON),
        (14, "school", GivenBy.GUARDIANS),
        (15, "school", GivenBy.YOUNG_PERSON_AND_GUARDIANS),
        (17, "school", GivenBy.YOUNG_PERSON_AND_GUARDIANS),
        (18, "school", GivenBy.YOUNG_PERSON),
        (17, "nav", GivenBy.GUARDIANS),
        (18, "nav", GivenBy.YOUNG_PERSON),
    ],
)
def test_who_must_consent_follows_the_age_rules(world, years, unit, given_by):
    child = _child(world, years)
    authority = consent_authority(child=child, units=[getattr(world, unit)])
    assert authority.age == years
    assert authority.given_by == given_by


def test_units_from_several_domains_need_everyone_any_of_them_needs(world):
    child = _child(world, 16)
    authority = consent_authority(child=child, units=[world.health, world.school])
    assert authority.given_by == GivenBy.YOUNG_PERSON_AND_GUARDIANS


def _record(world, child, units, given_by, guardians):
    return consent_record(
        actor=world.coordinator,
        child=child,
        units=units,
        information_kinds=["plan"],
        purpose="Samarbeid",
        text="Tekst",
        method=Method.PAPER,
        given_by=given_by,
        guardians=guardians,
        valid_from=timezone.localdate(),
    )


def test_a_sixteen_year_olds_health_consent_is_their_own(world):
    child = _child(world, 16)
    with pytest.raises(ValidationError) as error:
        _record(world, child, [world.health], GivenBy.GUARDIANS, list(child.guardians.all()))
    assert "given_by" in error.value.message_dict
    assert "pasient- og brukerrettighetsloven § 4-3" in error.value.message_dict["given_by"][0]
    assert _record(world, child, [world.health], GivenBy.YOUNG_PERSON, []).pk


def test_both_guardians_with_parental_responsibility_must_consent(world):
    child = _child(world, 10)
    first = Guardian.objects.filter(child=child).first()
    with pytest.raises(ValidationError) as error:
        _record(world, child, [world.school], GivenBy.GUARDIANS, [first])
    assert "Forelder 1" in error.value.message_dict["guardians"][0]
    assert _record(world, child, [world.school], GivenBy.GUARDIANS, list(child.guardians.all()))
