from core.admin import MunicipalityScopedAdmin, site_register
from units.models import Unit


@site_register(Unit)
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
