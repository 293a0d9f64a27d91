"""schemathesis, every check, over both APIs in process: /api/v1/ against its generated OpenAPI
document, and /api/hsds/ against the official HSDS 3.0 openapi.json. Any server error or any
answer the document does not describe fails (docs/api.md#conformance-run-schemathesis).

Bounded for `make test`: SCHEMATHESIS_MAX_EXAMPLES (default 5) examples per operation and
generation mode, derandomized so every run sends the same requests, and no shrinking.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks

from config.openapi_v1 import openapi_document
from directory.tests import hsds_schema
from directory.tests.hsds_sample import sample_directory
from people.tokens import ALL_SCOPES, api_token_issue
from tests.api_client import prepare, task_of, unit_invitation_of
from tests.world import World

logger = logging.getLogger(__name__)
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "5"))

# Checks that do not apply to a whole operation, with the reason. Keyed by (method, path) as in
# the document; every other check runs on every operation. positive_data_acceptance expects
# every request the schema allows to succeed; these operations also check what no schema can
# say, against the data, and answer such a request 400 naming the field (docs/api.md#input).
EXCLUDED: dict[tuple[str, str], dict[str, str]] = {
    ("POST", "/teams/{team_id}/members"): {
        "positive_data_acceptance": "the user must work in the unit, and a consent in force "
        "must cover the unit",
    },
    ("POST", "/teams/{team_id}/unit-invitations"): {
        "positive_data_acceptance": "the unit must exist and a consent in force cover it",
    },
    ("POST", "/teams/{team_id}/consents"): {
        "positive_data_acceptance": "the units must be able to share, a consent needs who gave "
        "it and how, and it cannot start before the child was born",
    },
}


def all_checks() -> list[Any]:
    """Every check schemathesis has, but the response time limit (none is configured)."""
    load_all_checks()
    return [check for check in CHECKS.get_all() if check.__name__ != "max_response_time"]


@contextmanager
def connection_kept() -> Iterator[None]:
    """Keep the test's database connection (and its transaction) across requests, as Django's
    test client does: the WSGI handler closes it at the end of each request otherwise."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def run_operations(
    schema: Any,
    *,
    headers: dict[str, str],
    path_parameters: Callable[[str], dict[str, str]],
    excluded: dict[tuple[str, str], dict[str, str]],
) -> tuple[int, int, list[str]]:
    """Run every operation of `schema` in both generation modes; (operations, examples, failures).

    Positive examples go to objects that exist (`path_parameters` of the path) and to generated
    ids (which must answer a documented 404); negative ones change what they break."""
    checks = all_checks()
    by_name = {check.__name__: check for check in checks}
    # A body over 64 KiB is refused whole, before its fields are read: 413 is a rejection too.
    rejection = schema.config.checks.negative_data_rejection
    rejection.expected_statuses = [*rejection.expected_statuses, "413"]
    app = WSGIHandler()
    schema.app = app  # checks that send a request of their own send it in process too
    operations = examples = 0
    failures: list[str] = []
    seen: set[tuple[str, str]] = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        label = f"{operation.method.upper()} {operation.path}"
        reasons = excluded.get((operation.method.upper(), operation.path), {})
        skipped = [by_name[name] for name in reasons]
        seen.add((operation.method.upper(), operation.path))
        existing = path_parameters(operation.path)
        strategies = [
            (GenerationMode.POSITIVE, existing),
            (GenerationMode.POSITIVE, {}),
            (GenerationMode.NEGATIVE, existing),
        ]
        for mode, fixed in strategies:
            if not fixed and mode is GenerationMode.POSITIVE and not existing:
                continue  # no path parameters: the first strategy covered it
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed or None)
            sent: list[int] = []

            @settings(
                max_examples=MAX_EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case: Any) -> None:
                sent.append(1)  # noqa: B023 - run is called in this iteration only
                case.call_and_validate(
                    app=app,
                    headers=headers,
                    checks=checks,
                    excluded_checks=skipped,  # noqa: B023
                )

            try:
                with connection_kept():
                    run()
            except Unsatisfiable:
                continue  # nothing in the request can be made invalid (no parameters, no body)
            except (Exception, BaseExceptionGroup) as error:  # reported together below
                failures.append(f"{label} ({mode.value}):\n{error}"[:4000])
            examples += len(sent)
    assert set(excluded) <= seen, f"Exclusions of no operation: {set(excluded) - seen}"
    return operations, examples, failures


