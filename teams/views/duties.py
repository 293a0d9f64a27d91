"""The facts behind the legal duties, which the coordinator records (rights.duties)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.errors import form_add_service_errors
from core.views import form_page
from people.http import AuthenticatedHttpRequest
from teams.access import access_team
from teams.forms import DutyFactsForm
from teams.selectors import team_coordinator
from teams.services import team_duty_facts_set
from teams.views._shared import _back


def duty_facts(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(
        request.user,
        team_id,
        for_write=True,
        as_coordinator=True,
        purpose="reading the facts behind the legal duties",
    )
    team = access.team
    coordinator = team_coordinator(team=team)
    initial = {
        "long_term_needs": team.long_term_needs,
        "serious_illness_or_disability": team.serious_illness_or_disability,
        "barnekoordinator": bool(coordinator and coordinator.is_barnekoordinator),
        "note": team.duty_facts_note,
    }
    form = DutyFactsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            team_duty_facts_set(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saved. The team page shows the duties that follow."))
            return redirect("teams:detail", team_id)
    return form_page(
        request,
        form,
        title=_("Facts behind the legal duties"),
        intro=_(
            "The team cannot know these from its members. They decide whether the child has a "
            "right to an individual plan, a coordinator and a barnekoordinator."
        ),
        submit_label=_("Save"),
        **_back(team_id),
    )
