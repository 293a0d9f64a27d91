"""The unit page at /units/ (`units:detail`): a unit and its staff. It lives in people, with the
memberships that decide who sees it, since units stand below people (docs/architecture.md)."""

from django.urls import path

from people import views

app_name = "units"

urlpatterns = [
    path("<uuid:unit_id>/", views.unit_detail, name="detail"),
]
