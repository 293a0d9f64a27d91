"""The OpenAPI 3.1 document of the JSON API (/api/v1/openapi.json).

django-ninja generates it from the operations (config/api_v1.py and each app's API module) and
their Pydantic schemas: paths, parameters, bodies and answers are declared once, where the
server checks and writes them. Written here is what ninja does not know: the problem details
(RFC 9457) every error answers with, the headers and parameters of the semantics every
operation shares (core/api/app.py: ETag, If-Match, Idempotency-Key, Location, Retry-After),
HEAD beside every GET, the scope each operation needs, and the security schemes. The test suite
validates every answer it gets against the document."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from core.api import (
    CONFLICT_PROBLEM,
    MAX_BODY_BYTES,
    PROBLEM_JSON,
    VALIDATION_PROBLEM,
)
from core.api.app import OPERATIONS
from people.tokens import ALL_SCOPES, scope_for

STRING: dict[str, Any] = {"type": "string"}
INTEGER: dict[str, Any] = {"type": "integer"}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


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
            "current": {"anyOf": [ref("GoalAnswer"), ref("MeasureAnswer")]},
            "changed": array(STRING),
        },
        description="The change was based on an older version: `current` is what is saved now, "
        "`changed` the fields that differ from the version sent.",
    ),
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


SECURITY_SCHEMES: dict[str, Any] = {
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
                    scope: ("Read " if scope.endswith(":read") else "Write ") + scope.split(":")[0]
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
}


def _header(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/headers/{name}"}


def _parameter(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/parameters/{name}"}


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


# --- the document ninja generates, completed with the semantics core.api.app adds ------------


def _example_of(schema: Any) -> Any:
    """The example the schema itself gives (not one it inherits), if any."""
    return vars(schema).get("EXAMPLE")


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
    """The OpenAPI 3.1 document of /api/v1/: ninja's, generated from the operations and their
    Pydantic schemas, completed with what every operation shares (`complete`)."""
    from config.api_v1 import api

    generated = json.loads(json.dumps(api.get_openapi_schema(path_prefix="")))
    document = complete(generated, OPERATIONS)
    document["info"]["version"] = api.version
    document["servers"] = [{"url": "/api/v1"}]
    document["security"] = [{"bearer": []}, {"systemClient": []}, {"session": []}]
    components = document.setdefault("components", {})
    components["schemas"] = {**components.get("schemas", {}), **SCHEMAS}
    components["headers"] = HEADERS
    components["parameters"] = PARAMETERS
    components["securitySchemes"] = SECURITY_SCHEMES
    return document
