"""A unit leader's responsibility gaps, and choosing a new coordinator from them."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import form_add_service_errors
from core.views import form_page
from people.access import access_unit_led
from people.http import AuthenticatedHttpRequest
from teams.access import access_team_as_unit_leader
from teams.forms import CoordinatorChooseForm
from teams.gaps import coordinator_candidates, coordinator_gap_of, team_reference, unit_gaps
from teams.services import team_coordinator_choose


def unit_gaps_page(request: AuthenticatedHttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    """The unit's responsibility gaps, for its leader: what is missing, since when, and where
    it is put right."""
    unit = access_unit_led(request.user, unit_id)
    gaps = unit_gaps(unit=unit, page=request.GET.get("page"))
    return render(request, "teams/unit_gaps.html", {"gaps": gaps, "unit": unit})


def coordinator_choose(
    request: AuthenticatedHttpRequest, unit_id: uuid.UUID, team_id: uuid.UUID
) -> HttpResponse:
    """The leader of the coordinator's unit chooses a new coordinator among the members who
    can see the team, when the coordinator can no longer reach it."""
    coordinator = access_team_as_unit_leader(request.user, unit_id, team_id)
    team = coordinator.team
    candidates = coordinator_candidates(team=team)
    form = CoordinatorChooseForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            chosen = team_coordinator_choose(
                actor=request.user, coordinator=coordinator, member=form.cleaned_data["member"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now the coordinator.") % {"name": chosen.user.display_name()},
            )
            return redirect("gaps:unit", unit_id)
    gap = coordinator_gap_of(coordinator=coordinator)
    return form_page(
        request,
        form,
        title=_("Choose a new coordinator"),
        template="teams/coordinator_choose.html",
        intro=_(
            "%(name)s coordinates %(team)s for your unit, but can no longer open it. Choose "
            "who on the team takes over: they get a task, and %(name)s leaves the team."
        )
        % {"name": coordinator.user.display_name(), "team": team_reference(team)},
        submit_label=_("Make them the coordinator"),
        back_url=reverse("gaps:unit", args=[unit_id]),
        back_label=_("Back to the responsibility gaps"),
        gap=gap,
        has_candidates=bool(form.fields["member"].queryset),  # type: ignore[attr-defined]
    )
