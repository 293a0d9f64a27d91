from django.urls import path

from teams.views import (
    closing,
    consents_sharing,
    duties,
    handovers,
    meetings,
    members,
    opening,
    tasks,
    team,
)

app_name = "teams"

urlpatterns = [
    path("", team.work, name="work"),
    path("tasks/<uuid:task_id>/done/", tasks.task_done, name="task_done"),
    path("<uuid:team_id>/", team.team_detail, name="detail"),
    path("<uuid:team_id>/log/", team.log_add, name="log_add"),
    path("<uuid:team_id>/invite/", members.invite, name="invite"),
    path("<uuid:team_id>/invitation/", members.invitation, name="invitation"),
    path("<uuid:team_id>/invite-unit/", members.invite_unit, name="invite_unit"),
    path(
        "<uuid:team_id>/unit-invitations/<uuid:invitation_id>/",
        members.unit_invitation,
        name="unit_invitation",
    ),
    path("<uuid:team_id>/members/<int:member_id>/leave/", members.member_remove, name="leave"),
    path("<uuid:team_id>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("<uuid:team_id>/meetings/<uuid:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path("<uuid:team_id>/tasks/new/", tasks.task_new, name="task_new"),
    path("<uuid:team_id>/tasks/<uuid:task_id>/owner/", tasks.task_owner, name="task_owner"),
    path("<uuid:team_id>/handover/", handovers.handover_new, name="handover_new"),
    path(
        "<uuid:team_id>/handover/<uuid:handover_id>/",
        handovers.handover_answer,
        name="handover_answer",
    ),
    path("<uuid:team_id>/close/", closing.close, name="close"),
    path("<uuid:team_id>/duties/", duties.duty_facts, name="duty_facts"),
    path("<uuid:team_id>/access-log/", closing.access_log, name="access_log"),
    path("<uuid:team_id>/consents/", consents_sharing.consents, name="consents"),
    path(
        "<uuid:team_id>/consents/givers/",
        consents_sharing.consent_givers,
        name="consent_givers",
    ),
    path("<uuid:team_id>/share/", consents_sharing.share, name="share"),
    path("<uuid:team_id>/guardians/new/", consents_sharing.guardian_new, name="guardian_new"),
    path(
        "<uuid:team_id>/consents/<uuid:consent_id>/withdraw/",
        consents_sharing.consent_withdraw_view,
        name="consent_withdraw",
    ),
]

# Opening a team from a concern: under /concerns/<id>/team/ in the `concerns` namespace
# (config/urls.py joins them to `concerns.urls`).
concern_urlpatterns = [
    path("<uuid:concern_id>/team/", opening.concern_team_open, name="team_open"),
    path(
        "<uuid:concern_id>/team/givers/",
        opening.concern_team_open_givers,
        name="team_open_givers",
    ),
]
