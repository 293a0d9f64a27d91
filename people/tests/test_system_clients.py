"""System clients (people/clients.py): registered by a municipal administrator for one unit,
OAuth 2.0 client credentials at /api/oauth/token/, acting as a member of that unit within their
scopes, named in every access event, refused when expired or revoked."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent, Action
from conftest import verified_client
from core.api import PROBLEM_JSON
from people.clients import system_client_register, system_client_revoke, system_client_rotate
from people.models import SystemClient
from people.tokens import api_token_issue
from teams.selectors import handover_memberships, municipality_unit_memberships
from tests.api_client import ApiClient
from tests.factories import UserFactory, admin_of, municipality

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/oauth/token/"


def _register(world, unit=None, scopes=("children:read", "concerns:read"), days=30):
    return system_client_register(
        admin=world.admin,
        unit=unit or world.school,
        name="Fagsystem skole",
        scopes=scopes,
        days=days,
    )


def _token_response(client: SystemClient, secret: str, **data: str):
    basic = base64.b64encode(f"{client.application.client_id}:{secret}".encode()).decode()
    return Client().post(
        TOKEN_URL,
        {"grant_type": "client_credentials", **data},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )


def _token(client: SystemClient, secret: str, **data: str) -> str:
    response = _token_response(client, secret, **data)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def test_a_registered_client_gets_a_token_with_its_scopes(world):
    client, secret = _register(world)
    response = _token_response(client, secret)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert sorted(body["scope"].split()) == ["children:read", "concerns:read"]
    # Only a hash of the access token is kept.
    assert not client.application.accesstoken_set.filter(token=body["access_token"]).exists()


def test_a_wrong_secret_or_a_scope_beyond_the_registration_gets_no_token(world):
    client, secret = _register(world)
    assert _token_response(client, secret + "x").status_code == 401
    assert _token_response(client, secret, scope="children:write").status_code == 400
    assert _token_response(client, secret, grant_type="password").status_code in (400, 401)


def test_the_client_sees_what_its_unit_sees_and_404_for_other_children(world):
    school, school_secret = _register(world)
    raw = _token(school, school_secret)
    api = ApiClient(token=raw)
    # Jonas's concern stays at level 1 in the school: a member of the school sees him; Sara's
    # team is only for its members.
    jonas = world.small_concern.child_id
    assert api.get(reverse("api_v1:child", args=[jonas])).status_code == 200
    assert api.get(reverse("api_v1:child", args=[world.child.pk])).status_code == 404
    primary, primary_secret = _register(world, unit=world.primary)
    other = ApiClient(token=_token(primary, primary_secret))
    missing = other.get(reverse("api_v1:child", args=[jonas]))
    assert missing.status_code == 404
    assert missing["Content-Type"] == PROBLEM_JSON


def test_every_event_of_a_clients_request_names_the_client(world):
    client, secret = _register(world)
    api = ApiClient(token=_token(client, secret))
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first()
    jonas = world.small_concern.child_id
    assert api.get(reverse("api_v1:child", args=[jonas])).status_code == 200
    events = list(AccessEvent.objects.filter(id__gt=before))
    assert events
    assert {(event.actor_id, event.actor_label) for event in events} == {
        (client.user_id, f"client:{client.application.client_id}")
    }
    assert {event.child_id for event in events if event.action == Action.READ} == {jonas}


def test_a_read_scope_cannot_write_and_a_write_needs_its_scope(world):
    client, secret = _register(world, scopes=("concerns:read",))
    api = ApiClient(token=_token(client, secret))
    response = api.post(reverse("api_v1:concerns"), {"child_id": str(world.child.pk)})
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM_JSON
    assert 'scope="concerns:write"' in response["WWW-Authenticate"]
    assert api.get(reverse("api_v1:child", args=[world.child.pk])).status_code == 403


def test_expired_and_revoked_clients_are_refused_with_401(world):
    client, secret = _register(world)
    raw = _token(client, secret)
    api = ApiClient(token=raw)
    assert api.get(reverse("api_v1:me")).status_code == 200
    SystemClient.objects.filter(pk=client.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = api.get(reverse("api_v1:me"))
    assert expired.status_code == 401
    assert expired["Content-Type"] == PROBLEM_JSON
    assert _token_response(client, secret).status_code == 401

    other, other_secret = _register(world)
    other_api = ApiClient(token=_token(other, other_secret))
    system_client_revoke(client=other, admin=world.admin)
    assert other_api.get(reverse("api_v1:me")).status_code == 401
    assert _token_response(other, other_secret).status_code == 401


def test_an_expired_access_token_is_refused(world):
    client, secret = _register(world)
    raw = _token(client, secret)
    client.application.accesstoken_set.update(expires=timezone.now() - datetime.timedelta(1))
    assert ApiClient(token=raw).get(reverse("api_v1:me")).status_code == 401


def test_rotation_replaces_the_secret_and_ends_the_old_tokens_at_once(world):
    client, secret = _register(world)
    api = ApiClient(token=_token(client, secret))
    client, new_secret = system_client_rotate(client=client, admin=world.admin)
    assert new_secret != secret
    assert api.get(reverse("api_v1:me")).status_code == 401
    assert _token_response(client, secret).status_code == 401
    assert ApiClient(token=_token(client, new_secret)).get(reverse("api_v1:me")).status_code == 200


def test_the_rate_limit_counts_per_client_across_its_tokens(world, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    client, secret = _register(world)
    first = ApiClient(token=_token(client, secret))
    second = ApiClient(token=_token(client, secret))
    assert first.get(reverse("api_v1:me")).status_code == 200
    assert second.get(reverse("api_v1:me")).status_code == 200
    limited = first.get(reverse("api_v1:me"))
    assert limited.status_code == 429
    assert "Retry-After" in limited


def test_the_admin_registers_rotates_and_revokes_on_the_page_and_sees_the_secret_once(world):
    browser = verified_client(world.admin)
    page = reverse("people:system_clients")
    response = browser.post(
        page,
        {
            "name": "Fagsystem skole",
            "unit": str(world.school.pk),
            "scopes": ["children:read"],
            "days": "30",
        },
    )
    assert response.status_code == 200
    client = SystemClient.objects.get()
    assert client.unit == world.school
    assert client.created_by == world.admin
    assert client.application.client_id in response.content.decode()
    assert response.context["secret"]
    listed = browser.get(page)
    assert response.context["secret"] not in listed.content.decode()
    assert "<td>Lese: barn</td>" in listed.content.decode()
    rotated = browser.post(reverse("people:system_client_rotate", args=[client.pk]))
    assert rotated.status_code == 200
    assert rotated.context["secret"]
    assert browser.post(reverse("people:system_client_revoke", args=[client.pk])).status_code == 302
    client.refresh_from_db()
    assert client.revoked_at is not None
    assert list(
        AccessEvent.objects.filter(object_type="system_client").values_list("action", flat=True)
    ) == [Action.CREATE, Action.UPDATE, Action.UPDATE]


def test_nul_bytes_and_long_names_give_a_form_error(world):
    browser = verified_client(world.admin)
    for name in ("Fag\x00system", "x" * 101):
        response = browser.post(
            reverse("people:system_clients"),
            {"name": name, "unit": str(world.school.pk), "scopes": ["children:read"], "days": "30"},
        )
        assert response.status_code == 400
        assert "name" in response.context["form"].errors
    assert not SystemClient.objects.exists()


def test_an_admin_of_another_municipality_and_staff_cannot_see_or_change_the_client(world):
    client, _secret = _register(world)
    skien_admin = UserFactory(username="skien_admin")
    admin_of(skien_admin, municipality("4003"))
    listed = verified_client(skien_admin).get(reverse("people:system_clients"))
    assert listed.status_code == 200
    assert "Fagsystem skole" not in listed.content.decode()
    assert (
        verified_client(world.coordinator).get(reverse("people:system_clients")).status_code == 404
    )
    for user in (skien_admin, world.coordinator):
        browser = verified_client(user)
        for name in ("people:system_client_rotate", "people:system_client_revoke"):
            assert browser.post(reverse(name, args=[client.pk])).status_code == 404
    client.refresh_from_db()
    assert client.revoked_at is None
    assert client.rotated_at is None


def test_an_admin_cannot_register_a_client_for_another_municipalitys_unit(world):
    browser = verified_client(world.admin)
    response = browser.post(
        reverse("people:system_clients"),
        {"name": "X", "unit": str(world.skien_health.pk), "scopes": ["children:read"], "days": "3"},
    )
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors


def test_the_clients_user_cannot_log_in_and_is_not_listed_as_staff(world):
    client, _secret = _register(world)
    assert not client.user.has_usable_password()
    page = verified_client(world.coordinator).get(reverse("units:detail", args=[world.school.pk]))
    assert "Fagsystem skole" not in page.content.decode()


def test_a_client_is_never_offered_as_a_team_member_or_coordinator(world):
    client, _secret = _register(world)
    invitable = municipality_unit_memberships(team=world.team)
    # The school's people are offered; its system client, a member of the school, is not.
    assert invitable.filter(unit=world.school).exclude(user=client.user).exists()
    assert not invitable.filter(user=client.user).exists()
    assert not handover_memberships(team=world.team).filter(user=client.user).exists()


def test_a_bearer_token_is_looked_up_once_per_request(world):
    """The database scope (PostgreSQL) and the API's authentication both need the token: one
    lookup, kept on the request."""
    client, secret = _register(world)
    client_raw = _token(client, secret)
    _key, key_raw = api_token_issue(user=world.member, name="Fagsystem", scopes=["teams:read"])
    for raw, table in ((client_raw, "oauth2_provider_accesstoken"), (key_raw, "people_apitoken")):
        with CaptureQueriesContext(connection) as queries:
            assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me").status_code == 200
        lookups = [
            query
            for query in queries.captured_queries
            if query["sql"].lstrip().startswith("SELECT") and f'FROM "{table}"' in query["sql"]
        ]
        assert len(lookups) == 1, [query["sql"] for query in lookups]
        # An API key is never looked up among the toolkit's access tokens, nor the reverse.
        other = "people_apitoken" if table != "people_apitoken" else "oauth2_provider_accesstoken"
        assert not [query for query in queries.captured_queries if f'"{other}"' in query["sql"]]
