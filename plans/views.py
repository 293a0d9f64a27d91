"""Pages for the shared plan. Access is the team's: `teams.access.access_team`."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from audit.models import Action
from core.errors import form_add_service_errors
from core.views import form_page
from people.http import AuthenticatedHttpRequest
from plans.forms import EvaluationForm, GoalForm, MeasureForm, PlanForm
from plans.models import Measure, Plan
from plans.pdf import plan_pdf_render
from plans.selectors import goal_of_plan, goals_of_plan, measure_of_plan, plan_of_team, plan_page
from plans.services import (
    StaleItemError,
    evaluation_add,
    goal_add,
    goal_update,
    measure_add,
    measure_update,
    plan_create,
)
from teams.access import TeamAccess, access_team
from teams.selectors import child_voice, team_active_memberships, team_page


def _back(team_id: uuid.UUID) -> dict[str, Any]:
    return {"back_url": reverse("plans:plan", args=[team_id]), "back_label": _("Back to the plan")}


def _with_version(request: AuthenticatedHttpRequest, error: StaleItemError) -> QueryDict:
    """The user's input again, now based on the saved version: saving once more is a
    deliberate overwrite of the change they have been shown."""
    data = request.POST.copy()
    data["version"] = str(error.current.version)
    return data


def _plan(access: TeamAccess) -> Plan:
    plan = plan_of_team(team=access.team)
    if plan is None:
        raise Http404
    return plan


def plan_view(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    writing = request.method == "POST"
    access = access_team(
        request.user,
        team_id,
        for_write=writing,
        purpose="reading the plan",
        object_type="plan",
    )
    plan = plan_of_team(team=access.team)
    if plan is None:
        today = timezone.localdate()
        form = PlanForm(
            request.POST or None,
            initial={"period_start": today, "period_end": today.replace(year=today.year + 1)},
        )
        if writing and form.is_valid():
            try:
                plan_create(actor=request.user, team=access.team, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The plan is made. Add goals and measures."))
                return redirect("plans:plan", team_id)
        return form_page(
            request,
            form,
            title=_("Make the shared plan"),
            intro=_(
                "The plan holds the goals in the child's own words, the measures with who is "
                "responsible, and when they are evaluated."
            ),
            submit_label=_("Make the plan"),
            back_url=reverse("teams:detail", args=[team_id]),
            back_label=_("Back to the team"),
        )
    if writing:
        raise Http404
    child = access.team.child
    return render(
        request,
        "plans/plan.html",
        {
            "access": access,
            "team": access.team,
            "child": child,
            "age": child.age_on(timezone.localdate()),
            "page": plan_page(plan=plan),
            "voice": child_voice(team=access.team),
        },
    )


def plan_pdf(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(
        request.user,
        team_id,
        purpose="printing the plan",
        object_type="plan",
        read_action=Action.EXPORT,
    )
    plan = _plan(access)
    pdf = plan_pdf_render(
        plan=plan_page(plan=plan),
        team=team_page(team=access.team),
        language=get_language(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{access.team.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def goal_edit(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, goal_id: uuid.UUID | None = None
) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True)
    plan = _plan(access)
    goal = goal_of_plan(plan=plan, goal_id=goal_id) if goal_id else None
    initial = (
        {
            "version": goal.version,
            "text": goal.text,
            "in_childs_words": goal.in_childs_words,
            "status": goal.status,
        }
        if goal
        else {"in_childs_words": True}
    )
    form = GoalForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if goal is None:
                goal_add(
                    actor=request.user,
                    plan=plan,
                    text=data["text"],
                    in_childs_words=data["in_childs_words"],
                )
            else:
                goal_update(
                    actor=request.user,
                    goal=goal,
                    version=data["version"] or 0,
                    text=data["text"],
                    in_childs_words=data["in_childs_words"],
                    status=data["status"] or goal.status,
                )
        except StaleItemError as error:
            conflict = error
            form = GoalForm(_with_version(request, error), initial=initial)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:plan", team_id)
    return form_page(
        request,
        form,
        title=_("Change the goal") if goal else _("New goal"),
        submit_label=_("Save"),
        conflict=conflict,
        template="plans/item_edit.html",
        status=409 if conflict else 200,
        **_back(team_id),
    )


def _measure_initial(measure: Measure) -> dict[str, object]:
    return {
        "version": measure.version,
        "title": measure.title,
        "description": measure.description,
        "kind": measure.kind,
        "goal": measure.goal_id,
        "starts_on": measure.starts_on,
        "ends_on": measure.ends_on,
        "evaluate_on": measure.evaluate_on,
        "status": measure.status,
    }


def measure_edit(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, measure_id: uuid.UUID | None = None
) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True)
    plan = _plan(access)
    measure = measure_of_plan(plan=plan, measure_id=measure_id) if measure_id else None
    memberships = team_active_memberships(team=access.team)
    initial: dict[str, object] = {}
    if measure is not None:
        initial = _measure_initial(measure)
        initial["responsible"] = memberships.filter(
            user=measure.responsible_person, unit=measure.responsible_unit
        ).first()
    form = MeasureForm(
        request.POST or None,
        initial=initial,
        goals=goals_of_plan(plan=plan),
        memberships=memberships,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        responsible = data.pop("responsible")
        fields = {
            "title": data["title"],
            "description": data["description"],
            "kind": data["kind"],
            "responsible_unit": responsible.unit,
            "responsible_person": responsible.user,
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "evaluate_on": data["evaluate_on"],
            "goal": data["goal"],
        }
        try:
            if measure is None:
                measure_add(actor=request.user, plan=plan, **fields)
            else:
                measure_update(
                    actor=request.user,
                    measure=measure,
                    version=data["version"] or 0,
                    status=data["status"] or measure.status,
                    **fields,
                )
        except StaleItemError as error:
            conflict = error
            form = MeasureForm(
                _with_version(request, error),
                initial=initial,
                goals=goals_of_plan(plan=plan),
                memberships=memberships,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:plan", team_id)
    return form_page(
        request,
        form,
        title=_("Change the measure") if measure else _("New measure"),
        submit_label=_("Save"),
        conflict=conflict,
        template="plans/item_edit.html",
        status=409 if conflict else 200,
        **_back(team_id),
    )


def evaluate(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, measure_id: uuid.UUID
) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True)
    plan = _plan(access)
    measure = measure_of_plan(plan=plan, measure_id=measure_id)
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_add(actor=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The evaluation is saved."))
            return redirect("plans:plan", team_id)
    return form_page(
        request,
        form,
        title=_("Evaluate: %(title)s") % {"title": measure.title},
        submit_label=_("Save the evaluation"),
        **_back(team_id),
    )