def report(name: str, operations: int, examples: int, failures: list[str]) -> None:
    logger.info("schemathesis %s: %d operations, %d examples", name, operations, examples)
    assert operations
    assert examples >= operations
    assert not failures, f"{len(failures)} failing:\n\n" + "\n\n".join(failures)


@pytest.fixture
def unlimited(settings):
    """The rate limits are for integrations, not for this run (their own tests are in
    core/tests/test_api.py): several thousand requests in a minute from one token."""
    settings.API_REQUESTS_PER_MINUTE = 1_000_000
    settings.API_FAILED_TOKENS_PER_MINUTE = 1_000_000


def v1_path_parameters(world: World) -> Callable[[str], dict[str, str]]:
    known = {
        "child_id": str(world.child.pk),
        "concern_id": str(world.concern.pk),
        "team_id": str(world.team.pk),
        "invitation_id": str(unit_invitation_of(world).pk),
        "consent_id": str(world.consent.pk),
        "goal_id": str(world.plan.goals.get().pk),
        "measure_id": str(world.measure.pk),
        "task_id": str(task_of(world).pk),
    }
    return lambda path: {name: value for name, value in known.items() if "{" + name + "}" in path}


def test_api_v1_conforms_to_its_openapi_document(world, unlimited):
    prepare(world)
    _token, raw = api_token_issue(user=world.coordinator, name="schemathesis", scopes=ALL_SCOPES)
    schema = schemathesis.openapi.from_dict(copy.deepcopy(openapi_document()))
    schema.config.update(base_url="http://localhost/api/v1")
    report(
        "/api/v1/",
        *run_operations(
            schema,
            headers={"Authorization": f"Bearer {raw}"},
            path_parameters=v1_path_parameters(world),
            excluded=EXCLUDED,
        ),
    )


PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "parameter": {"type": "string"},
        "parameters": {"type": "array", "items": {"type": "string"}},
    },
}


def with_erratum_fixed(document: dict[str, Any]) -> None:
    """The standard's openapi.json describes GET /service_at_locations/{id} with the schema of
    a service (compiled/service.json), though it says it answers a service at location: the
    API answers compiled/service_at_location.json, as directory/tests/test_api.py checks."""
    answer = document["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]
    answer["content"]["application/json"]["schema"] = hsds_schema.inlined_schema(
        "compiled/service_at_location.json"
    )


def with_profile_errors(document: dict[str, Any]) -> None:
    """Add the error answers of our HSDS API to the standard's document, which lists only 200:
    400 for bad query parameters and 404 for unknown ids, both problem details
    (docs/directory.md#hsds-30-api). Every other status still fails the status check."""
    error = {
        "description": "Problem details (RFC 9457)",
        "content": {"application/problem+json": {"schema": PROBLEM}},
    }
    for path_item in document["paths"].values():
        for responses in (operation["responses"] for operation in [path_item["get"]]):
            responses.setdefault("400", error)
            responses.setdefault("404", error)


def test_hsds_api_conforms_to_the_official_openapi_document(db):
    sample = sample_directory()
    document = copy.deepcopy(hsds_schema.openapi_document())
    with_erratum_fixed(document)
    with_profile_errors(document)
    schema = schemathesis.openapi.from_dict(document)
    schema.config.update(base_url="http://localhost/api/hsds")
    known = {
        "/services/{id}": str(sample.health_station.pk),
        "/organizations/{id}": str(sample.municipality_org.pk),
        "/taxonomies/{id}": str(sample.needs.pk),
        "/taxonomy_terms/{id}": str(sample.anxiety.pk),
        "/service_at_locations/{id}": str(sample.health_station.service_at_locations.first().pk),
    }
    report(
        "/api/hsds/",
        *run_operations(
            schema,
            headers={},
            path_parameters=lambda path: {"id": known[path]} if path in known else {},
            excluded={},
        ),
    )
