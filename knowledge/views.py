from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from knowledge.access import access_editing, access_material, access_material_edit, editor_scopes
from knowledge.forms import MaterialForm, SearchForm, material_initial
from knowledge.selectors import MaterialFilters, material_search, materials_edited
from knowledge.services import (
    material_create,
    material_publish,
    material_unpublish,
    material_update,
)
from people.http import AuthenticatedHttpRequest


@login_not_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The knowledge base: public national material for anyone, and for staff their
    municipality's routines too. Works without JavaScript."""
    form = SearchForm(request.GET)
    form.is_valid()
    cleaned = form.cleaned_data
    results = material_search(
        user=request.user,
        text=cleaned.get("q") or "",
        filters=MaterialFilters(
            kind=cleaned.get("kind") or "",
            audience=cleaned.get("audience") or "",
            need=cleaned.get("need"),
            sector=cleaned.get("sector"),
            age=cleaned.get("age"),
        ),
        page=cleaned.get("page") or 1,
    )
    return render(
        request,
        "knowledge/search.html",
        {
            "form": form,
            "results": results,
            "searched": bool(cleaned.get("q")),
            "can_edit": editor_scopes(user=request.user).any,
        },
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def material_detail(request: HttpRequest, material_id: uuid.UUID) -> HttpResponse:
    material = access_material(request.user, material_id)
    scopes = editor_scopes(user=request.user)
    return render(
        request,
        "knowledge/material_detail.html",
        {"material": material, "can_edit": scopes.covers(material.municipality_id)},
    )


@require_GET
def editing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An editor's materials, drafts first; 404 for everyone else."""
    scopes = access_editing(request.user)
    page = materials_edited(scopes=scopes, page=request.GET.get("page") or 1)
    return render(request, "knowledge/editing.html", {"page": page, "scopes": scopes})


@require_http_methods(["GET", "POST"])
def material_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    scopes = access_editing(request.user)
    form = MaterialForm(request.POST or None, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        material = material_create(actor=request.user, data=form.data_for_service())
        messages.success(request, _("Saved as a draft. Publish it when it is ready."))
        return redirect("knowledge:material", material_id=material.id)
    return render(
        request,
        "knowledge/material_form.html",
        {"form": form, "material": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def material_edit(request: AuthenticatedHttpRequest, material_id: uuid.UUID) -> HttpResponse:
    material = access_material_edit(request.user, material_id)
    scopes = editor_scopes(user=request.user)
    if request.method == "POST":
        form = MaterialForm(request.POST, scopes=scopes)
        if form.is_valid():
            material_update(actor=request.user, material=material, data=form.data_for_service())
            messages.success(request, _("Saved."))
            return redirect("knowledge:material", material_id=material.id)
    else:
        form = MaterialForm(initial=material_initial(material), scopes=scopes)
    return render(
        request,
        "knowledge/material_form.html",
        {"form": form, "material": material},
        status=400 if form.errors else 200,
    )


@require_POST
def material_publish_view(
    request: AuthenticatedHttpRequest, material_id: uuid.UUID
) -> HttpResponse:
    """Publish (or, with `unpublish`, take back) a material; its editors only."""
    material = access_material_edit(request.user, material_id)
    if request.POST.get("unpublish"):
        material_unpublish(actor=request.user, material=material)
        messages.success(request, _("Taken back as a draft. Only editors see it now."))
    else:
        material_publish(actor=request.user, material=material)
        messages.success(request, _("Published."))
    return redirect("knowledge:material", material_id=material.id)
