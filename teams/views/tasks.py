"""Tasks: a new task, giving one a new owner, marking one done."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import form_add_service_errors
from core.views import form_page
from people.http import AuthenticatedHttpRequest
from teams.access import access_task, access_team
from teams.forms import TaskForm, TaskOwnerForm
from teams.selectors import task_of_team, team_active_users
from teams.services import task_complete, task_create, task_owner_change
from teams.views._shared import _back


def task_new(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True)
    form = TaskForm(request.POST or None, members=team_active_users(team=access.team))
    if request.method == "POST" and form.is_valid():
        try:
            task_create(actor=request.user, team=access.team, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Task created."))
            return redirect("teams:detail", team_id)
    return form_page(
        request, form, title=_("New task"), submit_label=_("Create the task"), **_back(team_id)
    )


def task_owner(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, task_id: uuid.UUID
) -> HttpResponse:
    """The coordinator gives a task a new owner (a task whose owner left the team shows
    "needs a new owner" on the team page)."""
    access = access_team(
        request.user,
        team_id,
        for_write=True,
        as_coordinator=True,
        object_type="task",
        object_id=task_id,
        purpose="giving a task a new owner",
    )
    task = task_of_team(team=access.team, task_id=task_id)
    form = TaskOwnerForm(request.POST or None, members=team_active_users(team=access.team))
    if request.method == "POST" and form.is_valid():
        try:
            task_owner_change(
                actor=request.user, team=access.team, task=task, owner=form.cleaned_data["owner"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The task has a new owner."))
            return redirect("teams:detail", team_id)
    return form_page(
        request,
        form,
        title=_("Give the task a new owner"),
        intro=_("“%(title)s” – now: %(owner)s")
        % {"title": task.title, "owner": task.owner.display_name()},
        submit_label=_("Give it to this person"),
        **_back(team_id),
    )


@require_POST
def task_done(request: AuthenticatedHttpRequest, task_id: uuid.UUID) -> HttpResponse:
    task = access_task(request.user, task_id)
    try:
        task_complete(actor=request.user, task=task)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as done."))
    if task.team_id is not None:
        return redirect("teams:detail", task.team_id)
    return redirect("teams:work")
