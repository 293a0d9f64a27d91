"""Closing the team, and who has seen the child (the access log)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from children.access_log import Audience
from core.errors import form_add_service_errors
from core.views import form_page
from people.http import AuthenticatedHttpRequest
from teams.access import access_team
from teams.access_log import access_log_page
from teams.forms import TeamCloseForm
from teams.services import team_close
from teams.views._shared import _back


def close(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True, as_coordinator=True)
    form = TeamCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team_close(actor=request.user, team=access.team, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The team is closed."))
            return redirect("teams:detail", team_id)
    return form_page(
        request,
        form,
        title=_("Close the team"),
        intro=_("Members keep read access to the closed team until the retention rules apply."),
        submit_label=_("Close the team"),
        **_back(team_id),
    )


def access_log(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(
        request.user, team_id, as_coordinator=True, purpose="reading who has seen the child"
    )
    log = access_log_page(
        child=access.team.child, audience=Audience.STAFF, page_number=request.GET.get("page")
    )
    return render(request, "teams/access_log.html", {"team": access.team, "log": log})
