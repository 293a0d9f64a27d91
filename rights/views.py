from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from people.http import AuthenticatedHttpRequest
from people.models import User
from people.selectors import municipalities_of_user
from rights.access import access_open_review, access_rule_editing, is_rule_editor
from rights.duties import DUTIES, duty_sections
from rights.forms import CheckForm, DecisionForm, ReviewForm, TableFilterForm
from rights.models import ReviewKind
from rights.selectors import (
    age_limits_table,
    change_dates,
    law_changes,
    reviews_open,
    rights_for,
    rule_reviews_approved,
    table_deviations,
    table_history,
    table_state,
    table_updated_on,
    table_version,
)
from rights.services import (
    ReviewData,
    rule_review_approve,
    rule_review_propose,
    rule_review_reject,
)


def _with_home_municipality(request: HttpRequest) -> QueryDict:
    """Staff see their own municipality's local practice unless they choose another."""
    data = request.GET.copy()
    if "municipality" not in data and isinstance(request.user, User):
        home = municipalities_of_user(user=request.user).first()
        if home is not None:
            data["municipality"] = home.number
    return data


@login_not_required
@require_GET
def age_limits(request: HttpRequest) -> HttpResponse:
    """Aldersgrenser: the whole table by area and age, with sources. Public, no JavaScript."""
    form = TableFilterForm(_with_home_municipality(request))
    valid = form.is_valid()
    domain = form.cleaned_data.get("domain") if valid else None
    municipality = form.cleaned_data.get("municipality") if valid else None
    dates = change_dates()
    return render(
        request,
        "rights/age_limits.html",
        {
            "form": form,
            "sections": age_limits_table(domain=domain or None, dates=dates),
            "changes": law_changes(dates=dates),
            "deviations": table_deviations(municipality=municipality),
            "reviews": rule_reviews_approved(),
            "rule_editor": is_rule_editor(user=request.user),
            "municipality": municipality,
            "version": table_version(),
            "updated_on": table_updated_on(),
        },
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def check(request: HttpRequest) -> HttpResponse:
    """One question, one answer: age, area and action in; who decides and why out."""
    asked = any(request.GET.get(key) for key in ("age", "domain", "action"))
    form = CheckForm(_with_home_municipality(request) if asked else None)
    answer = None
    if asked and form.is_valid():
        cleaned = form.cleaned_data
        answer = rights_for(
            age=cleaned["age"],
            domain=cleaned["domain"],
            action=cleaned["action"],
            municipality=cleaned["municipality"],
        )
    return render(
        request,
        "rights/check.html",
        {
            "form": form,
            "answer": answer,
            "version": table_version(),
            "updated_on": table_updated_on(),
        },
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def duties(request: HttpRequest) -> HttpResponse:
    """Pliktkartet: what the law requires of the services around a child, by kind and sector,
    with sources and dates. Public, no JavaScript."""
    today = timezone.localdate()
    return render(
        request,
        "rights/duties.html",
        {
            "sections": duty_sections(on=today),
            "today": today,
            "version": DUTIES.version,
            "updated_on": DUTIES.updated_on,
        },
    )


@login_not_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """The table's version and its history: the decided proposals, with dates, without who
    proposed or decided them. Public."""
    return render(
        request,
        "rights/history.html",
        {"state": table_state(), "page": table_history(page=request.GET.get("page"))},
    )


def _reviews_page(
    request: AuthenticatedHttpRequest, editor: User, *, error: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "rights/reviews.html",
        {"reviews": reviews_open(), "editor": editor, "error": error, "form": DecisionForm()},
        status=status,
    )


@require_GET
def reviews(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The open proposals, for rule editors; 404 for everyone else."""
    editor = access_rule_editing(request.user)
    return _reviews_page(request, editor)


@require_http_methods(["GET", "POST"])
def review_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A rule editor proposes: a rule reviewed, or a correction."""
    editor = access_rule_editing(request.user)
    initial = {"rule_id": request.GET.get("rule", ""), "kind": ReviewKind.REVIEWED}
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            rule_review_propose(
                actor=editor,
                data=ReviewData(
                    rule_id=cleaned["rule_id"],
                    kind=cleaned["kind"],
                    source=cleaned["source"],
                    note=cleaned["note"],
                    read_on=cleaned["read_on"],
                    evidence=cleaned["evidence"],
                    proposed_text=cleaned["proposed_text"],
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your proposal waits for another rule editor."))
            return redirect("rights:reviews")
    return render(
        request,
        "rights/review_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _decide(
    request: AuthenticatedHttpRequest, review_id: uuid.UUID, *, approve: bool
) -> HttpResponse:
    review = access_open_review(request.user, review_id)
    editor = access_rule_editing(request.user)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _reviews_page(request, editor, error=_("The reason is not valid."), status=400)
    decide = rule_review_approve if approve else rule_review_reject
    try:
        decide(actor=editor, review=review, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        return _reviews_page(request, editor, error=" ".join(error.messages), status=400)
    messages.success(request, _("Approved.") if approve else _("Rejected."))
    return redirect("rights:reviews")


@require_POST
def review_approve(request: AuthenticatedHttpRequest, review_id: uuid.UUID) -> HttpResponse:
    """A second rule editor approves; the proposer gets a clear error (400)."""
    return _decide(request, review_id, approve=True)


@require_POST
def review_reject(request: AuthenticatedHttpRequest, review_id: uuid.UUID) -> HttpResponse:
    """A second rule editor rejects; the proposer gets a clear error (400)."""
    return _decide(request, review_id, approve=False)
