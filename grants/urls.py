from django.urls import path

from grants import views

app_name = "grants"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("ordning/<slug:key>/", views.scheme, name="scheme"),
    path("kommune/", views.programme, name="programme"),
    path("kommune/rapport/<int:report_id>/sendt/", views.report_done, name="report_done"),
    path("fylker/", views.aggregates, name="aggregates"),
]
