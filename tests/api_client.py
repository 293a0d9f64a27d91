"""Test helpers for the JSON API (/api/v1/): a client that checks every answer against the
OpenAPI document, tokens for the cast, and a valid request for each operation on the world of
tests/world.py (the access matrix and the property-based tests start from them)."""

from __future__ import annotations

import base64
import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from config.openapi_v1 import openapi_document
from core.api import PROBLEM_JSON
from people.models import SystemClient, User
from people.tokens import ALL_SCOPES, api_token_issue
from teams.models import Task, UnitInvitation
from tests.world import FICTIONAL_FNR, World

DOCUMENT_URI = "https://laget.invalid/api/v1/openapi.json"
NO_BODY: Any = object()


@cache
def _registry() -> Registry:
    return Registry().with_resource(DOCUMENT_URI, DRAFT202012.create_resource(openapi_document()))


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def openapi_path(route_name: str) -> str:
    """The OpenAPI path of a route, e.g. "/teams/{team_id}"."""
    _prefix, resolver = get_resolver().namespace_dict["api_v1"]
    pattern = next(
        pattern
        for pattern in resolver.url_patterns
        if isinstance(pattern, URLPattern) and pattern.name == route_name
    )
    return "/" + re.sub(r"<\w+:(\w+)>", r"{\1}", str(pattern.pattern))


def check_against_openapi(method: str, url: str, response: HttpResponse) -> None:
    """Fail unless the answer is described by the OpenAPI document: its status for this
    operation (or the default), its content type and its schema."""
    match = resolve(url.split("?")[0])
    assert match.namespace == "api_v1", url
    if match.url_name == "not_found":
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM_JSON
        schema_pointer = _pointer("components", "schemas", "Problem")
    else:
        path = openapi_path(match.url_name)
        operation = openapi_document()["paths"][path].get(method.lower())
        if operation is None:
            assert response.status_code == 405, f"{method} {url}"
            assert response["Content-Type"] == PROBLEM_JSON
            schema_pointer = _pointer("components", "schemas", "Problem")
        else:
            operation_responses = operation["responses"]
            status = str(response.status_code)
            key = status if status in operation_responses else "default"
            assert key != "default" or response.status_code in (405, 503), (
                f"{method} {url} answered {status}, which the document does not list"
            )
            if response.status_code == 304 or method == "HEAD":
                assert not response.content, f"{method} {url} {status} has a body"
                return
            content_type = response["Content-Type"].split(";")[0]
            assert content_type in operation_responses[key]["content"], (
                f"{method} {url} answered {status} as {content_type}"
            )
            schema_pointer = _pointer(
                "paths", path, method.lower(), "responses", key, "content", content_type, "schema"
            )
    if response.status_code == 304 or method == "HEAD":
        assert not response.content, f"{method} {url} {response.status_code} has a body"
        return
    validator = Draft202012Validator(
        {"$ref": f"{DOCUMENT_URI}#/{schema_pointer}"},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(response.json()), key=lambda e: list(e.absolute_path))
    assert not errors, f"{method} {url} {response.status_code}: " + "; ".join(
        f"{error.json_path}: {error.message}" for error in errors
    )


