"""The JSON API, version 1, mounted at /api/v1/ by config/urls.py. One table: each path, its name
and its operations by method. The OpenAPI document (config/openapi_v1.py) is written from the
routes it serves (core.api.served_routes, so that module need not import this one), and the
access matrix test (tests/test_api_access_matrix.py) enumerates it."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import re_path

from concerns import api as concerns
from core.api import Route, json_response
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

    model_config = {"extra": "allow"}
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

ROUTES: tuple[Route, ...] = (
    Route("teams", "teams", area="teams", GET=teams.team_list),
    Route("teams/<uuid:team_id>", "team", area="teams", GET=teams.team_detail),
    Route(
        "teams/<uuid:team_id>/members",
        "team_members",
        area="teams",
        GET=teams.member_list,
        POST=teams.member_create,
    ),
    Route(
        "teams/<uuid:team_id>/candidates", "team_candidates", area="teams", GET=teams.candidate_list
    ),
    Route(
        "teams/<uuid:team_id>/unit-invitations",
        "team_unit_invitations",
        area="teams",
        GET=teams.unit_invitation_list,
        POST=teams.unit_invitation_create,
    ),
    Route(
        "teams/<uuid:team_id>/unit-invitations/<uuid:invitation_id>/answer",
        "team_unit_invitation_answer",
        area="teams",
        POST=teams.unit_invitation_answer_view,
    ),
    Route(
        "teams/<uuid:team_id>/unit-candidates",
        "team_unit_candidates",
        area="teams",
        GET=teams.unit_candidate_list,
    ),
    Route(
        "teams/<uuid:team_id>/consents",
        "team_consents",
        area="consents",
        GET=consents.consent_list,
        POST=consents.consent_create,
    ),
    Route(
        "teams/<uuid:team_id>/consents/<uuid:consent_id>/withdraw",
        "team_consent_withdraw",
        area="consents",
        POST=consents.consent_withdraw_view,
    ),
    Route(
        "teams/<uuid:team_id>/plan",
        "team_plan",
        area="plans",
        GET=plans.plan_detail,
        POST=plans.plan_create_view,
    ),
    Route("teams/<uuid:team_id>/plan/goals", "team_goals", area="plans", POST=plans.goal_create),
    Route(
        "teams/<uuid:team_id>/plan/goals/<uuid:goal_id>",
        "team_goal",
        area="plans",
        GET=plans.goal_detail,
        PATCH=plans.goal_change,
    ),
    Route(
        "teams/<uuid:team_id>/plan/measures",
        "team_measures",
        area="plans",
        POST=plans.measure_create,
    ),
    Route(
        "teams/<uuid:team_id>/plan/measures/<uuid:measure_id>",
        "team_measure",
        area="plans",
        GET=plans.measure_detail,
        PATCH=plans.measure_change,
    ),
    Route(
        "teams/<uuid:team_id>/log",
        "team_log",
        area="teams",
        GET=team_work.log_list,
        POST=team_work.log_create,
    ),
    Route(
        "teams/<uuid:team_id>/meetings",
        "team_meetings",
        area="teams",
        GET=team_work.meeting_list,
        POST=team_work.meeting_create,
    ),
    Route(
        "teams/<uuid:team_id>/tasks",
        "team_tasks",
        area="teams",
        GET=team_work.task_list,
        POST=team_work.task_create_view,
    ),
    Route(
        "tasks/<uuid:task_id>/complete",
        "task_complete",
        area="teams",
        POST=team_work.task_complete_view,
    ),
)

urlpatterns = [
    *ninja_urlpatterns(api),
    *(route.pattern() for route in ROUTES),
    # Anything else under /api/v1/ (malformed ids too) answers 404 as problem details.
    re_path(r"^.*$", not_found_view, name="not_found"),
]
