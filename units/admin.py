from django.contrib import admin

from core.admin import MunicipalityScopedAdmin
from units.models import Unit


@admin.register(Unit)
class UnitAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "sector", "municipality", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["name"]
    fields = [
        "municipality",
        "name",
        "sector",
        "organisation_number",
        "email",
        "phone",
        "is_active",
    ]
