from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_view, name="plan"),
    path("pdf/", views.plan_pdf, name="pdf"),
    path("goals/new/", views.goal_edit, name="goal_new"),
    path("goals/<uuid:goal_id>/", views.goal_edit, name="goal_edit"),
    path("measures/new/", views.measure_edit, name="measure_new"),
    path("measures/<uuid:measure_id>/", views.measure_edit, name="measure_edit"),
    path("measures/<uuid:measure_id>/evaluate/", views.evaluate, name="evaluate"),
]
