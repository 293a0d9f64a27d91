"""The consent ledger in the API: reading it, recording, and withdrawing with immediate effect."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from children.models import Guardian
from consents.models import InformationKind, Method
from consents.services import consent_record
from tests.api_client import api_client_for, queries_of

pytestmark = pytest.mark.django_db


def _url(world, *more: str) -> str:
    return reverse("api_v1:team_consents", args=[world.team.pk]) + "".join(more)


def _body(world, **changes):
    guardian = world.child.guardians.get()
    body = {
        "kind": "consent",
        "given_by": "young_person_and_guardians",
        "guardians": [str(guardian.pk)],
        "units": [str(world.school.pk), str(world.ppt.pk)],
        "information_kinds": ["plan", "log"],
        "purpose": "PPT tilbake i laget",
        "text": "Vi samtykker til at PPT deler opplysninger i laget.",
        "method": "paper",
        "valid_from": timezone.localdate().isoformat(),
    }
    return {**body, **changes}


def test_recording_a_consent_lets_the_covered_unit_in_again(world):
    withdrawn = api_client_for(world.withdrawn)
    team_url = reverse("api_v1:team", args=[world.team.pk])
    assert withdrawn.get(team_url).status_code == 404
    response = api_client_for(world.coordinator).post(_url(world), _body(world))
    assert response.status_code == 201
    consent = response.json()
    assert {unit["name"] for unit in consent["units"]} == {
        "Vestsiden ungdomsskole",
        "PPT Porsgrunn",
    }
    assert consent["in_force"] is True
    assert consent["team"] == str(world.team.pk)
    assert withdrawn.get(team_url).status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"units": []}, "units"),
        ({"units": ["skien_health"]}, "units"),
        ({"guardians": []}, "guardians"),
        ({"guardians": ["other_childs_guardian"]}, "guardians"),
        ({"information_kinds": ["gossip"]}, "information_kinds.0"),
        ({"method": ""}, "method"),
        ({"kind": "legal_basis", "legal_reference": " "}, "legal_reference"),
        ({"valid_until": "2000-01-01"}, "valid_until"),
        ({"purpose": " "}, "purpose"),
    ],
)
def test_a_consent_that_cannot_be_recorded_is_a_field_error(world, change, field):
    if change.get("units") == ["skien_health"]:
        change = {"units": [str(world.skien_health.pk)]}
    if change.get("guardians") == ["other_childs_guardian"]:
        other = Guardian.objects.exclude(child=world.child).first() or Guardian.objects.create(
            municipality=world.child.municipality,
            child=world.small_concern.child,
            name="Per Prøvesen",
            relation="far",
            has_parental_responsibility=True,
        )
        change = {"guardians": [str(other.pk)]}
    response = api_client_for(world.coordinator).post(_url(world), _body(world, **change))
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_withdrawing_a_consent_ends_access_at_once(world):
    member = api_client_for(world.member)
    team_url = reverse("api_v1:team", args=[world.team.pk])
    assert member.get(team_url).status_code == 200
    url = reverse("api_v1:team_consent_withdraw", args=[world.team.pk, world.consent.pk])
    response = api_client_for(world.coordinator).post(url, {"withdrawn_by": "Mona Testesen"})
    assert response.status_code == 200
    assert response.json()["consent"]["withdrawn_by"] == "Mona Testesen"
    # The withdrawn consent was the only one covering the school and the health station.
    assert response.json()["team_still_visible"] is False
    assert member.get(team_url).status_code == 404


def test_a_consent_is_withdrawn_only_once(world):
    url = reverse("api_v1:team_consent_withdraw", args=[world.team.pk, world.consent.pk])
    client = api_client_for(world.member)
    legal_basis = consent_record(
        actor=world.coordinator,
        child=world.child,
        units=[world.health],
        information_kinds=[InformationKind.HEALTH],
        purpose="Helsehjelp",
        text="Helsepersonelloven § 33",
        method=Method.NOT_APPLICABLE,
        kind="legal_basis",
        legal_reference="helsepersonelloven § 33",
        valid_from=timezone.localdate(),
    )
    assert client.post(url, {"withdrawn_by": "Sara"}).status_code == 200
    # The legal basis keeps the member in, so the second try reaches the ledger.
    again = client.post(url, {"withdrawn_by": "Sara"}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409
    assert again.json()["detail"] == "This consent is already withdrawn."
    assert legal_basis.in_force_on(timezone.localdate())


def test_the_ledger_takes_the_same_queries_for_few_or_many(world):
    client = api_client_for(world.member)
    client.get(_url(world))
    small = queries_of(client, _url(world))
    for i in range(10):
        consent_record(
            actor=world.coordinator,
            child=world.child,
            units=[world.school, world.health, world.nav],
            information_kinds=[InformationKind.PLAN],
            purpose=f"Formål {i}",
            text="Ja.",
            method=Method.PAPER,
            given_by="young_person_and_guardians",
            guardians=list(world.child.guardians.all()),
            valid_from=timezone.localdate() - datetime.timedelta(days=i),
        )
    assert queries_of(client, _url(world)) == small
    # The world's three (withdrawn, replacement, the county school's) and the ten.
    assert client.get(_url(world)).json()["total_items"] == 13


def test_a_consent_that_allows_a_move_may_name_a_unit_of_the_new_municipality(world):
    kept_until = timezone.localdate() + datetime.timedelta(days=60)
    body = _body(
        world,
        units=[str(world.school.pk), str(world.skien_health.pk)],
        moving_to="4003",
        kept_until=kept_until.isoformat(),
    )
    response = api_client_for(world.coordinator).post(_url(world), body)
    assert response.status_code == 201, response.json()
    consent = response.json()
    assert consent["moving_to"] == {"number": "4003", "name": "Skien"}
    assert consent["kept_until"] == kept_until.isoformat()
    assert "Helsestasjonen i Skien" in {unit["name"] for unit in consent["units"]}
    listed = api_client_for(world.coordinator).get(_url(world)).json()["items"]
    assert [c["moving_to"] for c in listed if c["id"] == consent["id"]] == [
        {"number": "4003", "name": "Skien"}
    ]


@pytest.mark.parametrize("moving_to", ["9999", "4001"])
def test_a_move_to_an_unknown_or_the_same_municipality_is_a_field_error(world, moving_to):
    body = _body(world, units=[str(world.school.pk)], moving_to=moving_to)
    response = api_client_for(world.coordinator).post(_url(world), body)
    assert response.status_code == 400
    assert "moving_to" in str(response.json())
