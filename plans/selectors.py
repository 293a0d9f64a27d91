"""Reading the shared plan."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from plans.models import Evaluation, Goal, Measure, Plan, Revision
from teams.models import Team
from teams.selectors_owners import measures_with_owner_state


def plan_of_team(*, team: Team) -> Plan | None:
    plan = Plan.objects.filter(team=team).first()
    if plan is not None:
        plan.team = team  # known: the measures' owner state needs the team's child
    return plan


def _measures_with_owner_state(*, plan: Plan) -> QuerySet[Measure]:
    """The plan's measures with `needs_new_owner`; the team's ids go into the statement as they
    are when the plan's team is at hand (a shorter plan on PostgreSQL)."""
    team = plan.team if Plan.team.is_cached(plan) else None
    return measures_with_owner_state(Measure.objects.filter(plan=plan), team=team)


@dataclass
class PlanPage:
    plan: Plan
    goals: list[Goal]
    measures: list[Measure]
    revisions: list[Revision]


def plan_page(*, plan: Plan) -> PlanPage:
    """The plan with goals, measures (with their evaluations) and the history, in a fixed
    number of queries. A measure's goal is one of the plan's goals, read already: it is not
    joined again."""
    goals = list(Goal.objects.filter(plan=plan).order_by("updated_at"))
    measures = list(
        _measures_with_owner_state(plan=plan)
        .select_related("responsible_unit", "responsible_person")
        .prefetch_related(
            Prefetch("evaluations", queryset=Evaluation.objects.select_related("author"))
        )
        .order_by("evaluate_on", "title")
    )
    by_id = {goal.pk: goal for goal in goals}
    for measure in measures:
        if measure.goal_id in by_id:
            measure.goal = by_id[measure.goal_id]
    return PlanPage(
        plan=plan,
        goals=goals,
        measures=measures,
        revisions=list(
            Revision.objects.filter(plan=plan).select_related("changed_by").order_by("-id")[:100]
        ),
    )


def goal_of_plan(*, plan: Plan, goal_id: object) -> Goal:
    return get_object_or_404(Goal, pk=goal_id, plan=plan)


def measure_of_plan(*, plan: Plan, measure_id: object) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related("responsible_unit", "responsible_person"),
        pk=measure_id,
        plan=plan,
    )


def goals_of_plan(*, plan: Plan) -> QuerySet[Goal]:
    return Goal.objects.filter(plan=plan).order_by("updated_at")


def plan_goals(*, plan: Plan) -> QuerySet[Goal]:
    return Goal.objects.filter(plan=plan).select_related("updated_by").order_by("updated_at", "pk")


def plan_measures(*, plan: Plan) -> QuerySet[Measure]:
    """The plan's measures with who answers for them and their evaluations, in a fixed number
    of queries."""
    return (
        _measures_with_owner_state(plan=plan)
        .select_related("responsible_unit", "responsible_person", "updated_by")
        .prefetch_related(
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.select_related("author").order_by(
                    "-evaluated_on", "-created_at"
                ),
            )
        )
        .order_by("evaluate_on", "title", "pk")
    )


def measure_of_plan_full(*, plan: Plan, measure_id: object) -> Measure:
    return get_object_or_404(plan_measures(plan=plan), pk=measure_id)
