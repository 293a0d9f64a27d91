"""Meetings: planning one, the child's voice, minutes and decisions."""

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
from rights.selectors import domain_of_sector
from rights.table import Domain
from teams.access import access_team
from teams.forms import InviteesForm, MeetingForm, MeetingInputForm, MinutesForm
from teams.selectors import (
    child_voice,
    meeting_domain,
    meeting_of_team,
    meeting_participants,
    team_active_users,
    team_guardians,
)
from teams.services import (
    meeting_input_record,
    meeting_minutes_record,
    meeting_participants_invite,
    meeting_plan,
)
from teams.views._shared import _back


def meeting_new(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True)
    team = access.team
    members = list(team_active_users(team=team))
    form = MeetingForm(
        request.POST or None,
        members=members,
        guardians=list(team_guardians(team=team)),
        child_name=team.child.given_name,
        initial={
            "domain": domain_of_sector(team.originating_unit.sector).value,
            "participants": [f"member:{user.pk}" for user in members],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_plan(
                actor=request.user,
                team=team,
                starts_at=data["starts_at"],
                place=data["place"],
                agenda=data["agenda"],
                domain=data["domain"],
                invitees=form.invitees(),
                send_invitations=data["send_invitations"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is planned."))
            return redirect("teams:meeting", team_id, meeting.pk)
    return form_page(
        request,
        form,
        title=_("Plan a meeting"),
        submit_label=_("Plan the meeting"),
        **_back(team_id),
    )


def meeting_detail(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, meeting_id: uuid.UUID
) -> HttpResponse:
    writing = request.method == "POST"
    access = access_team(
        request.user,
        team_id,
        for_write=writing,
        purpose="reading a meeting",
        object_type="meeting",
        object_id=meeting_id,
    )
    meeting = meeting_of_team(team=access.team, meeting_id=meeting_id)
    members = team_active_users(team=access.team)
    participants = list(meeting_participants(meeting=meeting))
    invite_form = InviteesForm(
        request.POST if request.POST.get("part") == "participants" else None,
        members=list(members),
        guardians=list(team_guardians(team=access.team)),
        child_name=access.team.child.given_name,
        already=frozenset(
            "child"
            if p.kind == "child"
            else f"member:{p.user_id}"
            if p.user_id
            else f"guardian:{p.guardian_id}"
            for p in participants
        ),
        prefix="participants",
    )
    if writing and invite_form.is_bound and invite_form.is_valid():
        try:
            meeting_participants_invite(
                actor=request.user,
                meeting=meeting,
                invitees=invite_form.invitees(),
                send_invitations=invite_form.cleaned_data["send_invitations"],
            )
        except ValidationError as error:
            form_add_service_errors(invite_form, error)
        else:
            messages.success(request, _("The invitations are saved."))
            return redirect("teams:meeting", team_id, meeting_id)
    input_form = MeetingInputForm(
        request.POST if request.POST.get("part") == "input" else None,
        initial={"child_input": meeting.child_input, "guardians_input": meeting.guardians_input},
        prefix="input",
    )
    minutes_form = MinutesForm(
        request.POST if request.POST.get("part") == "minutes" else None,
        members=members,
        initial={"minutes": meeting.minutes},
        prefix="minutes",
    )
    if writing and input_form.is_bound and input_form.is_valid():
        meeting_input_record(actor=request.user, meeting=meeting, **input_form.cleaned_data)
        messages.success(request, _("The child's and guardians' input is saved."))
        return redirect("teams:meeting", team_id, meeting_id)
    if writing and minutes_form.is_bound and minutes_form.is_valid():
        try:
            meeting_minutes_record(
                actor=request.user,
                meeting=meeting,
                minutes=minutes_form.cleaned_data["minutes"],
                decisions=minutes_form.decisions(),
            )
        except ValidationError as error:
            form_add_service_errors(minutes_form, error)
        else:
            messages.success(request, _("Minutes saved; decisions are now tasks."))
            return redirect("teams:detail", team_id)
    status = 400 if writing else 200
    return render(
        request,
        "teams/meeting_detail.html",
        {
            "team": access.team,
            "meeting": meeting,
            "voice": child_voice(team=access.team, domain=meeting_domain(meeting=meeting)),
            "domain_label": Domain(meeting_domain(meeting=meeting)).label,
            "participants": participants,
            "invite_form": invite_form,
            "input_form": input_form,
            "minutes_form": minutes_form,
        },
        status=status,
    )
