"""The follow-up programmes (oppfølgingsprogram) of the Statsforvalter: the list, one
programme with its goals, agreed actions, meetings and experience notes, and the notes shared
with a county's municipalities. No child's data; writes are audited by the services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import StyledForm
from municipalities.models import County
from oversikt.access import access_programme, access_programmes
from oversikt.forms import (
    ActionDoneForm,
    ActionForm,
    GoalForm,
    InProgrammeForm,
    MeetingForm,
    NoteForm,
    ProgrammeForm,
)
from oversikt.programme_selectors import programme_view, programmes_list, shared_notes
from oversikt.programme_services import (
    experience_note_add,
    programme_action_add,
    programme_action_done,
    programme_create,
    programme_goal_add,
    programme_meeting_add,
)
from people.http import AuthenticatedHttpRequest


def _apply(form: Form, error: ValidationError) -> None:
    """A service's field errors on the form's fields (or the form, for a field it lacks)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def programmes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Oppfølgingsprogram: the programmes the person may read; the county's analyst starts a
    new one here."""
    access = access_programmes(request.user)
    form = None
    if access.may_write:
        assert access.county is not None  # noqa: S101 - may_write needs a county
        form = ProgrammeForm(
            request.POST if request.method == "POST" else None, county=access.county
        )
        if request.method == "POST" and form.is_valid():
            try:
                programme = programme_create(
                    actor=request.user,
                    county=access.county,
                    title=form.cleaned_data["title"],
                    municipalities=list(form.cleaned_data["municipalities"]),
                )
            except ValidationError as error:
                _apply(form, error)
            else:
                return HttpResponseRedirect(reverse("oversikt:programme", args=[programme.pk]))
    elif request.method == "POST":
        raise PermissionDenied
    page = programmes_list(
        county=access.county,
        led=None if access.is_analyst else access.led,
        page=request.GET.get("page"),
    )
    counties = (
        [] if access.is_analyst else sorted({m.county_id for m in access.led.only("county_id")})
    )
    return render(
        request,
        "oversikt/programmes.html",
        {
            "access": access,
            "form": form,
            "page": page,
            "notes": shared_notes(counties=counties, page=1) if counties else None,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_GET
def notes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Erfaringer: the experience notes shared with the municipalities of the reader's county
    (a municipal leader's counties, or an analyst's county; every county for a national one)."""
    access = access_programmes(request.user)
    if access.is_analyst:
        counties = (
            [access.county.pk]
            if access.county is not None
            else list(County.objects.values_list("number", flat=True))
        )
    else:
        counties = sorted({m.county_id for m in access.led.only("county_id")})
    return render(
        request,
        "oversikt/notes.html",
        {"page": shared_notes(counties=counties, page=request.GET.get("page"))},
    )


FORMS: dict[str, type[StyledForm]] = {
    "goal": GoalForm,
    "action": ActionForm,
    "meeting": MeetingForm,
    "note": NoteForm,
    "done": ActionDoneForm,
}


@require_http_methods(["GET", "POST"])
def programme(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    """One programme: its municipalities against the county and the country, goals, agreed
    actions, meetings and experience notes; the county's analyst records them here."""
    writing = request.method == "POST"
    access = access_programme(request.user, programme_id, for_write=writing)
    view = programme_view(programme=access.programme, municipality=access.municipality)
    forms: dict[str, Any] = {}
    if access.may_write:
        for kind, form_class in FORMS.items():
            data = request.POST if writing and request.POST.get("form") == kind else None
            if issubclass(form_class, InProgrammeForm):
                forms[kind] = form_class(data, prefix=kind, municipalities=view.municipalities)
            else:
                forms[kind] = form_class(data, prefix=kind)
    status = 200
    if writing:
        kind = request.POST.get("form", "")
        form = forms.get(kind)
        if form is None:
            status = 400
        elif form.is_valid():
            try:
                _record(request, access.programme, kind, form.cleaned_data)
            except ValidationError as error:
                _apply(form, error)
            else:
                url = reverse("oversikt:programme", args=[access.programme.pk])
                return HttpResponseRedirect(f"{url}#{kind}s")
        status = 400
    return render(
        request,
        "oversikt/programme.html",
        {"access": access, "view": view, "forms": forms},
        status=status,
    )


def _record(
    request: AuthenticatedHttpRequest, programme: Any, kind: str, data: dict[str, Any]
) -> None:
    actor = request.user
    if kind == "goal":
        programme_goal_add(
            actor=actor, programme=programme, text=data["text"], municipality=data["municipality"]
        )
    elif kind == "action":
        programme_action_add(
            actor=actor,
            programme=programme,
            municipality=data["municipality"],
            text=data["text"],
            owner_name=data["owner_name"],
            due_on=data["due_on"],
        )
    elif kind == "meeting":
        programme_meeting_add(
            actor=actor,
            programme=programme,
            held_on=data["held_on"],
            participants=data["participants"],
            notes=data["notes"],
        )
    elif kind == "note":
        experience_note_add(
            actor=actor,
            programme=programme,
            municipality=data["municipality"],
            title=data["title"],
            text=data["text"],
            shared=data["shared"],
        )
    else:
        programme_action_done(actor=actor, programme=programme, action_id=data["action"])
