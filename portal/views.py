"""The portal's pages. Each view: parse, one access check (`access_portal_child`), one selector
or service, render. Every page works without JavaScript."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from audit.models import Action
from core.errors import form_add_service_errors
from portal import oidc
from portal.access import PortalAccess, access_portal_child
from portal.export import export_data, export_pdf_render
from portal.forms import (
    ConsentGiveForm,
    ConsentWithdrawForm,
    CorrectionForm,
    HealthChoiceForm,
    MeetingInputForm,
)
from portal.selectors import (
    access_log_page_for,
    consent_for_portal,
    consent_page,
    meeting_for_input,
    meeting_views,
    plan_views,
    portal_entries_for,
    team_views,
    teams_for_correction,
    unit_asking,
)
from portal.services import (
    portal_consent_give,
    portal_consent_withdraw,
    portal_correction_request,
    portal_health_choice_set,
    portal_login_failed_record,
    portal_meeting_input_save,
    portal_session_record,
)
from portal.session import (
    PortalRequest,
    portal_login_current,
    portal_login_end,
    portal_login_required,
    portal_login_start,
    portal_page,
)
from tenancy import scope


def _page(
    request: HttpRequest, template: str, access: PortalAccess, current: str, **context: Any
) -> HttpResponse:
    status = context.pop("status", 200)
    return render(
        request,
        template,
        {
            "access": access,
            "child": access.child,
            "current": current,
            "portal_logged_in": True,
            "health_note": access.health.guardian_note(name=access.child.given_name)
            if access.hides_health
            else "",
            **context,
        },
        status=status,
    )


# --- Log-in -----------------------------------------------------------------------------------


@portal_page
def start(request: HttpRequest) -> HttpResponse:
    """Not logged in: what the portal is and the log-in button. Logged in: the records the
    person may open (straight to the only one, if there is one)."""
    login = portal_login_current(request)
    if login is None:
        return render(request, "portal/start.html", {"configured": oidc.is_configured()})
    entries = portal_entries_for(pid=login.pid)
    if not entries:
        return render(request, "portal/unknown.html", {"portal_logged_in": True})
    visible = [entry for entry in entries if entry.visible]
    if len(visible) == 1 and len(entries) == 1:
        return redirect("portal:team", visible[0].child.pk)
    return render(request, "portal/choose.html", {"entries": entries, "portal_logged_in": True})


@portal_page
def login(request: HttpRequest) -> HttpResponse:
    if not oidc.is_configured():
        raise Http404
    try:
        url = oidc.authorization_url(
            request,
            redirect_uri=request.build_absolute_uri(reverse("portal:callback")),
            ui_locale=get_language() or "nb",
        )
    except oidc.OidcError as error:
        portal_login_failed_record(reason=error.reason)
        return render(request, "portal/login_failed.html", status=503)
    return redirect(url)


@portal_page
@sensitive_variables("identity", "entries")
def callback(request: HttpRequest) -> HttpResponse:
    try:
        identity = oidc.log_in_finish(request)
    except oidc.OidcError as error:
        portal_login_failed_record(reason=error.reason)
        return render(request, "portal/login_failed.html", status=400)
    portal_login_start(request, pid=identity.pid, sub=identity.sub, id_token=identity.id_token)
    # The request started without a portal log-in, so the database showed it nothing: find the
    # person's records wherever they are, then limit the rest of the request to them.
    with scope.unrestricted():
        entries = portal_entries_for(pid=identity.pid)
    scope.scope_set(municipalities=[entry.child.municipality_id for entry in entries])
    portal_session_record(entries=entries, action=Action.LOGIN)
    if not entries:
        return render(request, "portal/unknown.html", {"portal_logged_in": True})
    return redirect("portal:start")


@require_POST
@portal_page
def logout(request: HttpRequest) -> HttpResponse:
    login = portal_login_end(request)
    if login is None:
        return redirect("portal:start")
    portal_session_record(entries=portal_entries_for(pid=login.pid), action=Action.LOGOUT)
    if login.id_token and oidc.is_configured():
        url = oidc.end_session_url(
            id_token=login.id_token,
            post_logout_redirect_uri=request.build_absolute_uri(reverse("portal:logged_out")),
        )
        if url:
            return redirect(url)
    return redirect("portal:logged_out")


@portal_page
def logged_out(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/logged_out.html")


# --- The child's pages ------------------------------------------------------------------------


@portal_login_required
def team(request: PortalRequest, child_id: uuid.UUID) -> HttpResponse:
    access = access_portal_child(request, child_id, page="team")
    return _page(request, "portal/team.html", access, "team", teams=team_views(access=access))


@portal_login_required
def plan(request: PortalRequest, child_id: uuid.UUID) -> HttpResponse:
    access = access_portal_child(request, child_id, page="plan")
    return _page(request, "portal/plan.html", access, "plan", plans=plan_views(access=access))


def _meetings_page(
    request: PortalRequest,
    access: PortalAccess,
    *,
    failed: tuple[uuid.UUID, MeetingInputForm] | None = None,
) -> HttpResponse:
    views = meeting_views(access=access)
    forms = {}
    for view in views:
        if not view.can_give_input:
            continue
        meeting = view.meeting
        if failed and failed[0] == meeting.pk:
            forms[meeting.pk] = failed[1]
            continue
        current = meeting.child_input if access.is_young_person else meeting.guardians_input
        forms[meeting.pk] = MeetingInputForm(
            initial={"text": current}, prefix_id=str(meeting.pk)[:8]
        )
    rows = [(view, forms.get(view.meeting.pk)) for view in views]
    return _page(
        request,
        "portal/meetings.html",
        access,
        "meetings",
        rows=rows,
        status=400 if failed else 200,
    )


@portal_login_required
def meetings(request: PortalRequest, child_id: uuid.UUID) -> HttpResponse:
    access = access_portal_child(request, child_id, page="meetings")
    return _meetings_page(request, access)


@require_POST
@portal_login_required
def meeting_input(
    request: PortalRequest, child_id: uuid.UUID, meeting_id: uuid.UUID
) -> HttpResponse:
    access = access_portal_child(request, child_id, page="meetings", record_read=False)
    meeting = meeting_for_input(access=access, meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    form = MeetingInputForm(request.POST, prefix_id=str(meeting.pk)[:8])
    if form.is_valid():
        try:
            portal_meeting_input_save(
                access=access, meeting=meeting, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. The team will read it before the meeting."))
            return redirect("portal:meetings", child_id)
    return _meetings_page(request, access, failed=(meeting.pk, form))


@portal_login_required
def consents(request: PortalRequest, child_id: uuid.UUID) -> HttpResponse:
    access = access_portal_child(request, child_id, page="consents")
    return _page(
        request, "portal/consents.html", access, "consents", page=consent_page(access=access)
    )


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@portal_login_required
def consent_withdraw(
    request: PortalRequest, child_id: uuid.UUID, consent_id: uuid.UUID
) -> HttpResponse:
    """Confirm, then withdraw: all of it, or for one unit (`?unit=`)."""
    writing = request.method == "POST"
    access = access_portal_child(
        request,
        child_id,
        page="consents",
        object_type="consent",
        object_id=consent_id,
    )
    consent = consent_for_portal(access=access, consent_id=consent_id)
    if consent is None:
        raise Http404
    unit_id = _uuid_or_none(request.POST.get("unit") if writing else request.GET.get("unit"))
    units = list(consent.units.all())
    unit = next((u for u in units if u.pk == unit_id), None)
    if unit_id is not None and unit is None:
        raise Http404
    form = ConsentWithdrawForm(request.POST if writing else None)
    if writing and form.is_valid():
        try:
            portal_consent_withdraw(access=access, consent=consent, unit=unit)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if unit is not None:
                messages.success(
                    request,
                    _("Done. %(unit)s can no longer see your information in the team.")
                    % {"unit": unit.name},
                )
            else:
                messages.success(request, _("Done. The consent is withdrawn from now on."))
            return redirect("portal:consents", child_id)
    return _page(
        request,
        "portal/consent_withdraw.html",
        access,
        "consents",
        consent=consent,
        unit=unit,
        others=[u for u in units if unit is not None and u.pk != unit.pk],
        form=form,
        status=400 if writing else 200,
    )


def _consent_text(access: PortalAccess, unit_name: str) -> tuple[str, str]:
    """The purpose and the exact text the person says yes to, in the page's language; the
    ledger keeps it as shown."""
    purpose = _("Working together in the team around %(name)s") % {"name": access.child.full_name}
    if access.is_young_person:
        text = _(
            "I say yes to %(unit)s being part of the team around me. They may share information "
            "about my plan, the log and the meetings with the others in the team. I can stop "
            "this at any time in the portal."
        )
    else:
        text = _(
            "I, %(guardian)s, as a guardian, say yes to %(unit)s being part of the team around "
            "%(name)s. They "
            "may share information about the plan, the log and the meetings with the others in "
            "the team. I can stop this at any time in the portal."
        )
    guardian = access.guardian.name if access.guardian else ""
    return purpose, text % {"unit": unit_name, "name": access.child.full_name, "guardian": guardian}


@portal_login_required
def consent_give(request: PortalRequest, child_id: uuid.UUID, unit_id: uuid.UUID) -> HttpResponse:
    writing = request.method == "POST"
    access = access_portal_child(request, child_id, page="consents")
    asking = unit_asking(access=access, unit_id=unit_id)
    if asking is None:
        raise Http404
    purpose, text = _consent_text(access, asking.unit.name)
    form = ConsentGiveForm(request.POST if writing else None)
    if writing and form.is_valid():
        try:
            portal_consent_give(access=access, asking=asking, purpose=purpose, text=text)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. %(unit)s is now part of the team.") % {"unit": asking.unit.name},
            )
            return redirect("portal:consents", child_id)
    return _page(
        request,
        "portal/consent_give.html",
        access,
        "consents",
        asking=asking,
        purpose=purpose,
        text=text,
        form=form,
        status=400 if writing else 200,
    )


@portal_login_required
def privacy(request: PortalRequest, child_id: uuid.UUID) -> HttpResponse:
    """Who sees my health information: the young person's own choice, where the rules give
    them one. A guardian sees only the note."""
    writing = request.method == "POST"
    access = access_portal_child(request, child_id, page="privacy")
    form = HealthChoiceForm(
        request.POST if writing else None,
        initial={"choice": "withhold" if access.health.hidden_from_guardians else "share"},
    )
    if writing:
        if not access.is_young_person or not access.health.young_person_may_choose:
            raise Http404
        if form.is_valid():
            try:
                portal_health_choice_set(access=access, choice=form.cleaned_data["choice"])
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Saved. It applies from now on."))
                return redirect("portal:privacy", child_id)
    return _page(
        request, "portal/privacy.html", access, "privacy", form=form, status=400 if writing else 200
    )


@portal_login_required
def access_log(request: PortalRequest, child_id: uuid.UUID) -> HttpResponse:
    access = access_portal_child(request, child_id, page="access_log")
    log = access_log_page_for(access=access, page_number=request.GET.get("page"))
    return _page(request, "portal/access_log.html", access, "access_log", log=log)


@portal_login_required
def export(request: PortalRequest, child_id: uuid.UUID) -> HttpResponse:
    access = access_portal_child(request, child_id, page="export", record_read=False)
    return _page(request, "portal/export.html", access, "export")


@portal_login_required
def export_json(request: PortalRequest, child_id: uuid.UUID) -> HttpResponse:
    access = access_portal_child(
        request, child_id, page="export", action=Action.EXPORT, object_type="export_json"
    )
    body = json.dumps(export_data(access), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="laget-mine-data.json"'
    return response


@portal_login_required
def export_pdf(request: PortalRequest, child_id: uuid.UUID) -> HttpResponse:
    access = access_portal_child(
        request, child_id, page="export", action=Action.EXPORT, object_type="export_pdf"
    )
    pdf = export_pdf_render(
        access=access, data=export_data(access), language=get_language() or "nb"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="laget-mine-data.pdf"'
    return response


@portal_login_required
def correction(request: PortalRequest, child_id: uuid.UUID) -> HttpResponse:
    writing = request.method == "POST"
    access = access_portal_child(request, child_id, page="correction")
    teams = teams_for_correction(access=access)
    choices = [
        (
            str(view.team.pk),
            _("The team with %(name)s as coordinator")
            % {"name": view.coordinator.user.display_name()},  # type: ignore[union-attr]
        )
        for view in teams
    ]
    form = CorrectionForm(request.POST if writing else None, teams=choices)
    if writing and teams and form.is_valid():
        chosen = next(view for view in teams if str(view.team.pk) == form.cleaned_data["team"])
        try:
            portal_correction_request(
                access=access,
                team_view=chosen,
                what=form.cleaned_data["what"],
                should_say=form.cleaned_data["should_say"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. The coordinator will look at it and answer you within a month."),
            )
            return redirect("portal:team", child_id)
    return _page(
        request,
        "portal/correction.html",
        access,
        "correction",
        form=form,
        has_team=bool(teams),
        status=400 if writing else 200,
    )
