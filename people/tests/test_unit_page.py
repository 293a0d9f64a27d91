"""The unit page with the fixed cast: owner, colleague, outsider here, outsider elsewhere."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import without_tokens
from people.models import Role
from tests.factories import UserFactory, member


def _get(client, unit):
    return client.get(f"/units/{unit.pk}/")


def test_owner_sees_the_unit_and_its_staff(cast, client_for):
    response = _get(client_for(cast.owner), cast.unit)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Olga Eier" in body
    assert "Kai Kollega" in body


def test_colleague_with_read_access_sees_the_unit(cast, client_for):
    assert _get(client_for(cast.colleague), cast.unit).status_code == 200


def test_outsider_in_the_same_municipality_gets_404(cast, client_for):
    assert _get(client_for(cast.outsider), cast.unit).status_code == 404


def test_outsider_in_another_municipality_gets_404(cast, client_for):
    response = _get(client_for(cast.foreigner), cast.unit)
    assert response.status_code == 404
    assert "Vestsiden" not in response.content.decode()


def test_missing_unit_looks_exactly_like_a_forbidden_one(cast, client_for):
    client = client_for(cast.outsider)
    missing = client.get(f"/units/{uuid.uuid4()}/")
    forbidden = _get(client, cast.unit)
    assert missing.status_code == forbidden.status_code == 404
    assert without_tokens(missing.content) == without_tokens(forbidden.content)


def test_anonymous_visitor_is_sent_to_log_in(cast, client):
    response = _get(client, cast.unit)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_unit_page_uses_the_same_number_of_queries_for_many_staff(cast, client_for):
    client = client_for(cast.owner)
    _get(client, cast.unit)
    with CaptureQueriesContext(connection) as few:
        _get(client, cast.unit)
    for n in range(15):
        member(UserFactory(username=f"extra{n}"), cast.unit, Role.PROFESSIONAL)
    with CaptureQueriesContext(connection) as many:
        _get(client, cast.unit)
    assert len(many) == len(few)
