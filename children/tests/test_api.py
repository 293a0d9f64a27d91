"""The child's record in the API: who may read it, what it shows, and that reading it is
recorded."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from audit.models import AccessEvent, Action
from tests.api_client import api_client_for
from tests.world import FICTIONAL_FNR

pytestmark = pytest.mark.django_db


def _url(child_id: object) -> str:
    return reverse("api_v1:child", args=[child_id])


def test_the_child_shows_the_identity_number_masked_and_the_guardians(world):
    response = api_client_for(world.member).get(_url(world.child.pk))
    assert response.status_code == 200
    child = response.json()
    assert child["identity_number_masked"] == FICTIONAL_FNR[:6] + " *****"
    assert FICTIONAL_FNR.encode() not in response.content
    assert [g["name"] for g in child["guardians"]] == ["Mona Testesen"]
    assert child["guardians"][0]["has_parental_responsibility"] is True


@pytest.mark.parametrize(("person", "basis"), [("coordinator", "own unit"), ("member", "consent")])
def test_reading_the_child_writes_one_access_event_with_its_basis(world, person, basis):
    before = AccessEvent.objects.filter(action=Action.READ).count()
    api_client_for(getattr(world, person)).get(_url(world.child.pk))
    reads = AccessEvent.objects.filter(action=Action.READ).order_by("id")[before:]
    assert len(reads) == 1
    assert reads[0].child_id == world.child.pk
    assert reads[0].object_type == "child"
    assert reads[0].legal_basis.startswith(basis)


def test_someone_outside_gets_the_same_404_as_for_a_missing_child(world):
    client = api_client_for(world.outsider)
    before = AccessEvent.objects.count()
    forbidden = client.get(_url(world.child.pk))
    missing = client.get(_url(uuid.uuid4()))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    assert AccessEvent.objects.count() == before


def test_after_leaving_the_unit_the_child_is_gone_at_once(world):
    from datetime import timedelta

    from django.utils import timezone

    client = api_client_for(world.member)
    assert client.get(_url(world.child.pk)).status_code == 200
    world.member.memberships.update(ended_on=timezone.localdate() - timedelta(days=1))
    assert client.get(_url(world.child.pk)).status_code == 404
