"""Members: inviting, answering an invitation, leaving."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import form_add_service_errors
from core.views import form_page
from people.http import AuthenticatedHttpRequest
from teams.access import access_invitation, access_team, access_unit_invitation
from teams.forms import InvitationAnswerForm, InviteForm, UnitInviteForm
from teams.selectors import invitable_units, member_of_team, municipality_unit_memberships
from teams.services import (
    member_invite,
    member_leave,
    member_respond,
    unit_invitation_answer,
    unit_invite,
)
from teams.views._shared import _back


def invite(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True, as_coordinator=True)
    form = InviteForm(
        request.POST or None, memberships=municipality_unit_memberships(team=access.team)
    )
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            member_invite(
                actor=request.user, team=access.team, user=membership.user, unit=membership.unit
            )
        except ValidationError as error:
            form_add_service_errors(
                form, error, fields={"user": "membership", "unit": "membership"}
            )
        else:
            messages.success(request, _("Invitation sent."))
            return redirect("teams:detail", team_id)
    return form_page(
        request,
        form,
        title=_("Invite a member"),
        intro=_("Only units covered by a consent in force can be invited."),
        submit_label=_("Invite"),
        **_back(team_id),
    )


def invite_unit(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(
        request.user,
        team_id,
        for_write=True,
        as_coordinator=True,
        purpose="inviting a unit",
    )
    form = UnitInviteForm(request.POST or None, units=invitable_units(team=access.team))
    if request.method == "POST" and form.is_valid():
        try:
            unit_invite(actor=request.user, team=access.team, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The unit is invited. Anyone on its staff can accept."))
            return redirect("teams:detail", team_id)
    return form_page(
        request,
        form,
        title=_("Invite a unit"),
        intro=_(
            "Invite a service rather than a named person: its leader or anyone on its staff "
            "can accept and join the team for the unit. Only units covered by a consent in "
            "force are offered."
        ),
        submit_label=_("Invite the unit"),
        **_back(team_id),
    )


def unit_invitation(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, invitation_id: uuid.UUID
) -> HttpResponse:
    invitation = access_unit_invitation(request.user, team_id, invitation_id)
    form = InvitationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("answer") == "accept"
        try:
            unit_invitation_answer(actor=request.user, invitation=invitation, accept=accept)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("teams:work")
        if accept:
            messages.success(request, _("You are on the team for your unit."))
            return redirect("teams:detail", team_id)
        messages.info(request, _("You declined the invitation for your unit."))
        return redirect("teams:work")
    return render(request, "teams/unit_invitation.html", {"invitation": invitation, "form": form})


def invitation(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    member = access_invitation(request.user, team_id)
    form = InvitationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("answer") == "accept"
        member_respond(actor=request.user, member=member, accept=accept)
        if accept:
            messages.success(request, _("You are on the team."))
            return redirect("teams:detail", team_id)
        messages.info(request, _("You declined the invitation."))
        return redirect("teams:work")
    return render(request, "teams/invitation.html", {"member": member, "form": form})


@require_POST
def member_remove(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, member_id: int
) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True)
    member = member_of_team(team=access.team, member_id=member_id)
    if member.user_id != request.user.pk and not access.is_coordinator:
        raise PermissionDenied
    try:
        member_leave(actor=request.user, team=access.team, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("teams:detail", team_id)
    if member.user_id == request.user.pk:
        messages.info(request, _("You have left the team."))
        return redirect("teams:work")
    return redirect("teams:detail", team_id)
