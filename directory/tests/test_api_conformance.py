"""HTTP conformance of the public HSDS API: problem details for every error, the read-only
methods, CORS preflight, unknown parameters and conditional requests."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from directory.tests.hsds_sample import SampleDirectory, sample_directory

API = "/api/hsds"
LISTS = ["/services", "/organizations", "/service_at_locations", "/taxonomies", "/taxonomy_terms"]


@pytest.fixture
def sample(db) -> SampleDirectory:
    return sample_directory()


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["type"] == "about:blank"
    assert problem["detail"]
    return problem


@pytest.mark.parametrize(
    "path",
    [
        "/services/not-a-uuid",
        "/organizations/12345",
        "/service_at_locations/%00",
        "/taxonomies/x",
        "/taxonomy_terms/00000000-0000-0000-0000-00000000000g",
        "/nothing-here",
        "/services/",
        f"/services/{uuid.UUID(int=1)}/extra",
    ],
)
def test_every_unknown_path_or_malformed_id_is_a_problem_404(client, db, path):
    problem = assert_problem(client.get(API + path), 404)
    assert problem["title"] == "Not Found"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/", "/services", "/services/" + str(uuid.UUID(int=1))])
def test_writing_methods_answer_405_with_allow(db, method, path):
    # As a browser would send it: with CSRF checks on, and no token.
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(API + path, data="{}", content_type="application/json")
    problem = assert_problem(response, 405)
    assert method.upper() in problem["detail"]
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["/", "/services", "/taxonomies"])
def test_options_is_a_cors_preflight(client, db, path):
    response = client.options(
        API + path,
        headers={
            "Origin": "https://vendor.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 204
    assert response.content == b""
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_head_answers_the_headers_of_get_without_the_body(client, sample):
    path = f"{API}/services/{sample.health_station.id}"
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert head["ETag"] == got["ETag"]
    assert int(head["Content-Length"]) == len(got.content)


def test_head_of_an_unknown_id_is_404(client, db):
    response = client.head(f"{API}/services/{uuid.UUID(int=1)}")
    assert response.status_code == 404
    assert response.content == b""


@pytest.mark.parametrize(
    ("path", "query", "unknown"),
    [
        ("/services", {"organisation_id": str(uuid.UUID(int=1))}, ["organisation_id"]),
        ("/services", {"q": "x", "limit": "5"}, ["limit", "q"]),
        ("/taxonomies", {"taxonomy_id": str(uuid.UUID(int=1))}, ["taxonomy_id"]),
        ("/", {"page": "1"}, ["page"]),
    ],
)
def test_unknown_parameters_answer_400_naming_them(client, db, path, query, unknown):
    problem = assert_problem(client.get(API + path, query), 400)
    assert problem["parameters"] == unknown
    for name in unknown:
        assert name in problem["detail"]


def test_an_item_takes_no_list_parameters(client, sample):
    response = client.get(f"{API}/services/{sample.health_station.id}", {"page": "2"})
    assert assert_problem(response, 400)["parameters"] == ["page"]


@pytest.mark.parametrize("path", ["/", *LISTS])
def test_lists_answer_304_to_their_etag(client, sample, path):
    first = client.get(API + path)
    etag = first["ETag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    again = client.get(API + path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    other = client.get(API + path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_an_item_answers_304_until_it_changes(client, sample):
    path = f"{API}/services/{sample.health_station.id}"
    etag = client.get(path)["ETag"]
    assert client.get(path, headers={"If-None-Match": f'"x", {etag}'}).status_code == 304
    sample.health_station.name = "Helsestasjon for barn og unge"
    sample.health_station.save()
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_page_etag_depends_on_the_query(client, sample):
    one = client.get(f"{API}/services", {"per_page": "1"})["ETag"]
    two = client.get(f"{API}/services", {"per_page": "2"})["ETag"]
    assert one != two


def test_errors_carry_no_etag(client, db):
    assert "ETag" not in client.get(f"{API}/services", {"page": "0"})
