"""The session is renewed by a write at most once a minute, and still ends after 30 idle
minutes (docs/security.md)."""

from __future__ import annotations

import datetime
import time

from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.middleware import SESSION_RENEW_SECONDS


def _session_writes(client: Client, path: str = "/") -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    writes = [
        query["sql"]
        for query in captured
        if "django_session" in query["sql"]
        and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]
    return status, writes


def _expiry(client: Client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _renewed_long_ago(client: Client, seconds: float) -> None:
    session = client.session
    session["_renewed_at"] = time.time() - seconds
    session.save()


def test_a_get_within_the_minute_does_not_write_the_session(cast, client_for):
    client = client_for(cast.owner)
    expiry = _expiry(client)
    # The log-in saved the session with a fresh expiry: the first request after it is no
    # reason to write it again, nor are the next ones.
    for _ in range(3):
        status, writes = _session_writes(client)
        assert status == 200
        assert writes == []
    assert _expiry(client) == expiry


def test_a_get_a_minute_after_the_last_renewal_moves_the_expiry_on(cast, client_for):
    client = client_for(cast.owner)
    _renewed_long_ago(client, SESSION_RENEW_SECONDS + 1)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )
    status, writes = _session_writes(client)
    assert status == 200
    assert len(writes) == 1
    left = _expiry(client) - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)
    # Right after a renewal, the next request writes nothing.
    assert _session_writes(client)[1] == []


def test_requests_within_the_minute_do_not_keep_an_idle_session_alive(cast, client_for):
    client = client_for(cast.owner)
    _renewed_long_ago(client, SESSION_RENEW_SECONDS - 10)
    soon = timezone.now() + datetime.timedelta(seconds=20)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=soon)
    assert client.get("/").status_code == 200
    assert _expiry(client) == soon
    # Thirty minutes after the last renewal the store has expired it: logged out.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get("/").status_code == 302


def test_a_request_without_a_session_creates_none(db):
    client = Client()
    client.cookies["sessionid"] = "no-such-session"
    client.get("/accounts/login/")
    assert not Session.objects.exists()
