"""The API's plumbing: authentication, CSRF, problem details, bodies, query parameters, pages,
the OpenAPI document – and property-based tests that no input makes any operation answer 5xx."""

from __future__ import annotations

import datetime
import json
import re
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pydantic
import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from ninja import Field
from referencing.exceptions import Unresolvable

from config.openapi_v1 import openapi_document
from conftest import verified_client
from core.api import MAX_BODY_BYTES, PROBLEM_JSON, VALIDATION_PROBLEM, InvalidFieldsError
from core.api import types as t
from core.api.app import field_errors
from people.tokens import ALL_SCOPES, api_token_issue
from teamlog.models import LogEntry
from teams.services import log_note_add
from tests.api_client import (
    CALLS,
    DOCUMENT_URI,
    ApiClient,
    _pointer,
    _registry,
    api_client_for,
    prepare,
)

pytestmark = pytest.mark.django_db


def _log_url(world) -> str:
    return reverse("api_v1:team_log", args=[world.team.pk])


# --- authentication -----------------------------------------------------------------------------


def test_without_credentials_the_api_answers_401_problem_details(world):
    response = ApiClient().get(reverse("api_v1:me"))
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM_JSON
    assert response["WWW-Authenticate"] == 'Bearer realm="laget"'
    assert response.json()["status"] == 401


@pytest.mark.parametrize(
    "header",
    [
        "Bearer laget_" + "x" * 43,
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "laget_abc",
        "Bearer " + "y" * 5000,
    ],
)
def test_a_wrong_token_answers_401(world, header):
    response = ApiClient(Client(HTTP_AUTHORIZATION=header)).get(reverse("api_v1:me"))
    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_token_of_a_deactivated_user_answers_401(world):
    client = api_client_for(world.member)
    assert client.get(reverse("api_v1:me")).status_code == 200
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    assert client.get(reverse("api_v1:me")).status_code == 401


def test_a_session_without_the_second_factor_answers_401(world):
    client = Client()
    client.force_login(world.coordinator)
    assert ApiClient(client).get(reverse("api_v1:me")).status_code == 401


def test_in_demo_mode_a_password_session_is_enough(world, settings):
    settings.LAGET_DEMO_MODE = True
    client = Client()
    client.force_login(world.coordinator)
    assert ApiClient(client).get(reverse("api_v1:me")).status_code == 200


