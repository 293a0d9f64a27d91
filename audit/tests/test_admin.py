"""Reading the access log in the admin is itself recorded; anchor recipients per municipality."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction
from django.urls import reverse

from audit.models import AccessEvent, Action, AnchorRecipient
from audit.services import access_event_record
from conftest import verified_client
from tests.factories import UserFactory, admin_of, municipality

pytestmark = pytest.mark.django_db

CHILD = uuid.UUID("00000000-0000-4000-8000-000000000001")


@pytest.fixture
def places():
    return municipality("4001"), municipality("4003")


@pytest.fixture
def anne(places):
    user = UserFactory(username="anne")
    admin_of(user, places[0])
    return user


@pytest.fixture
def geir(places):
    user = UserFactory(username="geir")
    admin_of(user, places[1])
    return user


@pytest.fixture
def event(places):
    with transaction.atomic():
        return access_event_record(
            actor=None,
            action=Action.READ,
            object_type="child",
            object_id=CHILD,
            child_id=CHILD,
            municipality=places[0],
            purpose="p",
        )


def _reads():
    return AccessEvent.objects.filter(object_type="audit log")


def test_reading_the_access_log_list_is_recorded_with_the_filters(anne, event):
    response = verified_client(anne).get(
        reverse("admin:audit_accessevent_changelist"), {"action": "read", "q": str(CHILD)}
    )
    assert response.status_code == 200
    assert event.object_id.encode() in response.content
    (read,) = _reads()
    assert (read.actor, read.action, read.chain) == (anne, Action.READ, "4001")
    assert read.purpose == "reading the access log"
    assert read.detail == {"filters": {"action": "read", "q": str(CHILD)}}


def test_reading_one_event_is_recorded_also_for_the_child_it_is_about(anne, event):
    url = reverse("admin:audit_accessevent_change", args=[event.pk])
    assert verified_client(anne).get(url).status_code == 200
    (read,) = _reads()
    assert (read.object_id, read.child_id, read.chain) == (str(event.pk), CHILD, "4001")
    history = reverse("admin:audit_accessevent_history", args=[event.pk])
    assert verified_client(anne).get(history).status_code == 200
    assert _reads().count() == 2


def test_another_municipalitys_event_is_not_shown_and_no_read_is_recorded(geir, event):
    url = reverse("admin:audit_accessevent_change", args=[event.pk])
    response = verified_client(geir).get(url)
    assert response.status_code in (302, 404)
    assert not _reads().filter(chain="4001").exists()
    assert (
        event.object_id.encode()
        not in verified_client(geir).get(reverse("admin:audit_accessevent_changelist")).content
    )
    assert list(_reads().values_list("chain", flat=True)) == ["4003"]


def test_an_administrator_sets_the_anchor_address_of_her_own_municipality_only(anne, places):
    porsgrunn, skien = places
    client = verified_client(anne)
    add = reverse("admin:audit_anchorrecipient_add")
    refused = client.post(add, {"municipality": skien.pk, "email": "x@skien.kommune.no"})
    assert refused.status_code == 200  # the form offers only her own municipality
    bad = client.post(add, {"municipality": porsgrunn.pk, "email": "not an address"})
    assert bad.status_code == 200
    assert not AnchorRecipient.objects.exists()
    client.post(add, {"municipality": porsgrunn.pk, "email": "arkiv@porsgrunn.kommune.no"})
    recipient = AnchorRecipient.objects.get()
    assert recipient.municipality == porsgrunn
    assert AccessEvent.objects.filter(
        action=Action.ADMIN_CREATE, object_type="audit.anchorrecipient", chain="4001"
    ).exists()
