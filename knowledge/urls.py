from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.search, name="search"),
    path("edit/", views.editing, name="editing"),
    path("new/", views.material_new, name="material_new"),
    path("<uuid:material_id>/", views.material_detail, name="material"),
    path("<uuid:material_id>/edit/", views.material_edit, name="material_edit"),
    path("<uuid:material_id>/publish/", views.material_publish_view, name="material_publish"),
]
