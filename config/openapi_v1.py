"""The OpenAPI 3.1 document of the JSON API (/api/v1/openapi.json).

Paths, parameters and request bodies are written from the routes served under /api/v1/ (the
table in config/api_v1.py, read back through the URL resolver: that table routes this document
too, so the two modules do not import each other) and the field declarations each operation
checks its input with, so they cannot drift apart; the shapes of the answers are written out
here, and the test suite validates every answer it gets against them."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from core.api import (
    CONFLICT_PROBLEM,
    MAX_BODY_BYTES,
    PROBLEM_JSON,
    VALIDATION_PROBLEM,
    Operation,
    field_schema,
    object_schema,
    served_routes,
)
from people.tokens import ALL_SCOPES, scope_for
from teams.forms import MEETING_DOMAINS
from teams.models import MemberRole, MemberStatus, ParticipantKind, UnitInvitationStatus
from teams.selectors_changes import CHANGE_TYPES

API_VERSION = "1.0.0"

STRING: dict[str, Any] = {"type": "string"}
INTEGER: dict[str, Any] = {"type": "integer"}
BOOLEAN: dict[str, Any] = {"type": "boolean"}
UUID: dict[str, Any] = {"type": "string", "format": "uuid"}
DATE: dict[str, Any] = {"type": "string", "format": "date"}
DATETIME: dict[str, Any] = {"type": "string", "format": "date-time"}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def closed(properties: dict[str, Any], *, description: str = "") -> dict[str, Any]:
    """An object with exactly these properties, all of them always present."""
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }
    return {**schema, "description": description} if description else schema


PROBLEM_FIELDS: dict[str, Any] = {
    "type": {"type": "string", "format": "uri-reference"},
    "title": STRING,
    "status": INTEGER,
    "detail": STRING,
}

SCHEMAS: dict[str, Any] = {
    "Problem": closed(PROBLEM_FIELDS, description="RFC 9457 problem details."),
    "ValidationProblem": closed(
        {
            **PROBLEM_FIELDS,
            "type": {"const": VALIDATION_PROBLEM},
            "errors": {
                "type": "object",
                "additionalProperties": array(STRING),
                "description": "Messages by field: a dotted path into the body (child.birth_date, "
                "units.0) or a query parameter; __all__ for the request as a whole.",
            },
        },
        description="Input that is not valid: the messages for each field.",
    ),
    "ConflictProblem": closed(
        {
            **PROBLEM_FIELDS,
            "type": {"const": CONFLICT_PROBLEM},
            "current": {"anyOf": [ref("Goal"), ref("Measure")]},
            "changed": array(STRING),
        },
        description="The change was based on an older version: `current` is what is saved now, "
        "`changed` the fields that differ from the version sent.",
    ),
    "UserRef": closed({"id": INTEGER, "name": STRING}),
    "UnitRef": closed({"id": UUID, "name": STRING}),
    "ChildRef": closed(
        {"id": UUID, "given_name": STRING, "family_name": STRING},
        description="Who an item is about: the name, never the identity number.",
    ),
    "MunicipalityRef": closed({"number": STRING, "name": STRING}),
    "ApiRoot": closed({"version": STRING, "openapi": STRING, "documentation": STRING}),
    "OpenApiDocument": {"type": "object", "required": ["openapi", "paths"]},
    "Me": closed(
        {
            "id": INTEGER,
            "username": STRING,
            "name": STRING,
            "memberships": array(
                closed(
                    {
                        "municipality": ref("MunicipalityRef"),
                        "unit": nullable(ref("UnitRef")),
                        "role": STRING,
                    }
                )
            ),
            "organisation_roles": array(
                closed(
                    {
                        "organisation": closed(
                            {"name": STRING, "kind": STRING, "organisation_number": STRING}
                        ),
                        "role": STRING,
                    }
                )
            ),
        }
    ),
    "Guardian": closed(
        {"id": UUID, "name": STRING, "relation": STRING, "has_parental_responsibility": BOOLEAN}
    ),
    "Child": closed(
        {
            "id": UUID,
            "given_name": STRING,
            "family_name": STRING,
            "birth_date": DATE,
            "age": INTEGER,
            "identity_number_masked": {
                "type": "string",
                "pattern": r"^(\d{6} \*{5})?$",
                "description": "The birth-date part only; empty when not known.",
            },
            "municipality": ref("MunicipalityRef"),
            "languages": STRING,
            "interpreter_needed": BOOLEAN,
            "interpreter_language": STRING,
            "guardians": array(ref("Guardian")),
        }
    ),
    "ConcernListItem": closed(
        {
            "id": UUID,
            "level": {"enum": [0, 1, 2, 3]},
            "status": {"enum": ["open", "closed"]},
            "child": ref("ChildRef"),
            "unit": ref("UnitRef"),
            "responsible": ref("UserRef"),
            "team": nullable(UUID),
            "created_at": DATETIME,
            "updated_at": DATETIME,
        }
    ),
    "TeamListItem": closed(
        {
            "id": UUID,
            "status": {"enum": ["open", "closed"]},
            "child": ref("ChildRef"),
            "originating_unit": ref("UnitRef"),
            "my_role": {"enum": list(MemberRole.values)},
            "opened_at": DATETIME,
            "closed_at": nullable(DATETIME),
        }
    ),
    "Member": closed(
        {
            "id": INTEGER,
            "user": ref("UserRef"),
            "unit": ref("UnitRef"),
            "role": {"enum": list(MemberRole.values)},
            "status": {"enum": list(MemberStatus.values)},
            "invited_at": DATETIME,
            "joined_at": nullable(DATETIME),
            "left_at": nullable(DATETIME),
        }
    ),
    "Candidate": closed({"user": ref("UserRef"), "unit": ref("UnitRef")}),
    "Consent": closed(
        {
            "id": UUID,
            "kind": {"enum": ["consent", "legal_basis"]},
            "given_by": STRING,
            "legal_reference": STRING,
            "units": array(ref("UnitRef")),
            "guardians": array(closed({"id": UUID, "name": STRING})),
            "information_kinds": array(STRING),
            "purpose": STRING,
            "text": STRING,
            "method": STRING,
            "evidence_note": STRING,
            "valid_from": DATE,
            "valid_until": nullable(DATE),
            "moving_to": nullable(ref("MunicipalityRef")),
            "kept_until": nullable(DATE),
            "in_force": BOOLEAN,
            "team": nullable(UUID),
            "recorded_by": nullable(ref("UserRef")),
            "recorded_by_label": {
                "type": "string",
                "description": "Who gave it in the portal, when no staff member recorded it.",
            },
            "recorded_at": DATETIME,
            "withdrawn_at": nullable(DATETIME),
            "withdrawn_by": STRING,
            "withdrawal_note": STRING,
        }
    ),
    "ConsentWithdrawal": closed({"consent": ref("Consent"), "team_still_visible": BOOLEAN}),
    "Goal": closed(
        {
            "id": UUID,
            "text": STRING,
            "in_childs_words": BOOLEAN,
            "status": {"enum": ["active", "achieved", "ended"]},
            "version": INTEGER,
            "updated_at": DATETIME,
            "updated_by": ref("UserRef"),
        }
    ),
    "Evaluation": closed(
        {
            "id": INTEGER,
            "evaluated_on": DATE,
            "result": STRING,
            "child_view": STRING,
            "author": ref("UserRef"),
            "created_at": DATETIME,
        }
    ),
    "Measure": closed(
        {
            "id": UUID,
            "title": STRING,
            "description": STRING,
            "kind": {"enum": ["general", "apprenticeship"]},
            "goal": nullable(UUID),
            "responsible_unit": ref("UnitRef"),
            "responsible_person": ref("UserRef"),
            "starts_on": DATE,
            "ends_on": DATE,
            "evaluate_on": DATE,
            "status": {"enum": ["active", "achieved", "ended"]},
            "version": INTEGER,
            "updated_at": DATETIME,
            "updated_by": ref("UserRef"),
            "evaluations": array(ref("Evaluation")),
        }
    ),
    "Plan": closed(
        {
            "id": UUID,
            "period_start": DATE,
            "period_end": DATE,
            "resources": STRING,
            "is_individual_plan": BOOLEAN,
            "version": INTEGER,
            "updated_at": DATETIME,
            "goals": array(ref("Goal")),
            "measures": array(ref("Measure")),
        }
    ),
    "LogEntry": closed(
        {
            "id": INTEGER,
            "kind": STRING,
            "text": STRING,
            "author": nullable(ref("UserRef")),
            "author_label": {
                "type": "string",
                "description": "Who wrote it when no staff member did (the portal, a job).",
            },
            "occurred_at": DATETIME,
        }
    ),
    "Meeting": closed(
        {
            "id": UUID,
            "starts_at": DATETIME,
            "place": STRING,
            "agenda": STRING,
            "domain": {
                "enum": ["", *(value for value, _label in MEETING_DOMAINS)],
                "description": "What the meeting is mainly about (its rule on hearing the "
                "child); empty: the area of the unit that started the team.",
            },
            "status": {"enum": ["planned", "held"]},
            "child_input": STRING,
            "guardians_input": STRING,
            "minutes": STRING,
            "created_by": ref("UserRef"),
            "participants": array(ref("MeetingParticipant")),
        }
    ),
    "MeetingParticipant": closed(
        {
            "kind": {"enum": list(ParticipantKind.values)},
            "user": nullable(ref("UserRef")),
            "guardian": nullable(closed({"id": UUID, "name": STRING})),
            "invited_at": DATETIME,
            "emailed_at": nullable(DATETIME),
        },
        description="Someone invited: a team member (user), a guardian, or the child (neither).",
    ),
    "UnitInvitation": closed(
        {
            "id": UUID,
            "unit": ref("UnitRef"),
            "note": STRING,
            "status": {"enum": list(UnitInvitationStatus.values)},
            "invited_by": ref("UserRef"),
            "invited_at": DATETIME,
            "answered_by": nullable(ref("UserRef")),
            "answered_at": nullable(DATETIME),
        }
    ),
    "Task": closed(
        {
            "id": UUID,
            "title": STRING,
            "owner": ref("UserRef"),
            "due_on": DATE,
            "status": {"enum": ["open", "done"]},
            "completed_at": nullable(DATETIME),
            "team": nullable(UUID),
            "created_at": DATETIME,
        }
    ),
}
SCHEMAS["Concern"] = closed(
    {
        **SCHEMAS["ConcernListItem"]["properties"],
        "raised_by": ref("UserRef"),
        "observed": STRING,
        "child_view": STRING,
        "guardians_view": STRING,
        "version": INTEGER,
    }
)
SCHEMAS["Team"] = closed(
    {
        **SCHEMAS["TeamListItem"]["properties"],
        "concern": UUID,
        "close_reason": STRING,
        "final_evaluation": STRING,
        "can_write": BOOLEAN,
        "members": array(ref("Member")),
    }
)

SCHEMAS["Change"] = closed(
    {
        "type": {"enum": list(CHANGE_TYPES)},
        "id": {"type": "string", "description": "The object's id: a UUID, or an integer."},
        "change": {"enum": ["created", "updated", "deleted"]},
        "changed_at": DATETIME,
        "child": nullable(UUID),
        "team": {
            "anyOf": [UUID, {"type": "null"}],
            "description": "The team the object belongs to, when you see exactly one of the "
            "child's teams (for a concern: its team, if you see it).",
        },
    },
    description="One write on an object you may see: what and when, never its content.",
)
SCHEMAS["ChangePage"] = closed(
    {
        "items": array(ref("Change")),
        "next": {
            "type": "string",
            "description": "An opaque cursor: send it as `after` to get what came after this page.",
        },
        "has_more": BOOLEAN,
    }
)

# Examples of the operations' bodies and answers, by operationId.
_CHILD_EXAMPLE = {
    "id": "3f1c2b9e-5d7a-4e8b-9c0d-1a2b3c4d5e6f",
    "given_name": "Sara",
    "family_name": "Nordmann",
    "birth_date": "2012-01-01",
    "age": 14,
    "identity_number_masked": "014112 *****",
    "municipality": {"number": "4001", "name": "Porsgrunn"},
    "languages": "norsk",
    "interpreter_needed": False,
    "interpreter_language": "",
    "guardians": [
        {
            "id": "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d",
            "name": "Kari Nordmann",
            "relation": "mor",
            "has_parental_responsibility": True,
        }
    ],
}
EXAMPLES: dict[str, dict[str, Any]] = {
    "changes_get": {
        "response": {
            "items": [
                {
                    "type": "task",
                    "id": "0b6f1f7e-2a4c-4d3e-8f5a-6b7c8d9e0f1a",
                    "change": "created",
                    "changed_at": "2026-03-02T09:30:12.123456+01:00",
                    "child": "3f1c2b9e-5d7a-4e8b-9c0d-1a2b3c4d5e6f",
                    "team": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
                },
                {
                    "type": "log_entry",
                    "id": "1841",
                    "change": "created",
                    "changed_at": "2026-03-02T09:41:55.000001+01:00",
                    "child": "3f1c2b9e-5d7a-4e8b-9c0d-1a2b3c4d5e6f",
                    "team": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
                },
            ],
            "next": "eyJ2IjoxLCJjIjp7IjQwMDEiOjkxMn19",
            "has_more": False,
        }
    },
    "child_lookup_post": {
        "request": {
            "identity_number": "01411250187",
            "purpose": "Henvisning fra skolehelsetjenesten: finne rett barn i Laget",
        },
        "response": _CHILD_EXAMPLE,
    },
}

ERROR_DESCRIPTIONS = {
    400: "The input is not valid: field errors (also a malformed Idempotency-Key).",
    401: "No valid bearer token and no session that passed the second factor.",
    403: "You may see this but not do this (a read-only member, a closed team, a coordinator's "
    "task, a CSRF failure in a session, or a bearer token without the scope named in the "
    "problem's detail).",
    404: "Missing, or not yours to see: the answer is the same.",
    409: "A conflict with the state of what you change: already answered, already done, "
    "already has a plan, based on an older version (the saved item and what changed), or a "
    "change made at the same moment.",
    412: "If-Match does not name the current ETag: it was changed since you read it. The "
    "answer's ETag is the current one.",
    413: f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.",
    415: "The body is not sent as application/json.",
    422: "This Idempotency-Key was used for another request (another path or body).",
    429: "Too many requests from this token or session, or too many bad tokens from this "
    "address: wait the seconds Retry-After says.",
}

HEADERS: dict[str, Any] = {
    "ETag": {
        "description": "The representation's strong entity tag: send it back in "
        "If-None-Match (304 when unchanged) or If-Match (412 when changed since).",
        "schema": STRING,
    },
    "Location": {
        "description": "Where the created item is: its own path where the API has one "
        "(/concerns/{id}, /plan/goals/{id}), else the path it was made at (the plan, or the "
        "list it is in).",
        "schema": {"type": "string", "format": "uri-reference"},
    },
    "Retry-After": {"description": "Seconds to wait.", "schema": INTEGER},
    "Idempotent-Replayed": {
        "description": "true: this is the kept answer to an earlier request with the same "
        "Idempotency-Key; nothing was written again.",
        "schema": {"const": "true"},
    },
}

PARAMETERS: dict[str, Any] = {
    "IfNoneMatch": {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "description": "ETags you hold: 304 without a body if the answer still has one of them.",
        "schema": STRING,
    },
    "IfMatch": {
        "name": "If-Match",
        "in": "header",
        "required": False,
        "description": "The ETag you read the item with: 412 if it has changed since (beside "
        "the version in the body, which answers 409).",
        "schema": STRING,
    },
    "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "A key of your own (1 to 255 visible ASCII characters, e.g. a UUID) "
        "that makes a retry safe: the same key with the same request within 24 hours answers "
        "the first success again without writing again; with another request, 422. A request "
        "that fails does not use up its key.",
        "schema": {
            "type": "string",
            "minLength": 1,
            "maxLength": 255,
            "pattern": "^[!-~]([ -~]*[!-~])?$",
        },
    },
}


def _header(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/headers/{name}"}


def _parameter(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/parameters/{name}"}


def _page(item: str) -> dict[str, Any]:
    return closed(
        {
            "items": array(ref(item)),
            "page": INTEGER,
            "per_page": INTEGER,
            "total_items": INTEGER,
            "total_pages": INTEGER,
        }
    )


def _problem(status: int) -> dict[str, Any]:
    if status == 400:
        schema = ref("ValidationProblem")
    elif status == 409:
        schema = {"anyOf": [ref("ConflictProblem"), ref("Problem")]}
    else:
        schema = ref("Problem")
    answer: dict[str, Any] = {
        "description": ERROR_DESCRIPTIONS.get(status, "A problem."),
        "content": {PROBLEM_JSON: {"schema": schema}},
    }
    if status == 429:
        answer["headers"] = {"Retry-After": _header("Retry-After")}
    elif status == 412:
        answer["headers"] = {"ETag": _header("ETag")}
    return answer


def _operation(
    name: str, method: str, op: Operation, area: str = "", *, readable: bool = False
) -> dict[str, Any]:
    success = _page(op.response) if op.paginated and op.response else ref(op.response or "")
    spec: dict[str, Any] = {
        "operationId": f"{name}_{method.lower()}",
        "summary": op.summary,
        "tags": [op.func.__module__.split(".")[0]],
        "responses": {
            str(op.status): {
                "description": "Created." if op.status == 201 else "OK.",
                "headers": {"ETag": _header("ETag")},
                "content": {"application/json": {"schema": success}},
            }
        },
    }
    success_headers = spec["responses"][str(op.status)]["headers"]
    if op.status == 201:
        success_headers["Location"] = _header("Location")
    if op.description:
        spec["description"] = op.description
    example = EXAMPLES.get(spec["operationId"], {})
    if "response" in example:
        spec["responses"][str(op.status)]["content"]["application/json"]["example"] = example[
            "response"
        ]
    parameters = [
        {"name": key, "in": "query", "required": False, "schema": field_schema(field)}
        for key, field in op.all_query.items()
    ]
    errors = set(op.errors)
    if method == "GET":
        parameters.append(_parameter("IfNoneMatch"))
        spec["responses"]["304"] = {
            "description": "Not modified: the answer still has an ETag you sent in If-None-Match.",
            "headers": {"ETag": _header("ETag")},
        }
    else:
        errors.add(409)
    if method == "PATCH" and readable:
        parameters.append(_parameter("IfMatch"))
        errors.add(412)
    if method == "POST" and not op.public:
        parameters.append(_parameter("IdempotencyKey"))
        errors.add(422)
        success_headers["Idempotent-Replayed"] = _header("Idempotent-Replayed")
    if parameters:
        spec["parameters"] = parameters
    if op.body is not None:
        spec["requestBody"] = {
            "required": any(field.required for field in op.body.values()),
            "content": {"application/json": {"schema": object_schema(op.body)}},
        }
        if "request" in example:
            spec["requestBody"]["content"]["application/json"]["example"] = example["request"]
        errors |= {400, 413, 415}
    if op.all_query:
        errors.add(400)
    if op.public:
        spec["security"] = []
    else:
        # 403 also when a bearer token lacks the area's scope (people/tokens.py).
        errors |= {401, 403, 429}
        if area:
            scope = scope_for(area=area, method=method)
            spec["security"] = [{"bearer": [scope]}, {"systemClient": [scope]}, {"session": []}]
    for status in sorted(errors):
        spec["responses"][str(status)] = _problem(status)
    spec["responses"]["default"] = {
        "description": "Another problem: 405 for a method the path does not have, 503 while "
        "the database is not answering.",
        "content": {PROBLEM_JSON: {"schema": ref("Problem")}},
    }
    return spec


def _head(get: dict[str, Any]) -> dict[str, Any]:
    """HEAD: the GET's status and headers, without the body (and audited like the GET)."""
    responses = {
        status: {key: value for key, value in answer.items() if key != "content"}
        for status, answer in get["responses"].items()
    }
    return {
        **get,
        "operationId": get["operationId"].removesuffix("_get") + "_head",
        "summary": f"{get['summary']} (headers only)",
        "responses": responses,
    }


