"""Test data: real municipalities from the reference data, fictional people."""

from __future__ import annotations

import csv
from functools import cache

import factory
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from municipalities.models import County, Municipality, PostalCode
from people.models import Membership, Role, User
from units.models import Sector, Unit
from units.services import organisation_of_municipality

TEST_PASSWORD = "correct-horse-battery-staple"


@cache
def _reference_rows() -> dict[str, dict[str, str]]:
    path = settings.LAGET_REFERENCE_DATA_DIR / "kommuner_2024.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["kommunenummer"]: row for row in csv.DictReader(handle)}


def municipality(number: str) -> Municipality:
    """The real municipality with this number, created from the shared reference data."""
    row = _reference_rows()[number]
    county, _ = County.objects.get_or_create(
        number=row["fylkesnummer"],
        defaults={"name": row["fylkesnavn"], "name_norwegian": row["fylkesnavn"]},
    )
    found, _ = Municipality.objects.get_or_create(
        number=number,
        defaults={
            "name": row["kommunenavn_kartverket_2024"],
            "name_norwegian": row["kommunenavn_norsk"],
            "name_ssb": row["kommunenavn_ssb_klass_2024"],
            "county": county,
        },
    )
    return found


@cache
def _postal_rows() -> dict[str, dict[str, str]]:
    path = settings.LAGET_REFERENCE_DATA_DIR / "postnummer_2024.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["postnummer"]: row for row in csv.DictReader(handle)}


def postal_codes(number: str) -> list[PostalCode]:
    """The real postcodes of this municipality from the register, with the municipality."""
    found = municipality(number)
    return [
        PostalCode.objects.get_or_create(
            code=code,
            defaults={
                "place": row["poststed"],
                "municipality": found,
                "municipality_number": number,
                "category": row["kategori"],
            },
        )[0]
        for code, row in _postal_rows().items()
        if row["kommunenummer"] == number
    ]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    email = factory.LazyAttribute(lambda user: f"{user.username}@test.laget.invalid")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    municipality = factory.LazyFunction(lambda: municipality("4001"))
    organisation = factory.LazyAttribute(
        lambda unit: organisation_of_municipality(municipality=unit.municipality)
    )
    name = factory.Sequence(lambda n: f"Testenhet {n}")
    sector = Sector.PRIMARY_SCHOOL


def member(user: User, unit: Unit, role: Role = Role.PROFESSIONAL, title: str = "") -> Membership:
    return Membership.objects.create(
        user=user, municipality=unit.municipality, unit=unit, role=role, title=title
    )


def admin_of(user: User, place: Municipality) -> Membership:
    return Membership.objects.create(user=user, municipality=place, role=Role.MUNICIPAL_ADMIN)


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)