def test_a_session_must_send_the_csrf_token_to_change_anything(world):
    client = verified_client(world.coordinator)
    client.handler.enforce_csrf_checks = True
    api = ApiClient(client)
    body = {"kind": "note", "text": "Fra nettleseren"}
    refused = api.post(_log_url(world), body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    # As a page would have set it: a CSRF cookie, and its value sent back in the header.
    token = get_random_string(32)
    client.cookies[django_settings.CSRF_COOKIE_NAME] = token
    assert api.post(_log_url(world), body, HTTP_X_CSRFTOKEN=token).status_code == 201
    assert api.post(_log_url(world), body, HTTP_X_CSRFTOKEN="x" * 32).status_code == 403


def test_a_token_needs_no_csrf_token(world):
    _token, raw = api_token_issue(user=world.coordinator, name="test", scopes=ALL_SCOPES)
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = ApiClient(client).post(_log_url(world), {"kind": "note", "text": "Fra systemet"})
    assert response.status_code == 201


def test_a_token_acts_with_the_users_rights_as_they_are_now(world):
    client = api_client_for(world.member)
    team_url = reverse("api_v1:team", args=[world.team.pk])
    assert client.get(team_url).status_code == 200
    # The coordinator removes the member: the same token no longer sees the team.
    from teams.models import TeamMember
    from teams.services import member_leave

    member = TeamMember.objects.get(team=world.team, user=world.member)
    member_leave(actor=world.coordinator, team=world.team, member=member)
    assert client.get(team_url).status_code == 404


# --- problem details ------------------------------------------------------------------------


def test_a_method_the_path_does_not_have_answers_405_with_allow(world):
    client = api_client_for(world.coordinator)
    response = client.request("DELETE", reverse("api_v1:team", args=[world.team.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    response = client.request("PUT", _log_url(world), {})
    assert response["Allow"] == "GET, HEAD, POST"


def test_a_body_over_64_kib_answers_413(world):
    client = api_client_for(world.coordinator)
    text = "x" * (MAX_BODY_BYTES + 1)
    response = client.post(_log_url(world), {"kind": "note", "text": text})
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM_JSON


def test_a_body_that_is_not_json_is_refused(world):
    client = api_client_for(world.coordinator)
    response = client.request("POST", _log_url(world), raw=b"kind=note", content_type="text/plain")
    assert response.status_code == 415
    for raw in [b"{", b"[1, 2]", b'"note"', b"\xff\xfe", b'{"kind": NaN}', b"[" * 30000]:
        response = client.request("POST", _log_url(world), raw=raw)
        assert response.status_code == 400, raw[:20]
        assert response.json()["type"] == VALIDATION_PROBLEM
        assert "__all__" in response.json()["errors"]


def test_field_errors_name_each_field(world):
    client = api_client_for(world.coordinator)
    response = client.post(_log_url(world), {"kind": "gossip", "txt": "Hei", "text": 5})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "txt", "text"}


def test_service_errors_become_field_errors(world):
    client = api_client_for(world.coordinator)
    response = client.post(_log_url(world), {"kind": "note", "text": "   "})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["text"]


def test_text_with_nul_or_lone_surrogates_is_refused_not_stored(world):
    client = api_client_for(world.coordinator)
    before = LogEntry.objects.count()
    for raw in [rb'{"kind": "note", "text": "a\u0000b"}', rb'{"kind": "note", "text": "\ud800"}']:
        response = client.request("POST", _log_url(world), raw=raw)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["text"]
    assert LogEntry.objects.count() == before


def test_unknown_paths_and_malformed_ids_answer_as_missing_ones(world):
    client = api_client_for(world.coordinator)
    missing = client.get(reverse("api_v1:team", args=[uuid.uuid4()]))
    for path in ["/api/v1/teams/not-a-uuid", "/api/v1/nothing", "/api/v1/teams/"]:
        response = client.get(path)
        assert response.status_code == 404
        assert response.content == missing.content


def test_problem_titles_are_in_the_readers_language(world):
    client = api_client_for(world.coordinator)
    url = reverse("api_v1:team", args=[uuid.uuid4()])
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["title"] == "Not Found"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="nb").json()["title"] == "Ikke funnet"


# --- query parameters and pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["page=0", "per_page=101", "per_page=abc", "page=1&page=2", "sort=name", "status=gone"],
)
def test_bad_query_parameters_answer_400_naming_them(world, query):
    response = api_client_for(world.coordinator).get(f"{reverse('api_v1:teams')}?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


def test_pages_go_through_the_list(world):
    for n in range(4):
        log_note_add(actor=world.coordinator, team=world.team, kind="note", text=f"Notat {n}")
    client = api_client_for(world.coordinator)
    total = LogEntry.objects.filter(concern=world.concern).count()
    first = client.get(f"{_log_url(world)}?per_page=3").json()
    assert (first["total_items"], first["total_pages"], len(first["items"])) == (
        total,
        -(-total // 3),
        3,
    )
    seen = []
    for page in range(1, first["total_pages"] + 2):
        seen += client.get(f"{_log_url(world)}?per_page=3&page={page}").json()["items"]
    assert len(seen) == total
    assert len({item["id"] for item in seen}) == total


# --- the OpenAPI document -----------------------------------------------------------------------


def test_the_openapi_document_is_public_and_names_every_operation_once(world):
    response = ApiClient().get(reverse("api_v1:openapi"))
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.1.0"
    ids = [
        operation["operationId"]
        for item in document["paths"].values()
        for key, operation in item.items()
        if key != "parameters"
    ]
    assert len(ids) == len(set(ids))
    # Every operation once, and HEAD beside every GET.
    heads = {name for name in ids if name.endswith("_head")}
    assert len(ids) - len(heads) == len(CALLS)
    assert heads == {name.removesuffix("_get") + "_head" for name in ids if name.endswith("_get")}
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_every_reference_in_the_openapi_document_resolves():
    document = openapi_document()
    resolver = _registry().resolver(base_uri="https://laget.invalid/api/v1/openapi.json")

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                try:
                    resolver.lookup(node["$ref"])
                except Unresolvable as error:  # pragma: no cover - the failure message
                    raise AssertionError(node["$ref"]) from error
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)


def test_every_example_in_the_openapi_document_is_valid():
    """The examples are what an integrator copies: each fits the schema beside it."""
    checked = 0
    for path, item in openapi_document()["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            places = [("requestBody",)] + [("responses", key) for key in operation["responses"]]
            for place in places:
                media = _dig(operation, *place, "content", "application/json")
                if media is None or "example" not in media:
                    continue
                pointer = _pointer("paths", path, method, *place, "content", "application/json")
                validator = Draft202012Validator(
                    {"$ref": f"{DOCUMENT_URI}#/{pointer}/schema"},
                    registry=_registry(),
                    format_checker=Draft202012Validator.FORMAT_CHECKER,
                )
                errors = [error.message for error in validator.iter_errors(media["example"])]
                assert not errors, (operation["operationId"], errors)
                checked += 1
    assert checked >= 3


def _dig(node: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def test_every_path_parameter_is_declared():
    for path, item in openapi_document()["paths"].items():
        for method, operation in item.items():
            declared = {
                parameter["name"]
                for parameter in operation.get("parameters", [])
                if parameter.get("in") == "path"
            }
            in_path = {part[1:-1] for part in path.split("/") if part.startswith("{")}
            assert declared == in_path, (method, path)


def test_every_operation_has_examples_its_schemas_accept():
    """An example of each request body and each successful answer (issue 14), valid against the
    schema beside it, so the document's examples are true."""
    document = openapi_document()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "head":
                continue
            media = [("requestBody",)] if "requestBody" in operation else []
            media += [
                ("responses", status)
                for status, answer in operation["responses"].items()
                if status.startswith("2")
            ]
            assert media, (method, path)
            for where in media:
                node = operation
                for part in (*where, "content", "application/json"):
                    node = node[part]
                assert "example" in node, (method, path, where)
                pointer = _pointer("paths", path, method, *where, "content", "application/json")
                validator = Draft202012Validator(
                    {"$ref": f"{DOCUMENT_URI}#/{pointer}/schema"},
                    registry=_registry(),
                    format_checker=Draft202012Validator.FORMAT_CHECKER,
                )
                errors = [error.message for error in validator.iter_errors(node["example"])]
                assert not errors, (method, path, where, errors)


# --- fields -----------------------------------------------------------------------------------


class Units(t.Body):
    units: list[t.identifier()] = Field(max_length=2)  # type: ignore[valid-type]


class Sample(t.Body):
    number: t.integer(1, 10) = None  # type: ignore[valid-type]
    day: t.day() = None  # type: ignore[valid-type]
    when: t.moment()  # type: ignore[valid-type]
    kind: t.choice([0, 1]) = None  # type: ignore[valid-type]
    unit: t.identifier() = None  # type: ignore[valid-type]
    name: t.text(5, required=False) = ""  # type: ignore[valid-type]
    child: Units


def _validated(data: dict[str, Any]) -> tuple[Sample | None, dict[str, list[str]]]:
    """The sample body checked as ninja checks a body: the value, or the field errors."""
    try:
        return Sample.model_validate(data), {}
    except pydantic.ValidationError as error:
        errors = [{**e, "loc": ("body", "body", *e["loc"])} for e in error.errors()]
        return None, field_errors(errors)


def _errors(data: dict[str, Any]) -> dict[str, list[str]]:
    return _validated({"when": "2026-01-01T10:00", "child": {"units": []}, **data})[1]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"number": True}, "number"),
        ({"number": 1.5}, "number"),
        ({"number": 11}, "number"),
        ({"kind": True}, "kind"),
        ({"kind": "0"}, "kind"),
        ({"day": "2026-02-30"}, "day"),
        ({"day": "2026-2-3"}, "day"),
        ({"day": "1800-01-01"}, "day"),
        ({"day": 20260101}, "day"),
        ({"when": "0001-01-01T00:00:00+14:00"}, "when"),
        ({"when": "tomorrow"}, "when"),
        ({"unit": "12345"}, "unit"),
        ({"unit": 12345}, "unit"),
        ({"name": "seks t"}, "name"),
        ({"name": None}, "name"),
        ({"name": "a\x00"}, "name"),
        ({"child": {"units": [str(uuid.uuid4()), "x"]}}, "child.units.1"),
        ({"child": {"units": ["x", "y", "z"]}}, "child.units"),
        ({"child": {"units": []}, "extra": 1}, "extra"),
        ({"child": {"units": [], "pets": []}}, "child.pets"),
        ({"child": []}, "child"),
    ],
)
def test_each_bad_value_is_a_field_error_at_its_path(data, field):
    assert list(_errors(data)) == [field]


