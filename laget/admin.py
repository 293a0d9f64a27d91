"""Laget's admin site: only municipal administrators (and operators) get in, and each
administrator sees and changes only their own municipality. Every change is audited.

The pages derive from `core.admin.MunicipalityScopedAdmin`, which asks this site who
administers what (`core.admin.ScopedSite`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _

from audit.models import Action
from audit.services import access_event_record
from core.admin import Change
from municipalities.models import Municipality
from people.selectors import (
    administers_anything,
    municipalities_administered,
    organisations_administered,
)
from units.models import Organisation, Unit

_ACTIONS = {
    "create": Action.ADMIN_CREATE,
    "update": Action.ADMIN_UPDATE,
    "delete": Action.ADMIN_DELETE,
}


class LagetAdminSite(admin.AdminSite):
    site_header = _("Laget administration")
    site_title = _("Laget administration")
    index_title = _("Your municipality")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return False
        if not settings.LAGET_DEMO_MODE and not user.is_verified():
            return False
        return bool(user.is_superuser or administers_anything(user=user))

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # One log-in for everyone, with the second factor; the admin's own form is not used.
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))

    def administered(self, request: HttpRequest) -> QuerySet[Municipality]:
        return municipalities_administered(user=request.user)  # type: ignore[arg-type]

    def choices_limited(
        self, model: type[models.Model], request: HttpRequest
    ) -> QuerySet[Any] | None:
        if model is Municipality:
            return self.administered(request)
        if model is Unit:
            return Unit.objects.filter(organisation__in=self.organisations(request))
        if model is Organisation:
            return self.organisations(request)
        return None

    def organisations(self, request: HttpRequest) -> QuerySet[Organisation]:
        """The organisations whose units and staff the request's user manages."""
        return organisations_administered(user=request.user)  # type: ignore[arg-type]

    def change_record(
        self, request: HttpRequest, obj: Any, *, change: Change, message: Any, municipality: Any
    ) -> None:
        if municipality is not None and not isinstance(municipality, Municipality):
            municipality = Municipality.objects.filter(pk=municipality).first()
        with transaction.atomic():
            access_event_record(
                actor=request.user,  # type: ignore[arg-type]
                action=_ACTIONS[change],
                object_type=obj._meta.label_lower,
                object_id=obj.pk,
                municipality=municipality,
                purpose="administration",
                detail={"object": str(obj), "change": str(message)},
            )
