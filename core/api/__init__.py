"""The plumbing of the JSON API under /api/v1/, on django-ninja: the API object, its routers and
the semantics every operation shares (core.api.app), the field types of the Pydantic schemas
(core.api.types, checked and described by core.api.fields), problem details (RFC 9457) and pages.
The problem details and the paginator serve the public HSDS API (directory/api.py) too. Each
app's `api.py` holds its operations and their schemas; `config/api_v1.py` mounts them.

An operation is a function decorated with `router.operation(...)` (core.api.app.ApiRouter),
whose arguments are Pydantic schemas for its body and query (ninja checks them and writes the
OpenAPI document from them) and which returns what its response schema writes."""

from core.api.fields import MAX_BODY_BYTES, MAX_PER_PAGE, TEXT_MAX, InvalidFieldsError
from core.api.pages import Page, page_of
from core.api.problems import (
    CONFLICT_PROBLEM,
    PROBLEM_JSON,
    VALIDATION_PROBLEM,
    ProblemError,
    invalid,
    invalid_from,
    json_response,
    not_found,
)

__all__ = [
    "CONFLICT_PROBLEM",
    "MAX_BODY_BYTES",
    "MAX_PER_PAGE",
    "PROBLEM_JSON",
    "TEXT_MAX",
    "VALIDATION_PROBLEM",
    "InvalidFieldsError",
    "Page",
    "ProblemError",
    "invalid",
    "invalid_from",
    "json_response",
    "not_found",
    "page_of",
]