_PATH_PARAMETER = re.compile(r"<(\w+):(\w+)>")
_CONVERTERS = {"uuid": UUID, "int": INTEGER}


def _hand_written_document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for route in served_routes("api_v1"):
        item: dict[str, Any] = {}
        parameters = _PATH_PARAMETER.findall(route.path)
        if parameters:
            item["parameters"] = [
                {"name": name, "in": "path", "required": True, "schema": _CONVERTERS[kind]}
                for kind, name in parameters
            ]
        readable = "GET" in route.methods
        for method, op in route.methods.items():
            item[method.lower()] = _operation(route.name, method, op, route.area, readable=readable)
        if readable:
            item["head"] = _head(item["get"])
        paths["/" + _PATH_PARAMETER.sub(r"{\2}", route.path)] = item
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Laget API",
            "version": API_VERSION,
            "description": "The JSON API of Laget, the team around the child. It acts with the "
            "rights of the user behind the token or session, checked again on every request: "
            "the same access rules, services and audit trail as the pages. Every read of a "
            "child's data is recorded in the child's access log. Errors are RFC 9457 problem "
            "details. Every POST takes an Idempotency-Key; reads have an ETag (If-None-Match: "
            "304), updates take If-Match (412); every GET path answers HEAD; 201 has Location; "
            "state conflicts answer 409; too many requests 429 with Retry-After. See "
            "docs/api.md.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"systemClient": []}, {"session": []}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "headers": HEADERS,
            "parameters": PARAMETERS,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from `manage.py issue_api_token USERNAME --scopes "
                    "...` or the user's own page; it acts with that user's rights as they are on "
                    "each request, within its scopes (`<area>:read` for GET, `<area>:write` "
                    "otherwise; each operation lists the one it needs) and until it expires.",
                },
                "systemClient": {
                    "type": "oauth2",
                    "description": "A system client registered by a municipal administrator "
                    "for one unit (docs/api.md, System clients): OAuth 2.0 client credentials "
                    "(HTTP Basic with the client id and secret) at /api/oauth/token/ give a "
                    "short-lived access token, sent as `Authorization: Bearer`. The client "
                    "acts as a member of its unit who is on no team, within the scopes it was "
                    "registered with, until it expires or is revoked; every access event names "
                    "it. Expired, revoked or rotated away: 401; a missing scope: 403.",
                    "flows": {
                        "clientCredentials": {
                            "tokenUrl": "/api/oauth/token/",
                            "scopes": {
                                scope: ("Read " if scope.endswith(":read") else "Write ")
                                + scope.split(":")[0]
                                for scope in ALL_SCOPES
                            },
                        }
                    },
                },
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "sessionid",
                    "description": "A logged-in session that passed the second factor; requests "
                    "that change something also need the CSRF token (X-CSRFToken).",
                },
            },
        },
    }


