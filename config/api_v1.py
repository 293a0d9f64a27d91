"""The JSON API, version 1, mounted at /api/v1/ by config/urls.py. One table: each path, its name
and its operations by method. The OpenAPI document (config/openapi_v1.py) is written from the
routes it serves (core.api.served_routes, so that module need not import this one), and the
access matrix test (tests/test_api_access_matrix.py) enumerates it."""

from django.urls import re_path

from concerns import api as concerns
from config import openapi_v1
from core.api import Route, not_found_view
from people import api as people
from plans import api as plans
from teams.api import changes, children, consents
from teams.api import members as teams
from teams.api import work as team_work

app_name = "api_v1"

ROUTES: tuple[Route, ...] = (
    Route("", "root", GET=openapi_v1.api_root),
    Route("openapi.json", "openapi", GET=openapi_v1.openapi_json),
    Route("me", "me", GET=people.me),
    Route("changes", "changes", area="teams", GET=changes.change_list),
    # A POST, so that the identity number is never in a URL; it needs `children:write`.
    Route("children/lookup", "child_lookup", area="children", POST=children.child_lookup),
    Route("children/<uuid:child_id>", "child", area="children", GET=children.child_detail),
    Route(
        "concerns",
        "concerns",
        area="concerns",
        GET=concerns.concern_list,
        POST=concerns.concern_create,
    ),
    Route("concerns/<uuid:concern_id>", "concern", area="concerns", GET=concerns.concern_detail),
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
    *(route.pattern() for route in ROUTES),
    # Anything else under /api/v1/ (malformed ids too) answers 404 as problem details.
    re_path(r"^.*$", not_found_view, name="not_found"),
]
