"""Pages for the team around the child. Each view: parse, one access check, one service or
selector, render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from audit.selectors import access_events_for_child
from children.services import GuardianData, guardian_add
from consents.forms import ConsentForm, ConsentWithdrawForm, SharingForm
from consents.selectors import (
    consent_authority,
    consent_for_team,
    consent_form_choices,
    sharing_decisions_for_team,
)
from consents.services import consent_record, consent_withdraw, sharing_record
from consents.sharing import confidentiality_regime, sharing_assess
from core.errors import form_add_service_errors
from core.views import form_page
from people.http import AuthenticatedHttpRequest
from plans.selectors import child_voice
from teams.access import (
    access_handover,
    access_invitation,
    access_task,
    access_team,
    team_visible_to,
)
from teams.forms import (
    GuardianForm,
    HandoverAnswerForm,
    HandoverForm,
    InvitationAnswerForm,
    InviteForm,
    LogNoteForm,
    MeetingForm,
    MeetingInputForm,
    MinutesForm,
    TaskForm,
    TeamCloseForm,
)
from teams.selectors import (
    meeting_of_team,
    member_of_team,
    municipality_unit_memberships,
    team_active_users,
    team_page,
    work_list_for,
)
from teams.services import (
    handover_propose,
    handover_respond,
    log_note_add,
    meeting_input_record,
    meeting_minutes_record,
    meeting_plan,
    member_invite,
    member_leave,
    member_respond,
    task_complete,
    task_create,
    team_close,
)


def _back(team_id: uuid.UUID) -> dict[str, Any]:
    return {
        "back_url": reverse("teams:detail", args=[team_id]),
        "back_label": _("Back to the team"),
    }


def work(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "teams/work.html",
        {"work": work_list_for(user=request.user), "today": timezone.localdate()},
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
    access = access_team(
        request.user, team_id, for_write=True, record_read=request.method != "POST"
    )
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


def invite(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(
        request.user,
        team_id,
        for_write=True,
        as_coordinator=True,
        record_read=request.method != "POST",
    )
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


def invitation(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    member = access_invitation(request.user, team_id, record_read=request.method != "POST")
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
    access = access_team(
        request.user, team_id, for_write=True, record_read=request.method != "POST"
    )
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


def meeting_new(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(
        request.user, team_id, for_write=True, record_read=request.method != "POST"
    )
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_plan(actor=request.user, team=access.team, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
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
        record_read=not writing,
        purpose="reading a meeting",
        object_type="meeting",
        object_id=meeting_id,
    )
    meeting = meeting_of_team(team=access.team, meeting_id=meeting_id)
    members = team_active_users(team=access.team)
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
            "voice": child_voice(team=access.team),
            "input_form": input_form,
            "minutes_form": minutes_form,
        },
        status=status,
    )


def task_new(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(
        request.user, team_id, for_write=True, record_read=request.method != "POST"
    )
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


def handover_new(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(
        request.user,
        team_id,
        for_write=True,
        as_coordinator=True,
        record_read=request.method != "POST",
    )
    form = HandoverForm(
        request.POST or None, memberships=municipality_unit_memberships(team=access.team)
    )
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
    handover = access_handover(
        request.user, team_id, handover_id, record_read=request.method != "POST"
    )
    form = HandoverAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("answer") == "accept"
        handover_respond(
            actor=request.user, handover=handover, accept=accept, note=form.cleaned_data["note"]
        )
        if accept:
            messages.success(request, _("You are now the coordinator."))
            return redirect("teams:detail", team_id)
        messages.info(request, _("You declined the hand-over."))
        return redirect("teams:work")
    return render(request, "teams/handover_answer.html", {"handover": handover, "form": form})


def close(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(
        request.user,
        team_id,
        for_write=True,
        as_coordinator=True,
        record_read=request.method != "POST",
    )
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
    events = access_events_for_child(child_id=access.team.child_id)[:500]
    return render(request, "teams/access_log.html", {"team": access.team, "events": events})


def consents(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    writing = request.method == "POST"
    access = access_team(
        request.user,
        team_id,
        for_write=writing,
        record_read=not writing,
        purpose="reading consents",
    )
    team = access.team
    units, guardians = consent_form_choices(child=team.child)
    authority = consent_authority(child=team.child, units=[team.originating_unit])
    form = ConsentForm(
        request.POST or None,
        units=units,
        guardians=guardians,
        initial={
            "valid_from": timezone.localdate(),
            "given_by": authority.given_by,
            "guardians": list(authority.guardians) if authority.needs_guardians else [],
        },
    )
    if writing and form.is_valid():
        data = form.cleaned_data
        try:
            consent_record(
                actor=request.user,
                child=team.child,
                team=team,
                units=list(data.pop("units")),
                guardians=list(data.pop("guardians")),
                **data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Recorded in the consent ledger."))
            return redirect("teams:consents", team_id)
    page = team_page(team=team)
    return render(
        request,
        "teams/consents.html",
        {"team": team, "page": page, "form": form, "access": access, "authority": authority},
        status=400 if writing else 200,
    )


def consent_withdraw_view(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, consent_id: uuid.UUID
) -> HttpResponse:
    access = access_team(
        request.user, team_id, for_write=True, record_read=request.method != "POST"
    )
    consent = consent_for_team(team=access.team, consent_id=consent_id)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_withdraw(actor=request.user, consent=consent, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The consent is withdrawn. Access based on it ends now."))
            if team_visible_to(user=request.user, team_id=team_id):
                return redirect("teams:consents", team_id)
            return redirect("teams:work")
    return form_page(
        request,
        form,
        title=_("Withdraw consent"),
        intro=consent.purpose,
        submit_label=_("Withdraw now"),
        **_back(team_id),
    )


def share(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    """The sharing assistant: check whether something may be shared, and record it when shared."""
    recording = request.POST.get("action") == "record"
    access = access_team(
        request.user,
        team_id,
        for_write=recording,
        record_read=not recording,
        purpose="checking whether information may be shared",
    )
    team, sender_unit = access.team, access.basis.member.unit
    units, _guardians = consent_form_choices(child=team.child)
    form = SharingForm(request.POST or None, units=units.exclude(pk=sender_unit.pk))
    assessment = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assessment = sharing_assess(
            child=team.child,
            sender_unit=sender_unit,
            recipient_unit=data["recipient_unit"],
            situation=data["situation"],
            information_kinds=data["information_kinds"],
        )
        if recording:
            try:
                sharing_record(
                    actor=request.user,
                    child=team.child,
                    team=team,
                    sender_unit=sender_unit,
                    **data,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Recorded: what you shared and on which basis."))
                return redirect("teams:share", team_id)
    return render(
        request,
        "teams/share.html",
        {
            "team": team,
            "form": form,
            "assessment": assessment,
            "sender_unit": sender_unit,
            "regime": confidentiality_regime(sender_unit),
            "decisions": sharing_decisions_for_team(team_id=team.pk),
        },
        status=400 if form.errors else 200,
    )


@sensitive_post_parameters("identity_number")
@sensitive_variables("data", "form")
def guardian_new(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    access = access_team(
        request.user, team_id, for_write=True, record_read=request.method != "POST"
    )
    form = GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            guardian_add(
                actor=request.user,
                child=access.team.child,
                data=GuardianData(
                    name=data["name"],
                    relation=data["relation"],
                    has_parental_responsibility=data["has_parental_responsibility"],
                    phone=data["phone"],
                    email=data["email"],
                ),
                identity_number=data["identity_number"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The guardian is added."))
            return redirect("teams:detail", team_id)
    return form_page(
        request,
        form,
        title=_("Add a guardian"),
        submit_label=_("Add the guardian"),
        **_back(team_id),
    )
