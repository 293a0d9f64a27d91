from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from directory.access import access_service, access_service_owned, service_editable_by
from directory.forms import ClassificationReviewForm, SearchForm, ServiceEditForm
from directory.models import ClassificationStatus
from directory.selectors import (
    SearchFilters,
    classifications_of,
    classifications_waiting,
    collaborations_of,
    service_languages,
    service_public,
    service_search,
    service_terms,
    services_due_for_review,
    services_local_count,
    services_overview,
)
from directory.services import (
    StaleEditError,
    SuggestionsChangedError,
    classifications_decide,
    service_update,
    service_version,
)
from municipalities.models import Municipality
from people.http import AuthenticatedHttpRequest
from people.models import User
from people.selectors import memberships_in_force, municipalities_of_user, user_fully_logged_in

# The municipality a searcher chose, kept in the session (until the browser closes, or the idle
# time-out) so that every search after shows their local services too.
PLACE_SESSION_KEY = "directory:municipality"


def _home_municipality(request: HttpRequest) -> Municipality | None:
    """The first (by number) of the municipalities the user works in, from the memberships the
    header's count reads too (once per request)."""
    user = request.user
    if isinstance(user, User):
        places = [
            membership.municipality
            for membership in memberships_in_force(user=user)
            if membership.municipality is not None
        ]
        return min(places, key=lambda place: place.number, default=None)
    return None


def _remember(request: HttpRequest, municipality: Municipality | None) -> None:
    number = municipality.number if municipality is not None else None
    if request.session.get(PLACE_SESSION_KEY) == number:
        return
    if number is None:
        request.session.pop(PLACE_SESSION_KEY, None)
    else:
        request.session[PLACE_SESSION_KEY] = number


