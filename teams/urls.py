from django.urls import path

from teams import views

app_name = "teams"

urlpatterns = [
    path("", views.work, name="work"),
    path("tasks/<uuid:task_id>/done/", views.task_done, name="task_done"),
    path("<uuid:team_id>/", views.team_detail, name="detail"),
    path("<uuid:team_id>/log/", views.log_add, name="log_add"),
    path("<uuid:team_id>/invite/", views.invite, name="invite"),
    path("<uuid:team_id>/invitation/", views.invitation, name="invitation"),
    path("<uuid:team_id>/members/<int:member_id>/leave/", views.member_remove, name="leave"),
    path("<uuid:team_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<uuid:team_id>/meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting"),
    path("<uuid:team_id>/tasks/new/", views.task_new, name="task_new"),
    path("<uuid:team_id>/handover/", views.handover_new, name="handover_new"),
    path(
        "<uuid:team_id>/handover/<uuid:handover_id>/",
        views.handover_answer,
        name="handover_answer",
    ),
    path("<uuid:team_id>/close/", views.close, name="close"),
    path("<uuid:team_id>/access-log/", views.access_log, name="access_log"),
    path("<uuid:team_id>/consents/", views.consents, name="consents"),
    path("<uuid:team_id>/share/", views.share, name="share"),
    path("<uuid:team_id>/guardians/new/", views.guardian_new, name="guardian_new"),
    path(
        "<uuid:team_id>/consents/<uuid:consent_id>/withdraw/",
        views.consent_withdraw_view,
        name="consent_withdraw",
    ),
]
