from django.urls import path

from laget import views

app_name = "laget"

urlpatterns = [
    path("", views.home, name="home"),
]
