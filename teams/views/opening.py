"""Opening a team from a concern: the coordinator records the consent and the team starts, in
one transaction. The pages hang under the concern (`/concerns/<id>/team/`, in the `concerns`
namespace: `concern_urlpatterns`, mounted by `config/urls.py`), but the code is the team's, which
stands above concerns and consents."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from concerns.access import access_concern
from consents.services import consent_record
from consents.views import consent_form_build, consent_form_is_checking, consent_givers_partial
from core.errors import form_add_service_errors
from people.http import AuthenticatedHttpRequest
from teams.forms import TeamOpenForm
from teams.services import team_open


def concern_team_open(request: AuthenticatedHttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    checking = consent_form_is_checking(request)
    writing = request.method == "POST" and not checking
    concern = access_concern(
        request.user,
        concern_id,
        for_write=True,
        as_responsible=True,
        # "Check who must consent" answers a POST with data and saves nothing: a read.
        record_read=True if checking else None,
    )
    if hasattr(concern, "team"):
        return redirect("teams:detail", concern.team.pk)
    form = consent_form_build(
        request,
        form_class=TeamOpenForm,
        child=concern.child,
        initial={
            "units": [concern.unit_id],
            "valid_from": timezone.localdate(),
            "purpose": _("Collaboration in a team around the child"),
            "text": _(
                "I agree that the units ticked below may share information about me/my child "
                "with each other, and work together in a team with a coordinator, for the "
                "purpose stated. I can withdraw this consent at any time."
            ),
        },
    )
    if writing and not form.errors:
        data = form.cleaned_data
        try:
            consent = consent_record(
                actor=request.user,
                child=concern.child,
                units=list(data["units"]),
                information_kinds=data["information_kinds"],
                purpose=data["purpose"],
                text=data["text"],
                method=data["method"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                kind=data["kind"],
                given_by=data["given_by"],
                guardians=list(data["guardians"]),
                legal_reference=data["legal_reference"],
                evidence_note=data["evidence_note"],
            )
            team = team_open(
                actor=request.user, concern=concern, consent=consent, level=data["level"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The team is open. You are the coordinator."))
            return redirect("teams:detail", team.pk)
    return render(
        request,
        "concerns/team_open.html",
        {"concern": concern, "form": form},
        status=400 if form.errors else 200,
    )


def concern_team_open_givers(
    request: AuthenticatedHttpRequest, concern_id: uuid.UUID
) -> HttpResponse:
    """Who must consent for the units ticked so far when opening a team (htmx)."""
    concern = access_concern(
        request.user,
        concern_id,
        for_write=True,
        as_responsible=True,
        purpose="checking who must consent",
    )
    if hasattr(concern, "team"):
        raise Http404
    return consent_givers_partial(request, child=concern.child)
