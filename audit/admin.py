from django.contrib import admin

from audit.models import AccessEvent
from core.admin import ReadOnlyAdmin


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    """The municipality's access log, read-only: the database refuses changes anyway."""

    list_display = ["occurred_at", "actor_label", "action", "object_type", "object_id", "purpose"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_id", "request_id"]
    date_hierarchy = "occurred_at"
    list_select_related = ["municipality"]
