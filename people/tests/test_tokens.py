"""API tokens: expiry, scopes per area, revoked by "log out everywhere" and by deactivation, and
the pages where users and administrators see and revoke them."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent, Action
from config.openapi_v1 import openapi_document
from conftest import verified_client
from people.models import ApiToken
from people.services import user_deactivate
from people.tokens import ALL_SCOPES, AREAS, READ_SCOPES, api_token_issue, scope_for, scopes_parse
from tests.api_client import ApiClient, api_operation_metas
from tests.factories import UserFactory, admin_of, municipality

pytestmark = pytest.mark.django_db


def _client(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _team_url(world) -> str:
    return reverse("api_v1:team", args=[world.team.pk])


def _log_url(world) -> str:
    return reverse("api_v1:team_log", args=[world.team.pk])


def test_a_token_expires_after_90_days_by_default(world):
    token, _raw = api_token_issue(user=world.member, name="Fagsystem", scopes=ALL_SCOPES)
    lifetime = token.expires_at - token.created_at
    assert datetime.timedelta(days=89, hours=23) < lifetime <= datetime.timedelta(days=90)


def test_an_expired_token_answers_401_exactly_as_a_revoked_one(world):
    token, raw = api_token_issue(user=world.member, name="Fagsystem", scopes=ALL_SCOPES)
    assert _client(raw).get(_team_url(world)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    expired = _client(raw).get(_team_url(world))
    revoked_token, revoked_raw = api_token_issue(user=world.member, name="B", scopes=ALL_SCOPES)
    ApiToken.objects.filter(pk=revoked_token.pk).update(revoked_at=timezone.now())
    revoked = _client(revoked_raw).get(_team_url(world))
    assert expired.status_code == revoked.status_code == 401
    assert expired.content == revoked.content
    assert expired["WWW-Authenticate"] == revoked["WWW-Authenticate"]


def test_a_lifetime_over_365_days_or_unknown_scopes_are_refused(world):
    with pytest.raises(ValidationError, match="365"):
        api_token_issue(user=world.member, name="X", scopes=ALL_SCOPES, days=366)
    with pytest.raises(ValidationError, match="teams:delete"):
        api_token_issue(user=world.member, name="X", scopes=["teams:delete"])
    with pytest.raises(ValidationError):
        api_token_issue(user=world.member, name="X", scopes=[])
    assert not ApiToken.objects.exists()


def test_a_read_scope_reads_but_does_not_write(world):
    _token, raw = api_token_issue(user=world.member, name="Les", scopes=["teams:read"])
    client = ApiClient(_client(raw))
    assert client.get(_team_url(world)).status_code == 200
    refused = client.post(_log_url(world), {"kind": "note", "text": "Fra systemet"})
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert "teams:write" in refused.json()["detail"]
    assert 'scope="teams:write"' in refused["WWW-Authenticate"]


def test_the_shorthand_read_gives_only_read_scopes_and_all_gives_both():
    assert scopes_parse("read") == list(READ_SCOPES)
    assert all(scope.endswith(":read") for scope in scopes_parse("read"))
    assert scopes_parse("all") == list(ALL_SCOPES)


@pytest.mark.parametrize(
    ("method", "scope"),
    [("GET", "plans:read"), ("HEAD", "plans:read"), ("POST", "plans:write")]
    + [(method, "plans:write") for method in ("PATCH", "PUT", "DELETE")],
)
def test_every_method_that_changes_data_needs_the_write_scope(method, scope):
    assert scope_for(area="plans", method=method) == scope


def test_a_write_scope_does_not_read_and_another_areas_scope_does_nothing(world):
    _token, raw = api_token_issue(
        user=world.member, name="Skriv", scopes=["teams:write", "plans:read"]
    )
    client = ApiClient(_client(raw))
    assert client.post(_log_url(world), {"kind": "note", "text": "Notat"}).status_code == 201
    refused = client.get(_log_url(world))
    assert refused.status_code == 403
    assert "teams:read" in refused.json()["detail"]
    assert client.get(reverse("api_v1:team_plan", args=[world.team.pk])).status_code == 200
    assert client.get(reverse("api_v1:child", args=[world.child.pk])).status_code == 403


def test_me_needs_only_a_valid_token(world):
    _token, raw = api_token_issue(user=world.member, name="Les", scopes=["plans:read"])
    assert ApiClient(_client(raw)).get(reverse("api_v1:me")).status_code == 200


def test_every_route_with_childrens_data_has_an_area():
    for name, method, meta, area in api_operation_metas():
        if meta.public or name == "me":
            continue
        assert area in AREAS, (name, method)


def test_the_openapi_document_names_the_scope_of_each_operation():
    document = openapi_document()
    operation = document["paths"]["/teams/{team_id}/log"]["post"]
    assert {"bearer": ["teams:write"]} in operation["security"]
    assert "403" in operation["responses"]


def test_log_out_everywhere_revokes_the_users_tokens(world, client_for):
    token, raw = api_token_issue(user=world.member, name="Fagsystem", scopes=ALL_SCOPES)
    assert _client(raw).get(_team_url(world)).status_code == 200
    client_for(world.member).post(reverse("people:logout_everywhere"))
    assert _client(raw).get(_team_url(world)).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AccessEvent.objects.filter(
        object_type="api_token", object_id=str(token.pk), action=Action.UPDATE
    ).exists()


def test_deactivation_revokes_the_users_tokens_for_good(world):
    admin = UserFactory(username="porsgrunn-admin")
    admin_of(admin, municipality("4001"))
    token, raw = api_token_issue(user=world.member, name="Fagsystem", scopes=ALL_SCOPES)
    user_deactivate(user=world.member, deactivated_by=admin)
    world.member.is_active = True  # even if someone turned the flag back on in the database
    world.member.save(update_fields=["is_active"])
    assert _client(raw).get(reverse("api_v1:me")).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_deactivates_themselves(world):
    with pytest.raises(ValidationError):
        user_deactivate(user=world.member, deactivated_by=world.member)


# --- manage.py issue_api_token -----------------------------------------------------------------


def _issue(*args: str) -> str:
    out = StringIO()
    call_command("issue_api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_issue_api_token_takes_scopes_and_days(world):
    _issue("member", "--name", "Fagsystem", "--scopes", "teams:read,plans:write", "--days", "30")
    token = ApiToken.objects.get(user=world.member)
    assert token.scope_list == ["teams:read", "plans:write"]
    assert token.expires_at - token.created_at <= datetime.timedelta(days=30)


def test_issue_api_token_defaults_to_reading_only(world):
    _issue("member")
    token = ApiToken.objects.get(user=world.member)
    assert token.scope_list == [f"{area}:read" for area in AREAS]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scopes", "teams:admin"], "teams:admin"),
        (["--days", "400"], "365"),
        (["--days", "0"], "365"),
    ],
)
def test_issue_api_token_refuses_bad_scopes_and_days_clearly(world, args, message):
    with pytest.raises(CommandError, match=message):
        _issue("member", *args)
    assert not ApiToken.objects.exists()


# --- My API keys ------------------------------------------------------------------------------


def test_my_api_keys_lists_my_tokens_with_norwegian_dates(world, client_for):
    token, _raw = api_token_issue(user=world.member, name="Fagsystem", scopes=["teams:read"])
    api_token_issue(user=world.coordinator, name="Koordinatorens", scopes=ALL_SCOPES)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=datetime.datetime(2027, 3, 5, 12, 0, tzinfo=datetime.UTC)
    )
    response = client_for(world.member).get(reverse("people:api_tokens"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fagsystem" in page
    assert "teams:read" in page
    assert "05.03.2027" in page
    assert "Koordinatorens" not in page


def test_the_start_page_links_to_my_api_keys(world, client_for):
    page = client_for(world.member).get("/").content.decode()
    assert reverse("people:api_tokens") in page


def test_a_user_revokes_her_own_token_with_a_post(world, client_for):
    token, raw = api_token_issue(user=world.member, name="Fagsystem", scopes=ALL_SCOPES)
    url = reverse("people:api_token_revoke", args=[token.pk])
    client = client_for(world.member)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert _client(raw).get(reverse("api_v1:me")).status_code == 401
    event = AccessEvent.objects.filter(object_type="api_token", action=Action.UPDATE).get()
    assert event.actor == world.member


def test_another_users_token_is_not_found(world, client_for):
    token, raw = api_token_issue(user=world.coordinator, name="Fagsystem", scopes=ALL_SCOPES)
    url = reverse("people:api_token_revoke", args=[token.pk])
    assert client_for(world.member).post(url).status_code == 404
    missing = reverse("people:api_token_revoke", args=[token.pk + 1000])
    assert client_for(world.member).post(missing).status_code == 404
    assert _client(raw).get(reverse("api_v1:me")).status_code == 200


def test_the_csrf_token_is_needed_to_revoke(world):
    token, _raw = api_token_issue(user=world.member, name="Fagsystem", scopes=ALL_SCOPES)
    client = verified_client(world.member)
    client.handler.enforce_csrf_checks = True
    assert client.post(reverse("people:api_token_revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_user_makes_a_token_on_the_page_and_sees_it_once(world, client_for):
    client = client_for(world.member)
    response = client.post(
        reverse("people:api_tokens"),
        {"name": "Skript", "scopes": ["teams:read", "plans:read"], "days": "30"},
    )
    assert response.status_code == 200
    raw = response.context["issued"]
    assert raw.startswith("laget_")
    assert raw in response.content.decode()
    assert ApiClient(_client(raw)).get(_team_url(world)).status_code == 200
    again = client.get(reverse("people:api_tokens"))
    assert raw not in again.content.decode()
    # What the key may do, in words and in the form's order, never as the scope codes.
    assert "<td>Lese: lag, logg, møter og oppgaver; Lese: planer</td>" in again.content.decode()
    event = AccessEvent.objects.get(object_type="api_token", action=Action.CREATE)
    assert event.actor == world.member


def test_the_page_refuses_a_token_without_scopes_or_too_long(world, client_for):
    response = client_for(world.member).post(
        reverse("people:api_tokens"), {"name": "Skript", "days": "400"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"scopes", "days"}
    assert not ApiToken.objects.exists()


def test_my_api_keys_page_takes_a_fixed_number_of_queries(world, client_for):
    client = client_for(world.member)
    api_token_issue(user=world.member, name="En", scopes=ALL_SCOPES)
    client.get(reverse("people:api_tokens"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("people:api_tokens"))
    for index in range(10):
        api_token_issue(user=world.member, name=f"Flere {index}", scopes=ALL_SCOPES)
    with CaptureQueriesContext(connection) as eleven:
        client.get(reverse("people:api_tokens"))
    assert len(eleven) == len(one)


# --- the admin ---------------------------------------------------------------------------------


def test_an_administrator_sees_and_revokes_tokens_of_her_municipality_only(world, client_for):
    admin = UserFactory(username="porsgrunn-admin")
    admin_of(admin, municipality("4001"))
    mine, raw = api_token_issue(user=world.member, name="Porsgrunn", scopes=ALL_SCOPES)
    theirs, _raw = api_token_issue(user=world.foreigner, name="Skien", scopes=ALL_SCOPES)
    client = client_for(admin)
    listed = client.get("/admin/people/apitoken/").context["cl"].result_list
    assert list(listed) == [mine]
    assert client.get(f"/admin/people/apitoken/{mine.pk}/change/").status_code == 200
    response = client.post(
        "/admin/people/apitoken/",
        {"action": "revoke_selected", "_selected_action": [mine.pk, theirs.pk]},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None
    assert theirs.revoked_at is None
    assert _client(raw).get(reverse("api_v1:me")).status_code == 401
    # Nothing is issued or changed there.
    assert client.get("/admin/people/apitoken/add/").status_code == 403