def test_a_required_text_is_not_empty_nor_only_white_space():
    class Named(t.Body):
        name: t.text(20)  # type: ignore[valid-type]

    for blank in ("", "  ", "\n"):
        with pytest.raises(pydantic.ValidationError):
            Named.model_validate({"name": blank})
    schema = Named.model_json_schema()["properties"]["name"]
    assert schema["minLength"] == 1
    assert re.search(schema["pattern"], "Kari")
    assert not re.search(schema["pattern"], "   ")
    assert not re.search(schema["pattern"], "Ka\x00ri")


def test_a_number_without_a_fraction_is_an_integer_as_in_json_schema():
    sample = _validated({"number": 3.0, "when": "2026-01-01T10:00", "child": {"units": []}})[0]
    assert sample is not None
    assert sample.number == 3
    assert type(sample.number) is int


def test_a_time_without_an_offset_is_norwegian_time():
    sample = _validated({"when": "2026-07-01T10:00", "child": {"units": []}})[0]
    assert sample is not None
    assert sample.when == datetime.datetime(2026, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    assert sample.when.utcoffset() == datetime.timedelta(hours=2)


def test_left_out_optional_fields_get_their_defaults():
    sample = _validated({"when": "2026-01-01T10:00", "child": {"units": []}})[0]
    assert sample is not None
    assert sample.name == ""
    assert "number" not in sample.model_fields_set


def test_invalid_fields_error_carries_the_messages():
    error = InvalidFieldsError({"a": ["b"]})
    assert error.errors == {"a": ["b"]}


# --- no input answers 5xx (property-based) ------------------------------------------------------

WRITES = sorted(key for key in CALLS if key[1] != "GET")
LISTS = sorted(
    operation["operationId"].removesuffix("_get")
    for item in openapi_document()["paths"].values()
    if (operation := item.get("get"))
    and any(parameter.get("name") == "per_page" for parameter in operation.get("parameters", []))
)

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
# Values that look almost right: the kinds of strings and numbers the fields expect.
PLAUSIBLE = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.none() | st.timezones()).map(lambda d: d.isoformat()),
    st.uuids().map(str),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(min_size=0, max_size=400),
    st.sampled_from(["", " ", "note", "consent", "legal_basis", "active", "0", "1", "\x00"]),
    st.lists(st.uuids().map(str), max_size=3),
    st.lists(st.sampled_from(["plan", "log", "health", "x"]), max_size=3),
)
FUZZ = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _paths(body: dict[str, Any], prefix: tuple = ()) -> list[tuple]:
    paths = []
    for key, value in body.items():
        paths.append((*prefix, key))
        if isinstance(value, dict):
            paths += _paths(value, (*prefix, key))
    return paths


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T")
IN_RANGE_DAYS = st.dates(datetime.date(1900, 1, 1), datetime.date(2199, 12, 31))


