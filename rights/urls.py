from django.urls import path

from rights import views

app_name = "rights"

urlpatterns = [
    path("", views.age_limits, name="age_limits"),
    path("check/", views.check, name="check"),
    path("duties/", views.duties, name="duties"),
]
