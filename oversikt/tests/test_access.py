import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from municipalities.models import Municipality
from oversikt.access import access_statistics
from people.models import AnalystAccess, Membership, Role
from tests.factories import UnitFactory, UserFactory, admin_of, member


def _leader(username: str, number: str):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, municipality_id=number, role=Role.MUNICIPAL_LEADER)
    return user


def test_a_county_analyst_may_choose_the_municipalities_of_the_county(places):
    analyst = UserFactory(username="analytiker")
    AnalystAccess.objects.create(user=analyst, county_id="40", organisation="Statsforvalteren")
    access = access_statistics(analyst)
    assert access.is_analyst
    assert access.analyst_county.number == "40"
    assert access.municipalities.count() == 17
    assert {m.county_id for m in access.municipalities} == {"40"}
    assert access.default.number == "4001"


def test_a_national_analyst_may_choose_every_municipality(places):
    analyst = UserFactory(username="direktorat")
    AnalystAccess.objects.create(user=analyst, county=None, organisation="Udir")
    access = access_statistics(analyst)
    assert access.municipalities.count() == 357
    assert access.default.number == "0301"


def test_a_municipal_leader_has_their_own_municipality_only(places):
    access = access_statistics(_leader("leder", "5612"))
    assert list(access.municipalities.values_list("number", flat=True)) == ["5612"]
    assert access.default.name == "Guovdageaidnu - Kautokeino"
    assert not access.is_analyst


def test_an_analyst_who_also_leads_a_municipality_sees_it_first(places):
    user = _leader("begge", "1804")
    AnalystAccess.objects.create(user=user, county_id="40", organisation="Statsforvalteren")
    access = access_statistics(user)
    assert access.default.number == "1804"
    assert access.municipalities.count() == 18


@pytest.mark.parametrize("role", ["professional", "unit_leader", "admin", "nobody"])
def test_everyone_else_gets_404(places, role):
    user = UserFactory(username=f"ansatt-{role}")
    unit = UnitFactory(municipality=Municipality.objects.get(number="4001"))
    if role == "admin":
        admin_of(user, unit.municipality)
    elif role != "nobody":
        member(user, unit, Role(role))
    with pytest.raises(Http404):
        access_statistics(user)


def test_a_municipal_leader_holds_the_role_without_a_unit(places):
    user = UserFactory(username="leder")
    unit = UnitFactory(municipality=Municipality.objects.get(number="4001"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=user, municipality_id="4001", unit=unit, role=Role.MUNICIPAL_LEADER
        )