@login_not_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The public search "Hvem kan hjelpe?": works without JavaScript and without log-in.

    Where the searcher lives comes from what they typed (a postcode or a name), a link's
    municipality, what the session remembers, or a staff member's own municipality, in that
    order; what they type or a link gives is remembered for the next search.
    """
    data = request.GET.copy()
    chosen_now = "place" in data or "municipality" in data
    home = None
    if not chosen_now:
        remembered = request.session.get(PLACE_SESSION_KEY)
        if not remembered and (home := _home_municipality(request)) is not None:
            remembered = home.number
        if remembered:
            data["municipality"] = remembered
    form = SearchForm(data, languages=service_languages(), municipality=home)
    form.is_valid()
    cleaned = form.cleaned_data
    municipality: Municipality | None = cleaned.get("municipality")
    if chosen_now and "place" not in form.errors:
        _remember(request, municipality)
    elif not chosen_now and "place" in form.errors:
        _remember(request, None)  # a municipality remembered that is no more
    results = None
    local_services = None
    searched = any(request.GET.get(key) for key in ("q", "need", "sector", "age", "language"))
    # A place not found is said at its field; the search still runs (national services), so
    # someone in danger who misspells their town still sees where to get help.
    if searched and set(form.errors) <= {"place"}:
        filters = SearchFilters(
            municipality=municipality,
            age=cleaned["age"],
            need=cleaned["need"],
            sector=cleaned["sector"],
            self_referral=cleaned["self_referral"],
            language=cleaned["language"],
            young_person=cleaned["who"] == "young",
        )
        results = service_search(text=cleaned["q"], filters=filters, page=cleaned["page"] or 1)
    if municipality is not None and (results is None or results.local == 0):
        local_services = services_local_count(municipality=municipality)
    query = request.GET.copy()
    query.pop("page", None)
    # For links that choose a place: the same search, with the municipality instead.
    place_query = query.copy()
    for key in ("place", "municipality"):
        place_query.pop(key, None)
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "results": results,
            "municipality": municipality,
            "local_services": local_services,
            "query_string": query.urlencode(),
            "place_query": place_query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def service_detail(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    """One service; staff also see contact persons, referral routes and collaborations."""
    service = service_public(service_id=service_id)
    if service is None:
        raise Http404
    # Details for professionals only after the full log-in, second factor included.
    staff = user_fully_logged_in(user=request.user)
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "terms": service_terms(services=[service])[service.id],
            "professional": staff,
            "can_edit": staff
            and isinstance(request.user, User)
            and service_editable_by(service=service, user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def service_edit(request: AuthenticatedHttpRequest, service_id: uuid.UUID) -> HttpResponse:
    """The owner (or an administrator) keeps the entry true; saving marks it reviewed."""
    service = access_service(request.user, service_id, for_write=True)
    if request.method == "GET":
        form = ServiceEditForm(instance=service, initial={"version": service_version(service)})
    else:
        form = ServiceEditForm(request.POST, instance=service)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in ServiceEditForm.Meta.fields}
            try:
                service_update(
                    actor=request.user,
                    service_id=service.id,
                    version=form.cleaned_data["version"],
                    changes=changes,
                )
            except StaleEditError as stale:
                current = stale.current
                return render(
                    request,
                    "directory/service_edit.html",
                    {
                        "service": current,
                        "form": form,
                        "conflict": current,
                        "suggestions_waiting": classifications_waiting(service=current),
                    },
                    status=409,
                )
            messages.success(request, _("Saved. The entry is marked as reviewed today."))
            return redirect("directory:service", service_id=service.id)
    return render(
        request,
        "directory/service_edit.html",
        {
            "service": service,
            "form": form,
            "suggestions_waiting": classifications_waiting(service=service),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def service_needs(request: AuthenticatedHttpRequest, service_id: uuid.UUID) -> HttpResponse:
    """The owner (whoever may edit the service) confirms or rejects the needs suggested from
    its own text; everyone else gets 404."""
    service = access_service_owned(request.user, service_id)
    classifications = classifications_of(service=service)
    suggestions = [c for c in classifications if c.status == ClassificationStatus.SUGGESTED]
    changed = False
    if request.method == "POST":
        form = ClassificationReviewForm(request.POST, suggestions=suggestions)
        # A decision on a suggestion no longer waiting (decided in another window, or gone
        # with a changed text) is not dropped quietly: nothing of the sending is saved.
        gone = {
            key
            for key, value in request.POST.items()
            if key.startswith("decision_") and value and key not in form.suggestions
        }
        if gone:
            changed = True
        elif form.is_valid():
            try:
                decided = classifications_decide(
                    actor=request.user, service=service, decisions=form.decisions()
                )
            except SuggestionsChangedError:
                changed = True
            else:
                messages.success(
                    request,
                    _("Saved: %(confirmed)d confirmed, %(rejected)d rejected.")
                    % {
                        "confirmed": len(decided["confirmed"]),
                        "rejected": len(decided["rejected"]),
                    },
                )
                return redirect("directory:service_needs", service_id=service.id)
        if changed:
            classifications = classifications_of(service=service)
            suggestions = [c for c in classifications if c.status == ClassificationStatus.SUGGESTED]
            form = ClassificationReviewForm(suggestions=suggestions)
    else:
        form = ClassificationReviewForm(suggestions=suggestions)
    return render(
        request,
        "directory/service_needs.html",
        {
            "service": service,
            "form": form,
            "changed": changed,
            "decided": [c for c in classifications if c.status != ClassificationStatus.SUGGESTED],
        },
        status=409 if changed else 400 if form.errors else 200,
    )


def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A printable overview of the municipality's services per need, for staff."""
    municipality = municipalities_of_user(user=request.user).first()
    if municipality is None:
        raise Http404
    return render(
        request,
        "directory/overview.html",
        {
            "municipality": municipality,
            "groups": services_overview(municipality=municipality),
            "collaborations": collaborations_of(municipality=municipality),
        },
    )


def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Entries not reviewed for 12 months in the user's municipality, oldest first."""
    municipality = municipalities_of_user(user=request.user).first()
    if municipality is None:
        raise Http404
    return render(
        request,
        "directory/review.html",
        {
            "municipality": municipality,
            "services": services_due_for_review(municipality=municipality),
        },
    )
