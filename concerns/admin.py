"""The municipality's own action guide: its text for each BTI level (the default applies to a
level it has not written)."""

from __future__ import annotations

from django.contrib import admin

from concerns.models import ActionGuideLevel
from core.admin import MunicipalityScopedAdmin


@admin.register(ActionGuideLevel)
class ActionGuideLevelAdmin(MunicipalityScopedAdmin):
    list_display = ["level", "title", "municipality", "updated_at"]
    list_filter = ["municipality"]
    list_select_related = ["municipality"]
