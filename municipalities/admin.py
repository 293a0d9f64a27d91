from django.contrib import admin

from core.admin import ReadOnlyAdmin
from municipalities.models import Municipality, MunicipalityParallelName


class ParallelNameInline(admin.TabularInline):
    model = MunicipalityParallelName
    extra = 0
    can_delete = False
    readonly_fields = ["name", "language"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    """Reference data: administrators see their own municipality, nobody edits it here."""

    list_display = ["number", "name", "county"]
    inlines = [ParallelNameInline]
    municipality_field = "number"
