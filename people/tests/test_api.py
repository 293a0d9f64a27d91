"""Bearer tokens for the API (`manage.py issue_api_token`) and the API's view of the user."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AccessEvent, Action
from people.models import ApiToken
from people.tokens import AREAS, token_hash
from tests.api_client import ApiClient, api_client_for

pytestmark = pytest.mark.django_db


def _issue(*args: str) -> str:
    out = StringIO()
    call_command("issue_api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_issue_api_token_prints_a_token_that_carries_the_users_rights(world):
    raw = _issue("member", "--name", "Fagsystem helsestasjon")
    assert raw.startswith("laget_")
    client = ApiClient(token=raw)
    me = client.get(reverse("api_v1:me"))
    assert me.status_code == 200
    assert me.json()["username"] == "member"
    assert [m["unit"]["name"] for m in me.json()["memberships"]] == ["Helsestasjonen Porsgrunn"]
    assert client.get(reverse("api_v1:team", args=[world.team.pk])).status_code == 200


def test_only_the_hash_of_a_token_is_stored(world):
    raw = _issue("member")
    token = ApiToken.objects.get(user=world.member)
    assert token.token_hash == token_hash(raw)
    assert raw not in {token.name, token.token_hash}
    assert token.name == "API token"


def test_a_revoked_token_answers_401(world):
    raw = _issue("member", "--name", "Fagsystem")
    client = ApiClient(token=raw)
    assert client.get(reverse("api_v1:me")).status_code == 200
    _issue("member", "--revoke", "--name", "Fagsystem")
    response = client.get(reverse("api_v1:me"))
    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_issuing_and_revoking_a_token_are_audited(world):
    _issue("member", "--name", "Fagsystem")
    _issue("member", "--revoke", "--name", "Fagsystem")
    events = AccessEvent.objects.filter(object_type="api_token").order_by("id")
    assert [event.action for event in events] == [Action.CREATE, Action.UPDATE]
    assert {key: events[0].detail[key] for key in ("user", "name", "scopes")} == {
        "user": "member",
        "name": "Fagsystem",
        "scopes": " ".join(f"{area}:read" for area in AREAS),
    }


def test_a_token_notes_when_it_was_last_used(world):
    client = api_client_for(world.member)
    token = ApiToken.objects.get(user=world.member)
    assert token.last_used_at is None
    client.get(reverse("api_v1:me"))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_issue_api_token_refuses_unknown_and_inactive_users(world):
    with pytest.raises(CommandError):
        _issue("nobody")
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    with pytest.raises(CommandError):
        _issue("member")
    with pytest.raises(CommandError):
        _issue("coordinator", "--revoke")


def test_me_lists_only_memberships_in_force(world):
    from datetime import timedelta

    from django.utils import timezone

    world.member.memberships.update(ended_on=timezone.localdate() - timedelta(days=1))
    response = api_client_for(world.member).get(reverse("api_v1:me"))
    assert response.json()["memberships"] == []


def test_me_lists_an_organisation_administrators_role_apart_from_the_work(world):
    body = api_client_for(world.county_admin).get(reverse("api_v1:me")).json()
    assert body["memberships"] == []
    assert body["organisation_roles"] == [
        {
            "organisation": {
                "name": "Telemark fylkeskommune",
                "kind": "county_authority",
                "organisation_number": "",
            },
            "role": "organisation_admin",
        }
    ]
    assert api_client_for(world.member).get(reverse("api_v1:me")).json()["organisation_roles"] == []
