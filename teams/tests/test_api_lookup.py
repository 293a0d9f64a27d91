"""Finding a child by identity number (`POST /api/v1/children/lookup`): the number and a purpose
in the body, only children one may see, recorded as a read with the purpose."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AccessEvent, Action
from children.services import child_register
from concerns.services import concern_raise
from consents.models import Consent
from consents.services import consent_withdraw
from core.api import PROBLEM_JSON, VALIDATION_PROBLEM
from people.tokens import api_token_issue
from teams.api.children import LOOKUP_PREFIX
from tests.api_client import ApiClient, api_client_for
from tests.world import FICTIONAL_FNR

pytestmark = pytest.mark.django_db

LOOKUP = reverse("api_v1:child_lookup")
# A synthetic number (month + 40) with valid check digits that no child in the world has.
UNKNOWN_FNR = "02411250035"
PURPOSE = "Henvisning fra skolehelsetjenesten"


def _lookup(client, number: str = FICTIONAL_FNR, purpose: str = PURPOSE):
    return client.post(LOOKUP, {"identity_number": number, "purpose": purpose})


def _last_id() -> int:
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_team_member_finds_the_child_and_the_read_is_recorded_with_the_purpose(world):
    client = api_client_for(world.member)
    before = _last_id()
    response = _lookup(client, number="014112 50187")
    assert response.status_code == 200
    assert response.json()["id"] == str(world.child.pk)
    assert response.json()["identity_number_masked"] == "014112 *****"
    events = list(AccessEvent.objects.filter(id__gt=before))
    assert [(event.action, event.child_id, event.actor) for event in events] == [
        (Action.READ, world.child.pk, world.member)
    ]
    assert events[0].purpose == LOOKUP_PREFIX + PURPOSE
    assert events[0].legal_basis.startswith("consent")
    assert FICTIONAL_FNR not in str(events[0].detail)


def test_a_colleague_finds_a_child_of_a_level_1_concern_in_the_unit(world):
    jonas = world.small_concern.child
    jonas.identity_number = UNKNOWN_FNR
    jonas.save()
    response = _lookup(api_client_for(world.colleague), number=UNKNOWN_FNR)
    assert response.status_code == 200
    assert response.json()["id"] == str(jonas.pk)


@pytest.mark.parametrize("person", ["outsider", "foreigner", "withdrawn", "invited", "analyst"])
def test_someone_elses_child_and_an_unknown_number_answer_the_same_404(world, person):
    client = api_client_for(getattr(world, person))
    before = _last_id()
    others = _lookup(client)
    unknown = _lookup(client, number=UNKNOWN_FNR)
    assert others.status_code == unknown.status_code == 404
    assert others.content == unknown.content
    assert not AccessEvent.objects.filter(id__gt=before).exists()


def test_the_same_number_in_another_municipality_is_not_the_childs_record_there(world):
    """A number is held by one record per municipality: Skien's record of Sara is Skien's."""
    skien_record = child_register(
        actor=world.foreigner,
        unit=world.skien_health,
        given_name="Sara",
        family_name="Testesen",
        birth_date=world.child.birth_date,
        identity_number=FICTIONAL_FNR,
        not_a_duplicate=True,
    )
    concern_raise(
        actor=world.foreigner, unit=world.skien_health, child=skien_record, observed="Uro."
    )
    assert _lookup(api_client_for(world.coordinator)).json()["id"] == str(world.child.pk)
    assert _lookup(api_client_for(world.foreigner)).json()["id"] == str(skien_record.pk)


@pytest.mark.parametrize(
    "number", ["01411250188", "0141125018", "abcdefghijk", "", "01411250187" * 3, "0141\x0050187"]
)
def test_an_invalid_number_is_a_field_error_that_does_not_repeat_it(world, number):
    client = api_client_for(world.coordinator)
    before = _last_id()
    response = _lookup(client, number=number)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_JSON
    assert response.json()["type"] == VALIDATION_PROBLEM
    assert list(response.json()["errors"]) == ["identity_number"]
    if len(number) > 2:
        assert number not in response.content.decode()
    assert not AccessEvent.objects.filter(id__gt=before).exists()


@pytest.mark.parametrize("purpose", ["", "   ", "x" * 151, "Til\x00bake", "To\nlinjer"])
def test_a_purpose_is_required_on_one_line(world, purpose):
    client = api_client_for(world.coordinator)
    before = _last_id()
    response = _lookup(client, purpose=purpose)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["purpose"]
    assert not AccessEvent.objects.filter(id__gt=before).exists()


def test_the_number_in_the_url_is_refused(world):
    client = api_client_for(world.coordinator)
    before = _last_id()
    in_query = client.post(
        f"{LOOKUP}?identity_number={FICTIONAL_FNR}&purpose=x", {"purpose": PURPOSE}
    )
    assert in_query.status_code == 400
    assert "identity_number" in in_query.json()["errors"]
    assert FICTIONAL_FNR not in in_query.content.decode()
    as_get = client.get(f"{LOOKUP}?identity_number={FICTIONAL_FNR}")
    assert as_get.status_code == 405
    assert as_get["Allow"] == "POST"
    in_path = client.get(f"/api/v1/children/{FICTIONAL_FNR}")
    assert in_path.status_code == 404
    assert not AccessEvent.objects.filter(id__gt=before).exists()


def test_looking_up_needs_the_children_write_scope(world):
    _token, raw = api_token_issue(user=world.coordinator, name="t", scopes=["children:read"])
    response = _lookup(ApiClient(token=raw))
    assert response.status_code == 403
    assert "children:write" in response.json()["detail"]


def test_a_replayed_lookup_records_the_read_again_and_is_refused_once_access_is_gone(world):
    """Answered from the idempotency store, the caller has seen the child again: the read is
    recorded again; when the caller may no longer see the child, the replay is 404."""
    client = api_client_for(world.member)
    before = _last_id()
    first = client.post(
        LOOKUP, {"identity_number": FICTIONAL_FNR, "purpose": PURPOSE}, HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = client.post(
        LOOKUP, {"identity_number": FICTIONAL_FNR, "purpose": PURPOSE}, HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.status_code == 200
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    reads = AccessEvent.objects.filter(id__gt=before, action=Action.READ, child_id=world.child.pk)
    assert reads.count() == 2
    assert {event.purpose for event in reads} == {LOOKUP_PREFIX + PURPOSE}

    for consent in Consent.objects.filter(child=world.child, withdrawn_at__isnull=True):
        consent_withdraw(actor=world.coordinator, consent=consent, withdrawn_by="Sara")
    gone = client.post(
        LOOKUP, {"identity_number": FICTIONAL_FNR, "purpose": PURPOSE}, HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert gone.status_code == 404
    assert AccessEvent.objects.filter(id__gt=before, action=Action.READ).count() == 2
