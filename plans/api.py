"""The JSON API for the shared plan: the plan with its goals and measures, and changing them.

Goals and measures carry a version: a PATCH must send the version it was based on, and one based
on an older version answers 409 with the saved item and the fields that changed since, so nobody
overwrites someone else's change without seeing it (`plans.services.StaleItemError`)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field

from core.api import CONFLICT_PROBLEM, ProblemError, invalid
from core.api.app import ApiRouter
from core.api.shapes import UnitRef, UserRef
from core.api.types import (
    TEXT_MAX,
    Answer,
    Body,
    LocalDateTime,
    boolean,
    choice,
    day,
    identifier,
    integer,
)
from core.api.types import (
    text as text_type,
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

router = ApiRouter(area="plans", tag="plans")

USER_ID_MAX = 2**63 - 1
_TIME = "2026-03-02T09:30:12.123456+01:00"
_VERSION_DESCRIPTION = "The version your change is based on."
ItemStatusValue = Literal[tuple(ItemStatus.values)]  # type: ignore[valid-type]


class PlanBody(Body):
    period_start: day()  # type: ignore[valid-type]
    period_end: day()  # type: ignore[valid-type]
    resources: text_type(TEXT_MAX, required=False, description="The child's strengths.") = ""  # type: ignore[valid-type]
    is_individual_plan: boolean() = False  # type: ignore[valid-type]
    EXAMPLE = {
        "period_start": "2026-03-01",
        "period_end": "2026-12-31",
        "resources": "Sara er flink til å tegne og har en god venn i klassen.",
        "is_individual_plan": False,
    }


class GoalBody(Body):
    text: text_type(TEXT_MAX, description="In the child's own words where the child can.")  # type: ignore[valid-type]
    in_childs_words: boolean() = True  # type: ignore[valid-type]
    EXAMPLE = {"text": "Jeg vil ha det fint i friminuttene.", "in_childs_words": True}


class GoalPatch(Body):
    """Fields left out stay as they are."""

    version: integer(1, 2**31 - 1, description=_VERSION_DESCRIPTION)  # type: ignore[valid-type]
    text: text_type(TEXT_MAX, description="In the child's own words where the child can.") = None  # type: ignore[valid-type]
    in_childs_words: boolean() = None  # type: ignore[valid-type]
    status: choice(ItemStatus.values) = None  # type: ignore[valid-type]
    EXAMPLE = {"version": 1, "status": "achieved"}


class MeasureBody(Body):
    title: text_type(300)  # type: ignore[valid-type]
    description: text_type(TEXT_MAX, required=False) = ""  # type: ignore[valid-type]
    kind: choice(  # type: ignore[valid-type]
        MeasureKind.values,
        description="apprenticeship: an apprenticeship or training in a company, followed up by "
        "the county's fagopplæring or a training office.",
    ) = MeasureKind.GENERAL.value
    goal: identifier(nullable=True, description="A goal of this plan.") = None  # type: ignore[valid-type]
    responsible_person: integer(1, USER_ID_MAX, description="An active member's user id.")  # type: ignore[valid-type]
    responsible_unit: identifier(  # type: ignore[valid-type]
        description="A unit the responsible person works in."
    )
    starts_on: day()  # type: ignore[valid-type]
    ends_on: day()  # type: ignore[valid-type]
    evaluate_on: day()  # type: ignore[valid-type]
    EXAMPLE = {
        "title": "Samtaler med helsesykepleier",
        "kind": "general",
        "goal": None,
        "responsible_person": 17,
        "responsible_unit": UnitRef.EXAMPLE["id"],
        "starts_on": "2026-03-09",
        "ends_on": "2026-06-19",
        "evaluate_on": "2026-05-04",
    }


class MeasurePatch(Body):
    """Fields left out stay as they are."""

    version: integer(1, 2**31 - 1, description=_VERSION_DESCRIPTION)  # type: ignore[valid-type]
    title: text_type(300) = None  # type: ignore[valid-type]
    description: text_type(TEXT_MAX, required=False) = None  # type: ignore[valid-type]
    kind: choice(MeasureKind.values) = None  # type: ignore[valid-type]
    goal: identifier(nullable=True, description="A goal of this plan.") = None  # type: ignore[valid-type]
    responsible_person: integer(1, USER_ID_MAX, description="An active member's user id.") = None  # type: ignore[valid-type]
    responsible_unit: identifier(description="A unit the responsible person works in.") = None  # type: ignore[valid-type]
    starts_on: day() = None  # type: ignore[valid-type]
    ends_on: day() = None  # type: ignore[valid-type]
    evaluate_on: day() = None  # type: ignore[valid-type]
    status: choice(ItemStatus.values) = None  # type: ignore[valid-type]
    EXAMPLE = {"version": 2, "ends_on": "2026-08-14", "status": "active"}


# The services' names for what changed, as the body names them.
_FIELD_NAMES = {
    "goal_id": "goal",
    "responsible_unit_id": "responsible_unit",
    "responsible_person_id": "responsible_person",
}


class GoalAnswer(Answer):
    id: uuid.UUID
    text: str
    in_childs_words: bool
    status: ItemStatusValue  # type: ignore[valid-type]
    version: int
    updated_at: LocalDateTime
    updated_by: UserRef
    EXAMPLE = {
        "id": "4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f",
        "text": "Jeg vil ha det fint i friminuttene.",
        "in_childs_words": True,
        "status": "active",
        "version": 1,
        "updated_at": _TIME,
        "updated_by": UserRef.EXAMPLE,
    }


class Evaluation(Answer):
    id: int
    evaluated_on: datetime.date
    result: str
    child_view: str
    author: UserRef
    created_at: LocalDateTime


class MeasureAnswer(Answer):
    id: uuid.UUID
    title: str
    description: str
    kind: Literal[tuple(MeasureKind.values)]  # type: ignore[valid-type]
    goal: uuid.UUID | None = Field(validation_alias="goal_id")
    responsible_unit: UnitRef
    responsible_person: UserRef
    starts_on: datetime.date
    ends_on: datetime.date
    evaluate_on: datetime.date
    status: ItemStatusValue  # type: ignore[valid-type]
    version: int
    updated_at: LocalDateTime
    updated_by: UserRef
    evaluations: list[Evaluation]
    EXAMPLE = {
        "id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        "title": "Samtaler med helsesykepleier",
        "description": "",
        "kind": "general",
        "goal": None,
        "responsible_unit": UnitRef.EXAMPLE,
        "responsible_person": UserRef.EXAMPLE,
        "starts_on": "2026-03-09",
        "ends_on": "2026-06-19",
        "evaluate_on": "2026-05-04",
        "status": "active",
        "version": 1,
        "updated_at": _TIME,
        "updated_by": UserRef.EXAMPLE,
        "evaluations": [],
    }


class PlanAnswer(Answer):
    id: uuid.UUID
    period_start: datetime.date
    period_end: datetime.date
    resources: str
    is_individual_plan: bool
    version: int
    updated_at: LocalDateTime
    goals: list[GoalAnswer]
    measures: list[MeasureAnswer]
    EXAMPLE = {
        "id": "0f1e2d3c-4b5a-4968-8776-655443322110",
        **PlanBody.EXAMPLE,
        "version": 1,
        "updated_at": _TIME,
        "goals": [GoalAnswer.EXAMPLE],
        "measures": [MeasureAnswer.EXAMPLE],
    }

    @staticmethod
    def resolve_goals(plan: Plan) -> list[Goal]:
        return list(plan_goals(plan=plan))

    @staticmethod
    def resolve_measures(plan: Plan) -> list[Measure]:
        return list(plan_measures(plan=plan))


def _plan(access: TeamAccess) -> Plan:
    plan = plan_of_team(team=access.team)
    if plan is None:
        raise Http404
    return plan


def _conflict(error: StaleItemError, current: Goal | Measure) -> ProblemError:
    schema = GoalAnswer if isinstance(current, Goal) else MeasureAnswer
    return ProblemError(
        409,
        _(
            "Someone else saved this after the version you sent. Here is what is saved now; "
            "send your change again with its version if it should still apply."
        ),
        type_=CONFLICT_PROBLEM,
        current=schema.model_validate(current).model_dump(mode="json"),
        changed=[_FIELD_NAMES.get(name, name) for name in error.changed],
    )


@router.operation(
    "GET",
    "/teams/{uuid:team_id}/plan",
    name="team_plan",
    summary="The team's plan with its goals and measures (and their evaluations)",
    response=PlanAnswer,
    errors=(404,),
)
def plan_detail(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> Plan:
    access = access_team(request.user, team_id, purpose="API: reading the plan", object_type="plan")
    return _plan(access)


@router.operation(
    "POST",
    "/teams/{uuid:team_id}/plan",
    name="team_plan",
    summary="Make the team's plan",
    response=PlanAnswer,
    status=201,
    errors=(400, 403, 404),
)
def plan_create_view(request: AuthenticatedHttpRequest, team_id: uuid.UUID, body: PlanBody) -> Plan:
    access = access_team(request.user, team_id, for_write=True)
    return plan_create(actor=request.user, team=access.team, **body.model_dump())


@router.operation(
    "POST",
    "/teams/{uuid:team_id}/plan/goals",
    name="team_goals",
    summary="Add a goal to the plan",
    response=GoalAnswer,
    status=201,
    errors=(400, 403, 404),
)
def goal_create(request: AuthenticatedHttpRequest, team_id: uuid.UUID, body: GoalBody) -> Goal:
    access = access_team(request.user, team_id, for_write=True)
    return goal_add(actor=request.user, plan=_plan(access), **body.model_dump())


@router.operation(
    "GET",
    "/teams/{uuid:team_id}/plan/goals/{uuid:goal_id}",
    name="team_goal",
    summary="One goal of the plan",
    response=GoalAnswer,
    errors=(404,),
)
def goal_detail(request: AuthenticatedHttpRequest, team_id: uuid.UUID, goal_id: uuid.UUID) -> Goal:
    access = access_team(
        request.user, team_id, purpose="API: reading a goal", object_type="goal", object_id=goal_id
    )
    return goal_of_plan(plan=_plan(access), goal_id=goal_id)


@router.operation(
    "PATCH",
    "/teams/{uuid:team_id}/plan/goals/{uuid:goal_id}",
    name="team_goal",
    summary="Change a goal: send the version you read; fields left out stay as they are",
    response=GoalAnswer,
    errors=(400, 403, 404, 409),
)
def goal_change(
    request: AuthenticatedHttpRequest,
    team_id: uuid.UUID,
    goal_id: uuid.UUID,
    patch: GoalPatch,
) -> Goal:
    body = patch.model_dump(exclude_unset=True)
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
        raise _conflict(error, error.current) from None
    return saved


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


@router.operation(
    "POST",
    "/teams/{uuid:team_id}/plan/measures",
    name="team_measures",
    summary="Add a measure to the plan",
    response=MeasureAnswer,
    status=201,
    errors=(400, 403, 404),
)
def measure_create(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, measure: MeasureBody
) -> Measure:
    body = measure.model_dump()
    access = access_team(request.user, team_id, for_write=True)
    plan = _plan(access)
    created = measure_add(
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
    return measure_of_plan_full(plan=plan, measure_id=created.pk)


@router.operation(
    "GET",
    "/teams/{uuid:team_id}/plan/measures/{uuid:measure_id}",
    name="team_measure",
    summary="One measure of the plan, with its evaluations",
    response=MeasureAnswer,
    errors=(404,),
)
def measure_detail(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, measure_id: uuid.UUID
) -> Measure:
    access = access_team(
        request.user,
        team_id,
        purpose="API: reading a measure",
        object_type="measure",
        object_id=measure_id,
    )
    return measure_of_plan_full(plan=_plan(access), measure_id=measure_id)


@router.operation(
    "PATCH",
    "/teams/{uuid:team_id}/plan/measures/{uuid:measure_id}",
    name="team_measure",
    summary="Change a measure: send the version you read; fields left out stay as they are",
    response=MeasureAnswer,
    errors=(400, 403, 404, 409),
)
def measure_change(
    request: AuthenticatedHttpRequest,
    team_id: uuid.UUID,
    measure_id: uuid.UUID,
    patch: MeasurePatch,
) -> Measure:
    body = patch.model_dump(exclude_unset=True)
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
        raise _conflict(error, current) from None
    return measure_of_plan_full(plan=plan, measure_id=measure_id)
