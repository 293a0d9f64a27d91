"""Laget's admin site: only municipal administrators (and operators) get in, and each
administrator sees and changes only their own municipality. Every change is audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _

from audit.models import Action
from audit.services import access_event_record
from core.forms import with_clean_text
from municipalities.models import Municipality
from people.selectors import municipalities_administered
from units.models import Unit


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
        return bool(user.is_superuser or municipalities_administered(user=user).exists())

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # One log-in for everyone, with the second factor; the admin's own form is not used.
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))


class RoleScoped:
    """Shared by admin pages and their inlines: permissions come from the administrator role
    (not Django's model permissions), and foreign-key choices are limited to the
    administrator's municipalities."""

    admin_site: admin.AdminSite

    def administered(self, request: HttpRequest) -> QuerySet[Municipality]:
        return municipalities_administered(user=request.user)  # type: ignore[arg-type]

    def _allowed(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if not request.user.is_superuser:
            if db_field.related_model is Municipality:
                kwargs["queryset"] = self.administered(request)
            elif db_field.related_model is Unit:
                kwargs["queryset"] = Unit.objects.filter(
                    municipality__in=self.administered(request)
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class MunicipalityScopedAdmin(RoleScoped, admin.ModelAdmin):
    """Base for every admin page a municipal administrator uses.

    Permissions come from the administrator role, not from Django's model permissions; the
    queryset and every foreign-key choice are limited to the administrator's municipalities.
    """

    # Lookup path from the model to its municipality's primary key.
    municipality_field = "municipality"

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        # Texts are normalised and checked as on the pages and in the API (core.text).
        # `change` by keyword: Django's UserAdmin.get_form takes only (request, obj, **kwargs).
        return with_clean_text(super().get_form(request, obj, change=change, **kwargs))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            **{f"{self.municipality_field}__in": self.administered(request)}
        ).distinct()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Bulk delete would bypass the per-object audit; records are deactivated instead.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def municipality_of(self, request: HttpRequest, obj: Any) -> Municipality | None:
        value = obj
        for part in self.municipality_field.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return (
            value
            if isinstance(value, Municipality)
            else Municipality.objects.filter(pk=value).first()
        )

    def _audit(self, request: HttpRequest, obj: Any, action: Action, message: Any) -> None:
        with transaction.atomic():
            access_event_record(
                actor=request.user,  # type: ignore[arg-type]
                action=action,
                object_type=obj._meta.label_lower,
                object_id=obj.pk,
                municipality=self.municipality_of(request, obj),
                purpose="administration",
                detail={"object": str(obj), "change": str(message)},
            )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, Action.ADMIN_CREATE, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, Action.ADMIN_UPDATE, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        for obj in queryset:
            self._audit(request, obj, Action.ADMIN_DELETE, "deleted")
        return super().log_deletions(request, queryset)


class ReadOnlyAdmin(MunicipalityScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ScopedInline(RoleScoped, admin.TabularInline):
    """An inline inside a scoped admin page: same role-based permissions and limited choices."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = with_clean_text(formset.form)  # as MunicipalityScopedAdmin.get_form
        return formset

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)
