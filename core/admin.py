"""The base classes of every admin page: only municipal administrators (and operators) get in,
each administrator sees and changes only their own municipalities, and every change is audited.

Who administers what, which choices a foreign key offers and how a change is audited are the
admin site's to say: core imports no app, so the pages ask `self.admin_site`, which is Laget's
site (`laget.admin.LagetAdminSite`, set in `laget.apps.LagetAdminConfig`) and has the methods of
`ScopedSite`."""

from __future__ import annotations

from typing import Any, Literal, Protocol, cast

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from core.forms import with_clean_text

Change = Literal["create", "update", "delete"]


class ScopedSite(Protocol):
    """What the admin pages ask of the admin site."""

    def has_permission(self, request: HttpRequest) -> bool: ...

    def administered(self, request: HttpRequest) -> QuerySet[Any]:
        """The municipalities the request's user administers."""
        ...

    def choices_limited(
        self, model: type[models.Model], request: HttpRequest
    ) -> QuerySet[Any] | None:
        """The rows of `model` a foreign key may offer the request's user; None: all of them."""
        ...

    def change_record(
        self, request: HttpRequest, obj: Any, *, change: Change, message: Any, municipality: Any
    ) -> None:
        """Audit one change made in the admin, in its own transaction; `municipality` is the
        object's municipality or its key (None: none)."""
        ...


class RoleScoped:
    """Shared by admin pages and their inlines: permissions come from the administrator role
    (not Django's model permissions), and foreign-key choices are limited to the
    administrator's municipalities."""

    admin_site: admin.AdminSite
    # Pages an organisation's administrator (a county authority's, a health trust's) uses too:
    # units and staff. The others are a municipality's alone (its action guide, its access
    # log, its directory …), so only its administrators and operators see them at all.
    organisation_pages = False

    @property
    def scoped_site(self) -> ScopedSite:
        return cast(ScopedSite, self.admin_site)

    def administered(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scoped_site.administered(request)

    def _allowed(self, request: HttpRequest) -> bool:
        if not self.admin_site.has_permission(request):
            return False
        return bool(
            self.organisation_pages
            or request.user.is_superuser
            or self.administered(request).exists()
        )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        model = db_field.related_model
        if not request.user.is_superuser and isinstance(model, type):
            choices = self.scoped_site.choices_limited(model, request)
            if choices is not None:
                kwargs["queryset"] = choices
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

    def municipality_of(self, request: HttpRequest, obj: Any) -> Any:
        """The object's municipality, or its key, along `municipality_field` (None: none)."""
        value = obj
        for part in self.municipality_field.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    def _audit(self, request: HttpRequest, obj: Any, change: Change, message: Any) -> None:
        self.scoped_site.change_record(
            request,
            obj,
            change=change,
            message=message,
            municipality=self.municipality_of(request, obj),
        )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "create", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "update", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        for obj in queryset:
            self._audit(request, obj, "delete", "deleted")
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
