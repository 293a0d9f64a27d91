"""Transitions: a team's list, starting one, the transition page (both sides) and a receiving
unit's incoming list."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import form_add_service_errors
from core.views import form_page
from people.http import AuthenticatedHttpRequest
from teams.access import access_team
from transitions.access import access_transition, access_unit_incoming
from transitions.forms import TransitionAnswerForm, TransitionForm
from transitions.selectors import (
    transition_page,
    transition_receiving_units,
    transitions_incoming,
    transitions_of_team,
)
from transitions.services import transition_answer, transition_start, transition_tick


def team_transitions(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(
        request.user, team_id, purpose="reading the team's transitions", object_type="transitions"
    )
    page = transitions_of_team(team=access.team, page=request.GET.get("page"))
    return render(
        request, "transitions/team_list.html", {"team": access.team, "access": access, "page": page}
    )


def transition_new(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True, as_coordinator=True)
    from_unit = access.basis.member.unit
    form = TransitionForm(
        request.POST or None,
        units=transition_receiving_units(team=access.team, exclude=from_unit),
    )
    if request.method == "POST" and form.is_valid():
        try:
            transition = transition_start(
                actor=request.user,
                team=access.team,
                from_unit=from_unit,
                kind=form.cleaned_data["kind"],
                to_unit=form.cleaned_data["to_unit"],
                starts_on=form.cleaned_data["starts_on"],
                note=form.cleaned_data["note"],
                young_person_words=form.cleaned_data["young_person_words"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Transition started. It waits for the receiving unit."))
            return redirect("transitions:detail", transition.pk)
    return form_page(
        request,
        form,
        title=_("Start a transition"),
        intro=_(
            "The receiving unit must accept. Until then both sides see the transition; whoever "
            "accepts joins the team. Your part of the checklist becomes your tasks."
        ),
        submit_label=_("Start the transition"),
        back_url=reverse("transitions:team", args=[team_id]),
        back_label=_("Back to the transitions"),
    )


def transition_detail(request: AuthenticatedHttpRequest, transition_id: uuid.UUID) -> HttpResponse:
    access = access_transition(request.user, transition_id)
    transition = access.transition
    form = TransitionAnswerForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("accept", "decline"):
            if not access.can_answer or not form.is_valid():
                raise PermissionDenied
            transition_answer(
                actor=request.user,
                transition=transition,
                accept=action == "accept",
                note=form.cleaned_data["note"],
            )
            if action == "accept":
                messages.success(request, _("You accepted the transition and joined the team."))
                return redirect("transitions:detail", transition.pk)
            messages.info(request, _("You declined the transition."))
            return redirect("teams:work")
        if action == "tick":
            try:
                transition_tick(
                    actor=request.user, transition=transition, item=request.POST.get("item", "")
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("transitions:detail", transition.pk)
        raise PermissionDenied
    return render(
        request,
        "transitions/detail.html",
        {"access": access, "page": transition_page(transition=transition), "form": form},
    )


def unit_incoming(request: AuthenticatedHttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    unit = access_unit_incoming(request.user, unit_id)
    page = transitions_incoming(unit=unit, page=request.GET.get("page"))
    return render(request, "transitions/incoming.html", {"unit": unit, "page": page})
