"""The JSON API, version 1, mounted at /api/v1/ by config/urls.py: a django-ninja API with the
routers of the apps (each app's API module declares its operations, their paths and URL names,
and their Pydantic schemas). Its URL patterns carry the semantics every operation shares
(core/api/app.py); the OpenAPI document (config/openapi_v1.py) is ninja's, completed; the access
matrix test (tests/test_api_access_matrix.py) enumerates these patterns."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import re_path

from concerns import api as concerns
from core.api import json_response
from core.api.app import ApiRouter, laget_api, not_found_view
from core.api.app import urlpatterns as ninja_urlpatterns
from core.api.types import Answer
from people import api as people
from plans import api as plans
from teams.api import changes, children, consents
from teams.api import members as teams
from teams.api import work as team_work

app_name = "api_v1"
API_VERSION = "1"

api = laget_api(
    title="Laget API",
    version=API_VERSION,
    description="The JSON API of Laget, the team around the child. It acts with the "
    "rights of the user behind the token or session, checked again on every request: "
    "the same access rules, services and audit trail as the pages. Every read of a "
    "child's data is recorded in the child's access log. Errors are RFC 9457 problem "
    "details. Every POST takes an Idempotency-Key; reads have an ETag (If-None-Match: "
    "304), updates take If-Match (412); every GET path answers HEAD; 201 has Location; "
    "state conflicts answer 409; too many requests 429 with Retry-After. See "
    "docs/api.md.",
    namespace=app_name,
)
root = ApiRouter(tag="config")


class ApiRoot(Answer):
    version: str
    openapi: str
    documentation: str
    EXAMPLE = {
        "version": API_VERSION,
        "openapi": "/api/v1/openapi.json",
        "documentation": "docs/api.md",
    }


class OpenApiDocument(Answer):
    """The OpenAPI 3.1 document of this API."""

    model_config = {"json_schema_extra": {}}  # open: the whole document
    openapi: str
    paths: dict[str, Any]
    EXAMPLE = {"openapi": "3.1.0", "info": {"title": "Laget API", "version": "1"}, "paths": {}}


@root.operation(
    "GET", "", name="root", response=ApiRoot, summary="Where the API's description is", public=True
)
def api_root(request: HttpRequest) -> dict[str, Any]:
    return ApiRoot.EXAMPLE


@root.operation(
    "GET",
    "/openapi.json",
    name="openapi",
    response=OpenApiDocument,
    summary="This API's OpenAPI 3.1 document",
    public=True,
)
def openapi_json(request: HttpRequest) -> HttpResponse:
    from config.openapi_v1 import openapi_document

    # As it is: a schema would keep only the members it names.
    return json_response(openapi_document())


api.add_router("", root)
api.add_router("", people.router)
api.add_router("", changes.router)
# The look-up is a POST, so that the identity number is never in a URL; it needs
# `children:write`.
api.add_router("", children.router)
api.add_router("", concerns.router)
api.add_router("", teams.router)
api.add_router("", consents.router)
api.add_router("", plans.router)
api.add_router("", team_work.router)

urlpatterns = [
    *ninja_urlpatterns(api),
    # Anything else under /api/v1/ (malformed ids too) answers 404 as problem details.
    re_path(r"^.*$", not_found_view, name="not_found"),
]