def _like(value: Any) -> st.SearchStrategy[Any]:
    """Other values of the same kind: what passes the field checks and reaches the services."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(min_value=-5, max_value=2**63)
    if isinstance(value, str) and _DAY.match(value):
        return IN_RANGE_DAYS.map(lambda d: d.isoformat())
    if isinstance(value, str) and _MOMENT.match(value):
        # Hypothesis takes naive bounds and adds the time zones itself.
        earliest = datetime.datetime(1900, 1, 2)  # noqa: DTZ001
        latest = datetime.datetime(2199, 12, 30)  # noqa: DTZ001
        return st.datetimes(earliest, latest, timezones=st.timezones()).map(lambda d: d.isoformat())
    if isinstance(value, str):
        return st.text(max_size=400)
    if isinstance(value, list):
        return st.lists(_like(value[0]) if value else st.uuids().map(str), max_size=4)
    return JSON_VALUES


@st.composite
def _mutated(draw: st.DrawFn, body: dict[str, Any]) -> dict[str, Any]:
    """A valid body with one to three changes: a field removed, added, or given another value
    (of its own kind, or anything at all)."""
    mutated = json.loads(json.dumps(body))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(mutated)
        how = draw(st.sampled_from(["like", "like", "any", "remove", "add"] if paths else ["add"]))
        if how == "add":
            mutated[draw(st.text(min_size=1, max_size=12))] = draw(JSON_VALUES)
            continue
        path = draw(st.sampled_from(paths))
        parent = mutated
        for key in path[:-1]:
            parent = parent[key]
        if how == "remove":
            del parent[path[-1]]
        elif how == "like":
            parent[path[-1]] = draw(_like(parent[path[-1]]))
        else:
            parent[path[-1]] = draw(PLAUSIBLE | JSON_VALUES)
    return mutated


def _check(response) -> None:
    assert response.status_code < 500, response.content[:500]
    if response.status_code == 400:
        problem = response.json()
        assert response["Content-Type"] == PROBLEM_JSON
        assert problem["type"] == VALIDATION_PROBLEM
        assert problem["errors"]


def _send(client: ApiClient, method: str, url: str, **kwargs: Any):
    # Each example starts from the same world: what it writes is rolled back.
    with transaction.atomic():
        response = client.request(method, url, **kwargs)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(("name", "method"), WRITES, ids=lambda value: str(value))
def test_no_body_makes_a_write_answer_5xx(world, name, method):
    prepare(world)
    client = api_client_for(world.coordinator)
    call = CALLS[(name, method)]
    url = reverse(f"api_v1:{name}", args=call.args(world))
    valid = call.body(world) if call.body is not None else {}

    @FUZZ
    @given(body=_mutated(valid) | JSON_VALUES)
    def field_by_field(body: Any) -> None:
        _check(_send(client, method, url, body=body))

    @settings(FUZZ, max_examples=20)
    @given(raw=st.binary(max_size=200))
    def any_bytes(raw: bytes) -> None:
        _check(_send(client, method, url, raw=raw))

    field_by_field()
    any_bytes()


@pytest.mark.parametrize("name", LISTS)
def test_no_query_makes_a_list_answer_5xx(world, name):
    client = api_client_for(world.coordinator)
    args = CALLS[(name, "GET")].args(world)
    url = reverse(f"api_v1:{name}", args=args)

    @FUZZ
    @given(
        params=st.dictionaries(
            st.sampled_from(["page", "per_page", "status", "x"]), st.text(max_size=30), max_size=3
        )
    )
    def any_query(params: dict[str, str]) -> None:
        _check(_send(client, "GET", url, data=params))

    any_query()
