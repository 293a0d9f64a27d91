from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("services/<uuid:service_id>/", views.service_detail, name="service"),
    path("overview/", views.overview, name="overview"),
    path("review/", views.review, name="review"),
]
