from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from audit.models import AccessEvent, AnchorRecipient
from audit.services import access_log_read_record
from core.admin import MunicipalityScopedAdmin, ReadOnlyAdmin
from municipalities.models import Municipality


def _staff(request: HttpRequest) -> AbstractBaseUser:
    """The signed-in staff user of an admin request (the admin site lets in only staff)."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise PermissionDenied
    return user


def _filters(request: HttpRequest) -> dict[str, str | list[str]]:
    """The list's search, filters, ordering and page, as the administrator chose them."""
    return {name: values[0] if len(values) == 1 else values for name, values in request.GET.lists()}


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    """The municipality's access log, read-only: the database refuses changes anyway.

    Reading it is itself recorded (`audit.services.access_log_read_record`), in the same
    transaction as the page is rendered."""

    list_display = ["occurred_at", "actor_label", "action", "object_type", "object_id", "purpose"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_id", "request_id"]
    date_hierarchy = "occurred_at"
    list_select_related = ["municipality"]

    @staticmethod
    def _rendered(response: HttpResponse) -> HttpResponse:
        # The list is read while the template renders; render it inside the transaction.
        if isinstance(response, TemplateResponse):
            response.render()
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        with transaction.atomic():
            response = self._rendered(super().changelist_view(request, extra_context))
            if response.status_code == 200:
                # An operator reads every chain: recorded once, on the national chain.
                places: list[Municipality | None] = (
                    [None] if request.user.is_superuser else list(self.administered(request))
                )
                access_log_read_record(
                    actor=_staff(request),
                    municipalities=places,
                    filters=_filters(request),
                )
        return response

    def _read_one(
        self, request: HttpRequest, object_id: str, view: Callable[[], HttpResponse]
    ) -> HttpResponse:
        with transaction.atomic():
            response = self._rendered(view())
            event = self.get_object(request, unquote(object_id))
            if response.status_code == 200 and event is not None:
                access_log_read_record(
                    actor=_staff(request),
                    municipalities=[event.municipality],
                    filters=_filters(request),
                    event=event,
                )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        return self._read_one(
            request,
            object_id,
            lambda: super(AccessEventAdmin, self).change_view(
                request, object_id, form_url, extra_context
            ),
        )

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The history page names the event too.
        return self._read_one(
            request,
            object_id,
            lambda: super(AccessEventAdmin, self).history_view(request, object_id, extra_context),
        )


@admin.register(AnchorRecipient)
class AnchorRecipientAdmin(MunicipalityScopedAdmin):
    """Where the municipality's signed access log anchor is e-mailed every day."""

    list_display = ["municipality", "email"]
    fields = ["municipality", "email"]
    list_select_related = ["municipality"]
