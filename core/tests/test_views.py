from django.db import DatabaseError

from core import views


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_fails(client, db, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_request_id_is_returned_and_reused_when_safe(client, db):
    first = client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert (
        client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-12345")["X-Request-ID"]
        == "proxy-id-12345"
    )
    injected = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert injected["X-Request-ID"] != "bad id\nwith newline"
