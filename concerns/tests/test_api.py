"""Concerns in the API: the list of one's own, raising one with the child's record, reading one."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessEvent, Action
from children.models import Child
from children.services import child_register
from concerns.models import Concern
from concerns.services import concern_raise
from tests.api_client import api_client_for, queries_of
from tests.world import FICTIONAL_FNR

pytestmark = pytest.mark.django_db

LIST = "/api/v1/concerns"


def _body(world, **changes):
    body = {
        "unit": str(world.school.pk),
        "child": {"given_name": "Ola", "family_name": "Nysen", "birth_date": "2015-06-01"},
        "guardians": [
            {
                "name": "Kari Nysen",
                "relation": "mor",
                "has_parental_responsibility": True,
                "phone": "+47 41 00 00 02",
            }
        ],
        "observed": "Sover i timene.",
        "level": 1,
    }
    return {**body, **changes}


def _raise(world, n: int) -> None:
    for i in range(n):
        child = child_register(
            actor=world.colleague,
            unit=world.school,
            given_name=f"Barn{i}",
            family_name="Listesen",
            birth_date=datetime.date(2013, 1, 1 + i),
        )
        concern_raise(actor=world.colleague, unit=world.school, child=child, observed="Fravær.")


def test_raising_a_concern_registers_the_child_with_you_responsible(world):
    response = api_client_for(world.colleague).post(LIST, _body(world))
    assert response.status_code == 201
    concern = response.json()
    assert concern["level"] == 1
    assert concern["responsible"]["id"] == world.colleague.pk
    assert concern["unit"]["id"] == str(world.school.pk)
    assert concern["observed"] == "Sover i timene."
    child = Child.objects.get(pk=concern["child"]["id"])
    assert [g.name for g in child.guardians.all()] == ["Kari Nysen"]
    created = AccessEvent.objects.filter(child_id=child.pk, action=Action.CREATE)
    assert {event.object_type for event in created} == {"child", "concern"}


def test_a_known_identity_number_links_to_the_childs_record(world):
    body = _body(world)
    body["child"] = {**body["child"], "identity_number": FICTIONAL_FNR}
    response = api_client_for(world.colleague).post(LIST, body)
    assert response.status_code == 201
    assert response.json()["child"]["id"] == str(world.child.pk)
    assert FICTIONAL_FNR.encode() not in response.content


def test_a_possible_duplicate_in_the_unit_is_a_field_error_until_confirmed(world):
    client = api_client_for(world.coordinator)
    body = _body(world)
    body["child"] = {"given_name": "Jonas", "family_name": "Prøvesen", "birth_date": "2011-05-05"}
    response = client.post(LIST, body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["not_a_duplicate"]
    assert client.post(LIST, {**body, "not_a_duplicate": True}).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"child": {"given_name": "A", "family_name": "B", "birth_date": "2099-01-01"}}, None),
        (
            {
                "child": {
                    "given_name": "A",
                    "family_name": "B",
                    "birth_date": "2015-01-01",
                    "identity_number": "12345678901",
                }
            },
            "child.identity_number",
        ),
        ({"child": {"given_name": "A", "birth_date": "2015-01-01"}}, "child.family_name"),
        ({"child": {"given_name": " ", "family_name": "B", "birth_date": "2015-01-01"}}, None),
        ({"guardians": [{"name": "X", "relation": "far", "phone": "123"}]}, "guardians.0.phone"),
        ({"level": 2}, "level"),
        ({"unit": str(__import__("uuid").uuid4())}, "unit"),
    ],
)
def test_bad_child_data_is_a_field_error_at_its_path(world, change, field):
    response = api_client_for(world.colleague).post(LIST, _body(world, **change))
    assert response.status_code == 400
    errors = response.json()["errors"]
    if field is None:  # the services' own checks, named by the body's path
        assert all(name.startswith("child.") for name in errors), errors
    else:
        assert list(errors) == [field]


def test_a_concern_that_cannot_be_raised_leaves_no_child_record(world):
    before = Child.objects.count()
    response = api_client_for(world.colleague).post(LIST, _body(world, observed="  "))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["observed"]
    assert Child.objects.count() == before


def test_the_list_holds_names_and_dates_but_no_content_or_identity_number(world):
    response = api_client_for(world.coordinator).get(LIST)
    items = response.json()["items"]
    assert {item["child"]["given_name"] for item in items} == {"Sara", "Jonas"}
    assert "observed" not in items[0]
    assert FICTIONAL_FNR[:6].encode() not in response.content


def test_reading_a_concern_shows_what_was_observed_and_records_one_read(world):
    client = api_client_for(world.member)
    before = AccessEvent.objects.filter(action=Action.READ).count()
    response = client.get(reverse("api_v1:concern", args=[world.concern.pk]))
    assert response.json()["observed"] == world.concern.observed
    assert response.json()["team"] == str(world.team.pk)
    assert AccessEvent.objects.filter(action=Action.READ).count() == before + 1


def test_the_concern_list_takes_the_same_queries_for_one_or_many(world):
    client = api_client_for(world.colleague)
    assert Concern.objects.count() == 2  # the colleague sees Jonas's only
    client.get(LIST)
    small, small_audit = queries_of(client, LIST)
    _raise(world, 11)
    large, large_audit = queries_of(client, LIST)
    assert large == small
    # One read event per child in the page, written together: constant queries too.
    assert large_audit == small_audit
    assert len(client.get(LIST).json()["items"]) == 12
