"""The JSON API for the shared plan: the plan with its goals and measures, and changing them.

Goals and measures carry a version: a PATCH must send the version it was based on, and one based
on an older version answers 409 with the saved item and the fields that changed since, so nobody
overwrites someone else's change without seeing it (`plans.services.StaleItemError`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from core.api import (
    CONFLICT_PROBLEM,
    TEXT_MAX,
    ProblemError,
    bool_field,
    choice_field,
    date_field,
    int_field,
    invalid,
    iso_date,
    iso_datetime,
    operation,
    optional_id,
    text_field,
    unit_ref,
    user_ref,
    uuid_field,
)
from people.http import AuthenticatedHttpRequest
from plans.models import Goal, ItemStatus, Measure, MeasureKind, Plan
from plans.selectors import (
    goal_of_plan,
    goals_of_plan,
    measure_of_plan_full,
    plan_goals,
    plan_measures,
    plan_of_team,
)
from plans.services import (
    StaleItemError,
    goal_add,
    goal_update,
    measure_add,
    measure_update,
    plan_create,
)
from teams.access import TeamAccess, access_team
from teams.selectors import team_active_memberships, team_active_users

USER_ID_MAX = 2**63 - 1
VERSION = int_field(1, 2**31 - 1, description="The version your change is based on.")
PLAN_BODY = {
    "period_start": date_field(),
    "period_end": date_field(),
    "resources": text_field(TEXT_MAX, required=False, description="The child's strengths."),
    "is_individual_plan": bool_field(),
}
GOAL_BODY = {
    "text": text_field(TEXT_MAX, description="In the child's own words where the child can."),
    "in_childs_words": bool_field(default=True),
}
GOAL_PATCH = {
    "version": VERSION,
    "text": GOAL_BODY["text"].optional(),
    "in_childs_words": GOAL_BODY["in_childs_words"].optional(),
    "status": choice_field(ItemStatus.values, required=False),
}
MEASURE_BODY = {
    "title": text_field(300),
    "description": text_field(TEXT_MAX, required=False),
    "kind": choice_field(
        MeasureKind.values,
        required=False,
        default=MeasureKind.GENERAL,
        description="apprenticeship: an apprenticeship or training in a company, followed up by "
        "the county's fagopplæring or a training office.",
    ),
    "goal": uuid_field(required=False, nullable=True, description="A goal of this plan."),
    "responsible_person": int_field(1, USER_ID_MAX, description="An active member's user id."),
    "responsible_unit": uuid_field(description="A unit the responsible person works in."),
    "starts_on": date_field(),
    "ends_on": date_field(),
    "evaluate_on": date_field(),
}
MEASURE_PATCH = {
    "version": VERSION,
    **{name: field.optional() for name, field in MEASURE_BODY.items()},
    "status": choice_field(ItemStatus.values, required=False),
}
# The services' names for what changed, as the body names them.
_FIELD_NAMES = {
    "goal_id": "goal",
    "responsible_unit_id": "responsible_unit",
    "responsible_person_id": "responsible_person",
}


def goal_json(goal: Goal) -> dict[str, Any]:
    return {
        "id": str(goal.pk),
        "text": goal.text,
        "in_childs_words": goal.in_childs_words,
        "status": goal.status,
        "version": goal.version,
        "updated_at": iso_datetime(goal.updated_at),
        "updated_by": user_ref(goal.updated_by),
    }


def measure_json(measure: Measure) -> dict[str, Any]:
    return {
        "id": str(measure.pk),
        "title": measure.title,
        "description": measure.description,
        "kind": measure.kind,
        "goal": optional_id(measure.goal_id),
        "responsible_unit": unit_ref(measure.responsible_unit),
        "responsible_person": user_ref(measure.responsible_person),
        "starts_on": iso_date(measure.starts_on),
        "ends_on": iso_date(measure.ends_on),
        "evaluate_on": iso_date(measure.evaluate_on),
        "status": measure.status,
        "version": measure.version,
        "updated_at": iso_datetime(measure.updated_at),
        "updated_by": user_ref(measure.updated_by),
        "evaluations": [
            {
                "id": evaluation.pk,
                "evaluated_on": iso_date(evaluation.evaluated_on),
                "result": evaluation.result,
                "child_view": evaluation.child_view,
                "author": user_ref(evaluation.author),
                "created_at": iso_datetime(evaluation.created_at),
            }
            for evaluation in measure.evaluations.all()
        ],
    }


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "id": str(plan.pk),
        "period_start": iso_date(plan.period_start),
        "period_end": iso_date(plan.period_end),
        "resources": plan.resources,
        "is_individual_plan": plan.is_individual_plan,
        "version": plan.version,
        "updated_at": iso_datetime(plan.updated_at),
        "goals": [goal_json(goal) for goal in plan_goals(plan=plan)],
        "measures": [measure_json(measure) for measure in plan_measures(plan=plan)],
    }


def _plan(access: TeamAccess) -> Plan:
    plan = plan_of_team(team=access.team)
    if plan is None:
        raise Http404
    return plan


def _conflict(error: StaleItemError, current: dict[str, Any]) -> ProblemError:
    return ProblemError(
        409,
        _(
            "Someone else saved this after the version you sent. Here is what is saved now; "
            "send your change again with its version if it should still apply."
        ),
        type_=CONFLICT_PROBLEM,
        current=current,
        changed=[_FIELD_NAMES.get(name, name) for name in error.changed],
    )


@operation(
    summary="The team's plan with its goals and measures (and their evaluations)",
    response="Plan",
    errors=(404,),
)
def plan_detail(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> dict[str, Any]:
    access = access_team(request.user, team_id, purpose="API: reading the plan", object_type="plan")
    return plan_json(_plan(access))


@operation(
    summary="Make the team's plan",
    response="Plan",
    status=201,
    body=PLAN_BODY,
    errors=(400, 403, 404),
)
def plan_create_view(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, body: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True)
    return plan_json(plan_create(actor=request.user, team=access.team, **body))


@operation(
    summary="Add a goal to the plan",
    response="Goal",
    status=201,
    body=GOAL_BODY,
    errors=(400, 403, 404),
)
def goal_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, body: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True)
    return goal_json(goal_add(actor=request.user, plan=_plan(access), **body))


@operation(summary="One goal of the plan", response="Goal", errors=(404,))
def goal_detail(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, goal_id: uuid.UUID
) -> dict[str, Any]:
    access = access_team(
        request.user, team_id, purpose="API: reading a goal", object_type="goal", object_id=goal_id
    )
    return goal_json(goal_of_plan(plan=_plan(access), goal_id=goal_id))


@operation(
    summary="Change a goal: send the version you read; fields left out stay as they are",
    response="Goal",
    body=GOAL_PATCH,
    errors=(400, 403, 404, 409),
)
def goal_change(
    request: AuthenticatedHttpRequest,
    team_id: uuid.UUID,
    goal_id: uuid.UUID,
    *,
    body: dict[str, Any],
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True)
    goal = goal_of_plan(plan=_plan(access), goal_id=goal_id)
    try:
        saved = goal_update(
            actor=request.user,
            goal=goal,
            version=body["version"],
            text=body.get("text", goal.text),
            in_childs_words=body.get("in_childs_words", goal.in_childs_words),
            status=body.get("status", goal.status),
        )
    except StaleItemError as error:
        raise _conflict(error, goal_json(error.current)) from None  # type: ignore[arg-type]
    return goal_json(saved)


def _responsible(access: TeamAccess, person_id: int, unit_id: uuid.UUID) -> dict[str, Any]:
    """The responsible person and unit as the services take them, or field errors."""
    membership = (
        team_active_memberships(team=access.team).filter(user_id=person_id, unit_id=unit_id).first()
    )
    if membership is not None:
        return {"responsible_person": membership.user, "responsible_unit": membership.unit}
    if team_active_users(team=access.team).filter(pk=person_id).exists():
        raise invalid(
            {"responsible_unit": [_("The responsible person must work in the responsible unit.")]}
        )
    raise invalid(
        {"responsible_person": [_("The responsible person must be an active team member.")]}
    )


def _goal(plan: Plan, goal_id: uuid.UUID | None) -> Goal | None:
    if goal_id is None:
        return None
    goal = goals_of_plan(plan=plan).filter(pk=goal_id).first()
    if goal is None:
        raise invalid({"goal": [_("Choose a goal from this plan.")]})
    return goal


@operation(
    summary="Add a measure to the plan",
    response="Measure",
    status=201,
    body=MEASURE_BODY,
    errors=(400, 403, 404),
)
def measure_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, *, body: dict[str, Any]
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True)
    plan = _plan(access)
    measure = measure_add(
        actor=request.user,
        plan=plan,
        title=body["title"],
        description=body["description"],
        kind=body["kind"],
        starts_on=body["starts_on"],
        ends_on=body["ends_on"],
        evaluate_on=body["evaluate_on"],
        goal=_goal(plan, body["goal"]),
        **_responsible(access, body["responsible_person"], body["responsible_unit"]),
    )
    return measure_json(measure_of_plan_full(plan=plan, measure_id=measure.pk))


@operation(
    summary="One measure of the plan, with its evaluations", response="Measure", errors=(404,)
)
def measure_detail(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, measure_id: uuid.UUID
) -> dict[str, Any]:
    access = access_team(
        request.user,
        team_id,
        purpose="API: reading a measure",
        object_type="measure",
        object_id=measure_id,
    )
    return measure_json(measure_of_plan_full(plan=_plan(access), measure_id=measure_id))


@operation(
    summary="Change a measure: send the version you read; fields left out stay as they are",
    response="Measure",
    body=MEASURE_PATCH,
    errors=(400, 403, 404, 409),
)
def measure_change(
    request: AuthenticatedHttpRequest,
    team_id: uuid.UUID,
    measure_id: uuid.UUID,
    *,
    body: dict[str, Any],
) -> dict[str, Any]:
    access = access_team(request.user, team_id, for_write=True)
    plan = _plan(access)
    measure = measure_of_plan_full(plan=plan, measure_id=measure_id)
    goal = _goal(plan, body["goal"]) if "goal" in body else measure.goal
    responsible = _responsible(
        access,
        body.get("responsible_person", measure.responsible_person_id),
        body.get("responsible_unit", measure.responsible_unit_id),
    )
    try:
        measure_update(
            actor=request.user,
            measure=measure,
            version=body["version"],
            title=body.get("title", measure.title),
            description=body.get("description", measure.description),
            kind=body.get("kind", measure.kind),
            starts_on=body.get("starts_on", measure.starts_on),
            ends_on=body.get("ends_on", measure.ends_on),
            evaluate_on=body.get("evaluate_on", measure.evaluate_on),
            status=body.get("status", measure.status),
            goal=goal,
            **responsible,
        )
    except StaleItemError as error:
        current = measure_of_plan_full(plan=plan, measure_id=measure_id)
        raise _conflict(error, measure_json(current)) from None
    return measure_json(measure_of_plan_full(plan=plan, measure_id=measure_id))
