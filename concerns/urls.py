from django.urls import path

from concerns import views

app_name = "concerns"

# Opening a team from a concern adds `team_open` and `team_open_givers` to this namespace: the
# views are the team's (`teams.urls.concern_urlpatterns`, joined in `config/urls.py`).

urlpatterns = [
    path("new/", views.concern_new, name="new"),
    path("guide/", views.action_guide, name="guide"),
    path("<uuid:concern_id>/", views.concern_detail, name="detail"),
    path("<uuid:concern_id>/edit/", views.concern_edit, name="edit"),
    path("<uuid:concern_id>/report/", views.concern_report, name="report"),
    path("<uuid:concern_id>/close/", views.concern_close_view, name="close"),
    path("<uuid:concern_id>/measures/new/", views.unit_measure_new, name="measure_new"),
    path(
        "<uuid:concern_id>/measures/<uuid:measure_id>/evaluate/",
        views.unit_measure_evaluate_view,
        name="measure_evaluate",
    ),
    path("reports/<uuid:report_id>/pdf/", views.welfare_report_pdf, name="report_pdf"),
    path("reports/<uuid:report_id>/receipt/", views.welfare_report_receipt, name="report_receipt"),
]
