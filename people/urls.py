from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("two-factor/", views.second_factor_view, name="second_factor"),
    path("two-factor/setup/", views.second_factor_setup_view, name="second_factor_setup"),
    path("two-factor/recovery/", views.second_factor_recovery_view, name="second_factor_recovery"),
    path("two-factor/recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("enrol/<str:token>/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("logout/everywhere/", views.logout_everywhere_view, name="logout_everywhere"),
    path("api-keys/", views.api_tokens_view, name="api_tokens"),
    path("api-keys/<int:token_id>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
    path("system-clients/", views.system_clients_view, name="system_clients"),
    path(
        "system-clients/<int:client_id>/rotate/",
        views.system_client_rotate_view,
        name="system_client_rotate",
    ),
    path(
        "system-clients/<int:client_id>/revoke/",
        views.system_client_revoke_view,
        name="system_client_revoke",
    ),
]
