from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import MunicipalityScopedAdmin, ScopedInline
from municipalities.models import Municipality
from people.models import Membership, User


class MembershipInline(ScopedInline):
    model = Membership
    extra = 0
    fields = ["municipality", "unit", "role", "title", "started_on", "ended_on"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # Memberships elsewhere are not this administrator's business.
        return queryset.filter(municipality__in=self.administered(request))

    def get_min_num(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        # A new user must belong somewhere the administrator sees, or they would vanish.
        return 0 if request.user.is_superuser else 1

    def get_formset(
        self, request: HttpRequest, obj: Any = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        kwargs.setdefault("validate_min", not request.user.is_superuser)
        return super().get_formset(request, obj, **kwargs)


@admin.register(User)
class UserAdmin(MunicipalityScopedAdmin, DjangoUserAdmin):
    municipality_field = "memberships__municipality"
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        if obj is None:
            return (
                (None, {"fields": ("username", "password1", "password2")}),
                (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
            )
        return (
            (None, {"fields": ("username", "password")}),
            (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
            (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("last_login", "date_joined")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        # Operators and staff who also work elsewhere are changed by an operator, not here.
        if obj.is_superuser:
            return False
        administered = set(self.administered(request).values_list("pk", flat=True))
        return set(obj.memberships.values_list("municipality_id", flat=True)) <= administered

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Users are deactivated, never deleted: the access log refers to them.
        return False

    def municipality_of(self, request: HttpRequest, obj: Any) -> Municipality | None:
        administered = self.administered(request)
        return administered.filter(memberships__user=obj).first() or (
            Municipality.objects.filter(memberships__user=obj).first()
        )
