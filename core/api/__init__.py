"""The plumbing of the JSON API under /api/v1/: authentication, routes, problem details (RFC 9457),
JSON bodies and pages. The problem details and the paginator serve the public HSDS API
(directory/api.py) too. Each app's `api.py` holds its operations; `config/api_v1.py` routes them.

An operation is a function decorated with `@operation(...)`, which declares its body and query
parameters (the same declarations check the input and write the OpenAPI document) and returns
plain data. `Route` turns one path and its operations into a URL pattern whose view
authenticates, checks CSRF for session requests, parses the input, calls the operation and turns
every expected exception into problem details: bad input never answers 500.
"""

from core.api.fields import (
    MAX_BODY_BYTES,
    MAX_PER_PAGE,
    PAGE_QUERY,
    TEXT_MAX,
    Field,
    InvalidFieldsError,
    bool_field,
    choice_field,
    date_field,
    datetime_field,
    field_schema,
    int_field,
    list_field,
    object_field,
    object_schema,
    text_field,
    uuid_field,
)
from core.api.pages import Page, page_of, paginate
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
from core.api.routes import Operation, Route, not_found_view, operation, served_routes
from core.api.shapes import (
    child_ref,
    each,
    iso_date,
    iso_datetime,
    optional_id,
    unit_ref,
    user_ref,
)

__all__ = [
    "CONFLICT_PROBLEM",
    "MAX_BODY_BYTES",
    "MAX_PER_PAGE",
    "PAGE_QUERY",
    "PROBLEM_JSON",
    "TEXT_MAX",
    "VALIDATION_PROBLEM",
    "Field",
    "InvalidFieldsError",
    "Operation",
    "Page",
    "ProblemError",
    "Route",
    "bool_field",
    "child_ref",
    "choice_field",
    "date_field",
    "datetime_field",
    "each",
    "field_schema",
    "int_field",
    "invalid",
    "invalid_from",
    "iso_date",
    "iso_datetime",
    "json_response",
    "list_field",
    "not_found",
    "not_found_view",
    "object_field",
    "object_schema",
    "operation",
    "optional_id",
    "page_of",
    "paginate",
    "served_routes",
    "text_field",
    "unit_ref",
    "user_ref",
    "uuid_field",
]
