"""Handing over the coordinator role: offering it, answering."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import form_add_service_errors
from core.views import form_page
from people.http import AuthenticatedHttpRequest
from teams.access import access_handover, access_team
from teams.forms import HandoverAnswerForm, HandoverForm
from teams.selectors import handover_memberships
from teams.services import handover_propose, handover_respond
from teams.views._shared import _back


def handover_new(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True, as_coordinator=True)
    form = HandoverForm(request.POST or None, memberships=handover_memberships(team=access.team))
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            handover_propose(
                actor=request.user,
                team=access.team,
                to_user=membership.user,
                to_unit=membership.unit,
                transition=form.cleaned_data["transition"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_add_service_errors(
                form, error, fields={"to_user": "membership", "to_unit": "membership"}
            )
        else:
            messages.success(request, _("Hand-over offered. It waits for the receiver."))
            return redirect("teams:detail", team_id)
    return form_page(
        request,
        form,
        title=_("Hand over the coordinator role"),
        intro=_(
            "The receiver must accept. Until then you remain the coordinator. The receiving "
            "unit must be covered by a consent in force."
        ),
        submit_label=_("Offer the hand-over"),
        **_back(team_id),
    )


def handover_answer(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, handover_id: uuid.UUID
) -> HttpResponse:
    handover = access_handover(request.user, team_id, handover_id)
    form = HandoverAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("answer") == "accept"
        try:
            handover_respond(
                actor=request.user,
                handover=handover,
                accept=accept,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            # A move that is no longer allowed (the consent was withdrawn, a record exists).
            form_add_service_errors(form, error)
            return render(
                request, "teams/handover_answer.html", {"handover": handover, "form": form}
            )
        if accept and handover.moving_to_id is not None:
            messages.success(
                request,
                _("You are now the coordinator, and the case has moved to %(municipality)s.")
                % {"municipality": handover.moving_to.name if handover.moving_to else ""},
            )
            return redirect("teams:detail", team_id)
        if accept:
            messages.success(request, _("You are now the coordinator."))
            return redirect("teams:detail", team_id)
        messages.info(request, _("You declined the hand-over."))
        return redirect("teams:work")
    return render(request, "teams/handover_answer.html", {"handover": handover, "form": form})
