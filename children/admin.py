"""Retention rules: how long the municipality keeps each kind of closed record."""

from __future__ import annotations

from django.contrib import admin

from children.models import RetentionRule
from core.admin import MunicipalityScopedAdmin


@admin.register(RetentionRule)
class RetentionRuleAdmin(MunicipalityScopedAdmin):
    list_display = ["record_type", "keep_years", "municipality", "basis"]
    list_filter = ["municipality"]
    list_select_related = ["municipality"]