# --- the document ninja generates, completed with the semantics core.api.app adds ------------


def _example_of(schema: Any) -> Any:
    return getattr(schema, "EXAMPLE", None) or None


def _complete_operation(spec: dict[str, Any], meta: Any, *, readable: bool) -> None:
    """Ninja's operation with what every operation shares: problem answers, ETag, Location,
    the conditional and idempotency headers, the scope it needs, and its examples."""
    method = meta.method
    status = str(meta.status)
    spec["tags"] = [meta.func.__module__.split(".")[0]]
    success = spec["responses"][status]
    success["description"] = "Created." if meta.status == 201 else "OK."
    success_headers = success.setdefault("headers", {})
    success_headers["ETag"] = _header("ETag")
    if meta.status == 201:
        success_headers["Location"] = _header("Location")
    response_schema = meta.ninja().response_models[meta.status].model_fields["response"].annotation
    example = meta.examples.get("response", _example_of(response_schema))
    if example is not None:
        success["content"]["application/json"]["example"] = example
    parameters = spec.setdefault("parameters", [])
    errors = set(meta.errors)
    if method == "GET":
        parameters.append(_parameter("IfNoneMatch"))
        spec["responses"]["304"] = {
            "description": "Not modified: the answer still has an ETag you sent in If-None-Match.",
            "headers": {"ETag": _header("ETag")},
        }
    else:
        errors.add(409)
    if method == "PATCH" and readable:
        parameters.append(_parameter("IfMatch"))
        errors.add(412)
    if method == "POST" and not meta.public:
        parameters.append(_parameter("IdempotencyKey"))
        errors.add(422)
        success_headers["Idempotent-Replayed"] = _header("Idempotent-Replayed")
    if not parameters:
        del spec["parameters"]
    body = meta.body_schema()
    if body is not None:
        content = spec["requestBody"]["content"]["application/json"]
        spec["requestBody"]["required"] = any(
            info.is_required() for info in body.model_fields.values()
        )
        request_example = meta.examples.get("request", _example_of(body))
        if request_example is not None:
            content["example"] = request_example
        errors |= {400, 413, 415}
    if meta.query_names():
        errors.add(400)
    if meta.public:
        spec["security"] = []
    else:
        # 403 also when a bearer token lacks the area's scope (people/tokens.py).
        errors |= {401, 403, 429}
        if meta.area:
            scope = scope_for(area=meta.area, method=method)
            spec["security"] = [{"bearer": [scope]}, {"systemClient": [scope]}, {"session": []}]
    for code in sorted(errors):
        spec["responses"][str(code)] = _problem(code)
    spec["responses"]["default"] = {
        "description": "Another problem: 405 for a method the path does not have, 503 while "
        "the database is not answering.",
        "content": {PROBLEM_JSON: {"schema": ref("Problem")}},
    }


def complete(document: dict[str, Any], operations: list[Any]) -> dict[str, Any]:
    """Ninja's document as /api/v1/openapi.json serves it."""
    by_id = {meta.operation_id: meta for meta in operations}
    for item in document["paths"].values():
        readable = "get" in item
        for spec in list(item.values()):
            _complete_operation(spec, by_id[spec["operationId"]], readable=readable)
        if readable:
            item["head"] = _head(item["get"])
    return document


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of /api/v1/: ninja's, completed (`complete`), with the paths
    still on the hand-written routes."""
    from config.api_v1 import api
    from core.api.app import OPERATIONS

    generated = json.loads(json.dumps(api.get_openapi_schema(path_prefix="")))
    document = _hand_written_document()
    completed = complete(generated, OPERATIONS)
    document["paths"] = {**completed["paths"], **document["paths"]}
    document["components"]["schemas"] = {
        **completed.get("components", {}).get("schemas", {}),
        **document["components"]["schemas"],
    }
    return document
