from django.urls import path

from units import views

app_name = "units"

urlpatterns = [
    path("<uuid:unit_id>/", views.unit_detail, name="detail"),
]
