"""Pages for concerns: raise one, follow it up by the action guide, open a team, report to
child welfare."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from children.access_log.words import long_day_text
from children.services import ChildData, GuardianData, PossibleDuplicateError
from concerns.access import (
    access_concern,
    access_welfare_report,
    access_welfare_report_receipt,
    concern_writable,
)
from concerns.forms import (
    ConcernCloseForm,
    ConcernEditForm,
    ConcernRaiseForm,
    UnitMeasureEvaluateForm,
    UnitMeasureForm,
    WelfareReportForm,
    WelfareReportReceiptForm,
)
from concerns.models import Concern
from concerns.pdf import welfare_report_pdf_render
from concerns.selectors import (
    action_guide_for,
    concern_colleagues,
    concern_log,
    concern_reports,
    unit_measure_of_concern,
    unit_measures_of_concern,
)
from concerns.services import (
    StaleConcernError,
    concern_close,
    concern_raise_for_child,
    concern_update,
    unit_measure_add,
    unit_measure_evaluate,
    welfare_report_receipt_record,
    welfare_report_send,
)
from core.errors import form_add_service_errors
from core.views import form_page
from people.http import AuthenticatedHttpRequest
from people.selectors import memberships_active, units_of_user


def _back(concern: Concern) -> dict[str, Any]:
    return {"back_url": reverse("concerns:detail", args=[concern.pk]), "back_label": _("Back")}


@sensitive_post_parameters("identity_number")
@sensitive_variables("data", "form")
def concern_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = units_of_user(user=request.user)
    if not units.exists():
        raise Http404
    form = ConcernRaiseForm(request.POST or None, units=units)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        guardians = (
            [
                GuardianData(
                    name=data["guardian_name"],
                    relation=data["guardian_relation"],
                    has_parental_responsibility=data["guardian_responsibility"],
                    phone=data["guardian_phone"],
                )
            ]
            if data["guardian_name"]
            else []
        )
        try:
            concern = concern_raise_for_child(
                actor=request.user,
                unit=data["unit"],
                child=ChildData(
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    birth_date=data["birth_date"],
                    identity_number=data["identity_number"],
                    languages=data["languages"],
                    interpreter_needed=data["interpreter_needed"],
                    guardians=guardians,
                ),
                not_a_duplicate=data["not_a_duplicate"],
                observed=data["observed"],
                child_view=data["child_view"],
                guardians_view=data["guardians_view"],
                level=data["level"],
            )
        except PossibleDuplicateError as error:
            duplicate = error.existing
            form.ask_about_duplicate()
            form.add_error(
                "not_a_duplicate",
                _(
                    "Your unit already has a concern about a child with this name and birth "
                    "date. Open that concern instead, or tick this box if it is another child."
                ),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The concern is registered. You are responsible."))
            return redirect("concerns:detail", concern.pk)
    return form_page(
        request,
        form,
        title=_("Raise a concern"),
        intro=_(
            "Write what you have seen and heard. The concern stays in your unit at level 0 and 1."
        ),
        submit_label=_("Register the concern"),
        back_url=reverse("teams:work"),
        back_label=_("Back to my work"),
        duplicate=duplicate,
        template="concerns/concern_new.html",
    )


def concern_detail(request: AuthenticatedHttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    concern = access_concern(request.user, concern_id, purpose="reading a concern")
    guide = action_guide_for(municipality=concern.municipality)
    return render(
        request,
        "concerns/concern_detail.html",
        {
            "concern": concern,
            "guide_level": guide[concern.level],
            "log": concern_log(concern=concern),
            "reports": concern_reports(concern=concern, user=request.user),
            "measures": unit_measures_of_concern(concern=concern),
            "today": timezone.localdate(),
            "team": getattr(concern, "team", None),
            "can_write": concern_writable(user=request.user, concern=concern),
            "is_responsible": concern.responsible_id == request.user.pk,
            "age": concern.child.age_on(timezone.localdate()),
        },
    )


def concern_edit(request: AuthenticatedHttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    concern = access_concern(request.user, concern_id, for_write=True)
    colleagues = concern_colleagues(concern=concern)
    initial = {
        "version": concern.version,
        "observed": concern.observed,
        "child_view": concern.child_view,
        "guardians_view": concern.guardians_view,
        "level": concern.level,
        "responsible": concern.responsible,
    }
    form = ConcernEditForm(request.POST or None, initial=initial, colleagues=colleagues)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern_update(
                actor=request.user,
                concern=concern,
                version=data["version"],
                observed=data["observed"],
                child_view=data["child_view"],
                guardians_view=data["guardians_view"],
                level=data["level"],
                responsible=data["responsible"],
            )
        except StaleConcernError as error:
            conflict = error.current
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("concerns:detail", concern.pk)
    return form_page(
        request,
        form,
        title=_("Change the concern"),
        submit_label=_("Save"),
        conflict=conflict,
        template="concerns/concern_edit.html",
        status=409 if conflict else 200,
        **_back(concern),
    )


def concern_report(request: AuthenticatedHttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    concern = access_concern(request.user, concern_id, for_write=True)
    form = WelfareReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = welfare_report_send(
                actor=request.user,
                unit=concern.unit,
                child=concern.child,
                concern=concern,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The report is sent on %(basis)s. The deadlines are in your tasks.")
                % {"basis": report.legal_basis},
            )
            return redirect("concerns:report_pdf", report.pk)
    return form_page(
        request,
        form,
        title=_("Report to child welfare"),
        intro=_(
            "When there is reason to believe a child is being mistreated or seriously neglected, "
            "you have a duty to report to child welfare yourself. The report is sent on that "
            "duty, not on consent."
        ),
        submit_label=_("Send the report"),
        **_back(concern),
    )


def welfare_report_pdf(request: AuthenticatedHttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = access_welfare_report(request.user, report_id)
    pdf = welfare_report_pdf_render(report=report, language=get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bekymringsmelding-{report.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def welfare_report_receipt(request: AuthenticatedHttpRequest, report_id: uuid.UUID) -> HttpResponse:
    """Record the day child welfare's receipt of a report came. The page names the report by
    its unit, day and reporter, not the child."""
    report = access_welfare_report_receipt(request.user, report_id)
    form = WelfareReportReceiptForm(
        request.POST or None, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            welfare_report_receipt_record(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The receipt is recorded."))
            return redirect("concerns:report_receipt", report.pk)
    values = {
        "unit": report.unit.name,
        "date": long_day_text(timezone.localtime(report.sent_at).date()),
        "name": report.reporter.display_name(),
    }
    intro = (
        _(
            "The report from %(unit)s was sent on %(date)s by %(name)s. Child welfare confirms "
            "receipt to a public reporter within three weeks."
        )
        % values
    )
    if report.receipt_received_on is not None:
        intro += " " + _("The receipt came on %(date)s.") % {
            "date": long_day_text(report.receipt_received_on)
        }
    return form_page(
        request,
        form,
        title=_("Receipt from child welfare"),
        intro=intro,
        submit_label=_("Record the receipt"),
        back_url=reverse("teams:work"),
        back_label=_("Back to my work"),
    )


def concern_close_view(request: AuthenticatedHttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    concern = access_concern(request.user, concern_id, for_write=True)
    form = ConcernCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern_close(actor=request.user, concern=concern, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The concern is closed."))
            return redirect("teams:work")
    return form_page(
        request, form, title=_("Close the concern"), submit_label=_("Close"), **_back(concern)
    )


def unit_measure_new(request: AuthenticatedHttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    concern = access_concern(request.user, concern_id, for_write=True)
    form = UnitMeasureForm(
        request.POST or None,
        colleagues=concern_colleagues(concern=concern),
        initial={"owner": request.user, "starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit_measure_add(actor=request.user, concern=concern, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The measure is added, with its evaluation date."))
            return redirect("concerns:detail", concern.pk)
    return form_page(
        request,
        form,
        title=_("New measure in your unit"),
        intro=_(
            "A measure at level 1: what your unit does, who owns it and when you evaluate it. "
            "If a team is opened later, the measure goes into the team's plan."
        ),
        submit_label=_("Add the measure"),
        **_back(concern),
    )


def unit_measure_evaluate_view(
    request: AuthenticatedHttpRequest, concern_id: uuid.UUID, measure_id: uuid.UUID
) -> HttpResponse:
    concern = access_concern(request.user, concern_id, for_write=True)
    measure = unit_measure_of_concern(concern=concern, measure_id=measure_id)
    form = UnitMeasureEvaluateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit_measure_evaluate(actor=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The evaluation is saved."))
            return redirect("concerns:detail", concern.pk)
    return form_page(
        request,
        form,
        title=_("Evaluate: %(title)s") % {"title": measure.title},
        submit_label=_("Save the evaluation"),
        **_back(concern),
    )


def action_guide(request: AuthenticatedHttpRequest) -> HttpResponse:
    # The guide of the municipality where the user's (first) unit sits.
    places = [
        m.municipality
        for m in memberships_active(user=request.user)
        if m.unit_id and m.municipality is not None
    ]
    if not places:
        raise Http404
    municipality = places[0]
    guide = action_guide_for(municipality=municipality)
    return render(
        request,
        "concerns/action_guide.html",
        {"municipality": municipality, "levels": [guide[level] for level in sorted(guide)]},
    )
