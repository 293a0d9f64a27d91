"""Across organisations (docs/access-model.md#across-organisations): a county authority's and a
health trust's units on a Porsgrunn child's team, their administrators in the admin, and the
database scope. The access matrices hold the page and API rows for the same cast."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from consents.models import Consent, InformationKind, Method
from consents.services import consent_record
from laget.database_scope import municipalities_of_staff
from people.models import Membership, Role
from people.services import membership_request_create
from teams.models import MemberStatus, TeamMember
from teams.selectors import invitable_units, municipality_unit_memberships
from teams.services import member_invite
from tests.api_client import api_client_for
from tests.factories import UnitFactory, UserFactory, admin_of, member, municipality
from units.models import Organisation, OrganisationKind, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(world):
    """A health trust that serves Skien only, with a unit and someone working there."""
    trust = Organisation.objects.create(kind=OrganisationKind.HEALTH_TRUST, name="Helse Annet HF")
    trust.serves.set([municipality("4003")])
    unit = UnitFactory(
        municipality=municipality("4003"),
        organisation=trust,
        name="BUP Annet",
        sector=Sector.SPECIALIST_BUP,
    )
    person = UserFactory(username="annet")
    member(person, unit)
    return unit


@pytest.fixture
def porsgrunn_admin(world):
    user = UserFactory(username="porsgrunn-admin")
    admin_of(user, municipality("4001"))
    return user


def test_a_consent_may_name_units_of_the_county_and_the_health_trust(world):
    consent = consent_record(
        actor=world.coordinator,
        child=world.child,
        units=[world.school, world.upper_secondary, world.bup],
        information_kinds=[InformationKind.PLAN],
        purpose="Overgang til videregående",
        text="Samtykke.",
        method=Method.PAPER,
        kind="legal_basis",
        legal_reference="helsepersonelloven § 33",
        valid_from=timezone.localdate(),
    )
    assert set(consent.units.all()) == {world.school, world.upper_secondary, world.bup}


def test_a_unit_of_an_organisation_that_does_not_serve_the_municipality_is_a_field_error(
    world, elsewhere
):
    before = Consent.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        consent_record(
            actor=world.coordinator,
            child=world.child,
            units=[world.school, elsewhere],
            information_kinds=[InformationKind.PLAN],
            purpose="Samarbeid",
            text="Samtykke.",
            method=Method.PAPER,
            kind="legal_basis",
            legal_reference="helsepersonelloven § 33",
            valid_from=timezone.localdate(),
        )
    with translation.override("en"):
        assert "serves the child's municipality" in str(error.value.message_dict["units"])
    assert Consent.objects.count() == before


def test_the_api_refuses_such_a_unit_with_a_field_error_and_changes_nothing(world, elsewhere):
    before = Consent.objects.count()
    response = api_client_for(world.coordinator).request(
        "POST",
        reverse("api_v1:team_consents", args=[world.team.pk]),
        {
            "kind": "legal_basis",
            "legal_reference": "helsepersonelloven § 33",
            "units": [str(world.school.pk), str(elsewhere.pk)],
            "information_kinds": ["plan"],
            "purpose": "Samarbeid",
            "text": "Opplysningsplikt.",
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "units" in response.json()["errors"]
    assert Consent.objects.count() == before


def test_inviting_a_unit_that_does_not_serve_the_municipality_is_a_field_error(world, elsewhere):
    person = Membership.objects.get(unit=elsewhere).user
    with pytest.raises(ValidationError) as error:
        member_invite(actor=world.coordinator, team=world.team, user=person, unit=elsewhere)
    assert "unit" in error.value.message_dict
    assert not TeamMember.objects.filter(user=person).exists()


def test_covered_county_staff_are_candidates_on_the_page_and_in_the_api_alike(world, elsewhere):
    candidates = municipality_unit_memberships(team=world.team)
    assert world.county_staff.pk in {m.user_id for m in candidates}
    # BUP's consent was withdrawn; the other trust serves Skien only.
    assert not candidates.filter(unit__in=[world.bup, elsewhere]).exists()
    assert world.upper_secondary in invitable_units(team=world.team)
    response = api_client_for(world.coordinator).request(
        "GET", reverse("api_v1:team_candidates", args=[world.team.pk])
    )
    assert {item["user"]["id"] for item in response.json()["items"]} == {
        m.user_id for m in candidates
    }


def test_county_staff_are_invited_as_municipal_staff_are(world):
    invitation = member_invite(
        actor=world.coordinator,
        team=world.team,
        user=world.county_staff,
        unit=world.upper_secondary,
    )
    assert invitation.status == MemberStatus.INVITED


def test_the_database_scope_of_members_of_other_organisations(world):
    # The BUP sits in Skien; the team they are on is Porsgrunn's.
    assert municipalities_of_staff(user=world.trust_withdrawn) == ["4001", "4003"]
    assert municipalities_of_staff(user=world.county_member) == ["4001"]
    # An organisation's administrator reaches no municipality's data at all.
    assert municipalities_of_staff(user=world.county_admin) == []


def test_the_county_administrator_manages_the_countys_units_and_staff_only(world, client_for):
    client = client_for(world.county_admin)
    units = client.get("/admin/units/unit/").context["cl"].result_list
    assert {unit.name for unit in units} == {"Porsgrunn videregående skole"}
    users = client.get("/admin/people/user/").context["cl"].result_list
    assert {user.username for user in users} == {"county_member", "county_staff", "county_admin"}
    assert client.get(f"/admin/units/unit/{world.school.pk}/change/").status_code == 302


def test_the_county_administrator_sees_no_municipalitys_pages_or_childrens_data(world, client_for):
    client = client_for(world.county_admin)
    for url in (
        "/admin/audit/accessevent/",
        "/admin/concerns/actionguidelevel/",
        "/admin/children/retentionrule/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("teams:detail", args=[world.team.pk])).status_code == 404
    assert client.get(reverse("concerns:detail", args=[world.concern.pk])).status_code == 404


def test_the_municipality_no_longer_manages_a_county_unit_sited_in_it(
    world, porsgrunn_admin, client_for
):
    client = client_for(porsgrunn_admin)
    units = {unit.name for unit in client.get("/admin/units/unit/").context["cl"].result_list}
    assert "Vestsiden ungdomsskole" in units
    assert "Porsgrunn videregående skole" not in units
    users = {u.username for u in client.get("/admin/people/user/").context["cl"].result_list}
    assert "coordinator" in users
    assert not users & {"county_member", "county_staff", "county_admin", "trust_withdrawn"}
    unit_page = reverse("units:detail", args=[world.upper_secondary.pk])
    assert client.get(unit_page).status_code == 404
    assert client_for(world.county_admin).get(unit_page).status_code == 200


def test_a_county_administrator_asks_for_staff_in_the_countys_units_only(world, client_for):
    newcomer = UserFactory(username="lektor")
    request = membership_request_create(
        requested_by=world.county_admin,
        user=newcomer,
        municipality=None,
        unit=world.upper_secondary,
        role=Role.PROFESSIONAL,
    )
    assert request.municipality_id == "4001"  # where the school sits
    with pytest.raises(ValidationError):
        membership_request_create(
            requested_by=world.county_admin,
            user=newcomer,
            municipality=municipality("4001"),
            unit=world.school,
            role=Role.PROFESSIONAL,
        )
