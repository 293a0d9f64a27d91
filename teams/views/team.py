"""The work list, the team page and writing in the log."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import form_add_service_errors
from core.views import form_page
from people.http import AuthenticatedHttpRequest
from teams.access import access_team
from teams.forms import LogNoteForm
from teams.selectors import team_page
from teams.services import log_note_add
from teams.views._shared import _back
from teams.work_selectors import work_list_for


def work(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mitt arbeid, the start page for staff after log-in."""
    work_list = work_list_for(
        user=request.user,
        tasks_page=request.GET.get("tasks"),
        teams_page=request.GET.get("teams"),
        concerns_page=request.GET.get("concerns"),
    )
    # The header's count comes from the same figure, so it is not counted twice.
    return render(
        request, "teams/work.html", {"work": work_list, "work_count": work_list.action_count}
    )


def team_detail(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(request.user, team_id, purpose="reading the team page")
    page = team_page(team=access.team)
    return render(
        request,
        "teams/team_detail.html",
        {
            "access": access,
            "page": page,
            "team": access.team,
            "child": access.team.child,
            "age": access.team.child.age_on(page.today),
            "log_form": LogNoteForm(),
        },
    )


@require_POST
def log_add(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True)
    form = LogNoteForm(request.POST)
    if form.is_valid():
        try:
            log_note_add(actor=request.user, team=access.team, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Written in the log."))
            return redirect("teams:detail", team_id)
    return form_page(
        request, form, title=_("Write in the log"), submit_label=_("Save"), **_back(team_id)
    )
