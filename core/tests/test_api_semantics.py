"""What every operation of /api/v1/ shares for an integrator (docs/api.md): 409 for state
conflicts, Location on 201, ETag with If-None-Match (304) and If-Match (412), HEAD,
Idempotency-Key on POST, and rate limits (429 with Retry-After)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent, Action
from core.api.idempotency import idempotency_keys_expire
from core.errors import is_state_conflict, state_conflict
from core.jobs import idempotency_keys_expire_job
from core.models import IdempotencyKey
from people.tokens import ALL_SCOPES, api_token_issue
from plans.models import Goal
from teamlog.models import LogEntry
from tests.api_client import ApiClient, api_client_for, prepare, unit_invitation_of

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has one writer at a time: two requests cannot run their writes together",
)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _team(world) -> str:
    return reverse("api_v1:team", args=[world.team.pk])


def _log(world) -> str:
    return reverse("api_v1:team_log", args=[world.team.pk])


def _goal(world, goal: Goal | None = None) -> str:
    goal = goal or world.plan.goals.get()
    return reverse("api_v1:team_goal", args=[world.team.pk, goal.pk])


def _entries(world) -> int:
    return LogEntry.objects.filter(team=world.team, text__startswith="Idempotent").count()


# --- 409 ---------------------------------------------------------------------------------------


def test_a_state_conflict_is_told_apart_from_bad_input():
    assert is_state_conflict(state_conflict("Already done."))
    assert is_state_conflict(state_conflict("Already invited.", field="unit"))
    assert not is_state_conflict(ValidationError("Write the text."))
    assert not is_state_conflict(
        ValidationError({"unit": state_conflict("Already."), "text": ValidationError("Write.")})
    )


def test_accepting_for_a_unit_when_already_on_the_team_answers_409(world):
    prepare(world)
    url = reverse(
        "api_v1:team_unit_invitation_answer", args=[world.team.pk, unit_invitation_of(world).pk]
    )
    again = api_client_for(world.coordinator).post(url, {"accept": True}, **EN)
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert again.json()["detail"] == "You are already on the team or invited to it."


def test_bad_input_still_answers_400(world):
    response = api_client_for(world.coordinator).post(_log(world), {"kind": "note", "text": ""})
    assert response.status_code == 400


# --- Location ----------------------------------------------------------------------------------


def test_a_created_item_with_its_own_path_is_located_there(world):
    client = api_client_for(world.coordinator)
    created = client.post(
        reverse("api_v1:team_goals", args=[world.team.pk]), {"text": "Ha en venn."}
    )
    assert created.status_code == 201
    goal = Goal.objects.get(pk=created.json()["id"])
    assert created["Location"] == _goal(world, goal)
    read = client.get(created["Location"])
    assert read.status_code == 200
    assert read.json() == created.json()


def test_a_created_item_without_its_own_path_is_located_at_its_list(world):
    client = api_client_for(world.coordinator)
    created = client.post(_log(world), {"kind": "note", "text": "Notat"})
    assert created.status_code == 201
    assert created["Location"] == _log(world)
    listed = client.get(created["Location"]).json()["items"]
    assert created.json()["id"] in [item["id"] for item in listed]


def test_a_raised_concern_is_located_at_its_own_path(world):
    body = {
        "unit": str(world.school.pk),
        "child": {"given_name": "Ola", "family_name": "Lokasjon", "birth_date": "2014-03-03"},
        "observed": "Kommer ofte for sent.",
    }
    created = api_client_for(world.coordinator).post(reverse("api_v1:concerns"), body)
    assert created.status_code == 201
    assert created["Location"] == reverse("api_v1:concern", args=[created.json()["id"]])


# --- ETag, If-None-Match, If-Match -------------------------------------------------------------


def test_a_read_has_an_etag_and_answers_304_while_it_holds(world):
    client = api_client_for(world.coordinator)
    first = client.get(_team(world))
    tag = first["ETag"]
    assert tag.startswith('"')
    assert client.get(_team(world))["ETag"] == tag
    for sent in (tag, f"W/{tag}", f'"other", {tag}', "*"):
        cached = client.get(_team(world), HTTP_IF_NONE_MATCH=sent)
        assert cached.status_code == 304, sent
        assert cached.content == b""
        assert cached["ETag"] == tag
    assert client.get(_team(world), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_list_has_an_etag_that_changes_with_the_list(world):
    client = api_client_for(world.coordinator)
    tag = client.get(_log(world))["ETag"]
    client.post(_log(world), {"kind": "note", "text": "Nytt"})
    changed = client.get(_log(world), HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200
    assert changed["ETag"] != tag


def test_a_304_is_still_an_audited_read(world):
    client = api_client_for(world.coordinator)
    tag = client.get(_team(world))["ETag"]
    before = AccessEvent.objects.filter(action=Action.READ).count()
    assert client.get(_team(world), HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert AccessEvent.objects.filter(action=Action.READ).count() == before + 1


def test_an_update_with_the_current_etag_is_saved(world):
    client = api_client_for(world.coordinator)
    tag = client.get(_goal(world))["ETag"]
    reads = AccessEvent.objects.filter(action=Action.READ).count()
    response = client.patch(_goal(world), {"version": 1, "text": "Ny tekst"}, HTTP_IF_MATCH=tag)
    assert response.status_code == 200
    # The check runs the goal's GET, but a write shows nothing of it: no read event.
    assert AccessEvent.objects.filter(action=Action.READ).count() == reads
    assert response["ETag"] != tag
    assert response["ETag"] == client.get(_goal(world))["ETag"]


def test_an_update_with_a_stale_etag_answers_412_and_writes_nothing(world):
    mine, theirs = api_client_for(world.coordinator), api_client_for(world.member)
    tag = mine.get(_goal(world))["ETag"]
    assert theirs.patch(_goal(world), {"version": 1, "text": "Deres"}).status_code == 200
    stale = mine.patch(_goal(world), {"version": 2, "text": "Min"}, HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert stale["ETag"] == mine.get(_goal(world))["ETag"]
    goal = world.plan.goals.get()
    assert (goal.text, goal.version) == ("Deres", 2)


def test_the_version_still_answers_409_without_if_match(world):
    client = api_client_for(world.coordinator)
    assert client.patch(_goal(world), {"version": 1, "text": "En"}).status_code == 200
    assert client.patch(_goal(world), {"version": 1, "text": "To"}).status_code == 409


def test_if_match_on_what_you_may_not_see_answers_404(world):
    response = api_client_for(world.outsider).patch(
        _goal(world), {"version": 1, "text": "x"}, HTTP_IF_MATCH='"x"'
    )
    assert response.status_code == 404


# --- HEAD --------------------------------------------------------------------------------------


def test_head_answers_like_get_without_the_body(world):
    client = api_client_for(world.coordinator)
    got = client.get(_team(world))
    head = client.request("HEAD", _team(world))
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == got["ETag"]
    assert head["Content-Type"] == got["Content-Type"]
    assert int(head["Content-Length"]) == len(got.content)
    assert client.request("HEAD", reverse("api_v1:me")).status_code == 200


def test_head_on_a_path_without_get_answers_405(world):
    url = reverse("api_v1:task_complete", args=[world.team.pk])
    response = api_client_for(world.coordinator).client.head(url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_head_of_what_you_may_not_see_answers_404(world):
    assert api_client_for(world.outsider).request("HEAD", _team(world)).status_code == 404


# --- Idempotency-Key ---------------------------------------------------------------------------


def test_the_same_key_and_body_answers_the_first_answer_without_writing_again(world):
    client = api_client_for(world.coordinator)
    body = {"kind": "note", "text": "Idempotent notat"}
    first = client.post(_log(world), body, HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(_log(world), body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Location"] == first["Location"]
    assert again["ETag"] == first["ETag"]
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert _entries(world) == 1
    other = client.post(_log(world), body, HTTP_IDEMPOTENCY_KEY="k-2")
    assert other.status_code == 201
    assert _entries(world) == 2


def test_the_same_key_with_another_body_answers_422(world):
    client = api_client_for(world.coordinator)
    client.post(_log(world), {"kind": "note", "text": "Idempotent A"}, HTTP_IDEMPOTENCY_KEY="k")
    other = client.post(
        _log(world), {"kind": "note", "text": "Idempotent B"}, HTTP_IDEMPOTENCY_KEY="k", **EN
    )
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert "another request" in other.json()["detail"]
    assert _entries(world) == 1


def test_the_same_key_on_another_path_answers_422(world):
    client = api_client_for(world.coordinator)
    client.post(_log(world), {"kind": "note", "text": "Idempotent"}, HTTP_IDEMPOTENCY_KEY="k")
    goals = reverse("api_v1:team_goals", args=[world.team.pk])
    assert client.post(goals, {"text": "Mål"}, HTTP_IDEMPOTENCY_KEY="k").status_code == 422


def test_a_key_is_the_callers_own(world):
    body = {"kind": "note", "text": "Idempotent"}
    api_client_for(world.coordinator).post(_log(world), body, HTTP_IDEMPOTENCY_KEY="k")
    theirs = api_client_for(world.member).post(_log(world), body, HTTP_IDEMPOTENCY_KEY="k")
    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs
    assert _entries(world) == 2


def test_a_failed_request_does_not_use_up_its_key(world):
    client = api_client_for(world.coordinator)
    bad = client.post(_log(world), {"kind": "note", "text": ""}, HTTP_IDEMPOTENCY_KEY="k")
    assert bad.status_code == 400
    assert not IdempotencyKey.objects.exists()
    good = client.post(
        _log(world), {"kind": "note", "text": "Idempotent"}, HTTP_IDEMPOTENCY_KEY="k"
    )
    assert good.status_code == 201
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "nøkkel", "tab\there"])
def test_a_malformed_key_answers_400(world, key):
    response = api_client_for(world.coordinator).post(
        _log(world), {"kind": "note", "text": "Idempotent"}, HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]
    assert _entries(world) == 0


def test_a_key_older_than_24_hours_is_forgotten(world):
    client = api_client_for(world.coordinator)
    body = {"kind": "note", "text": "Idempotent"}
    client.post(_log(world), body, HTTP_IDEMPOTENCY_KEY="k")
    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    again = client.post(_log(world), body, HTTP_IDEMPOTENCY_KEY="k")
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert _entries(world) == 2


def test_the_job_deletes_keys_older_than_24_hours(world):
    client = api_client_for(world.coordinator)
    for key in ("old", "new"):
        client.post(_log(world), {"kind": "note", "text": key}, HTTP_IDEMPOTENCY_KEY=key)
    IdempotencyKey.objects.filter(key="old").update(
        created_at=timezone.now() - datetime.timedelta(hours=24, seconds=1)
    )
    assert idempotency_keys_expire_job.call() == {"deleted": 1}
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert idempotency_keys_expire() == 0


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_requests_with_the_same_key_at_once_write_once(world):
    _token, raw = api_token_issue(user=world.coordinator, name="race", scopes=ALL_SCOPES)
    body = '{"kind": "note", "text": "Idempotent samtidig"}'
    start = threading.Barrier(2)
    answers: list = []

    def post() -> None:
        try:
            start.wait()
            answers.append(
                Client().post(
                    _log(world),
                    data=body,
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {raw}",
                    HTTP_IDEMPOTENCY_KEY="race",
                )
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answer.status_code for answer in answers) == [201, 201]
    assert answers[0].content == answers[1].content
    assert sum("Idempotent-Replayed" in answer for answer in answers) == 1
    assert _entries(world) == 1


# --- rate limits -------------------------------------------------------------------------------


@override_settings(API_REQUESTS_PER_MINUTE=3)
def test_a_token_over_its_limit_answers_429_with_retry_after(world):
    client = api_client_for(world.coordinator)
    for _ in range(3):
        assert client.get(reverse("api_v1:me")).status_code == 200
    refused = client.get(reverse("api_v1:me"), **EN)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["status"] == 429
    # Another token has its own count.
    assert api_client_for(world.member).get(reverse("api_v1:me")).status_code == 200


@override_settings(API_FAILED_TOKENS_PER_MINUTE=5)
def test_bad_tokens_from_one_address_are_stopped_with_429(db):
    bad = ApiClient(token="laget_not-a-token")
    statuses = [bad.get(reverse("api_v1:me")).status_code for _ in range(20)]
    assert statuses == [401] * 5 + [429] * 15
    refused = bad.get(reverse("api_v1:me"))
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another address is not stopped.
    other = ApiClient(Client(HTTP_AUTHORIZATION="Bearer laget_x", REMOTE_ADDR="192.0.2.7"))
    assert other.get(reverse("api_v1:me")).status_code == 401


@override_settings(API_FAILED_TOKENS_PER_MINUTE=2, CLIENT_ADDRESS_HEADER="X-Real-IP")
def test_behind_a_proxy_bad_tokens_are_counted_per_client(db):
    one = ApiClient(Client(HTTP_AUTHORIZATION="Bearer laget_x", HTTP_X_REAL_IP="198.51.100.1"))
    two = ApiClient(Client(HTTP_AUTHORIZATION="Bearer laget_x", HTTP_X_REAL_IP="198.51.100.2"))
    assert [one.get(reverse("api_v1:me")).status_code for _ in range(3)] == [401, 401, 429]
    assert two.get(reverse("api_v1:me")).status_code == 401