class ApiClient:
    """A test client for the API that sends JSON and checks each answer against the document."""

    def __init__(self, client: Client | None = None, *, token: str | None = None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = client or Client(headers=headers)
        if client is not None and token:
            raise ValueError("Give either a client or a token")

    def request(
        self, method: str, url: str, body: Any = NO_BODY, *, raw: bytes | None = None, **extra: Any
    ) -> HttpResponse:
        data: Any = raw if raw is not None else ("" if body is NO_BODY else json.dumps(body))
        content_type = extra.pop("content_type", "application/json")
        call = getattr(self.client, method.lower())
        if method in ("GET", "HEAD"):
            response = call(url, **extra)
        else:
            response = call(url, data=data, content_type=content_type, **extra)
        check_against_openapi(method, url, response)
        return response

    def get(self, url: str, **extra: Any) -> HttpResponse:
        return self.request("GET", url, **extra)

    def post(self, url: str, body: Any = NO_BODY, **extra: Any) -> HttpResponse:
        return self.request("POST", url, body, **extra)

    def patch(self, url: str, body: Any = NO_BODY, **extra: Any) -> HttpResponse:
        return self.request("PATCH", url, body, **extra)


def system_client_token(client: SystemClient, secret: str) -> str:
    """An access token for a system client, from the token endpoint (client credentials)."""
    basic = base64.b64encode(f"{client.application.client_id}:{secret}".encode()).decode()
    response = Client().post(
        "/api/oauth/token/",
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code == 200, response.content
    return str(response.json()["access_token"])


def api_client_for(user: User) -> ApiClient:
    _token, raw = api_token_issue(user=user, name="tests", scopes=ALL_SCOPES)
    return ApiClient(token=raw)


def api_operations() -> set[tuple[str, str]]:
    """Every (route name, method) the URL configuration serves under api_v1."""
    found: set[tuple[str, str]] = set()

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "api_v1":
                for method in getattr(pattern.callback, "api_methods", {}):
                    found.add((pattern.name, method))

    walk(get_resolver().url_patterns, "")
    return found


def api_operation_metas() -> list[tuple[str, str, Any, str]]:
    """(route name, method, what it declares, its area) of every operation under api_v1."""
    _prefix, resolver = get_resolver().namespace_dict["api_v1"]
    return [
        (pattern.name, method, meta, meta.area)
        for pattern in resolver.url_patterns
        if isinstance(pattern, URLPattern)
        for method, meta in getattr(pattern.callback, "api_methods", {}).items()
    ]


# --- a valid request for each operation, on the world ------------------------------------------


def task_of(world: World) -> Task:
    """The task `prepare` gives the member (the access matrix completes it)."""
    return Task.objects.get(team=world.team, title="Matrise")


def unit_invitation_of(world: World) -> UnitInvitation:
    """The invitation `prepare` sends to the school as a unit."""
    return UnitInvitation.objects.get(team=world.team, unit=world.school)


def prepare(world: World) -> None:
    """What some operations need beyond the world: a task owned by the member, the person
    who has left the school, and an invitation to the school as a unit (its colleague may
    accept)."""
    from teams.services import task_create, unit_invite
    from tests.world import leave_unit

    leave_unit(world.departed, world.school)
    unit_invite(actor=world.coordinator, team=world.team, unit=world.school)
    task_create(
        actor=world.coordinator,
        team=world.team,
        title="Matrise",
        owner=world.member,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )


@dataclass(frozen=True)
class Call:
    """A valid request: the URL's arguments and, for writes, the body."""

    args: Callable[[World], list]
    body: Callable[[World], dict[str, Any]] | None = None


def _team(world: World) -> list:
    return [world.team.pk]


def _today(days: int = 0) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


CALLS: dict[tuple[str, str], Call] = {
    ("root", "GET"): Call(lambda w: []),
    ("openapi", "GET"): Call(lambda w: []),
    ("me", "GET"): Call(lambda w: []),
    ("changes", "GET"): Call(lambda w: []),
    ("child_lookup", "POST"): Call(
        lambda w: [],
        lambda w: {"identity_number": FICTIONAL_FNR, "purpose": "Henvisning fra skolen"},
    ),
    ("child", "GET"): Call(lambda w: [w.child.pk]),
    ("concerns", "GET"): Call(lambda w: []),
    ("concerns", "POST"): Call(
        lambda w: [],
        lambda w: {
            "unit": str(w.school.pk),
            "child": {"given_name": "Ola", "family_name": "Matrisesen", "birth_date": "2014-03-03"},
            "observed": "Kommer ofte for sent.",
        },
    ),
    ("concern", "GET"): Call(lambda w: [w.concern.pk]),
    ("teams", "GET"): Call(lambda w: []),
    ("team", "GET"): Call(_team),
    ("team_members", "GET"): Call(_team),
    ("team_members", "POST"): Call(
        _team, lambda w: {"user": w.colleague.pk, "unit": str(w.school.pk)}
    ),
    ("team_candidates", "GET"): Call(_team),
    ("team_unit_candidates", "GET"): Call(_team),
    ("team_unit_invitations", "GET"): Call(_team),
    ("team_unit_invitations", "POST"): Call(_team, lambda w: {"unit": str(w.health.pk)}),
    ("team_unit_invitation_answer", "POST"): Call(
        lambda w: [w.team.pk, unit_invitation_of(w).pk], lambda w: {"accept": True}
    ),
    ("team_consents", "GET"): Call(_team),
    ("team_consents", "POST"): Call(
        _team,
        lambda w: {
            "kind": "legal_basis",
            "legal_reference": "helsepersonelloven § 33",
            "units": [str(w.school.pk), str(w.primary.pk)],
            "information_kinds": ["plan"],
            "purpose": "Samarbeid",
            "text": "Opplysningsplikt.",
            "valid_from": _today(),
        },
    ),
    ("team_consent_withdraw", "POST"): Call(
        lambda w: [w.team.pk, w.consent.pk], lambda w: {"withdrawn_by": "Sara Testesen"}
    ),
    ("team_plan", "GET"): Call(_team),
    # The world's team has a plan already: making another answers 409.
    ("team_plan", "POST"): Call(
        _team, lambda w: {"period_start": _today(), "period_end": _today(30)}
    ),
    ("team_goals", "POST"): Call(_team, lambda w: {"text": "Jeg vil ha en venn i klassen."}),
    ("team_goal", "GET"): Call(lambda w: [w.team.pk, w.plan.goals.get().pk]),
    ("team_goal", "PATCH"): Call(
        lambda w: [w.team.pk, w.plan.goals.get().pk], lambda w: {"version": 1, "status": "achieved"}
    ),
    ("team_measures", "POST"): Call(
        _team,
        lambda w: {
            "title": "Leksehjelp",
            "responsible_person": w.member.pk,
            "responsible_unit": str(w.health.pk),
            "starts_on": _today(),
            "ends_on": _today(60),
            "evaluate_on": _today(30),
        },
    ),
    ("team_measure", "GET"): Call(lambda w: [w.team.pk, w.measure.pk]),
    ("team_measure", "PATCH"): Call(
        lambda w: [w.team.pk, w.measure.pk], lambda w: {"version": 1, "title": "Ukentlige samtaler"}
    ),
    ("team_log", "GET"): Call(_team),
    ("team_log", "POST"): Call(_team, lambda w: {"kind": "note", "text": "Notat fra API-et"}),
    ("team_meetings", "GET"): Call(_team),
    ("team_meetings", "POST"): Call(
        _team,
        lambda w: {
            "starts_at": f"{_today(10)}T09:30:00+01:00",
            "place": "Rom 1",
            "agenda": "Status",
            "domain": "health",
            "invite_members": [w.coordinator.pk, w.member.pk],
            "invite_child": True,
            "invite_guardians": [str(w.child.guardians.get().pk)],
            "send_invitations": True,
        },
    ),
    ("team_tasks", "GET"): Call(_team),
    ("team_tasks", "POST"): Call(
        _team, lambda w: {"title": "Ringe mor", "owner": w.member.pk, "due_on": _today(7)}
    ),
    ("task_complete", "POST"): Call(lambda w: [task_of(w).pk], lambda w: {}),
}


def url_of(name: str, world: World) -> str:
    from django.urls import reverse

    method = next(method for (route, method) in CALLS if route == name)
    return reverse(f"api_v1:{name}", args=CALLS[(name, method)].args(world))


def queries_of(client: ApiClient, url: str) -> tuple[int, int]:
    """For one GET that must succeed: (queries for the answer, queries writing access events)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    audit = [q for q in context.captured_queries if '"audit_' in q["sql"]]
    return len(context.captured_queries) - len(audit), len(audit)


# One access event: find or create the chain head, lock it, insert the event, move the head.
QUERIES_PER_ACCESS_EVENT = 4
