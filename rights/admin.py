"""Local practice: a municipal administrator records where the municipality deviates from a
national rule. The engine shows it as a deviation; it never replaces the national answer."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import MunicipalityScopedAdmin
from core.forms import CleanModelForm
from people.http import staff_user
from rights.models import LocalPractice
from rights.selectors import rule_choices


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
