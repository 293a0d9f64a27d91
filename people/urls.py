from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("two-factor/", views.second_factor_view, name="second_factor"),
    path("two-factor/setup/", views.second_factor_setup_view, name="second_factor_setup"),
    path("logout/", views.logout_view, name="logout"),
    path("logout/everywhere/", views.logout_everywhere_view, name="logout_everywhere"),
]
