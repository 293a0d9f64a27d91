"""The consent ledger, the sharing assistant and adding a guardian."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from children.services import GuardianData, guardian_add
from consents.forms import ConsentWithdrawForm, MovingConsentForm, SharingForm
from consents.selectors import (
    consent_for_team,
    consent_form_choices,
    consents_for_child,
    sharing_decisions_for_team,
)
from consents.services import consent_record, sharing_record
from consents.sharing import confidentiality_regime, sharing_assess
from consents.views import consent_form_build, consent_form_is_checking, consent_givers_partial
from core.errors import form_add_service_errors
from core.views import form_page
from people.http import AuthenticatedHttpRequest
from teams.access import access_team, team_visible_to
from teams.forms import GuardianForm
from teams.selectors import team_unit_ids
from teams.services import team_consent_withdraw
from teams.views._shared import _back

# The query parameter that opens the consent form's "moving to" choice (its button in
# consents/_consent_form.html sends the form back to "?moving=1").
MOVING = "moving"


def consents(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    checking = consent_form_is_checking(request)
    writing = request.method == "POST" and not checking
    access = access_team(
        request.user,
        team_id,
        for_write=request.method == "POST",
        # "Check who must consent" answers a POST with data and saves nothing: a read.
        record_read=True if checking else None,
        purpose="reading consents",
    )
    team = access.team
    ledger = list(consents_for_child(child_id=team.child_id))
    form = consent_form_build(
        request,
        form_class=MovingConsentForm,
        child=team.child,
        initial={"valid_from": timezone.localdate()},
        suggested_units=team_unit_ids(team=team),
        # The units the ledger names, read with it: the form's short list needs no query more.
        named_units={unit.pk for consent in ledger for unit in consent.units.all()},
    )
    # The "moving to" choice (every municipality in the country) only when asked for, or when
    # the form sent back has it: most consents are not about a move.
    form.moving_shown = bool(request.GET.get(MOVING)) or "moving_to" in request.POST
    if writing and not form.errors:
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
    return render(
        request,
        "teams/consents.html",
        {
            "team": team,
            "consents": ledger,
            "today": timezone.localdate(),
            "form": form,
            "access": access,
        },
        status=400 if form.errors else 200,
    )


def consent_givers(request: AuthenticatedHttpRequest, team_id: uuid.UUID) -> HttpResponse:
    """Who must consent for the units ticked so far in the consent form (htmx)."""
    access = access_team(request.user, team_id, purpose="checking who must consent")
    return consent_givers_partial(request, child=access.team.child)


def consent_withdraw_view(
    request: AuthenticatedHttpRequest, team_id: uuid.UUID, consent_id: uuid.UUID
) -> HttpResponse:
    access = access_team(request.user, team_id, for_write=True)
    consent = consent_for_team(team=access.team, consent_id=consent_id)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team_consent_withdraw(actor=request.user, consent=consent, **form.cleaned_data)
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
    access = access_team(request.user, team_id, for_write=True)
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
