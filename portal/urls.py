from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.start, name="start"),
    path("login/", views.login, name="login"),
    path("callback/", views.callback, name="callback"),
    path("logout/", views.logout, name="logout"),
    path("logged-out/", views.logged_out, name="logged_out"),
    path("<uuid:child_id>/", views.team, name="team"),
    path("<uuid:child_id>/plan/", views.plan, name="plan"),
    path("<uuid:child_id>/meetings/", views.meetings, name="meetings"),
    path(
        "<uuid:child_id>/meetings/<uuid:meeting_id>/",
        views.meeting_input,
        name="meeting_input",
    ),
    path("<uuid:child_id>/consents/", views.consents, name="consents"),
    path(
        "<uuid:child_id>/consents/<uuid:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<uuid:child_id>/consents/give/<uuid:unit_id>/", views.consent_give, name="consent_give"),
    path("<uuid:child_id>/health/", views.privacy, name="privacy"),
    path("<uuid:child_id>/seen/", views.access_log, name="access_log"),
    path("<uuid:child_id>/data/", views.export, name="export"),
    path("<uuid:child_id>/data/laget.json", views.export_json, name="export_json"),
    path("<uuid:child_id>/data/laget.pdf", views.export_pdf, name="export_pdf"),
    path("<uuid:child_id>/correction/", views.correction, name="correction"),
]
