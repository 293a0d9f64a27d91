"""Local practice: a municipal administrator records where the municipality deviates from a
national rule. The engine shows it as a deviation; it never replaces the national answer.

The date a change in the law enters into force, when the rule files do not give it: recorded
nationally, by superusers only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import MunicipalityScopedAdmin
from core.forms import CleanModelForm
from people.http import staff_user
from rights.models import LocalPractice, RuleChangeDate
from rights.selectors import rule_choices
from rights.table import TABLE


class LocalPracticeForm(CleanModelForm[LocalPractice]):
    rule_id = forms.ChoiceField(label=_("national rule"), choices=rule_choices)

    class Meta:
        model = LocalPractice
        fields = ["municipality", "rule_id", "practised_age", "note", "source"]


@admin.register(LocalPractice)
class LocalPracticeAdmin(MunicipalityScopedAdmin):
    form = LocalPracticeForm
    list_display = ["rule_id", "practised_age", "municipality", "recorded_by", "recorded_at"]
    list_filter = ["municipality"]
    search_fields = ["rule_id", "note"]
    readonly_fields = ["recorded_by", "recorded_at"]
    list_select_related = ["municipality", "recorded_by"]

    def save_model(
        self,
        request: HttpRequest,
        obj: LocalPractice,
        form: forms.ModelForm[LocalPractice],
        change: bool,
    ) -> None:
        obj.recorded_by = staff_user(request)
        super().save_model(request, obj, form, change)


def change_choices() -> list[tuple[str, str]]:
    """The adopted changes without a date in the rule files, by title."""
    return [(key, TABLE.changes[key].title) for key in TABLE.undated_changes()]


class RuleChangeDateForm(CleanModelForm[RuleChangeDate]):
    change_id = forms.ChoiceField(label=_("change in the law"), choices=change_choices)

    class Meta:
        model = RuleChangeDate
        fields = ["change_id", "in_force_from", "source"]


@admin.register(RuleChangeDate)
class RuleChangeDateAdmin(MunicipalityScopedAdmin):
    """National: only superusers (operators) see and change these dates; every change is
    audited like every admin change (`change_record`), without a municipality."""

    form = RuleChangeDateForm
    municipality_field = "-"  # national: no municipality
    list_display = ["change_id", "in_force_from", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]
    list_select_related = ["recorded_by"]

    def _allowed(self, request: HttpRequest) -> bool:
        return bool(self.admin_site.has_permission(request) and request.user.is_superuser)

    def get_queryset(self, request: HttpRequest) -> QuerySet[RuleChangeDate]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset if request.user.is_superuser else queryset.none()

    def municipality_of(self, request: HttpRequest, obj: Any) -> Any:
        return None

    def save_model(
        self,
        request: HttpRequest,
        obj: RuleChangeDate,
        form: forms.ModelForm[RuleChangeDate],
        change: bool,
    ) -> None:
        obj.recorded_by = staff_user(request)
        super().save_model(request, obj, form, change)
